// Big-trace benchmark body (bundled and run by bigTraceBench.ts on a generated ~1 GB file): index from disk vs a chunked newline scan, resident memory per line, panel and slice latency once indexed.
import { closeSync, openSync, readSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { FileLines, type TraceModel } from '../../server/src/core/index';
import { indexTraceFile } from '../../server/src/node/fileIndexer';
import { lexWorkers } from '../../server/src/threads/lexWorkers';
import { warmUp } from '../../server/src/node/diskIndexes';
import { callTree, slowest } from '../../server/src/service/customRequests';
import { sliceAnswer } from '../../server/src/service/slices';
import type { CallTreeResult, SliceSpec } from '../../server/src/protocol';

const TARGET_RATIO = 8;
const TARGET_BYTES_PER_LINE = 40;
const TARGET_P99_MS = 50;
const TARGET_SLICE_MS = 1000;

const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;
const fmt = (x: number, d = 0): string => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

/** Milliseconds of a chunked newline scan of the file (4 MB reads, native indexOf), and its line count. */
function newlineScan(path: string): { ms: number; cpuMs: number; lines: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(4 << 20);
  let lines = 0;
  let pos = 0;
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, pos);
    if (n === 0) break;
    for (let p = buf.indexOf(10, 0); p >= 0 && p < n; p = buf.indexOf(10, p + 1)) lines++;
    pos += n;
  }
  closeSync(fd);
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, lines };
}

/**
 * Collects the models dropped so far and waits until their memory is given back: their array
 * buffers outlive the first collection (measured: still held after one, freed after the next).
 */
async function collect(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return;
  for (let i = 0, last = Infinity; i < 5; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 100));
    const held = process.memoryUsage().arrayBuffers;
    if (held >= last) break;
    last = held;
  }
}

/** Milliseconds of an index of the file (`workers` lex workers, default as the server), its CPU time and line count; the model is dropped (collected before the next index). */
async function timedIndex(path: string, workers?: number): Promise<{ ms: number; cpuMs: number; lines: number; rssBefore: number; pieces: string }> {
  await collect();
  const rssBefore = process.memoryUsage().rss;
  const pieces = new PieceCount();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const { trace } = await indexTraceFile(path, { log: (m) => console.log(m), onPiece: pieces.add, ...(workers === undefined ? {} : { workers, minParallelBytes: 0 }) });
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { ms, cpuMs: (c.user + c.system) / 1000, lines: trace.model.lineCount, rssBefore, pieces: pieces.text() };
}

/** Pieces of an index on lex workers: parsed on the main thread (the first, and those it took while the workers were behind) and lexed apart. */
class PieceCount {
  here = 0;
  apart = 0;
  readonly add = (lexedApart: boolean): void => {
    if (lexedApart) this.apart++;
    else this.here++;
  };

  text(): string {
    return this.here + this.apart === 0 ? '' : `; pieces: ${this.apart} lexed by workers, ${this.here} parsed on the main thread`;
  }
}

function p99(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.99) - 1)];
}

function timeEach(n: number, f: (i: number) => unknown): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    f(i);
    out.push(performance.now() - t0);
  }
  return out;
}

/** What {@link measureKept} found, for the verdicts. */
interface KeptFigures {
  readonly indexMs: number;
  readonly indexCpuMs: number;
  readonly scanMs: number;
  readonly perLine: number;
  readonly pageTimes: number[];
  readonly slowTimes: number[];
  readonly sliceMs: number[];
}

/**
 * Indexes the file as the server does and keeps the model for the measures made on it (memory,
 * the panel's pages, slowest calls, slices); the model is dropped when this returns.
 */
