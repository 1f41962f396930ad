// Worst-case table (npm run bench): each hostile shape of issue 10 at two sizes through the built server (stdio) or CLI — time per 10 MB and whether the cost is linear.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createGzip } from 'node:zlib';
import { once } from 'node:events';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection, type MessageConnection } from 'vscode-languageserver/node';
import { manyLanes, manyOpenCpus, sameDepthEntries } from '../unit/hostileShapes';
import { serverEnv, serverEnvNote } from './benchEnv';

const REPO = resolve(__dirname, '..', '..');
const SERVER = join(REPO, 'server', 'out', 'main.js');
const CLI = join(REPO, 'server', 'out', 'cli.js');
/** A server that only reads its messages (nullServer.ts): what the stdio path costs without any work. */
const NULL_SERVER = ['--import', 'tsx', join(__dirname, 'nullServer.ts')];
/** A run taking longer than this is stopped and fails. */
const TIMEOUT_MS = Number(process.env.FTRACE_LENS_WORST_TIMEOUT_MS ?? 60_000);
const TARGET_S_PER_10MB = 1;
const MAX_RATIO = 2.5;
const MB = 1e6;
/**
 * The folding limit the extension's client announces (`editor.foldingMaximumRegions` for traces,
 * client/src/connection/foldingLimit.ts), as the server bench does: without one, a shape of
 * 200,000 one-line calls sent all of its folds, 7.6 MB of JSON no editor asks for.
 */
const RANGE_LIMIT = 65000;

/** One measured run: bytes of hostile input, milliseconds, and what went wrong if anything. */
interface Run {
  readonly bytes: number;
  readonly ms: number;
  readonly problem?: string;
}

interface Shape {
  readonly item: string;
  readonly name: string;
  /** A benign input beside a hostile shape (what its bytes cost without the hostile part): printed, not judged. */
  readonly reference?: true;
  /** Runs the shape at scale 1 or 2 (2: twice the bytes). */
  run(scale: 1 | 2): Promise<Run>;
}

class Timeout extends Error {}

function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  return new Promise<T>((res, rej) => {
    const t = setTimeout(() => {
      onTimeout();
      rej(new Timeout(`over ${ms / 1000} s`));
    }, ms);
    p.then(
      (v) => { clearTimeout(t); res(v); },
      (e: unknown) => { clearTimeout(t); rej(e instanceof Error ? e : new Error(String(e))); },
    );
  });
}

/** A fresh built server over stdio (or the null server), initialized. */
async function startServer(args = [SERVER]): Promise<{ child: ChildProcess; conn: MessageConnection }> {
  const child = spawn(process.execPath, [...args, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'], env: serverEnv() });
  // A server stopped mid-write (timeout) closes its pipes: not an error of the bench.
  child.stdin!.on('error', () => undefined);
  child.stdout!.on('error', () => undefined);
  const conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  conn.onNotification(() => undefined);
  conn.onRequest(() => null);
  conn.listen();
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { textDocument: { foldingRange: { rangeLimit: RANGE_LIMIT }, hover: {}, documentSymbol: { hierarchicalDocumentSymbolSupport: true } } } });
  await conn.sendNotification('initialized', {});
  return { child, conn };
}

function stopServer(s: { child: ChildProcess; conn: MessageConnection }): void {
  s.conn.dispose();
  s.child.kill('SIGKILL');
}

/**
 * Opens `docs` on a fresh server (after `before` small notifications), then times from the
 * first didOpen until `ask` has answered for every document; `check` judges the answers.
 */
