// The common start of an end-to-end runner (run.mjs, bigTraces.mjs, notices.mjs): a watchdog, the built extension, code-server, the output folder and a fresh run folder.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { installCodeServer, repoRoot } from '../vscode/installCodeServer.mjs';

/**
 * Exits the process (code 1) after `values.timeout` seconds, checks that the extension is built,
 * installs code-server if needed, creates `values.out` and a run folder under .vscode-test/runs
 * named `prefix…`. Returns both folders.
 * @returns {{ outDir: string, runDir: string }}
 */
export function startE2eRun(values, prefix) {
  const guard = setTimeout(() => {
    console.error(`FAILED: took more than ${values.timeout} s`);
    process.exit(1);
  }, Number(values.timeout) * 1000);
  guard.unref();
  if (!existsSync(join(repoRoot, 'client', 'out', 'extension.js'))) throw new Error('client/out/extension.js is missing: run npm run build first');
  installCodeServer();
  const outDir = resolve(values.out);
  mkdirSync(outDir, { recursive: true });
  mkdirSync(join(repoRoot, '.vscode-test', 'runs'), { recursive: true });
  return { outDir, runDir: mkdtempSync(join(repoRoot, '.vscode-test', 'runs', prefix)) };
}
