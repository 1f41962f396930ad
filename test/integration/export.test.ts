// Integration: "Export Trace As…" in VS Code writes each format through the server, byte for byte what the CLI writes for the same file.
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activatePanel, openInEditor, realTrace, runCli, seedTraceText, workDir, writeFile } from './helpers';

const EXPORT = 'ftraceLens.exportTrace';

suite('Export Trace As…', () => {
  for (const [name, text] of [['export-seed.trace', seedTraceText()], ['export-smp4.trace', realTrace('k61-smp4-default', false).text]] as const) {
    for (const format of ['chrome', 'speedscope', 'folded'] as const) {
      test(`${name} as ${format}: the server's file equals the CLI's export`, async () => {
        const api = await activatePanel();
        const uri = writeFile(name, text);
        await openInEditor(uri);
        await api.ready;
        const target = vscode.Uri.file(path.join(workDir(), `${name}.${format}.out`));
        const r = (await vscode.commands.executeCommand(EXPORT, format, target)) as { bytes: number; calls: number; clock: string | null } | undefined;
        assert.ok(r, 'the command returned no result');
        const written = fs.readFileSync(target.fsPath, 'utf8');
        assert.equal(r.bytes, Buffer.byteLength(written));
        const cli = await runCli(['export', uri.fsPath, '--format', format]);
        // The CLI names the speedscope file after the trace, the command after the target.
        const norm = (s: string): string => s.replace(/"name":"[^"]*","activeProfileIndex"/, '"activeProfileIndex"');
        assert.equal(norm(written), norm(cli));
        if (format === 'chrome' && name === 'export-seed.trace') assert.ok(JSON.parse(written).traceEvents.some((e: { dur?: number }) => e.dur === 2680.276));
      });
    }
  }
});