async function serverRun(
  docs: string[],
  ask: (conn: MessageConnection, uri: string) => Promise<unknown>,
  check: (answers: unknown[]) => string | undefined,
  before = 0,
  timeFromOpen = true,
  server?: string[],
): Promise<Run> {
  const bytes = docs.reduce((n, d) => n + d.length, 0);
  const s = await startServer(server);
  try {
    const t0 = performance.now();
    const work = (async () => {
      for (let i = 0; i < before; i++) {
        const uri = `file:///small/${i % 2500}.trace`;
        s.conn.sendNotification(i < before / 2 ? 'textDocument/didOpen' : 'textDocument/didClose', i < before / 2 ? { textDocument: { uri, languageId: 'ftrace', version: 1, text: ' 0)   1.000 us    |  f();\n' } } : { textDocument: { uri } }).catch(() => undefined);
      }
      const uris = docs.map((_, i) => `file:///worst/${i}.trace`);
      const opened = docs.map((text, i) => s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uris[i], languageId: 'ftrace', version: 1, text } }).catch(() => undefined));
      let t = t0;
      if (!timeFromOpen) {
        await Promise.all(opened);
        await Promise.all(uris.map((u) => s.conn.sendRequest('textDocument/foldingRange', { textDocument: { uri: u } })));
        t = performance.now();
      }
      const answers = await Promise.all(uris.map((u) => ask(s.conn, u)));
      return { ms: performance.now() - t, answers };
    })();
    const { ms, answers } = await withTimeout(work, TIMEOUT_MS, () => stopServer(s));
    return { bytes, ms, problem: check(answers) };
  } catch (e) {
    return { bytes, ms: NaN, problem: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  } finally {
    stopServer(s);
  }
}

const folds = (conn: MessageConnection, uri: string): Promise<unknown> => conn.sendRequest('textDocument/foldingRange', { textDocument: { uri } });
const answered = (): string | undefined => undefined;

/** Runs the built CLI on a file; its time and whether it ended as `expect` says. */
function cliRun(file: string, bytes: number, expect: (code: number | null, err: string) => string | undefined): Run {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, 'report', file], { encoding: 'utf8', timeout: TIMEOUT_MS, maxBuffer: 64 << 20 });
  const ms = performance.now() - t0;
  if (r.error !== undefined) return { bytes, ms: NaN, problem: `over ${TIMEOUT_MS / 1000} s` };
  return { bytes, ms, problem: expect(r.status, r.stderr) };
}

/** Writes `total` bytes made of `piece` repeated, gzip-compressed, to `file` (streamed: nothing that big in memory). */
async function writeGzip(file: string, piece: Buffer, total: number): Promise<void> {
  const gz = createGzip({ level: 1 });
  const out = gz.pipe(createWriteStream(file));
  for (let n = 0; n < total; n += piece.length) if (!gz.write(n + piece.length <= total ? piece : piece.subarray(0, total - n))) await once(gz, 'drain');
  gz.end();
  await once(out, 'finish');
}

/**
 * The CLI ended cleanly: a report, or exit 2 with one line saying why it stopped (or that the file
 * holds no function_graph line), after at most the note of lines it cut (`… longer than 16 MiB cut
 * to the first 4 KiB`).
 */
function endsCleanly(code: number | null, err: string): string | undefined {
  const lines = err.trim().split('\n');
  const last = lines[lines.length - 1];
  const notes = lines.slice(0, -1).every((l) => /longer than \d+ MiB cut to the first/.test(l));
  if (code === 0 || (code === 2 && lines.length <= 2 && notes && /not a function_graph trace|stopped at line|no function_graph lines found/.test(last))) return undefined;
  return `exit ${code}: ${err.trim().slice(0, 80)}`;
}

/** A valid trace of about `bytes` bytes (with its header unless `header` is false). */
function validTrace(bytes: number, header = true): string {
  const out = header ? ['# tracer: function_graph\n'] : [];
  for (let n = 0, i = 0; n < bytes; i++) {
    const b = ` ${i % 4})               |  f_${i % 97}() {\n ${i % 4})   0.${i % 1000} us    |    g_${i % 13}();\n ${i % 4}) + 12.${i % 100} us   |  }\n`;
    out.push(b);
    n += b.length;
  }
  return out.join('');
}

/** A one-line minified JSON document of about `bytes` bytes, full of escapes. */
function minifiedJson(bytes: number): string {
  const rows: unknown[] = [];
  let n = 0;
  for (let i = 0; n < bytes; i++) {
    const row = { id: i, name: `fn_${i} "quoted" \\path\\`, args: [i, `x\ty${i}`, { nested: '\u0001"' }] };
    rows.push(row);
    n += JSON.stringify(row).length + 1;
  }
  return JSON.stringify(rows);
}