async function measureKept(path: string, what: string, scan1: { ms: number; cpuMs: number; lines: number }, workers: number): Promise<KeptFigures> {
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const poll = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 5);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const pieces = new PieceCount();
  const { trace, identity } = await indexTraceFile(path, { log: (m) => console.log(m), onPiece: pieces.add });
  const indexMs = performance.now() - t0;
  const indexCpu = process.cpuUsage(cpu0);
  const model: TraceModel = trace.model;
  // What the server does right after answering ftrace/indexFile: derive children, self times and
  // function statistics, rank the slowest calls (part of the memory, timed apart).
  const warmT = performance.now();
  warmUp(model);
  const groups = callTree(model, 1, { uri: 'file:///big.trace' });
  const warmMs = performance.now() - warmT;
  peak = Math.max(peak, process.memoryUsage().rss);
  clearInterval(poll);
  const maxRss = process.resourceUsage().maxRSS * 1024;
  const scan2 = newlineScan(path);
  const scanMs = Math.min(scan1.ms, scan2.ms);
  const scanCpuMs = Math.min(scan1.cpuMs, scan2.cpuMs);
  const lines = model.lineCount;
  console.log(`input:  ${fmt(identity.size / 1e6)} MB, ${fmt(lines)} lines, ${fmt(model.callCount)} calls (${what}); MB = 10^6 bytes`);
  if (scan1.lines !== lines && scan1.lines + 1 !== lines) console.log(`warning: newline scan counted ${scan1.lines} lines`);
  const indexCpuMs = cpuMs(indexCpu);
  console.log(`newline scan ${fmt(scanMs)} ms (4 MB reads, best of 2), index from disk ${fmt(indexMs)} ms (${fmt(identity.size / 1e6 / (indexMs / 1000))} MB/s; ${workers} lex workers${pieces.text()}; CPU time of all threads ${fmt(indexCpuMs)} ms vs the scan's ${fmt(scanCpuMs)} ms: ratio ${(indexCpuMs / scanCpuMs).toFixed(1)} in CPU time, less sensitive to other load)`);
  console.log(`after indexing (derived columns, slowest-call rankings, the groups): ${fmt(warmMs)} ms`);
  const perLine = maxRss / lines;
  console.log(`resident memory: peak ${fmt(maxRss / 1e6)} MB = ${perLine.toFixed(1)} B/line (process total, baseline ${fmt(rss0 / 1e6)} MB before indexing = ${(rss0 / lines).toFixed(1)} B/line of it; ${((peak - rss0) / lines).toFixed(1)} B/line growth); checkpoints ${fmt(trace.checkpoints.bytes() / 1e3)} kB`);

  // Panel: group pages and child pages in both orders, slowest calls.
  const gs = groups.groups ?? [];
  const big = [...gs].sort((a, b) => b.callCount - a.callCount);
  const pageTimes = timeEach(200, (i) => {
    const g = big[i % Math.min(big.length, 8)];
    const order = i % 2 === 0 ? 'trace' : 'time';
    const page = callTree(model, 1, { uri: 'file:///big.trace', group: g.key, order, offset: (i * 7919) % Math.max(1, g.callCount - 200), limit: 200 }) as CallTreeResult;
    const c = page.calls?.[0];
    if (c !== undefined && c.childCount > 0) callTree(model, 1, { uri: 'file:///big.trace', parent: c.id, order, limit: 200 });
  });
  // As the client asks once indexed (Jump to Slowest Call: 1, Show Slowest Calls: 50) under the
  // settings' ranking (default: on-CPU), which the warm-up ranked; the most a request may ask (1000) apart.
  const slowTimes = timeEach(100, (i) => slowest(model, 1, { uri: 'file:///big.trace', count: i % 2 === 0 ? 1 : 50 }));
  const slow1000 = timeEach(10, () => slowest(model, 1, { uri: 'file:///big.trace', count: 1000 }));
  // Another measure is ranked on its first request (one pass over every call), then answered from the cache.
  const firstOther = (['inclusive', 'self'] as const).map((by) => `${by} ${timeEach(2, () => slowest(model, 1, { uri: 'file:///big.trace', count: 50, by })).map((ms) => fmt(ms)).join(' then ')} ms`);
  console.log(`call tree page (group page + a child page, trace and time order): p99 ${pageTimes.length > 0 ? p99(pageTimes).toFixed(1) : '-'} ms (max ${Math.max(...pageTimes).toFixed(1)}, first ${pageTimes[0].toFixed(1)})`);
  console.log(`slowest calls (1 and 50, on-CPU as the settings default): p99 ${p99(slowTimes).toFixed(1)} ms (max ${Math.max(...slowTimes).toFixed(1)}); 1000 calls: max ${Math.max(...slow1000).toFixed(1)} ms; first answers by another measure: ${firstOther.join(', ')}`);

  // Slices read line text back from the file.
  const top = slowest(model, 1, { uri: 'file:///big.trace', count: 1 }).calls[0];
  const fd = openSync(path, 'r');
  const source = new FileLines((b, o, n, p) => readSync(fd, b, o, n, p), trace.checkpoints, lines, trace.bytes);
  const specs: SliceSpec[] = [{ kind: 'call', line: top.line }, { kind: 'cpu', cpu: model.cpus[0] }, { kind: 'task', pid: gs.find((g) => (g.pid ?? -1) > 0)?.pid ?? 0 }, { kind: 'call', line: Math.floor(lines * 0.9) }];
  const sliceMs: number[] = [];
  for (const spec of specs) {
    const s0 = performance.now();
    const r = sliceAnswer('file:///big.trace', model, source, 1, spec);
    const ms = performance.now() - s0;
    sliceMs.push(ms);
    console.log(`slice ${JSON.stringify(spec)}: ${fmt(ms)} ms, ${r.ok ? `${fmt(r.lines)} lines, ${fmt(r.bytes / 1e6, 1)} MB${r.truncated !== null ? `, cut (${r.truncated.reason})` : ''}` : r.message}`);
  }
  closeSync(fd);

  return { indexMs, indexCpuMs, scanMs, perLine, pageTimes, slowTimes, sliceMs };
}

