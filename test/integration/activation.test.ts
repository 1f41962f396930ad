// Integration: the extension activates on the first ftrace document and VS Code picks the ftrace language by extension, name and first line.
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LanguageClient, Middleware } from 'vscode-languageclient/node';
import { activate, extension, waitFor, writeFile } from './helpers';

const HEADER = '# tracer: function_graph\n#\n# CPU  DURATION                  FUNCTION CALLS\n# |     |   |                     |   |   |   |\n';
const BODY = ' 0)               |  do_sys_open() {\n 0)   0.055 us    |    rcu_all_qs();\n 0)   1.250 us    |  }\n';

/** Language id a new file `rel` holding `text` ends up with (the extension may switch .txt/.log traces). */
async function languageOf(rel: string, text: string, expected: string): Promise<string> {
  const uri = writeFile(rel, text);
  const doc = await vscode.workspace.openTextDocument(uri);
  if (doc.languageId === expected) return expected;
  // A switch reopens the document with the new language; wait for it (bounded).
  const switched = await waitFor(`language of ${rel}`, () => {
    const d = vscode.workspace.textDocuments.find((x) => x.uri.toString() === doc.uri.toString());
    return d !== undefined && d.languageId === expected ? d.languageId : undefined;
  }, { timeoutMs: 3000 }).catch(() => undefined);
  return switched ?? vscode.workspace.textDocuments.find((x) => x.uri.toString() === doc.uri.toString())?.languageId ?? doc.languageId;
}

suite('activation and language detection', () => {
  test('the ftrace language is contributed', async () => {
    assert.ok((await vscode.languages.getLanguages()).includes('ftrace'));
  });

  test('opening a .trace file activates the extension and its language server', async () => {
    const ext = extension();
    const wasActive = ext.isActive;
    const doc = await vscode.workspace.openTextDocument(writeFile('detect/first.trace', HEADER + BODY));
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'ftrace');
    await waitFor('activation by onLanguage:ftrace', () => (ext.isActive ? true : undefined), { timeoutMs: 20000 });
    assert.ok(ext.exports && typeof ext.exports.ready?.then === 'function', 'activate() returns { ready }');
    await ext.exports.ready;
    if (!wasActive) assert.equal(ext.isActive, true);
  });

  const cases: [string, string, string, string][] = [
    ['extension .trace', 'detect/a.trace', BODY, 'ftrace'],
    ['extension .ftrace', 'detect/a.ftrace', BODY, 'ftrace'],
    ['file named trace', 'detect/tracing/trace', BODY, 'ftrace'],
    ['file named trace_pipe', 'detect/tracing/trace_pipe', BODY, 'ftrace'],
    ['file named trace.txt (file name beats the .txt extension)', 'detect/named/trace.txt', BODY, 'ftrace'],
    ['first line "# tracer: function_graph", no extension', 'detect/capture', HEADER + BODY, 'ftrace'],
    ['first line "# tracer: function_graph", unknown extension .out', 'detect/capture.out', HEADER + BODY, 'ftrace'],
    ['first line "#tracer:function_graph" without spaces', 'detect/tight.out', '#tracer:function_graph\n' + BODY, 'ftrace'],
    // VS Code applies firstLine only when no extension rule matches; the extension switches these.
    ['a .txt trace (switched from plaintext by the extension)', 'detect/capture.txt', HEADER + BODY, 'ftrace'],
    ['a .log trace (switched from log by the extension)', 'detect/capture.log', HEADER + BODY, 'ftrace'],
    ['a .txt file that is not a trace stays plaintext', 'detect/notes.txt', 'notes\n' + BODY, 'plaintext'],
    ['the function tracer is not function_graph', 'detect/function.out', '# tracer: function\n', 'plaintext'],
    ['a trace_pipe capture (graph lines, no header), unknown extension .out', 'detect/pipe.out', BODY, 'ftrace'],
    ['a file of prose with an unknown extension', 'detect/plain.out', 'some notes\nmore notes\n', 'plaintext'],
  ];
  for (const [title, rel, text, expected] of cases) {
    test(`${title} -> ${expected}`, async () => {
      assert.equal(await languageOf(rel, text, expected), expected, rel);
    });
  }

  test('the settings notification the client library sends as it starts is dropped (the server pulls its settings); one sent on a change goes', async () => {
    const client = ((await activate()) as unknown as { client: LanguageClient }).client;
    // A trace is open while the client starts: the library sends its didOpen, then that notification.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(writeFile('detect/restart.trace', HEADER + BODY)));
    const workspace = client.middleware.workspace as NonNullable<Middleware['workspace']>;
    const ours = workspace.didChangeConfiguration!;
    const seen: { phase: string; forwarded: boolean }[] = [];
    let phase = 'start';
    workspace.didChangeConfiguration = (sections, next) => {
      const call = { phase, forwarded: false };
      seen.push(call);
      return ours(sections, (s) => {
        call.forwarded = true;
        return next(s);
      });
    };
    const settings = vscode.workspace.getConfiguration('ftraceLens');
    try {
      await client.stop();
      await client.start();
      const atStart = seen.filter((c) => c.phase === 'start');
      assert.ok(atStart.length >= 1, 'the library sends a didChangeConfiguration as it starts');
      assert.deepEqual(atStart.map((c) => c.forwarded), atStart.map(() => false));
      phase = 'change';
      await settings.update('inlayHints.enabled', false, vscode.ConfigurationTarget.Global);
      await waitFor('the notification of a real change', () => (seen.some((c) => c.phase === 'change' && c.forwarded) ? true : undefined), { timeoutMs: 10000 });
    } finally {
      workspace.didChangeConfiguration = ours;
      await settings.update('inlayHints.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