/** A trace nested `depth` calls deep (one entry per depth, then the exits). */
function nested(depth: number): string {
  const out = ['# tracer: function_graph\n'];
  for (let d = 0; d < depth; d++) out.push(` 0)               |  ${'  '.repeat(d)}f${d}() {\n`);
  for (let d = depth - 1; d >= 0; d--) out.push(` 0)   1.000 us    |  ${'  '.repeat(d)}}\n`);
  return out.join('');
}

function shapes(dir: string): Shape[] {
  const oneLine = (item: string, name: string, mb: number, ch: string): Shape => ({
    item, name: `${name}, one line (${mb / 2} / ${mb} MB)`,
    run: (k) => serverRun([ch.repeat((mb * MB * k) / 2)], folds, answered),
  });
  // A NUL byte is 6 bytes on the wire (`\u0000`): the client's encoding and the transfer alone.
  const nullFloor: Shape = {
    item: 'ref', reference: true, name: 'reference for the row above: the same documents to a server that only reads its messages (vscode-jsonrpc)',
    run: (k) => serverRun(['\0'.repeat((5 * MB * k) / 2)], folds, answered, 0, true, NULL_SERVER),
  };
  const hasFolds = (a: unknown[]): string | undefined => {
    const lost = a.filter((x) => !Array.isArray(x) || x.length === 0).length;
    return lost === 0 ? undefined : `${lost} of ${a.length} documents lost their text`;
  };
  const traceMb = (mb: number): string => validTrace(mb * MB);
  const gz = (name: string, piece: Buffer, mb: number): Shape => ({
    item: '4', name: `CLI: ${name} .gz (${mb} / ${2 * mb} MB)`,
    run: async (k) => {
      const f = join(dir, `${name.replace(/\W+/g, '-')}-${k}.gz`);
      await writeGzip(f, piece, mb * MB * k);
      return cliRun(f, mb * MB * k, endsCleanly);
    },
  });
  return [
    { item: '1', name: '10 opens (1 / 2 MB each) behind 5,000 small notifications', run: (k) => serverRun(Array.from({ length: 10 }, () => traceMb(k)), folds, hasFolds, 5000) },
    oneLine('2', '`"`', 10, '"'),
    oneLine('2', '`\\`', 10, '\\'),
    oneLine('2', 'NUL bytes', 5, '\0'),
    nullFloor,
    { item: '2', name: 'minified JSON, one line (8 / 16 MB)', run: (k) => serverRun([minifiedJson(8 * MB * k)], folds, answered) },
    { item: '3', name: '100k / 200k entries at one depth, never exiting', run: (k) => serverRun([sameDepthEntries(100_000 * k)], folds, answered) },
    { item: '3', name: '4,000 / 8,000 banners (no CPU column), then 100k / 200k call lines', run: (k) => serverRun([manyLanes(4000 * k, 100_000 * k)], folds, answered) },
    // The same call lines after 4 banners: lines of 2 to 9 bytes cost per line as any trace's do.
    { item: 'ref', reference: true, name: 'reference for the row above: 4 banners, then the same 100k / 200k call lines', run: (k) => serverRun([manyLanes(4, 100_000 * k)], folds, answered) },
    // The floor of the row above: its documents read and a folding answer of the same count sent
    // back (65,000 ranges, the limit, at 2×: about as many bytes of JSON as the document) by a
    // server that parses nothing.
    {
      item: 'ref', reference: true, name: 'floor for the rows above: the same documents to a server that only reads them and answers as many folds',
      run: (k) => serverRun([manyLanes(4000 * k, 100_000 * k)], folds, answered, 0, true, [...NULL_SERVER, `--folds=${Math.min(RANGE_LIMIT, Math.floor((100_000 * k) / 3))}`]),
    },
    { item: '3', name: '4,000 / 8,000 CPUs one open call each (switched out), then 100k / 200k exits', run: (k) => serverRun([manyOpenCpus(4000 * k, 100_000 * k, 'foo', true)], folds, answered) },
    gz('NUL bytes one line', Buffer.alloc(1 << 20), 16),
    gz('zero bytes one line', Buffer.alloc(1 << 20), 256),
    gz('newlines', Buffer.alloc(1 << 20, 10), 256),
    {
      item: '4', name: 'CLI: valid trace .gz (25 / 50 MB)',
      run: async (k) => {
        const f = join(dir, `valid-${k}.trace.gz`);
        await writeGzip(f, Buffer.from(validTrace(MB, false)), 25 * MB * k);
        return cliRun(f, 25 * MB * k, (code, err) => (code === 0 ? undefined : `exit ${code}: ${err.trim().slice(0, 80)}`));
      },
    },
    {
      item: '6', name: 'documentSymbol, nesting 5,000 / 7,071 deep (25 / 50 MB)',
      run: (k) => serverRun([nested(k === 1 ? 5000 : 7071)], (conn, uri) => conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }), (a) => (Array.isArray(a[0]) && a[0].length > 0 ? undefined : 'no symbols'), 0, false),
    },
    {
      item: '7', name: 'hover on a 5 / 10 MB function name',
      run: (k) => serverRun([`# tracer: function_graph\n 0)   1.000 us    |  ${'a'.repeat(5 * MB * k)}();\n`], (conn, uri) => conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 30 } }), (a) => (a[0] !== null ? undefined : 'no hover'), 0, false),
    },
  ];
}

