// Parser benchmark body (bundled and run by bench.ts): parse rate of a >= 100 MB real trace against a bare newline scan of the same bytes, plus model bytes per line.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as core from '../../server/src/core/index';
import { clocked, gc, median, parseComplete, scanJs } from './benchClock';
import { layoutTable, runLayoutRow } from './layouts';

/** The repository root (bench.ts passes it: this file runs from a temporary bundle). */
const REPO = resolve(process.env.FTRACE_LENS_REPO ?? join(__dirname, '..', '..'));
const CORPUS = resolve(REPO, '..', 'shared', 'corpus');
const MIN_BYTES = 100e6;
const ROUNDS = 5;
const WARMUP_BYTES = 8e6;
const TARGET_RATIO = 0.25;
const TARGET_BYTES_PER_LINE = 32;

/** Where the input came from and its bytes. */
interface Input {
  readonly description: string;
  readonly bytes: Buffer;
}

/** Reads a trace file, gunzipping `.gz`. */
function readTraceFile(path: string): Buffer {
  const raw = readFileSync(path);
  return path.endsWith('.gz') ? gunzipSync(raw) : raw;
}

/** Concatenates `files` (repeating the list) until at least MIN_BYTES; every file ends with a line break. */
function concatenate(files: string[]): Buffer {
  const parts = files.map((f) => {
    const b = readTraceFile(f);
    return b.length > 0 && b[b.length - 1] !== 10 ? Buffer.concat([b, Buffer.from('\n')]) : b;
  });
  const once = parts.reduce((n, b) => n + b.length, 0);
  if (once === 0) return Buffer.alloc(0);
  const out: Buffer[] = [];
  let n = 0;
  while (n < MIN_BYTES) {
    for (const b of parts) {
      out.push(b);
      n += b.length;
    }
  }
  return Buffer.concat(out, n);
}

/** Trace files directly in `dir` (not Markdown notes). */
function traceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.(trace|txt)(\.gz)?$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** The benchmark input: the large real capture, else real captures, else the fixtures' samples, concatenated. */
function loadInput(): Input | undefined {
  const large = traceFiles(join(CORPUS, 'large'));
  if (large.length > 0) {
    const bytes = large.length === 1 ? readTraceFile(large[0]) : concatenate(large);
    if (bytes.length >= MIN_BYTES) return { description: `${large.map((f) => basename(f)).join(' + ')} (../shared/corpus/large)`, bytes };
    return { description: `${large.map((f) => basename(f)).join(' + ')} (../shared/corpus/large), repeated`, bytes: concatenate(large) };
  }
  const real = traceFiles(join(CORPUS, 'real'));
  if (real.length > 0) return { description: `${real.length} captures of ../shared/corpus/real, concatenated (repeated to >= 100 MB)`, bytes: concatenate(real) };
  const samples = traceFiles(join(REPO, 'fixtures'));
  if (samples.length > 0) return { description: `${samples.length} trace samples of fixtures/, concatenated and repeated to >= 100 MB (../shared/corpus not found)`, bytes: concatenate(samples) };
  return undefined;
}

/** Newline scan with the native Buffer.indexOf (memchr). */
function scanNative(b: Buffer): number {
  let n = 0;
  let p = b.indexOf(10);
  while (p >= 0) {
    n++;
    p = b.indexOf(10, p + 1);
  }
  return n;
}

/** Wall-clock milliseconds of f(), and its result. */
function timed<T>(f: () => T): [number, T] {
  const t0 = performance.now();
  const r = f();
  return [performance.now() - t0, r];
}

/** Parses once and measures what the model keeps alive (the model is dropped on return). */
function measureMemory(text: string): { lines: number; calls: number; names: number; modelPerLine: number; parts: core.ModelBytes; heapPerLine: number; externalPerLine: number; peakRssKb: number } {
  gc();
  const before = process.memoryUsage();
  const rss0 = process.resourceUsage().maxRSS;
  const model = parseComplete(text);
  const peakRssKb = process.resourceUsage().maxRSS - rss0;
  gc();
  const after = process.memoryUsage();
  const lines = model.lineCount;
  return {
    lines,
    calls: model.callCount,
    names: model.names.length,
    modelPerLine: core.modelBytes(model) / lines,
    parts: core.modelBytesByPart(model),
    heapPerLine: (after.heapUsed - before.heapUsed) / lines,
    externalPerLine: (after.external - before.external) / lines,
    peakRssKb,
  };
}

