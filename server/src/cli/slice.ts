// `ftrace-lens slice FILE --call LINE | --task PID | --cpu N | --from TS --to TS [--output OUT]`: a part of a trace as a smaller trace.
import { writeFileSync } from 'node:fs';
import { DEFAULT_SLICE_LIMITS, sliceTrace, type SliceSelection } from '../core/index';
import { withIndexedFile } from './indexedFile';
import { UserError } from './readTrace';

/** Parsed options of the slice command. */
export interface SliceArgs {
  readonly file: string;
  readonly selection: SliceSelection;
  readonly output: string | undefined;
  readonly maxLines: number;
  readonly maxBytes: number;
}

const USE = 'slice needs one of --call LINE, --task PID, --cpu N, or --from TS --to TS';

/** Reads the slice command's arguments (after `slice`); throws a UserError on a mistake. */
export function parseSliceArgs(args: readonly string[]): SliceArgs {
  const values = new Map<string, string>();
  const files: string[] = [];
  const known = ['--call', '--task', '--cpu', '--from', '--to', '--output', '--max-lines', '--max-mb'];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--')) {
      files.push(a);
      continue;
    }
    if (!known.includes(a)) throw new UserError(`unknown option ${a} for slice`);
    if (i + 1 >= args.length) throw new UserError(`${a} needs a value`);
    if (values.has(a)) throw new UserError(`${a} given twice`);
    values.set(a, args[++i]);
  }
  if (files.length !== 1) throw new UserError('slice: expected exactly one FILE');
  const int = (name: string, min: number): number | undefined => {
    const v = values.get(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < min) throw new UserError(`${name} needs an integer of at least ${min}`);
    return n;
  };
  const secs = (name: string): number | undefined => {
    const v = values.get(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || n < 0) throw new UserError(`${name} needs a time in seconds, as the trace prints it (e.g. 1234.567890)`);
    return n;
  };
  const call = int('--call', 1);
  const task = int('--task', 0);
  const cpu = int('--cpu', 0);
  const from = secs('--from');
  const to = secs('--to');
  const kinds = [call, task, cpu].filter((v) => v !== undefined).length + (from !== undefined || to !== undefined ? 1 : 0);
  if (kinds !== 1) throw new UserError(USE);
  let selection: SliceSelection;
  if (call !== undefined) selection = { kind: 'call', line: call - 1 };
  else if (task !== undefined) selection = { kind: 'task', pid: task };
  else if (cpu !== undefined) selection = { kind: 'cpu', cpu };
  else {
    if (from === undefined || to === undefined) throw new UserError('a time window needs both --from TS and --to TS');
    if (to < from) throw new UserError('--to must not be before --from');
    selection = { kind: 'window', fromUs: from * 1e6, toUs: to * 1e6 };
  }
  const maxLines = int('--max-lines', 10) ?? DEFAULT_SLICE_LIMITS.maxLines;
  const mb = int('--max-mb', 1);
  return { file: files[0], selection, output: values.get('--output'), maxLines, maxBytes: mb !== undefined ? mb * 1048576 : DEFAULT_SLICE_LIMITS.maxBytes };
}

/** Runs the slice command: writes the slice to --output or stdout; says on stderr when it was cut. */
export async function runSlice(args: readonly string[], write: (s: string) => Promise<void>): Promise<number> {
  const a = parseSliceArgs(args);
  const s = await withIndexedFile(a.file, (model, lines) => {
    const r = sliceTrace(model, lines, a.selection, { maxLines: a.maxLines, maxBytes: a.maxBytes });
    if (typeof r === 'string') throw new UserError(`${a.file}: ${r}`);
    return r;
  });
  if (a.output !== undefined) {
    try {
      writeFileSync(a.output, s.text);
    } catch (e) {
      throw new UserError(`${a.output}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
  } else await write(s.text);
  const where = a.output !== undefined ? ` in ${a.output}` : '';
  process.stderr.write(`ftrace-lens: ${s.title}: ${s.lines} lines${where}\n`);
  if (s.truncated !== null) {
    const rest = s.truncated.omittedLines !== null ? `${s.truncated.omittedLines} selected lines` : 'the rest of the window';
    process.stderr.write(`ftrace-lens: slice cut at the ${s.truncated.reason === 'lines' ? `${a.maxLines}-line` : `${a.maxBytes / 1048576} MB`} limit: ${rest} from line ${s.truncated.firstOmittedLine + 1} left out (raise it with --max-lines / --max-mb)\n`);
  }
  return 0;
}
