// Server benchmark: `node server/out/main.js --stdio` as a child process on a ~1M-line real-derived trace — open-to-folding time (median of fresh servers), hover and inlay-hint latency, RSS.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { serverEnv, serverEnvNote } from './benchEnv';
import {
  StreamMessageReader, StreamMessageWriter, createMessageConnection, type FoldingRange, type InlayHint,
  type MessageConnection, type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';

const REPO = resolve(__dirname, '..', '..');
const CORPUS = resolve(REPO, '..', 'shared', 'corpus');
const SERVER = join(REPO, 'server', 'out', 'main.js');
/** Just under 50 MB: VS Code syncs documents up to 50 MB (larger ones open as plain text, without the extension). ~940k lines of the large capture. */
const MAX_BYTES = 49.9e6;
const MAX_LINES = 1_000_000;
const SAMPLES = 300;
/** Fresh server processes the open is timed on. */
const OPENS = 5;
const WARMUP = 20;
const INLAY_SPAN = 50;
/** VS Code's configured folding maximum for ftrace (package.json configurationDefaults), sent as rangeLimit. */
const RANGE_LIMIT = 65000;
const TARGET_OPEN_MS = 1000;
const TARGET_P99_MS = 5;
const URI = 'file:///bench/large.trace';

/** The server's answer to ftrace/memoryUsage (server/src/protocol.ts MemoryUsageResult). */
interface MemoryUsage {
  readonly process: { readonly rss: number; readonly heapUsed: number; readonly external: number; readonly arrayBuffers: number };
  readonly document: {
    readonly lines: number;
    readonly model: { readonly lines: number; readonly calls: number; readonly functions: number; readonly names: number; readonly issues: number };
    readonly text: number;
    readonly textDecoded: boolean;
    readonly lineIndex: number;
  } | null;
}

/** Rows of the server's RSS by part: model columns, names, document text, line index, the rest. */
function memoryRows(when: string, m: MemoryUsage): Row[] {
  const d = m.document;
  const rss = m.process.rss;
  const mb = (b: number): string => `${(b / 1e6).toFixed(1)} MB`;
  const share = (b: number): string => `${((b / rss) * 100).toFixed(0)}%`;
  if (d === null) return [{ metric: `server RSS ${when}`, value: mb(rss), target: '', ok: null }];
  const columns = d.model.lines + d.model.calls + d.model.functions;
  const names = d.model.names + d.model.issues;
  const other = rss - columns - names - d.text - d.lineIndex;
  const perLine = (b: number): string => `${(b / d.lines).toFixed(1)} B/line`;
  return [
    { metric: `server RSS ${when} (MB = 10^6 bytes)`, value: mb(rss), target: 'report', ok: null },
    { metric: `  model columns (lines ${perLine(d.model.lines)}, calls ${perLine(d.model.calls)})`, value: `${mb(columns)} ${share(columns)}`, target: perLine(columns), ok: null },
    { metric: '  names and tasks (interned strings), issue samples', value: `${mb(names)} ${share(names)}`, target: '', ok: null },
    { metric: d.textDecoded ? '  document text (a string)' : '  document text (didOpen bytes, not decoded yet)', value: `${mb(d.text)} ${share(d.text)}`, target: '', ok: null },
    { metric: '  line index (services\' line starts, TextDocument line offsets)', value: `${mb(d.lineIndex)} ${share(d.lineIndex)}`, target: '', ok: null },
    { metric: '  other (V8 heap and code, answers\' caches, free space)', value: `${mb(other)} ${share(other)}`, target: '', ok: null },
    { metric: '    (JS heap used, array buffers and external)', value: `${mb(m.process.heapUsed)}, ${mb(m.process.external)}`, target: '', ok: null },
  ];
}

/** The benchmark document and where it came from. */
interface Input {
  readonly description: string;
  readonly text: string;
  readonly lines: number;
}

function readTrace(path: string): string {
  const raw = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
}

function traceFiles(dir: string, pattern: RegExp): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => pattern.test(f)).sort().map((f) => join(dir, f)) : [];
}

