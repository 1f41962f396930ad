// Self-test of the offline VS Code harness: proves run() executes in a real extension host with this extension loaded.
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'ftrace-lens.ftrace-lens';

suite('offline VS Code harness', () => {
  test('runs inside a real VS Code', () => {
    assert.equal(typeof vscode.version, 'string');
    assert.match(vscode.version, /^\d+\.\d+\.\d+/);
    assert.equal(vscode.env.uiKind, vscode.UIKind.Web);
  });

  test('loads the extension under development', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not among ${vscode.extensions.all.length} extensions`);
  });

  test('activates the extension (once its client entry is built)', async function () {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const main = ext.packageJSON.main as string | undefined;
    if (!main || !fs.existsSync(path.join(ext.extensionPath, main))) this.skip();
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  test('opens a plaintext document', async () => {
    const doc = await vscode.workspace.openTextDocument({ content: 'plain text\nsecond line' });
    assert.equal(doc.languageId, 'plaintext');
    assert.equal(doc.lineCount, 2);
    const editor = await vscode.window.showTextDocument(doc);
    assert.equal(editor.document, doc);
  });

  test('opens a *.trace file as ftrace (once the language is contributed)', async function () {
    if (!(await vscode.languages.getLanguages()).includes('ftrace')) this.skip();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ftrace-selftest-')), 'sample.trace');
    fs.writeFileSync(file, '# tracer: function_graph\n 1)   0.055 us    |  rcu_all_qs();\n');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    assert.equal(doc.languageId, 'ftrace', `${file} should open as ftrace`);
    const editor = await vscode.window.showTextDocument(doc);
    assert.equal(editor.document.lineCount, 3);
  });
});
