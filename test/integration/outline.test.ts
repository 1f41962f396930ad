// Integration: the outline (document symbols) on an interleaved multi-CPU capture nests, and at every call line the symbols that contain it are that line's own task and callers, as `calls --jsonl` reports them.
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, cliCalls, openInEditor, realTrace, waitFor, writeFile, type CliCall } from './helpers';

/** The label of a stretch of one task's lines, as the outline names it. */
function runLabel(c: CliCall): string {
  const on = c.cpu !== null ? ` on CPU ${c.cpu}` : '';
  if (c.pid === 0) return `${c.task ?? '<idle>'}-0${on}`;
  if (c.pid !== null) return `${c.task ?? 'pid'}-${c.pid}${on}`;
  return c.cpu !== null ? `CPU ${c.cpu}` : 'calls';
}

suite('outline on the interleaved 4-CPU capture (k61-smp4-default)', function () {
  let uri: vscode.Uri;
  let calls: CliCall[];
  let symbols: vscode.DocumentSymbol[];
  let label = '';

  suiteSetup(async function () {
    this.timeout(180000);
    await activate();
    const t = realTrace('k61-smp4-default', true);
    label = t.full ? 'full capture' : 'fixture head';
    uri = writeFile('outline-k61-smp4-default.trace', t.text);
    await openInEditor(uri);
    calls = await cliCalls(uri.fsPath);
    symbols = await waitFor('document symbols', async () => {
      const s = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
      return s && s.length > 0 ? s : undefined;
    }, { timeoutMs: 120000 });
  });

  test('symbol ranges nest: children inside their parent, siblings disjoint and in line order', function () {
    let n = 0;
    const walk = (list: readonly vscode.DocumentSymbol[], parent: vscode.Range | undefined): void => {
      let prevEnd = -1;
      for (const s of list) {
        n++;
        assert.ok(s.range.start.line > prevEnd, `${s.name} at line ${s.range.start.line + 1} overlaps its previous sibling (ending at ${prevEnd + 1})`);
        if (parent) assert.ok(parent.contains(s.range), `${s.name} (${s.range.start.line + 1}-${s.range.end.line + 1}) is outside its parent`);
        assert.ok(s.range.contains(s.selectionRange), s.name);
        prevEnd = s.range.end.line;
        walk(s.children, s.range);
      }
    };
    walk(symbols, undefined);
    this.test!.title += ` (${label}: ${symbols.length} stretches, ${n} symbols)`;
  });

  test('at every call line the containing symbols are its own task and its callers (a prefix, as deep as the cap allows)', function () {
    const owner = new Map<number, CliCall>();
    for (const c of calls) {
      owner.set(c.line - 1, c);
      if (c.endLine !== null) owner.set(c.endLine - 1, c);
    }
    const key = (c: CliCall): string => (c.pid !== null && c.pid > 0 ? `pid ${c.pid}` : c.pid === 0 ? `idle ${c.cpu}` : `cpu ${c.cpu}`);
    let checked = 0;
    let deepest = 0;
    let interleaved = 0;
    for (const [line, c] of owner) {
      const path: CliCall[] = [];
      for (let x: CliCall | undefined = c; x; x = x.parent === null ? undefined : calls[x.parent]) path.unshift(x);
      const chain: vscode.DocumentSymbol[] = [];
      for (let list = symbols; ; ) {
        const s = list.find((x) => x.range.start.line <= line && line <= x.range.end.line);
        if (!s) break;
        chain.push(s);
        list = s.children;
      }
      assert.ok(chain.length >= 1, `line ${line + 1} is in no symbol`);
      const first = chain[0].range.start.line;
      // The stretch starts at its first line that belongs to a call (an irq arrow or a comment line may come first).
      let f = first;
      while (f < line && !owner.has(f)) f++;
      const firstOwner = owner.get(f);
      assert.ok(firstOwner && key(firstOwner) === key(c), `line ${line + 1} (${runLabel(c)}) is in the stretch ${chain[0].name} starting at line ${first + 1}`);
      assert.equal(chain[0].name, runLabel(firstOwner));
      const names = chain.slice(1).map((s) => s.name);
      assert.deepEqual(names, path.slice(0, names.length).map((x) => x.name), `line ${line + 1}`);
      if (path.some((x) => x.line - 1 < first)) interleaved++;
      deepest = Math.max(deepest, names.length);
      checked++;
    }
    assert.ok(checked > 100, `${checked} lines checked`);
    this.test!.title += ` (${checked} lines, ${interleaved} of them in calls begun in an earlier stretch; deepest ${deepest} levels)`;
  });
});