/** Lines of `texts` (header comments kept only from the first) up to MAX_LINES or MAX_BYTES, repeating the list if needed. */
function take(texts: string[]): { text: string; lines: number } {
  const out: string[] = [];
  let bytes = 0;
  for (let round = 0; out.length < MAX_LINES && bytes < MAX_BYTES; round++) {
    const before = out.length;
    for (const [i, t] of texts.entries()) {
      let lines = t.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      if (round > 0 || i > 0) lines = lines.slice(lines.findIndex((l) => !l.startsWith('#')));
      for (const l of lines) {
        const n = Buffer.byteLength(l) + 1;
        if (out.length >= MAX_LINES || bytes + n > MAX_BYTES) break;
        out.push(l);
        bytes += n;
      }
    }
    if (out.length === before) break;
  }
  return { text: `${out.join('\n')}\n`, lines: out.length };
}

/** The large real capture, else the real captures, else the fixtures' samples — cut or repeated to just under 50 MB. */
function loadInput(): Input {
  const large = traceFiles(join(CORPUS, 'large'), /\.(trace|txt)\.gz$/);
  if (large.length > 0) return { description: `${basename(large[0])}, first lines`, ...take([readTrace(large[0])]) };
  const real = traceFiles(join(CORPUS, 'real'), /default\.trace\.gz$|irqs-on\.trace\.gz$/);
  if (real.length > 0) return { description: `${real.map((f) => basename(f)).join(' + ')}, concatenated`, ...take(real.map(readTrace)) };
  const fixtures = traceFiles(join(REPO, 'fixtures'), /\.trace$/);
  return { description: `fixtures/*.trace repeated (../shared/corpus absent)`, ...take(fixtures.map(readTrace)) };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** kB of a /proc/<pid>/status field (VmRSS, VmHWM), NaN where /proc is absent. */
function procKb(pid: number, field: string): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m === null ? NaN : Number(m[1]);
  } catch {
    return NaN;
  }
}

/** Deterministic pseudo-random numbers (the same positions on every run). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Row {
  readonly metric: string;
  readonly value: string;
  readonly target: string;
  readonly ok: boolean | null;
}

/** A server child process with a JSON-RPC connection over its stdio. */
interface Server {
  readonly child: ChildProcess;
  readonly conn: MessageConnection;
  readonly logs: string[];
  /** Resolves with ms since `since` at the first diagnostics for the benchmark document. */
  diagnosticsAfter(since: number): Promise<number>;
}

async function startServerProcess(): Promise<Server> {
  // FTRACE_LENS_SERVER_NODE_ARGS (space-separated) adds Node options for the server, e.g. --cpu-prof.
  const nodeArgs = (process.env.FTRACE_LENS_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env: serverEnv() });
  const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const logs: string[] = [];
  let onDiagnostics: (() => void) | undefined;
  conn.onNotification('window/logMessage', (p: { message: string }) => { logs.push(p.message); });
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    if (p.uri === URI) onDiagnostics?.();
  });
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { textDocument: { foldingRange: { rangeLimit: RANGE_LIMIT }, inlayHint: {}, hover: {} } },
  });
  await conn.sendNotification('initialized', {});
  return {
    child, conn, logs,
    diagnosticsAfter: (since) => new Promise((res) => { onDiagnostics = () => res(performance.now() - since); }),
  };
}

async function stopServerProcess(server: Server): Promise<void> {
  const { child, conn } = server;
  try {
    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
  } finally {
    conn.dispose();
    if (child.exitCode === null) {
      const exited = new Promise((res) => child.once('exit', res));
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  }
}

/** One open: didOpen, then the folding request a client sends with it. */
interface Open {
  readonly openMs: number;
  readonly sentMs: number;
  readonly diagMs: number;
  readonly folds: number;
  readonly parseLog: string;
  readonly streamLog: string;
}

async function openOnce(server: Server, text: string): Promise<Open> {
  const { conn, logs } = server;
  const openStart = performance.now();
  const diagnostics = server.diagnosticsAfter(openStart);
  // As an editor does: the folding request queued right behind the didOpen, not after its write
  // completed (a server parsing the document as it arrives slows that write down).
  let sentMs = NaN;
  const sent = conn.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'ftrace', version: 1, text } })
    .then(() => { sentMs = performance.now() - openStart; });
  const folds = await conn.sendRequest('textDocument/foldingRange', { textDocument: { uri: URI } }) as FoldingRange[];
  const openMs = performance.now() - openStart;
  await sent;
  const diagMs = await diagnostics;
  return {
    openMs, sentMs, diagMs, folds: folds.length,
    parseLog: logs.find((l) => l.startsWith(`parsed ${URI} `)) ?? '(no parse log)',
    streamLog: logs.find((l) => l.startsWith(`streamed ${URI} `)) ?? '(not streamed)',
  };
}

