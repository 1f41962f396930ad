// Integration: what shortens a trace's open in the editor — the hidden warm-up document (never sent to the server), one symbols answer per version, and the [ftrace] editor defaults VS Code accepts.
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, activatePanel, waitFor, type PanelApi } from './helpers';
import { MemoryUsageRequest, type MemoryUsageResult } from '../../server/src/protocol';
import { hugePagesTunables } from '../../server/src/hugePages';
import { WARM_UP_SCHEME, WARM_UP_URI, isWarmUpDocument } from '../../client/src/documents/rendererWarmUp';
import { SharedSymbols } from '../../client/src/connection/sharedSymbols';

/** A stand-in for a document: SharedSymbols reads only its uri and version. */
function fakeDocument(path: string, version: number): vscode.TextDocument {
  return { uri: vscode.Uri.file(path), version } as vscode.TextDocument;
}

/** A symbols answer with one named symbol. */
function answer(name: string): vscode.DocumentSymbol[] {
  const r = new vscode.Range(0, 0, 0, 1);
  return [new vscode.DocumentSymbol(name, '', vscode.SymbolKind.Function, r, r)];
}

suite('open latency: editor warm-up, shared symbols, [ftrace] defaults', function () {
  let api: PanelApi;

  suiteSetup(async function () {
    this.timeout(60000);
    await activate();
    api = await activatePanel();
  });

  test('the warm-up document is an empty ftrace document the server never hears of', async function () {
    // Opened at activation; VS Code may have disposed of it since (unused for minutes): open it again.
    const doc = await vscode.workspace.openTextDocument(WARM_UP_URI);
    await waitFor('the server to have seen the documents opened so far', () => api.client.isRunning() || undefined);
    assert.equal(doc.languageId, 'ftrace');
    assert.equal(doc.getText(), '');
    assert.ok(isWarmUpDocument(doc.uri) && doc.uri.scheme === WARM_UP_SCHEME);
    assert.ok(!vscode.window.visibleTextEditors.some((e) => isWarmUpDocument(e.document.uri)), 'no editor shows it');
    const usage = await api.client.sendRequest<MemoryUsageResult | null>(MemoryUsageRequest.method, { uri: doc.uri.toString() });
    assert.ok(usage !== null, 'the server answers memoryUsage');
    assert.equal(usage.document, null, 'the server has no such document');
    // The client starts the server with huge pages on Linux (server/src/hugePages.ts).
    assert.equal(usage.glibcTunables, hugePagesTunables(process.env, process.platform) ?? process.env.GLIBC_TUNABLES ?? null);
    if (process.platform === 'linux') assert.match(usage.glibcTunables ?? '', /glibc\.malloc\.hugetlb=/);
  });

  test('SharedSymbols: one fetch per version, shared by concurrent and later requests', async function () {
    const shared = new SharedSymbols();
    try {
      let fetches = 0;
      let release: (s: vscode.DocumentSymbol[]) => void = () => undefined;
      const slow = (): Promise<vscode.DocumentSymbol[]> => {
        fetches++;
        return new Promise((resolve) => { release = resolve; });
      };
      const v1 = fakeDocument('/t/a.trace', 1);
      const first = shared.get(v1, slow);
      const second = shared.get(v1, slow);
      release(answer('f'));
      const [a, b] = await Promise.all([first, second]);
      assert.equal(fetches, 1, 'the concurrent request waited for the first one');
      assert.equal(a, b);
      assert.equal(await shared.get(v1, async () => { fetches++; return answer('g'); }), a, 'a later request for the same version');
      assert.equal(fetches, 1);
      const v2 = await shared.get(fakeDocument('/t/a.trace', 2), async () => { fetches++; return answer('h'); });
      assert.equal(fetches, 2, 'a new version is fetched');
      assert.equal((v2 as vscode.DocumentSymbol[])[0].name, 'h');
      const other = await shared.get(fakeDocument('/t/b.trace', 2), async () => { fetches++; return answer('i'); });
      assert.equal((other as vscode.DocumentSymbol[])[0].name, 'i', 'documents do not share');
    } finally {
      shared.dispose();
    }
  });

  test('SharedSymbols: an empty (cancelled) or failed answer is not shared', async function () {
    const shared = new SharedSymbols();
    try {
      const doc = fakeDocument('/t/c.trace', 1);
      let fetches = 0;
      assert.equal(await shared.get(doc, async () => { fetches++; return null; }), null);
      const after = await shared.get(doc, async () => { fetches++; return answer('f'); });
      assert.equal(fetches, 2, 'asked again after an empty answer');
      assert.equal((after as vscode.DocumentSymbol[])[0].name, 'f');
      const other = fakeDocument('/t/d.trace', 1);
      await assert.rejects(shared.get(other, async () => { fetches++; throw new Error('server gone'); }), /server gone/);
      const retried = await shared.get(other, async () => { fetches++; return answer('g'); });
      assert.equal(fetches, 4, 'asked again after a failure');
      assert.equal((retried as vscode.DocumentSymbol[])[0].name, 'g');
    } finally {
      shared.dispose();
    }
  });

  test('the [ftrace] defaults that spare the window work on every open are in effect', function () {
    const editor = vscode.workspace.getConfiguration('editor', { languageId: 'ftrace' });
    assert.equal(editor.get('matchBrackets'), 'never');
    assert.equal(editor.get('links'), false);
    assert.equal(editor.get('unicodeHighlight.invisibleCharacters'), false);
    assert.equal(editor.get('unicodeHighlight.nonBasicASCII'), false);
    assert.equal(editor.get('minimap.showMarkSectionHeaders'), false);
    assert.equal(editor.get('minimap.showRegionSectionHeaders'), false);
    // Plain Text keeps VS Code's own defaults.
    assert.notEqual(vscode.workspace.getConfiguration('editor', { languageId: 'plaintext' }).get('matchBrackets'), 'never');
  });
});