/**
 * For information, not the target: one parse of every real capture concatenated (all layouts;
 * each layout's own figure is in the per-layout table).
 */
function mixedLayouts(mainInput: string): void {
  const real = traceFiles(join(CORPUS, 'real'));
  if (real.length === 0 || !mainInput.includes('corpus/large')) return;
  const bytes = Buffer.concat(real.map((f) => {
    const b = readTraceFile(f);
    return b.length > 0 && b[b.length - 1] !== 10 ? Buffer.concat([b, Buffer.from('\n')]) : b;
  }));
  const u8 = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  const text = bytes.toString('utf8');
  gc();
  const scan = timed(() => scanJs(u8))[0];
  const parse = timed(() => parseComplete(text).lineCount);
  const mb = bytes.length / 1e6;
  console.log(`
for information, one round: ${real.length} real captures concatenated (every layout; ${fmt(mb, 1)} MB, ${fmt(parse[1])} lines)`);
  console.log(`  JS byte-loop scan ${fmt(mb / (scan / 1000))} MB/s, parseTrace ${fmt(mb / (parse[0] / 1000))} MB/s, ratio ${(scan / parse[0]).toFixed(3)}`);
}

const fmt = (x: number, d = 0): string => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

async function main(): Promise<void> {
  // FTRACE_LENS_BENCH_ONLY=layouts: only the per-layout table.
  if (process.env.FTRACE_LENS_BENCH_ONLY === 'layouts') return;
  const input = loadInput();
  if (input === undefined) {
    console.log('bench: no trace input (neither ../shared/corpus nor trace samples in fixtures/): skipped');
    return;
  }
  const how = process.env.FTRACE_LENS_BUNDLED === '1' ? 'server/src/core and this benchmark bundled by esbuild, run by plain node (as shipped)' : 'unbundled (run bench.ts for the shipped, bundled build)';
  const bytes = input.bytes;
  const u8 = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  const text = bytes.toString('utf8');
  const mb = bytes.length / 1e6;
  const ascii = text.length === bytes.length;
  console.log('Ftrace Lens parser benchmark');
  console.log(`input:  ${input.description}`);
  console.log(`        ${fmt(mb, 1)} MB, ${fmt(scanNative(bytes))} lines, ${ascii ? 'all ASCII' : 'not all ASCII'}; parsed as one string, the way the server holds a document`);
  console.log(`parser: ${how}`);
  console.log(`node ${process.version}; ${cpus().length} CPUs, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}; MB = 10^6 bytes${(globalThis as { gc?: unknown }).gc === undefined ? '; no --expose-gc: memory figures are rough' : ''}`);

  // Memory first, in a fresh heap: what the model keeps on top of the text.
  const { lines, calls, names, modelPerLine, parts, heapPerLine, externalPerLine, peakRssKb } = measureMemory(text);
  gc();

  // Warm-up (JIT) on a slice, then interleaved rounds so drift hits all three alike.
  const warm = text.slice(0, text.lastIndexOf('\n', WARMUP_BYTES) + 1);
  parseComplete(warm);
  scanJs(u8.subarray(0, WARMUP_BYTES));
  scanNative(bytes.subarray(0, WARMUP_BYTES));
  const js: { wall: number; cpu: number }[] = [];
  const native: { wall: number; cpu: number }[] = [];
  const parse: { wall: number; cpu: number }[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    js.push(clocked(() => scanJs(u8)));
    native.push(clocked(() => scanNative(bytes)));
    gc();
    parse.push(clocked(() => parseComplete(text)));
    gc();
  }
  const rate = (ms: number): number => mb / (ms / 1000);
  const row = (label: string, t: { wall: number; cpu: number }[], clock: 'wall' | 'cpu'): void => {
    const ms = t.map((x) => x[clock]);
    console.log(`  ${label.padEnd(46)} ${fmt(rate(Math.min(...ms))).padStart(6)} MB/s  ${fmt(rate(median(ms))).padStart(6)} MB/s   ${ms.map((x) => fmt(x)).join(' ')}`);
  };
  const ratioLine = (clock: 'wall' | 'cpu'): number => {
    const ratios = parse.map((p, i) => js[i][clock] / p[clock]);
    const nativeRatios = parse.map((p, i) => native[i][clock] / p[clock]);
    console.log(`  parse/scan ratio vs the JS byte loop:  median ${median(ratios).toFixed(3)}, best ${Math.max(...ratios).toFixed(3)} (per round: ${ratios.map((x) => x.toFixed(2)).join(' ')})`);
    console.log(`  parse/scan ratio vs native memchr:     median ${median(nativeRatios).toFixed(3)}, best ${Math.max(...nativeRatios).toFixed(3)}`);
    return median(ratios);
  };
  console.log(`\n${ROUNDS} rounds (scan, scan, parse) after a warm-up on the first ${fmt(WARMUP_BYTES / 1e6)} MB; best and median rate, then each round's ms`);
  for (const clock of ['wall', 'cpu'] as const) {
    console.log(clock === 'wall' ? 'wall clock (the measure of the target; other jobs on the machine slow both alike within a round):' : 'CPU time of the process, for comparison (user + system of all threads: the GC helpers working beside the parse count against it):');
    row('newline scan, JS byte loop  (the bare scan)', js, clock);
    row('newline scan, native Buffer.indexOf (memchr)', native, clock);
    row('parseTrace', parse, clock);
    ratioLine(clock);
  }
  const ratio = median(parse.map((p, i) => js[i].wall / p.wall));
  const cpuRatio = median(parse.map((p, i) => js[i].cpu / p.cpu));
  console.log(`parse: ${fmt((median(parse.map((p) => p.wall)) * 1e6) / lines)} ns per line (median wall clock), ${fmt(lines)} lines, ${fmt(calls)} calls, ${fmt(names)} names`);
  console.log(`\nmodel: ${modelPerLine.toFixed(1)} bytes per line by modelBytes() (typed-array buffers, names, tasks, issue samples)`);
  const part = (b: number): string => (b / lines).toFixed(2);
  console.log(`  by part, bytes per line: lines (kinds, line-to-call index) ${part(parts.lines)}, call table (with children and self times) ${part(parts.calls)} = ${fmt(parts.calls / Math.max(1, calls), 1)} per call, functions ${part(parts.functions)}, names and tasks ${part(parts.names)}, issues ${part(parts.issues)}`);
  console.log(`heap growth with the model alive (gc, process.memoryUsage): ${(heapPerLine + externalPerLine).toFixed(1)} bytes per line = JS heap ${heapPerLine.toFixed(1)} + array buffers/external ${externalPerLine.toFixed(1)}`);
  console.log(`peak RSS growth during the first parse: ${fmt(peakRssKb / 1024)} MB (${fmt((peakRssKb * 1024) / lines, 1)} bytes per line; transient: text copy windows, columns before trimming)`);
  mixedLayouts(input.description);
  const memOk = modelPerLine <= TARGET_BYTES_PER_LINE && heapPerLine + externalPerLine <= TARGET_BYTES_PER_LINE;
  console.log(`\nmodel bytes per line ${modelPerLine.toFixed(1)} / heap ${(heapPerLine + externalPerLine).toFixed(1)} (target <= ${TARGET_BYTES_PER_LINE}): ${memOk ? 'PASS' : 'FAIL'}`);
  console.log(`(by CPU time instead, all threads: median ratio ${cpuRatio.toFixed(3)}${cpuRatio >= TARGET_RATIO ? '' : ', below the target'})`);
  console.log(`parse/scan ratio ${ratio.toFixed(3)} (median of ${ROUNDS} rounds, wall clock, vs the JS byte-loop scan; target >= ${TARGET_RATIO}): ${ratio >= TARGET_RATIO ? 'PASS' : 'FAIL'}`);
}

// A process of its own for one row of the per-layout table (see layoutTable), or the whole bench.
if (!runLayoutRow(CORPUS)) {
  main()
    .then(() => {
      gc();
      layoutTable(CORPUS);
    })
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
