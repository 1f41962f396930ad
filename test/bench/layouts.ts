// Per-layout parse benchmark (part of npm run bench): each real layout, ~100 MB by repeating its capture, against a bare newline scan of the same bytes.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { clocked, gc, median, parseComplete, scanJs } from './benchClock';

/** Layout name and the capture of ../shared/corpus/real that shows it (see the corpus README). */
const LAYOUTS: readonly (readonly [string, string])[] = [
  ['default (cpu, duration)', 'k61-smp2-default.trace.gz'],
  ['proc + abstime', 'k61-smp2-proc-abstime.trace.gz'],
  ['proc + abstime + tail', 'k612-smp2-proc-abstime-tail.trace.gz'],
  ['trace-cmd report', 'k61-smp2-tracecmd-report.txt.gz'],
  ['tail', 'k61-smp2-tail.trace.gz'],
  ['retval', 'b73-smp2-retval.trace.gz'],
  ['latency-format', 'k61-smp2-latency.trace.gz'],
  ['args', 'k73-smp2-args.trace.gz'],
  ['no-cpu', 'k61-smp2-no-cpu.trace.gz'],
  ['no-duration', 'k61-smp2-no-duration.trace.gz'],
  ['marker-events', 'k61-smp2-marker-events.trace.gz'],
  ['irqs on', 'k61-smp2-irqs-on.trace.gz'],
  ['irqs off', 'k61-smp2-irqs-off.trace.gz'],
  ['arm64 (irqs on)', 'a61-smp2-irqs-on.trace.gz'],
];
/** Alternated rounds per row (with 3, one row of the same code read 0.205 and 0.230 an hour apart on this shared machine). */
const ROUNDS = 5;
const TARGET_RATIO = 0.25;

/** The capture repeated to at least `bytes` (it ends with a line break). */
function repeated(path: string, bytes: number): Buffer {
  let one = gunzipSync(readFileSync(path));
  if (one.length > 0 && one[one.length - 1] !== 10) one = Buffer.concat([one, Buffer.from('\n')]);
  const n = Math.max(1, Math.ceil(bytes / one.length));
  return Buffer.concat(new Array<Buffer>(n).fill(one));
}

/** One row's figures, as a row process prints them (one JSON line). */
interface RowResult {
  readonly bytes: number;
  readonly lines: number;
  /** Median parse wall time, ms. */
  readonly ms: number;
  /** Median newline scan wall time, ms (the machine's side of the ratio: it moves with the host). */
  readonly scanMs: number;
  /** Median ratios scan / parse, wall clock and CPU time. */
  readonly wall: number;
  readonly cpu: number;
}

/** Environment variable that makes the bench process measure one layout row (the capture's file name) and print it. */
export const LAYOUT_ROW_ENV = 'FTRACE_LENS_LAYOUT_ROW';

/**
 * Measures one layout (the capture `file` of ../shared/corpus/real repeated to `mb` MB): ROUNDS
 * alternated rounds of the newline scan and the parse after a warm-up on the first ~8 MB.
 */
export function layoutRow(corpus: string, file: string, mb: number): RowResult {
  const bytes = repeated(join(corpus, 'real', file), mb * 1e6);
  const u8 = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  const text = bytes.toString('utf8');
  const lines = scanJs(u8);
  // Warm-up on the first ~8 MB.
  parseComplete(text.slice(0, text.lastIndexOf('\n', 8e6) + 1));
  const scan: { wall: number; cpu: number }[] = [];
  const parse: { wall: number; cpu: number }[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    scan.push(clocked(() => scanJs(u8)));
    gc();
    parse.push(clocked(() => parseComplete(text)));
    gc();
  }
  return {
    bytes: bytes.length,
    lines,
    ms: median(parse.map((p) => p.wall)),
    scanMs: median(scan.map((p) => p.wall)),
    wall: median(parse.map((p, i) => scan[i].wall / p.wall)),
    cpu: median(parse.map((p, i) => scan[i].cpu / p.cpu)),
  };
}

/**
 * Prints one row per layout: size, parse rate, the ratio of a newline scan's time to the parse's
 * (median of ROUNDS alternated rounds; wall clock, and CPU time for comparison) and PASS/FAIL
 * against the target. Each row is measured in a process of its own (this script again, with
 * LAYOUT_ROW_ENV set): measured one after the other in one process, a layout's parse ran up to
 * twice as slow as alone (the heap and the optimised code the earlier layouts left behind), so a
 * row's figure depended on the rows before it. FTRACE_LENS_BENCH_LAYOUT_MB sets the size (default
 * 100). Returns the number of FAIL rows.
 */
export function layoutTable(corpus: string): number {
  const dir = join(corpus, 'real');
  const rows = LAYOUTS.filter(([, f]) => existsSync(join(dir, f)));
  if (rows.length === 0) {
    console.log('\nper-layout table: ../shared/corpus/real not found: skipped');
    return 0;
  }
  const mb = Number(process.env.FTRACE_LENS_BENCH_LAYOUT_MB ?? 100);
  console.log(`\nper layout: each real capture repeated to ~${mb} MB, in a process of its own; ${ROUNDS} rounds alternating a JS newline scan and parseTrace (whole model, lazy columns included); MB/s of the parse and of the scan; ratio = scan time / parse time, median; target >= ${TARGET_RATIO}`);
  console.log(`  ${'layout'.padEnd(24)} ${'MB'.padStart(5)} ${'lines'.padStart(10)} ${'ns/line'.padStart(8)} ${'MB/s'.padStart(6)} ${'scan'.padStart(6)} ${'wall'.padStart(6)} ${'cpu'.padStart(6)}  result   (capture)`);
  let fails = 0;
  for (const [name, file] of rows) {
    const r = spawnSync(process.execPath, [...process.execArgv, process.argv[1]], {
      encoding: 'utf8',
      env: { ...process.env, [LAYOUT_ROW_ENV]: file },
      maxBuffer: 1 << 20,
    });
    const line = r.stdout?.trim().split('\n').pop() ?? '';
    let row: RowResult;
    try {
      row = JSON.parse(line) as RowResult;
    } catch {
      fails++;
      console.log(`  ${name.padEnd(24)} the row's process failed (exit ${r.status}): ${(r.stderr ?? '').trim().split('\n').pop() ?? ''}  FAIL     ${file}`);
      continue;
    }
    const ok = row.wall >= TARGET_RATIO;
    if (!ok) fails++;
    const size = row.bytes / 1e6;
    console.log(`  ${name.padEnd(24)} ${size.toFixed(0).padStart(5)} ${row.lines.toLocaleString('en-US').padStart(10)} ${((row.ms * 1e6) / row.lines).toFixed(0).padStart(8)} ${(size / (row.ms / 1000)).toFixed(0).padStart(6)} ${(size / (row.scanMs / 1000)).toFixed(0).padStart(6)} ${row.wall.toFixed(3).padStart(6)} ${row.cpu.toFixed(3).padStart(6)}  ${ok ? 'PASS' : 'FAIL'}     ${file}`);
  }
  return fails;
}

/** In a row process (LAYOUT_ROW_ENV set): measures that row, prints it as one JSON line and returns true. */
export function runLayoutRow(corpus: string): boolean {
  const file = process.env[LAYOUT_ROW_ENV];
  if (file === undefined) return false;
  const mb = Number(process.env.FTRACE_LENS_BENCH_LAYOUT_MB ?? 100);
  console.log(JSON.stringify(layoutRow(corpus, file, mb)));
  return true;
}
