// Runs a compiled mocha suite inside code-server's extension host (offline VS Code) and reports it on stdout.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { installCodeServer, repoRoot } from './installCodeServer.mjs';
import { launchBrowser, linkExtensionForDevelopment, remoteUri, startCodeServer, workbenchUrl } from './codeServer.mjs';
import { runIfMain } from './runMain.mjs';

/** Must match RESULT_FILE_ENV in mochaInVsCode.ts. */
export const RESULT_FILE_ENV = 'FTRACE_LENS_TEST_RESULT';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const readText = (file) => (existsSync(file) ? readFileSync(file, 'utf8') : '');

/**
 * Opens the workbench with extensionDevelopmentPath + extensionTestsPath and waits for the result file.
 * @returns {Promise<{result: object | undefined, reason?: string}>}
 */
export async function runSuiteOffline({ testsModule, extensionPath = repoRoot, workspace, runDir, timeoutMs = 180000, verbose = false, onLine = console.log }) {
  const resultFile = join(runDir, 'result.json');
  const progressFile = `${resultFile}.log`;
  rmSync(resultFile, { force: true });
  rmSync(progressFile, { force: true });
  workspace = workspace ?? join(runDir, 'workspace');
  mkdirSync(workspace, { recursive: true });

  const consoleLines = [];
  let server;
  let browser;
  try {
    server = await startCodeServer({
      workspace,
      userDataDir: join(runDir, 'user-data'),
      extensionsDir: join(runDir, 'extensions'),
      env: { [RESULT_FILE_ENV]: resultFile },
      verbose,
    });
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('console', (m) => {
      const line = `[browser ${m.type()}] ${m.text()}`;
      consoleLines.push(line);
      if (verbose) console.log(line);
    });
    page.on('pageerror', (e) => consoleLines.push(`[page error] ${e.message}`));
    const url = workbenchUrl(server, {
      folder: workspace,
      payload: [
        ['extensionDevelopmentPath', remoteUri(server, linkExtensionForDevelopment(extensionPath, runDir))],
        ['extensionTestsPath', remoteUri(server, testsModule)],
      ],
    });
    if (verbose) console.log(`opening ${url}`);
    await page.goto(url);

    let shown = 0;
    const flushProgress = () => {
      const text = readText(progressFile);
      if (text.length > shown) {
        for (const line of text.slice(shown).replace(/\n$/, '').split('\n')) onLine(line);
        shown = text.length;
      }
    };
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      flushProgress();
      if (existsSync(resultFile)) {
        flushProgress();
        return { result: JSON.parse(readFileSync(resultFile, 'utf8')) };
      }
      await sleep(200);
    }
    flushProgress();
    await page.screenshot({ path: join(runDir, 'timeout.png') }).catch(() => {});
    return { result: undefined, reason: `no result after ${timeoutMs / 1000} s (screenshot: ${join(runDir, 'timeout.png')})`, consoleLines, serverOutput: server.output() };
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
  }
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      timeout: { type: 'string', default: '180' },
      workspace: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
    },
  });
  const testsModule = resolve(positionals[0] ?? join(repoRoot, 'test/integration/out/index.js'));
  if (!existsSync(testsModule)) {
    console.error(`test module not found: ${testsModule} (build the suite first, e.g. node test/vscode/buildSuite.mjs <folder>)`);
    return 2;
  }
  if (!existsSync(join(repoRoot, 'package.json'))) throw new Error(`no package.json in ${repoRoot}`);
  const main = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).main;
  if (main && !existsSync(join(repoRoot, main))) console.warn(`warning: ${main} does not exist (run npm run build); the extension will fail to activate`);

  installCodeServer();
  const runsDir = join(repoRoot, '.vscode-test', 'runs');
  mkdirSync(runsDir, { recursive: true });
  const runDir = mkdtempSync(join(runsDir, 'run-'));
  const t0 = Date.now();
  console.log(`running ${testsModule} in code-server (run folder ${runDir})`);
  const { result, reason, consoleLines = [], serverOutput = '' } = await runSuiteOffline({
    testsModule,
    workspace: values.workspace && resolve(values.workspace),
    runDir,
    timeoutMs: Number(values.timeout) * 1000,
    verbose: values.verbose,
  });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (!result) {
    console.error(`FAILED: ${reason}`);
    console.error('--- code-server output (tail) ---\n' + serverOutput.split('\n').slice(-40).join('\n'));
    console.error('--- browser console (errors and extension host, tail) ---\n' + consoleLines.filter((l) => /error|Extension Host|\bERR\b/i.test(l)).slice(-40).join('\n'));
    console.log('0 passed, 1 failed');
    return 1;
  }
  if (result.error) console.error(`suite error: ${result.error}`);
  console.log(`VS Code ${result.vscodeVersion ?? '?'} · ${secs} s`);
  console.log(`${result.passed} passed, ${result.failed} failed${result.pending ? `, ${result.pending} skipped` : ''}`);
  const ok = result.failed === 0 && !result.error && result.passed > 0;
  if (ok && !values.keep) rmSync(runDir, { recursive: true, force: true });
  else console.log(`run folder kept: ${runDir}`);
  return ok ? 0 : 1;
}

runIfMain(import.meta.url, main);
