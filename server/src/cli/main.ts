// ftrace-lens command line: `report`, `calls`, `diff`, `export`, `slice` and `errors` over the core parser.
import { once } from 'node:events';
import { UserError, readCalls } from './readTrace';
import { callJson, reportJson, reportText } from './report';
import type { RankMeasure, RankPolicy } from '../core/index';
import { runExport } from './export';
import { runSlice } from './slice';
import { runErrors } from './errors';
import { runDiff } from './diff';
import { relaunchedWithHugePages } from './relaunch';

/** The package version, set by the bundler (esbuild `define`); `dev` when run from source. */
declare const FTRACE_LENS_VERSION: string | undefined;
const VERSION = typeof FTRACE_LENS_VERSION === 'string' ? FTRACE_LENS_VERSION : 'dev';

const USAGE = `usage: ftrace-lens report FILE [--json] [--top N] [--measure onCpu|inclusive|self] [--include-idle] [--include-sleep]
       ftrace-lens calls FILE --jsonl
       ftrace-lens diff BEFORE AFTER [--json] [--top N] [--sort total|self|calls|mean|max] [--measure onCpu|inclusive|self] [--include-idle] [--include-sleep]
       ftrace-lens export FILE --format chrome|speedscope|folded [--output OUT]
       ftrace-lens slice FILE (--call LINE | --task PID | --cpu N | --from TS --to TS) [--output OUT] [--max-lines N] [--max-mb N]
       ftrace-lens errors FILE [--all] [--top N] [--json]
       ftrace-lens --version

  report   summary: CPUs, tasks, calls, slowest calls, functions with most self time, issues
           --measure        the time that ranks calls (default onCpu: inclusive minus off-CPU time)
           --include-idle   also rank the idle task's calls (left out by default)
           --include-sleep  also rank calls whose measured time includes time switched out
  calls    one JSON object per call (see README for the schema)
  diff     two traces (before and after a change) compared per function: calls, total and self
           time under the same ranking as report, largest change first (--sort: the figure whose
           change sorts; default total, calls when a trace has no durations)
  export   the trace for Perfetto/chrome://tracing, speedscope or FlameGraph
  slice    a part of the trace as a trace, with its header lines: the call whose entry is on
           1-based LINE (its inclusive and self time kept), a task, a CPU, or the lines stamped
           from TS to TS seconds (needs timestamps: funcgraph-abstime or trace-cmd report);
           cut to 300,000 lines / 20 MB unless raised (VS Code's large-file limits)
  errors   in a trace with return values (funcgraph-retval): each error a call returned after a
           call inside it did, from that call down to the first that returned it (--all: also
           error codes no call inside returned first, which void functions print too)
FILE may be gzip-compressed (.gz).`;

const MEASURES: readonly RankMeasure[] = ['onCpu', 'inclusive', 'self'];

/** Parses argv and runs one command; resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const args = [...argv];
  if (args.length === 0 || args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE + '\n');
    return args.length === 0 ? 2 : 0;
  }
  if (args.includes('--version') || args.includes('-V')) {
    process.stdout.write(`ftrace-lens ${VERSION}\n`);
    return 0;
  }
  const cmd = args.shift();
  if (cmd === 'export') return runExport(args);
  if (cmd === 'slice') return runSlice(args, write);
  if (cmd === 'errors') return runErrors(args, write);
  if (cmd === 'diff') return runDiff(args, write);
  const flags = new Set(args.filter((a) => a.startsWith('--')));
  const topIdx = args.indexOf('--top');
  const top = topIdx >= 0 ? Number(args[topIdx + 1]) : 10;
  const measureIdx = args.indexOf('--measure');
  const measure = measureIdx >= 0 ? args[measureIdx + 1] : 'onCpu';
  const valueAt = (i: number): boolean => (topIdx >= 0 && i === topIdx + 1) || (measureIdx >= 0 && i === measureIdx + 1);
  const files = args.filter((a, i) => !a.startsWith('--') && !valueAt(i));
  if (cmd !== 'report' && cmd !== 'calls') throw new UserError(`unknown command '${cmd}'\n${USAGE}`);
  if (files.length !== 1) throw new UserError(`expected exactly one FILE\n${USAGE}`);
  if (!Number.isInteger(top) || top < 0) throw new UserError('--top needs a non-negative integer');
  if (!(MEASURES as readonly string[]).includes(measure)) throw new UserError(`--measure needs one of ${MEASURES.join(', ')}`);
  const policy: RankPolicy = { measure: measure as RankMeasure, includeIdle: flags.has('--include-idle'), includeSleep: flags.has('--include-sleep') };
  for (const f of flags) {
    const ok = cmd === 'report' ? ['--json', '--top', '--measure', '--include-idle', '--include-sleep'] : ['--jsonl'];
    if (!ok.includes(f)) throw new UserError(`unknown option ${f} for ${cmd}\n${USAGE}`);
  }
  if (cmd === 'calls' && !flags.has('--jsonl')) throw new UserError('calls prints JSON Lines: add --jsonl');
  const file = files[0];
  const model = await readCalls(file);
  if (cmd === 'report') {
    await write(flags.has('--json') ? JSON.stringify(reportJson(model, file, top, policy), null, 2) + '\n' : reportText(model, file, top, policy));
    return 0;
  }
  let buf: string[] = [];
  for (let id = 0; id < model.callCount; id++) {
    buf.push(JSON.stringify(callJson(model, id)));
    if (buf.length === 2000) {
      await write(buf.join('\n') + '\n');
      buf = [];
    }
  }
  if (buf.length > 0) await write(buf.join('\n') + '\n');
  return 0;
}

/** Writes to stdout, waiting when the pipe is full. */
async function write(s: string): Promise<void> {
  if (!process.stdout.write(s)) await once(process.stdout, 'drain');
}

if (require.main === module) {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    // `ftrace-lens calls x --jsonl | head` closes the pipe early: not an error.
    if (e.code === 'EPIPE') process.exit(0);
  });
  const relaunched = relaunchedWithHugePages(process.argv.slice(2));
  if (relaunched !== undefined) process.exitCode = relaunched;
  else main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      if (e instanceof UserError) process.stderr.write(`ftrace-lens: ${e.message}\n`);
      else process.stderr.write(`ftrace-lens: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
