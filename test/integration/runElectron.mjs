// Runs the integration suite in desktop VS Code via @vscode/test-electron (needs a VS Code download or VSCODE_EXECUTABLE_PATH); fails fast offline.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildSuite } from '../vscode/buildSuite.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..');
/** Must match RESULT_FILE_ENV in test/vscode/mochaInVsCode.ts. */
const RESULT_FILE_ENV = 'FTRACE_LENS_TEST_RESULT';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function usage() {
  return 'usage: node test/integration/runElectron.mjs [--version 1.100.3|stable] [--executable PATH] [--download-timeout 20] [--timeout 600] [--grep TEXT]\n' +
    '  VSCODE_EXECUTABLE_PATH=PATH uses an installed VS Code instead of downloading one.\n' +
    '  On Linux without a display, run it under xvfb-run -a.\n' +
    '  Without internet, use the offline runner: node test/vscode/runOffline.mjs test/integration/out/index.js';
}

/** Resolves the VS Code executable: the given one, or a download (cached in .vscode-test/) that gives up quickly. */
async function vscodeExecutable({ executable, version, downloadTimeoutMs }) {
  if (executable) {
    if (!existsSync(executable)) throw new Error(`VS Code executable not found: ${executable}`);
    return executable;
  }
  const { downloadAndUnzipVSCode } = await import('@vscode/test-electron');
  const cachePath = join(repoRoot, '.vscode-test');
  let timer;
  const overall = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${downloadTimeoutMs / 1000} s`)), downloadTimeoutMs);
  });
  try {
    // `timeout` is test-electron's idle timeout per request; the race bounds DNS failures and slow retries too.
    return await Promise.race([downloadAndUnzipVSCode({ version, cachePath, timeout: downloadTimeoutMs, extensionDevelopmentPath: repoRoot }), overall]);
  } catch (e) {
    throw new Error(
      `could not download VS Code ${version} (${e?.message ?? e}).\n` +
      'This machine seems to have no access to the VS Code download service. Either pass an installed VS Code\n' +
      '(--executable or VSCODE_EXECUTABLE_PATH) or run the same suite offline in code-server:\n' +
      '  node test/vscode/runOffline.mjs test/integration/out/index.js',
      { cause: e },
    );
  } finally {
    clearTimeout(timer);
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      version: { type: 'string', default: process.env.VSCODE_TEST_VERSION || 'stable' },
      executable: { type: 'string', default: process.env.VSCODE_EXECUTABLE_PATH || '' },
      'download-timeout': { type: 'string', default: '20' },
      timeout: { type: 'string', default: '600' },
      grep: { type: 'string', default: '' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage());
    return 0;
  }
  const main = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).main;
  if (main && !existsSync(join(repoRoot, main))) console.warn(`warning: ${main} does not exist (run npm run build); the extension will fail to activate`);
  const testsModule = await buildSuite(join(repoRoot, 'test', 'integration'));

  const t0 = Date.now();
  const executable = await vscodeExecutable({ executable: values.executable, version: values.version, downloadTimeoutMs: Number(values['download-timeout']) * 1000 });

  mkdirSync(join(repoRoot, '.vscode-test', 'runs'), { recursive: true });
  const runDir = mkdtempSync(join(repoRoot, '.vscode-test', 'runs', 'electron-'));
  const workspace = join(runDir, 'workspace');
  mkdirSync(workspace, { recursive: true });
  const resultFile = join(runDir, 'result.json');
  const progressFile = `${resultFile}.log`;

  // Mirror the suite's progress lines (each test) while VS Code runs, as the offline runner does.
  let shown = 0;
  let streaming = true;
  const stream = (async () => {
    while (streaming) {
      if (existsSync(progressFile) && statSync(progressFile).size > shown) {
        const text = readFileSync(progressFile, 'utf8');
        process.stdout.write(text.slice(shown));
        shown = text.length;
      }
      await sleep(200);
    }
  })();

  const { runTests } = await import('@vscode/test-electron');
  let timer;
  let exitCode;
  try {
    exitCode = await Promise.race([
      runTests({
        vscodeExecutablePath: executable,
        extensionDevelopmentPath: repoRoot,
        extensionTestsPath: testsModule,
        extensionTestsEnv: { [RESULT_FILE_ENV]: resultFile, FTRACE_LENS_TEST_GREP: values.grep },
        launchArgs: [workspace, '--disable-extensions', '--user-data-dir', join(runDir, 'user-data')],
      }).catch((e) => {
        console.error(`VS Code failed: ${e?.message ?? e}`);
        return 1;
      }),
      new Promise((r) => { timer = setTimeout(() => r('timeout'), Number(values.timeout) * 1000); }),
    ]);
  } finally {
    clearTimeout(timer);
    streaming = false;
    await stream;
  }
  if (existsSync(progressFile)) process.stdout.write(readFileSync(progressFile, 'utf8').slice(shown));
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  const result = existsSync(resultFile) ? JSON.parse(readFileSync(resultFile, 'utf8')) : undefined;
  if (exitCode === 'timeout') console.error(`FAILED: no result after ${values.timeout} s`);
  if (!result) {
    console.log('0 passed, 1 failed');
    console.log(`run folder kept: ${runDir}`);
    return 1;
  }
  if (result.error) console.error(`suite error: ${result.error}`);
  console.log(`VS Code ${result.vscodeVersion ?? '?'} · ${secs} s`);
  console.log(`${result.passed} passed, ${result.failed} failed${result.pending ? `, ${result.pending} skipped` : ''}`);
  const ok = exitCode === 0 && result.failed === 0 && !result.error && result.passed > 0;
  if (ok) rmSync(runDir, { recursive: true, force: true });
  else console.log(`run folder kept: ${runDir}`);
  return ok ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      console.error(`FAILED: ${e?.message ?? e}`);
      process.exit(1);
    },
  );
}
