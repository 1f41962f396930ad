// Inlay-hint tooltips and document symbols in call, task, CPU and time-window slices name full-trace lines, as hovers do; in the full trace they name its own lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DocumentSymbol, InlayHint } from 'vscode-languageserver/node';
import { SliceRequest, mapSliceLine, type SliceResult } from '../../server/src/protocol';
import { LspPair } from './lspPair';
import { fixtureSlices } from './sliceSpecs';

const n = (x: string): number => Number(x.replace(/,/g, ''));

test('inlay-hint tooltips and outline details in slices name full-trace lines', async () => {
  const { text, fullLines, specs } = fixtureSlices();
  const uri = 'file:///traces/lines.trace';
  const pair = new LspPair();
  try {
    await pair.initialize();
    const mark = pair.mark();
    const opened = [uri];
    await pair.open(uri, text);
    const hintsOf = (u: string, last: number) => pair.client.sendRequest('textDocument/inlayHint', { textDocument: { uri: u }, range: { start: { line: 0, character: 0 }, end: { line: last, character: 0 } } }) as Promise<InlayHint[]>;
    const symbolsOf = (u: string) => pair.client.sendRequest('textDocument/documentSymbol', { textDocument: { uri: u } }) as Promise<DocumentSymbol[]>;

    // The full trace: its own line numbers, no mention of a full trace.
    const fullHints = await hintsOf(uri, fullLines.length);
    assert.ok(fullHints.length > 10);
    for (const h of fullHints) if (h.tooltip !== undefined) {
      const m = /^Printed on line (\d+)$/.exec(String(h.tooltip));
      assert.ok(m, String(h.tooltip));
      assert.match(fullLines[n(m[1]) - 1], /\}/);
    }
    for (const s of await symbolsOf(uri)) assert.equal(s.detail, `lines ${s.range.start.line + 1}–${s.range.end.line + 1}`);

    for (const spec of specs) {
      const s = await pair.client.sendRequest(SliceRequest.method, { uri, spec }) as SliceResult;
      assert.ok(s.ok, JSON.stringify(spec));
      await pair.open(s.sliceUri, s.text);
      opened.push(s.sliceUri);
      const lines = s.text.split('\n');
      const full = (l: number): number => {
        const f = mapSliceLine(s.lineMap, l);
        assert.ok(f !== null, `${spec.kind}: slice line ${l + 1} has a full-trace line`);
        return f;
      };
      // Every tooltip names the full-trace line of the call's exit: the exit's text, below its entry.
      const hints = (await hintsOf(s.sliceUri, lines.length)).filter((h) => h.tooltip !== undefined);
      assert.ok(hints.length > 0, `${spec.kind}: hints with a tooltip`);
      for (const h of hints) {
        const m = /^Printed on line ([\d,]+) of the full trace$/.exec(String(h.tooltip));
        assert.ok(m, `${spec.kind}: ${String(h.tooltip)}`);
        const exit = n(m[1]) - 1;
        assert.ok(exit > full(h.position.line), `${spec.kind}: exit line ${exit + 1} after the entry's ${full(h.position.line) + 1}`);
        const inSlice = lines.findIndex((_, i) => mapSliceLine(s.lineMap, i) === exit);
        assert.ok(inSlice > h.position.line, `${spec.kind}: the exit line ${exit + 1} is in the slice, below its entry`);
        assert.equal(lines[inSlice], fullLines[exit]);
        assert.match(fullLines[exit], /\}/);
      }
      // Every run of the outline gives the full-trace lines of its first and last line.
      const symbols = await symbolsOf(s.sliceUri);
      assert.ok(symbols.length > 0, `${spec.kind}: symbols`);
      for (const sym of symbols) {
        const m = /^lines ([\d,]+)–([\d,]+) in the full trace$/.exec(sym.detail ?? '');
        assert.ok(m, `${spec.kind}: ${sym.detail}`);
        assert.equal(n(m[1]) - 1, full(sym.range.start.line), `${spec.kind}: ${sym.name} first line`);
        assert.equal(n(m[2]) - 1, full(sym.range.end.line), `${spec.kind}: ${sym.name} last line`);
        assert.equal(lines[sym.range.start.line], fullLines[n(m[1]) - 1]);
      }
    }
    for (const u of opened) await pair.diagnostics(u, mark);
  } finally {
    await pair.close();
  }
});
