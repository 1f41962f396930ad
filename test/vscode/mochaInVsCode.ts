// Runs a mocha suite inside the VS Code extension host and reports each test to the offline runner's result file.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Mocha from 'mocha';

/** Environment variable holding the absolute path of the JSON result file (set by test/vscode/runOffline.mjs). */
export const RESULT_FILE_ENV = 'FTRACE_LENS_TEST_RESULT';

/** Where the result goes when the variable is not set (the runner always sets it). */
export const DEFAULT_RESULT_FILE = path.join(os.tmpdir(), 'ftrace-lens-vscode-test-result.json');

/** One test's outcome; durationMs is mocha's measured time in milliseconds. */
export interface TestOutcome {
  title: string;
  fullTitle: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

/** The whole run, written as JSON once mocha ends (or once it could not start). */
export interface SuiteResult {
  passed: number;
  failed: number;
  pending: number;
  tests: TestOutcome[];
  vscodeVersion?: string;
  error?: string;
}

/** Options for runMochaInVsCode: testsRoot is the folder of compiled *.test.js files. */
export interface RunOptions {
  testsRoot: string;
  ui?: 'tdd' | 'bdd';
  timeoutMs?: number;
  grep?: string;
  vscodeVersion?: string;
}

function resultFile(): string {
  return process.env[RESULT_FILE_ENV] || DEFAULT_RESULT_FILE;
}

/** Appends one human-readable line to `<result>.log`, which the runner streams to stdout. */
function progress(line: string): void {
  try {
    fs.appendFileSync(`${resultFile()}.log`, line + '\n');
  } catch {
    /* the runner only loses a progress line */
  }
}

/** Writes the result atomically, so the runner never reads half a file. */
function writeResult(result: SuiteResult): void {
  const file = resultFile();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(result, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}

function collectTests(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .sort()
    .map((f) => path.join(dir, f));
}

function describeError(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}

/**
 * Runs every *.test.js under testsRoot with mocha; resolves when all pass, rejects otherwise.
 * The result file is written in both cases, so the desktop runner (@vscode/test-electron) and the
 * offline runner agree on the outcome.
 */
export async function runMochaInVsCode(options: RunOptions): Promise<void> {
  const result: SuiteResult = { passed: 0, failed: 0, pending: 0, tests: [], vscodeVersion: options.vscodeVersion };
  let mocha: Mocha;
  try {
    mocha = new Mocha({ ui: options.ui ?? 'tdd', color: false, timeout: options.timeoutMs ?? 20000, grep: options.grep, reporter: 'spec' });
    const files = collectTests(options.testsRoot);
    if (files.length === 0) throw new Error(`no *.test.js files under ${options.testsRoot}`);
    for (const f of files) mocha.addFile(f);
    await mocha.loadFilesAsync();
  } catch (e) {
    result.failed = 1;
    result.error = `mocha could not load the suite: ${describeError(e)}`;
    progress(`  ✗ ${result.error}`);
    writeResult(result);
    throw e;
  }

  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run((n) => resolve(n));
    runner.on('suite', (s: Mocha.Suite) => {
      if (s.title) progress(`${'  '.repeat(Math.max(0, s.titlePath().length - 1))}${s.title}`);
    });
    const indent = (t: Mocha.Runnable) => '  '.repeat(t.titlePath().length);
    runner.on('pass', (t: Mocha.Test) => {
      result.passed++;
      result.tests.push({ title: t.title, fullTitle: t.fullTitle(), state: 'passed', durationMs: t.duration });
      progress(`${indent(t)}✓ ${t.title} (${t.duration ?? 0} ms)`);
    });
    runner.on('fail', (t: Mocha.Runnable, err: unknown) => {
      result.failed++;
      const error = describeError(err);
      result.tests.push({ title: t.title, fullTitle: t.fullTitle(), state: 'failed', durationMs: t.duration, error });
      progress(`${indent(t)}✗ ${t.title}\n${error.replace(/^/gm, `${indent(t)}    `)}`);
    });
    runner.on('pending', (t: Mocha.Test) => {
      result.pending++;
      result.tests.push({ title: t.title, fullTitle: t.fullTitle(), state: 'pending' });
      progress(`${indent(t)}- ${t.title} (pending)`);
    });
  });
  writeResult(result);
  if (failures > 0) throw new Error(`${failures} test(s) failed`);
}