async function main(): Promise<void> {
  if (!existsSync(SERVER)) throw new Error(`${SERVER} missing: run npm run build first`);
  const t0 = performance.now();
  const input = loadInput();
  const lines = input.text.split('\n');
  const mb = Buffer.byteLength(input.text) / 1e6;
  console.log(`input: ${input.lines.toLocaleString('en')} lines, ${mb.toFixed(1)} MB (${input.description}); built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // What any client pays before the server sees a byte: JSON-encoding the didOpen.
  const encodeStart = performance.now();
  Buffer.from(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: URI, languageId: 'ftrace', version: 1, text: input.text } } }), 'utf8');
  const encodeMs = performance.now() - encodeStart;

  const rows: Row[] = [];
  // The open is timed on OPENS fresh server processes (a noisy machine moves single runs by 100 ms
  // and more); the median is the figure, min and max are shown. The last server stays for the latencies.
  const opens: Open[] = [];
  let server: Server | undefined;
  let rssIdle = NaN;
  let rssOpen = NaN;
  for (let i = 0; i < OPENS; i++) {
    if (server !== undefined) await stopServerProcess(server);
    (globalThis as { gc?: () => void }).gc?.();
    server = await startServerProcess();
    rssIdle = procKb(server.child.pid!, 'VmRSS');
    opens.push(await openOnce(server, input.text));
    rssOpen = procKb(server.child.pid!, 'VmRSS');
  }
  const { conn, child } = server!;
  const pid = child.pid!;
  try {
    const sortedOpen = opens.map((o) => o.openMs).sort((a, b) => a - b);
    const openMs = percentile(sortedOpen, 50);
    const med = (f: (o: Open) => number): string => `${percentile(opens.map(f).sort((a, b) => a - b), 50).toFixed(0)} ms`;
    const parseMs = (o: Open): number => Number(/ in (\d+) ms$/.exec(o.parseLog)?.[1] ?? NaN);
    rows.push({ metric: `didOpen -> first foldingRange answer (median of ${OPENS})`, value: `${openMs.toFixed(0)} ms`, target: `< ${TARGET_OPEN_MS} ms`, ok: openMs < TARGET_OPEN_MS });
    rows.push({ metric: '  (each open, ms)', value: opens.map((o) => o.openMs.toFixed(0)).join(' '), target: '', ok: null });
    rows.push({ metric: '  (each open: server from first byte to parsed, ms)', value: opens.map((o) => /, (\d+) ms from the first byte/.exec(o.streamLog)?.[1] ?? '?').join(' '), target: '', ok: null });
    rows.push({ metric: '  (each open: client write done, ms)', value: opens.map((o) => o.sentMs.toFixed(0)).join(' '), target: '', ok: null });
    rows.push({ metric: '  (client: JSON-encoding the didOpen alone)', value: `${encodeMs.toFixed(0)} ms`, target: '', ok: null });
    rows.push({ metric: '  (client: didOpen encode + pipe write done, median)', value: med((o) => o.sentMs), target: '', ok: null });
    rows.push({ metric: '  (server: parse time, median, from its log)', value: med(parseMs), target: '', ok: null });
    rows.push({ metric: `  (folding ranges, rangeLimit ${RANGE_LIMIT})`, value: opens[0].folds.toLocaleString('en'), target: '', ok: null });
    rows.push({ metric: '  (didOpen -> first diagnostics, median)', value: med((o) => o.diagMs), target: '', ok: null });
    const last = opens[opens.length - 1];
    const afterOpen = await conn.sendRequest('ftrace/memoryUsage', { uri: URI }) as MemoryUsage;

    // Collect the client's garbage first (run with --expose-gc) so its pauses do not land in the server's latencies.
    (globalThis as { gc?: () => void }).gc?.();
    const random = rng(42);
    const hoverMs: number[] = [];
    let firstHoverMs = NaN;
    for (let i = 0; i < WARMUP + SAMPLES; i++) {
      const line = Math.floor(random() * (input.lines - 1));
      const bar = lines[line].indexOf('|');
      const m = /[A-Za-z_]/.exec(lines[line].slice(bar + 1));
      const character = bar >= 0 && m !== null ? bar + 1 + m.index : 0;
      const s = performance.now();
      await conn.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line, character } });
      if (i === 0) firstHoverMs = performance.now() - s;
      if (i >= WARMUP) hoverMs.push(performance.now() - s);
    }
    (globalThis as { gc?: () => void }).gc?.();
    const inlayMs: number[] = [];
    let hints = 0;
    for (let i = 0; i < WARMUP + SAMPLES; i++) {
      const start = Math.floor(random() * (input.lines - INLAY_SPAN));
      const s = performance.now();
      const r = await conn.sendRequest('textDocument/inlayHint', {
        textDocument: { uri: URI }, range: { start: { line: start, character: 0 }, end: { line: start + INLAY_SPAN, character: 0 } },
      }) as InlayHint[];
      if (i >= WARMUP) {
        inlayMs.push(performance.now() - s);
        hints += r.length;
      }
    }
    for (const [name, ms] of [['hover', hoverMs], [`inlayHint (${INLAY_SPAN}-line ranges)`, inlayMs]] as const) {
      const sorted = [...ms].sort((a, b) => a - b);
      const p99 = percentile(sorted, 99);
      rows.push({ metric: `${name} p50`, value: `${percentile(sorted, 50).toFixed(2)} ms`, target: '', ok: null });
      rows.push({ metric: `${name} p99`, value: `${p99.toFixed(2)} ms`, target: `< ${TARGET_P99_MS} ms`, ok: p99 < TARGET_P99_MS });
      rows.push({ metric: `${name} max`, value: `${sorted[sorted.length - 1].toFixed(2)} ms`, target: '', ok: null });
    }
    rows.push({ metric: '  (first hover, cold: lazy per-model tables)', value: `${firstHoverMs.toFixed(2)} ms`, target: '', ok: null });
    rows.push({ metric: '  (inlay hints per range, mean)', value: (hints / SAMPLES).toFixed(1), target: '', ok: null });
    rows.push({ metric: 'server RSS before open', value: `${(rssIdle / 1024).toFixed(0)} MB`, target: '', ok: null });
    rows.push({ metric: 'server RSS after open + first answer', value: `${(rssOpen / 1024).toFixed(0)} MB`, target: 'report', ok: null });
    rows.push({ metric: 'server RSS after the queries', value: `${(procKb(pid, 'VmRSS') / 1024).toFixed(0)} MB`, target: '', ok: null });
    rows.push(...memoryRows('after open + first answer, by part', afterOpen));
    rows.push(...memoryRows('after the queries, by part', await conn.sendRequest('ftrace/memoryUsage', { uri: URI }) as MemoryUsage));
    rows.push({ metric: 'server peak RSS (VmHWM)', value: `${(procKb(pid, 'VmHWM') / 1024).toFixed(0)} MB`, target: '', ok: null });
    console.log(`server log: ${last.parseLog}\nserver log: ${last.streamLog}`);
  } finally {
    await stopServerProcess(server!);
  }

  const width = [Math.max(...rows.map((r) => r.metric.length)), Math.max(...rows.map((r) => r.value.length)), Math.max(10, ...rows.map((r) => r.target.length))];
  const line = (a: string, b: string, c: string, d: string): string => `${a.padEnd(width[0])}  ${b.padStart(width[1])}  ${c.padEnd(width[2])}  ${d}`;
  console.log(`\nServer benchmark (${SAMPLES} samples each after ${WARMUP} warm-up; latencies are client round trips over stdio; ${serverEnvNote()})`);
  console.log(line('metric', 'value', 'target', 'result'));
  console.log(line('-'.repeat(width[0]), '-'.repeat(width[1]), '-'.repeat(width[2]), '------'));
  for (const r of rows) console.log(line(r.metric, r.value, r.target, r.ok === null ? '' : r.ok ? 'PASS' : 'FAIL'));
  const failed = rows.filter((r) => r.ok === false).length;
  console.log(failed === 0 ? '\nall targets PASS' : `\n${failed} target(s) FAIL`);
  process.exitCode = failed === 0 ? 0 : 1;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exitCode = 1;
});
