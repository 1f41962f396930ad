// `ftrace-lens errors FILE [--all] [--top N] [--json]`: the errors passed up in a trace with return values (funcgraph-retval), each from its outermost call down to the first that returned it.
import { callInfo, callLine, callName, cutText, describeReturnValue, displayText, errnoOf, errnoText, syscallOf, traceErrors, type ErrorLink, type TraceModel } from '../core/index';
import { withIndexedFile } from './indexedFile';
import { UserError } from './readTrace';
import { whereOf } from './report';

export interface ErrorsArgs {
  readonly file: string;
  /** Also list errors no call inside returned first (chains of one call: maybe a void function's leftover register) and values that are no Linux error number. */
  readonly all: boolean;
  readonly top: number;
  readonly json: boolean;
}

/** Reads the errors command's arguments (after `errors`); throws a UserError on a mistake. */
export function parseErrorsArgs(args: readonly string[]): ErrorsArgs {
  const files: string[] = [];
  let top = 50;
  let all = false;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--all') all = true;
    else if (a === '--json') json = true;
    else if (a === '--top') {
      const v = args[++i];
      if (v === undefined || !/^\d+$/.test(v)) throw new UserError('--top needs a non-negative integer');
      top = Number(v);
    } else if (a.startsWith('--')) throw new UserError(`unknown option ${a} for errors`);
    else files.push(a);
  }
  if (files.length !== 1) throw new UserError('errors: expected exactly one FILE');
  return { file: files[0], all, top, json };
}

/** 1-based line where a call shows first (its line in the Call Tree). */
const firstLine = (model: TraceModel, id: number): number => callLine(model, id) + 1;

function linkJson(model: TraceModel, l: ErrorLink) {
  const c = callInfo(model, l.call);
  // Names exact (JSON escapes them) up to the cut every answer makes, as `calls --jsonl` gives them.
  return { line: firstLine(model, l.call), name: cutText(c.name), cpu: c.cpu >= 0 ? c.cpu : null, pid: c.pid >= 0 ? c.pid : null, task: c.task !== undefined ? cutText(c.task) : null, returned: l.value.text };
}

/** The errors report (text or JSON) of a model whose line text `lines` gives. */
export function errorsReport(model: TraceModel, lines: Parameters<typeof traceErrors>[1], file: string, a: Pick<ErrorsArgs, 'all' | 'top' | 'json'>): string {
  const r = traceErrors(model, lines, a.all ? 1 : 2);
  // By default only Linux error numbers (a value such as -1791 is some other number).
  const chains = r.chains.filter((ch) => a.all || errnoOf(ch[0].value.errno!) !== undefined).sort((x, y) => firstLine(model, x[0].call) - firstLine(model, y[0].call));
  const byError = new Map<number, number>();
  for (const ch of chains) byError.set(ch[0].value.errno!, (byError.get(ch[0].value.errno!) ?? 0) + 1);
  if (a.json) {
    return JSON.stringify({
      file,
      returnValues: r.valueLines,
      errorCalls: r.errorCalls,
      chains: chains.slice(0, a.top).map((ch) => ({ errno: ch[0].value.errno, error: errnoText(ch[0].value.errno!), syscall: syscallOf(callName(model, ch[0].call)) ?? null, calls: ch.map((l) => linkJson(model, l)) })),
      chainCount: chains.length,
    }, null, 2) + '\n';
  }
  const out: string[] = [];
  if (r.valueLines === 0) {
    out.push(`${file}: no return values in this trace (capture with the funcgraph-retval option, kernel 6.5+)`);
    return out.join('\n') + '\n';
  }
  const what = a.all ? 'error returns' : 'errors passed up (a Linux error code a call returned after a call inside it did)';
  const syscalls = chains.filter((ch) => syscallOf(callName(model, ch[0].call)) !== undefined).length;
  out.push(`${file}: ${r.valueLines} return values, ${r.errorCalls} of them error codes; ${chains.length} ${what}, ${syscalls} of them returned by a system call (user space saw them)`);
  out.push('  (funcgraph-retval prints a value for void functions too: whatever their last call left in the register, so a chain can run through them)');
  for (const ch of chains.slice(0, a.top)) {
    const top = ch[0];
    const origin = ch[ch.length - 1];
    const where = whereOf(model, top.call);
    const path = ch.map((l) => displayText(callName(model, l.call))).join(' ← ');
    const sys = syscallOf(callName(model, top.call));
    out.push(`  line ${String(firstLine(model, top.call)).padEnd(8)} ${describeReturnValue(top.value)}${sys !== undefined ? `, returned by the ${displayText(sys)} system call` : ''}`);
    out.push(`    ${path}${ch.length > 1 ? ` (first returned at line ${firstLine(model, origin.call)})` : ''}${where ? `  (${where})` : ''}`);
  }
  if (chains.length > a.top) out.push(`  … ${chains.length - a.top} more (--top N)`);
  if (byError.size > 0) {
    out.push('', 'By error:');
    for (const [n, k] of [...byError].sort((x, y) => y[1] - x[1] || x[0] - y[0])) out.push(`  ${String(k).padStart(6)}  -${n} ${errnoText(n)}`);
  }
  return out.join('\n') + '\n';
}

/** Runs the errors command. */
export async function runErrors(args: readonly string[], write: (s: string) => Promise<void>): Promise<number> {
  const a = parseErrorsArgs(args);
  const text = await withIndexedFile(a.file, (model, lines) => {
    if (model.callCount === 0) throw new UserError(`${a.file}: no function_graph lines found (${model.lineCount} lines read): is it an ftrace function_graph trace?`);
    return errorsReport(model, lines, a.file, a);
  });
  await write(text);
  return 0;
}
