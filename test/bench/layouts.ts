// Per-layout parse benchmark (part of npm run bench): each real layout, ~100 MB by repeating its capture, against a bare newline scan of the same bytes.
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
const ROUNDS = 3;
const TARGET_RATIO = 0.25;

/** The capture repeated to at least `bytes` (it ends with a line break). */
function repeated(path: string, bytes: number): Buffer {
  let one = gunzipSync(readFileSync(path));
  if (one.length > 0 && one[one.length - 1] !== 10) one = Buffer.concat([one, Buffer.from('\n')]);
  const n = Math.max(1, Math.ceil(bytes / one.length));
  return Buffer.concat(new Array<Buffer>(n).fill(one));
}

/**
 * Prints one row per layout: size, parse rate, the ratio of a newline scan's time to the parse's
 * (median of ROUNDS alternated rounds; wall clock, and CPU time for comparison) and PASS/FAIL
 * against the target. FTRACE_LENS_BENCH_LAYOUT_MB sets the size (default 100). Returns the number of FAIL rows.
 */
export function layoutTable(corpus: string): number {
  const dir = join(corpus, 'real');
  const rows = LAYOUTS.filter(([, f]) => existsSync(join(dir, f)));
  if (rows.length === 0) {
    console.log('\nper-layout table: ../shared/corpus/real not found: skipped');
    return 0;
  }
  const mb = Number(process.env.FTRACE_LENS_BENCH_LAYOUT_MB ?? 100);
  console.log(`\nper layout: each real capture repeated to ~${mb} MB; ${ROUNDS} rounds alternating a JS newline scan and parseTrace (whole model, lazy columns included); ratio = scan time / parse time, median; target >= ${TARGET_RATIO}`);
  console.log(`  ${'layout'.padEnd(24)} ${'MB'.padStart(5)} ${'lines'.padStart(10)} ${'ns/line'.padStart(8)} ${'MB/s'.padStart(6)} ${'wall'.padStart(6)} ${'cpu'.padStart(6)}  result   (capture)`);
  let fails = 0;
  for (const [name, file] of rows) {
    const bytes = repeated(join(dir, file), mb * 1e6);
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
    const wall = median(parse.map((p, i) => scan[i].wall / p.wall));
    const cpu = median(parse.map((p, i) => scan[i].cpu / p.cpu));
    const ms = median(parse.map((p) => p.wall));
    const ok = wall >= TARGET_RATIO;
    if (!ok) fails++;
    const size = bytes.length / 1e6;
    console.log(`  ${name.padEnd(24)} ${size.toFixed(0).padStart(5)} ${lines.toLocaleString('en-US').padStart(10)} ${((ms * 1e6) / lines).toFixed(0).padStart(8)} ${(size / (ms / 1000)).toFixed(0).padStart(6)} ${wall.toFixed(3).padStart(6)} ${cpu.toFixed(3).padStart(6)}  ${ok ? 'PASS' : 'FAIL'}     ${file}`);
  }
  return fails;
}