/**
 * Runs per size: the median is reported (one run on this shared machine swung a row by ±40%; with
 * medians of 3, a row whose 1× run takes 0.15 s read 1.62, 1.95 and 2.56 for its 2×/1× in one hour).
 */
const RUNS = Number(process.env.FTRACE_LENS_WORST_RUNS ?? 5);

/** The median of RUNS runs of `sh` at `scale` (by time; a run with a problem is reported as soon as it happens). */
async function medianRun(sh: Shape, scale: 1 | 2): Promise<Run> {
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await sh.run(scale);
    if (r.problem !== undefined || Number.isNaN(r.ms)) return r;
    runs.push(r);
  }
  runs.sort((x, y) => x.ms - y.ms);
  return runs[(runs.length - 1) >> 1];
}

function fmt(ms: number): string {
  return Number.isNaN(ms) ? '—' : (ms / 1000).toFixed(2);
}

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'ftrace-lens-worst-'));
  const only = process.env.FTRACE_LENS_WORST_ONLY;
  const rows: string[][] = [['item', 'shape', '1× s', '2× s', '2×/1×', 's per 10 MB', '≤ 1 s / 10 MB', 'linear', 'answer']];
  let failed = 0;
  try {
    for (const sh of shapes(dir)) {
      if (only !== undefined && !sh.name.includes(only)) continue;
      const a = await medianRun(sh, 1);
      // A shape already over the time limit at 1x is not run at 2x.
      const b = Number.isNaN(a.ms) ? a : await medianRun(sh, 2);
      const ratio = b.ms / a.ms;
      const per10 = (b.ms / 1000) / (b.bytes / (10 * MB));
      const fast = per10 <= TARGET_S_PER_10MB;
      const linear = ratio <= MAX_RATIO;
      const problem = a.problem ?? b.problem;
      // A reference's times are not judged, but a reference that crashes or loses its answer fails as any row.
      const judged = sh.reference !== true;
      if ((judged && (!fast || !linear)) || problem !== undefined) failed++;
      const verdict = (ok: boolean): string => (judged ? (ok ? 'PASS' : 'FAIL') : 'not judged');
      rows.push([sh.item, sh.name, fmt(a.ms), fmt(b.ms), Number.isFinite(ratio) ? ratio.toFixed(2) : '—', Number.isFinite(per10) ? per10.toFixed(2) : '—', verdict(fast), verdict(linear), problem ?? 'ok']);
      console.error(`worst case: ${rows[rows.length - 1].join(' | ')}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\nWorst cases of issue 10 (built server over stdio, initialized as the extension's client does (folding rangeLimit ${RANGE_LIMIT}); built CLI; targets: ≤ ${TARGET_S_PER_10MB} s per 10 MB, time at 2× ≤ ${MAX_RATIO} × time at 1×; wall times, median of ${RUNS} runs each, on a shared machine; ${serverEnvNote()})\n`);
  console.log(`| ${rows[0].join(' | ')} |\n|${rows[0].map(() => '---').join('|')}|`);
  for (const r of rows.slice(1)) console.log(`| ${r.join(' | ')} |`);
  console.log(failed === 0 ? '\nAll shapes PASS.' : `\n${failed} shape(s) FAIL.`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
