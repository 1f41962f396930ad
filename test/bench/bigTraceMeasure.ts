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

/** Milliseconds of one more index of the file as the first (its model is not kept), and its line count. */
async function timedIndex(path: string): Promise<{ ms: number; lines: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const t0 = performance.now();
  const { trace } = await indexTraceFile(path, { log: (m) => console.log(m) });
  return { ms: performance.now() - t0, lines: trace.model.lineCount };
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

async function main(): Promise<number> {
  const [path, what] = process.argv.slice(2);
  console.log('Ftrace Lens big-trace benchmark (disk index)');
  console.log(`node ${process.version}; ${cpus().length} CPUs, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} (other agents share the machine: times are noisy)`);
  const scan1 = newlineScan(path); // also brings the file into the page cache
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const poll = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 5);
  const { workers } = lexWorkers(Infinity, { log: (m) => console.log(m) });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { trace, identity } = await indexTraceFile(path, { log: (m) => console.log(m) });
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
  const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;
  console.log(`newline scan ${fmt(scanMs)} ms (4 MB reads, best of 2), index from disk ${fmt(indexMs)} ms (${fmt(identity.size / 1e6 / (indexMs / 1000))} MB/s; ${workers} lex workers; CPU time of all threads ${fmt(cpuMs(indexCpu))} ms vs the scan's ${fmt(scanCpuMs)} ms: ratio ${(cpuMs(indexCpu) / scanCpuMs).toFixed(1)} in CPU time, less sensitive to other load)`);
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

  // The index once more as above, for a best of 2 as the scan's (a run on this shared machine swings by
  // about 10%: a best of 2 against a single run made the ratio depend on which one the index drew).
  const again = await timedIndex(path);
  const indexBestMs = Math.min(indexMs, again.ms);
  console.log(`index from disk again ${fmt(again.ms)} ms (${fmt(again.lines)} lines): best of 2 ${fmt(indexBestMs)} ms against the scan's best of 2 ${fmt(scanMs)} ms`);
  const ratio = indexBestMs / scanMs;

  // The same file indexed the other way (lex workers or one thread), for the workers' speed-up (the model above is kept).
  {
    const other = workers > 0 ? 0 : 2;
    (globalThis as { gc?: () => void }).gc?.();
    const c0 = process.cpuUsage();
    const s0 = performance.now();
    const again = await indexTraceFile(path, { workers: other, minParallelBytes: 0, log: (m) => console.log(m) });
    const otherMs = performance.now() - s0;
    const c1 = process.cpuUsage(c0);
    const [one, par, oneCpu, parCpu] = other === 0 ? [otherMs, indexMs, cpuMs(c1), cpuMs(indexCpu)] : [indexMs, otherMs, cpuMs(indexCpu), cpuMs(c1)];
    console.log(`index on one thread ${fmt(one)} ms (CPU ${fmt(oneCpu)} ms), with ${Math.max(workers, other)} lex workers ${fmt(par)} ms (CPU of all threads ${fmt(parCpu)} ms), ${fmt(again.trace.model.lineCount)} lines: speed-up ${(one / par).toFixed(2)}x on ${cpus().length} CPUs (load average now ${loadavg()[0].toFixed(1)}: other agents share them)`);
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