async function main(): Promise<number> {
  const [path, what] = process.argv.slice(2);
  console.log('Ftrace Lens big-trace benchmark (disk index)');
  console.log(`node ${process.version}; ${cpus().length} CPUs, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} (other agents share the machine: times are noisy)`);
  const scan1 = newlineScan(path); // also brings the file into the page cache
  const { workers } = lexWorkers(Infinity, { log: (m) => console.log(m) });
  const kept = await measureKept(path, what, scan1, workers);
  const { indexMs, scanMs, perLine, pageTimes, slowTimes, sliceMs } = kept;

  // The index once more as above, for a best of 2 as the scan's (a run on this shared machine swings
  // by about 10%: a best of 2 against a single run made the ratio depend on which one the index
  // drew), with the first model dropped (timed while that model and its derived columns were still
  // held, it ran 10-40% slower: the best of 2 was the first run).
  const again = await timedIndex(path);
  const indexBestMs = Math.min(indexMs, again.ms);
  console.log(`index from disk again ${fmt(again.ms)} ms (CPU ${fmt(again.cpuMs)} ms, ${fmt(again.lines)} lines${again.pieces}; resident before it ${fmt(again.rssBefore / 1e6)} MB): best of 2 ${fmt(indexBestMs)} ms against the scan's best of 2 ${fmt(scanMs)} ms`);
  const ratio = indexBestMs / scanMs;

  // The same file indexed the other way (lex workers or one thread), for the workers' speed-up; against the better of the two runs above.
  {
    const otherWay = await timedIndex(path, workers > 0 ? 0 : 2);
    const [best, bestCpu] = again.ms < indexMs ? [again.ms, again.cpuMs] : [indexMs, kept.indexCpuMs];
    const [one, par, oneCpu, parCpu] = workers > 0 ? [otherWay.ms, best, otherWay.cpuMs, bestCpu] : [best, otherWay.ms, bestCpu, otherWay.cpuMs];
    console.log(`index on one thread ${fmt(one)} ms (CPU ${fmt(oneCpu)} ms), with ${workers > 0 ? workers : 2} lex workers ${fmt(par)} ms (CPU of all threads ${fmt(parCpu)} ms), ${fmt(otherWay.lines)} lines: speed-up ${(one / par).toFixed(2)}x on ${cpus().length} CPUs (load average now ${loadavg()[0].toFixed(1)}: other agents share them)`);
  }

  const results: [string, boolean][] = [
    [`index/scan ratio ${ratio.toFixed(1)}, best of 2 each (target <= ${TARGET_RATIO})`, ratio <= TARGET_RATIO],
    [`resident memory ${perLine.toFixed(1)} B/line at peak (target <= ${TARGET_BYTES_PER_LINE})`, perLine <= TARGET_BYTES_PER_LINE],
    [`call tree page p99 ${p99(pageTimes).toFixed(1)} ms (target <= ${TARGET_P99_MS})`, p99(pageTimes) <= TARGET_P99_MS],
    [`slowest calls p99 ${p99(slowTimes).toFixed(1)} ms (target <= ${TARGET_P99_MS})`, p99(slowTimes) <= TARGET_P99_MS],
    [`slowest slice ${fmt(Math.max(...sliceMs))} ms (target <= ${TARGET_SLICE_MS})`, Math.max(...sliceMs) <= TARGET_SLICE_MS],
  ];
  console.log('');
  for (const [text, ok] of results) console.log(`${text}: ${ok ? 'PASS' : 'FAIL'}`);
  return results.every(([, ok]) => ok) ? 0 : 1;
}

main().then((code) => process.exit(code), (e: unknown) => {
  console.error(e);
  process.exit(1);
});
