// Integration: Go to Definition on a traced function opens its C source (a tags file above the trace), and asks the workspace's symbol providers when no tags file has it.
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activatePanel, openInEditor, waitFor, writeFile, type PanelApi } from './helpers';
import { treeCall } from './treeHelpers';
import { READ_WRITE_C, READ_WRITE_TAGS, TAGS_HEADER } from './kernelSource';

const TRACE = [
  '# tracer: function_graph',
  '#',
  '# CPU  DURATION                  FUNCTION CALLS',
  '# |     |   |                     |   |   |   |',
  ' 0)               |  __x64_sys_read() {',
  ' 0)               |    ksys_read() {',
  ' 0)   2.000 us    |      vfs_read.isra.0();',
  ' 0)   3.500 us    |    }',
  ' 0)   5.000 us    |  }',
  '',
].join('\n');

const SOURCE = [...READ_WRITE_C, ''].join('\n');
const TAGS = [...TAGS_HEADER, READ_WRITE_TAGS.sysRead, READ_WRITE_TAGS.vfsRead, ''].join('\n');

/** Target file and 0-based line of each definition the editor's provider gives at `pos`. */
async function definitions(uri: vscode.Uri, pos: vscode.Position): Promise<{ file: string; line: number }[]> {
  const r = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', uri, pos);
  return (r ?? []).map((d) => ('targetUri' in d ? { file: d.targetUri.fsPath, line: d.targetRange.start.line } : { file: d.uri.fsPath, line: d.range.start.line }));
}

/** Waits until the active editor shows `file`; returns it. */
function activeEditorOf(file: vscode.Uri): Promise<vscode.TextEditor> {
  return waitFor(`an editor of ${path.basename(file.fsPath)}`, () => {
    const e = vscode.window.activeTextEditor;
    return e !== undefined && e.document.uri.fsPath === file.fsPath ? e : undefined;
  }, { timeoutMs: 10000, events: [vscode.window.onDidChangeActiveTextEditor] });
}

suite('Go to Definition', () => {
  let trace: vscode.Uri;
  let source: vscode.Uri;
  let api: PanelApi;

  suiteSetup(async function () {
    this.timeout(60000);
    api = await activatePanel();
    source = writeFile(path.join('linux', 'fs', 'read_write.c'), SOURCE);
    writeFile(path.join('linux', 'tags'), TAGS);
    trace = writeFile(path.join('linux', 'traces', 'read.trace'), TRACE);
    await openInEditor(trace);
    await api.ready;
  });

  test('a name with a clone suffix and a syscall wrapper lead to their lines, through the tags file above the trace', async () => {
    const leaf = await waitFor('definition of vfs_read.isra.0', async () => {
      const d = await definitions(trace, new vscode.Position(6, 28));
      return d.length > 0 ? d : undefined;
    }, { timeoutMs: 20000 });
    assert.deepEqual(leaf, [{ file: source.fsPath, line: 3 }]);
    assert.deepEqual(await definitions(trace, new vscode.Position(4, 25)), [{ file: source.fsPath, line: 8 }]);
    // The exit's `}` of the syscall wrapper.
    assert.deepEqual(await definitions(trace, new vscode.Position(8, 21)), [{ file: source.fsPath, line: 8 }]);
    // A duration is no function.
    assert.deepEqual(await definitions(trace, new vscode.Position(6, 8)), []);
  });

  test('F12 on the name opens the source with the cursor on the definition', async () => {
    const editor = await vscode.window.showTextDocument(trace, { preview: false });
    editor.selection = new vscode.Selection(6, 28, 6, 28);
    await vscode.commands.executeCommand('editor.action.revealDefinition');
    const opened = await activeEditorOf(source);
    // The cursor at the name in the definition's line (VS Code collapses the selection to its start).
    assert.equal(opened.selection.active.line, 3);
    assert.equal(opened.selection.active.character, SOURCE.split('\n')[3].indexOf('vfs_read'));
  });

  test('a name no tags file has: the workspace\'s symbol providers (a C language server) are asked with its names', async () => {
    const asked: string[] = [];
    const fake = vscode.languages.registerWorkspaceSymbolProvider({
      provideWorkspaceSymbols(query) {
        asked.push(query);
        const at = (line: number) => new vscode.Location(source, new vscode.Range(line, 0, line, 10));
        return [
          // Only a function of exactly that name is taken.
          new vscode.SymbolInformation('ksys_read', vscode.SymbolKind.Variable, '', at(1)),
          new vscode.SymbolInformation('ksys_readv', vscode.SymbolKind.Function, '', at(2)),
          new vscode.SymbolInformation(query, vscode.SymbolKind.Function, '', at(10)),
        ];
      },
    });
    try {
      assert.deepEqual(await definitions(trace, new vscode.Position(5, 24)), [{ file: source.fsPath, line: 10 }]);
      assert.ok(asked.includes('ksys_read'), asked.join(', '));
    } finally {
      fake.dispose();
    }
  });

  test('Ftrace: Go to Source from a Call Tree call and a Hot Functions row opens the definition', async () => {
    const doc = await openInEditor(trace);
    const node = await treeCall(api, trace, doc.version, 6);
    assert.equal(node.kind === 'call' ? node.call.name : node.kind, 'vfs_read.isra.0');
    await vscode.commands.executeCommand('ftraceLens.goToSource', node);
    const fromTree = await activeEditorOf(source);
    // The name selected in the definition's line.
    assert.equal(fromTree.document.getText(fromTree.selection), 'vfs_read');
    assert.equal(fromTree.selection.start.line, 3);
    // A Hot Functions row (what its context menu passes): the syscall wrapper's SYSCALL_DEFINE line.
    await openInEditor(trace);
    await vscode.commands.executeCommand('ftraceLens.goToSource', { kind: 'function', uri: trace, stat: { name: '__x64_sys_read' } });
    const fromRow = await activeEditorOf(source);
    assert.equal(fromRow.selection.start.line, 8);
  });
});
