// ftrace-lens command line: `report FILE [--json]` and `calls FILE --jsonl` over the core parser.
import { once } from 'node:events';
import { UserError, readTrace } from './readTrace';
import { callJson, reportJson, reportText } from './report';

/** The package version, set by the bundler (esbuild `define`); `dev` when run from source. */
declare const FTRACE_LENS_VERSION: string | undefined;
const VERSION = typeof FTRACE_LENS_VERSION === 'string' ? FTRACE_LENS_VERSION : 'dev';

const USAGE = `usage: ftrace-lens report FILE [--json] [--top N]
       ftrace-lens calls FILE --jsonl
       ftrace-lens --version

  report   summary: CPUs, tasks, calls, slowest calls, functions with most self time, issues
  calls    one JSON object per call (see README for the schema)
FILE may be gzip-compressed (.gz).`;

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
  const flags = new Set(args.filter((a) => a.startsWith('--')));
  const topIdx = args.indexOf('--top');
  const top = topIdx >= 0 ? Number(args[topIdx + 1]) : 10;
  const files = args.filter((a, i) => !a.startsWith('--') && !(topIdx >= 0 && i === topIdx + 1));
  if (cmd !== 'report' && cmd !== 'calls') throw new UserError(`unknown command '${cmd}'\n${USAGE}`);
  if (files.length !== 1) throw new UserError(`expected exactly one FILE\n${USAGE}`);
  if (!Number.isInteger(top) || top < 0) throw new UserError('--top needs a non-negative integer');
  for (const f of flags) {
    const ok = cmd === 'report' ? ['--json', '--top'] : ['--jsonl'];
    if (!ok.includes(f)) throw new UserError(`unknown option ${f} for ${cmd}\n${USAGE}`);
  }
  if (cmd === 'calls' && !flags.has('--jsonl')) throw new UserError('calls prints JSON Lines: add --jsonl');
  const file = files[0];
  const model = await readTrace(file);
  if (model.callCount === 0) throw new UserError(`${file}: no function_graph lines found (${model.lineCount} lines read): is it an ftrace function_graph trace?`);
  if (cmd === 'report') {
    await write(flags.has('--json') ? JSON.stringify(reportJson(model, file, top), null, 2) + '\n' : reportText(model, file, top));
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
  main(process.argv.slice(2)).then(
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
