// The lines of a call slice: the call's subtree, and the task switches its on-CPU time depends on.
import { displayText } from '../present/displayText';
import { LineKind } from '../parse/lineKinds';
import type { LineSource } from './lineSource';
import { CallFlag, type TraceModel } from '../model/model';
import { isIdleLoopFunction } from '../analysis/offCpu';
import { callAtLine, callLine } from '../analysis/queries';
import { BannerReader, SwitchLines, namesTask, taskBanner } from './sliceContext';
import { Take, type Selection } from './sliceTake';
import { callSpan } from '../analysis/spanLines';

/** 1-based line number for people. */
const lineNo = (line: number): string => (line + 1).toLocaleString('en-US');

/** "1 line", "1,234 lines". */
export const linesOf = (n: number): string => `${n.toLocaleString('en-US')} line${n === 1 ? '' : 's'}`;

/**
 * First and last line of the call's subtree, and the CPU of the first line's call: a call whose
 * entry is missing starts at its first traced descendant, a call whose exit was lost ends at its
 * last traced descendant.
 */
function subtreeLines(model: TraceModel, call: number): { line: number; cpu: number; last: number } {
  const c = model.calls;
  let line = callLine(model, call);
  let last = line;
  let at = call;
  const stack = [call];
  while (stack.length > 0) {
    const id = stack.pop()!;
    const l = callLine(model, id);
    if (l >= 0 && l < line) {
      line = l;
      at = id;
    }
    last = Math.max(last, l, c.exitLine.at(id));
    for (let k = c.childStart[id]; k < c.childStart[id + 1]; k++) stack.push(c.childList[k]);
  }
  return { line, cpu: c.cpu[at], last };
}

/** The task of `call` in words, e.g. "bash-1234", "pid 1234" or "the idle task of CPU 1". */
function taskLabel(model: TraceModel, call: number): string {
  const pid = model.calls.pid[call];
  if (pid === 0) return `the idle task${model.calls.cpu[call] >= 0 ? ` of CPU ${model.calls.cpu[call]}` : ''}`;
  const name = model.tasks.get(pid);
  return name !== undefined ? `${displayText(name, 64)}-${pid}` : `pid ${pid}`;
}

/**
 * The call at `line` with every line of its subtree (entry, exit, the calls inside it, their
 * comments), and what the parser needs to see its task's switches as in the full trace: the
 * context-switch banners in its span that switch its task in or out, the banner before it that
 * names its task (or, when its CPU has none before it, the CPU's first banner after it), and
 * where no banner marks a switch (a proc column or trace-cmd prefixes), the first call line of
 * the task that ran next on that CPU. With these the call has the same inclusive, self, on-CPU
 * and off-CPU time in the slice as in the full trace. A call whose entry precedes the trace
 * starts at its first traced descendant.
 */
export function callSelection(model: TraceModel, source: LineSource, line: number): Selection | string {
  if (!(line >= 0 && line < model.lineCount)) return `line ${line + 1} is not in the trace (${model.lineCount} lines)`;
  const call = callAtLine(model, line);
  if (call < 0) return `no call at line ${line + 1}`;
  const c = model.calls;
  const start = subtreeLines(model, call);
  const span = callSpan(model, call);
  const unterminated = (c.flags[call] & CallFlag.Unterminated) !== 0;
  const last = unterminated ? start.last : span.last;
  const first = start.line;
  const pid = c.pid[call];
  const cpu = c.cpu[call];
  const banners = new BannerReader(model, source);
  const named = taskBanner(model, banners, pid, start.cpu, first);
  const scanFirst = named >= 0 ? Math.max(0, Math.min(first, named - 1)) : first;
  const scanLast = named >= 0 ? Math.min(model.lineCount - 1, Math.max(last, named + 2)) : last;
  const parent = c.parent;
  const lineCall = model.lineCall;
  const kinds = model.lineKinds;
  // Lines are visited in order, and runs of lines share a call: remember the last answer.
  let lastCall = -2;
  let lastIn = false;
  const inside = (id: number): boolean => {
    if (id === lastCall) return lastIn;
    let x = id;
    for (let n = 0; x >= 0 && x !== call && n < 100000; n++) x = parent[x];
    lastCall = id;
    lastIn = x === call;
    return lastIn;
  };
  const switches = new SwitchLines(model, banners);
  const bannerTaken = (b: number): boolean => {
    if (b === named) return true;
    if (b < first || b > last) return false;
    const info = banners.at(b)!;
    return namesTask(info, pid, cpu);
  };
  const name = c.name[call] >= 0 ? displayText(model.names[c.name[call]], 128) : 'call';
  const missingEntry = (c.flags[call] & CallFlag.MissingEntry) !== 0;
  const focus = callLine(model, call);
  return {
    first: scanFirst, last: scanLast, call, focus, readsText: false, ended: () => false,
    title: `call ${name} (line ${lineNo(focus)})`,
    selects: (l) => l >= first && l <= last && lineCall.at(l) >= 0 && inside(lineCall.at(l)),
    take: (l) => {
      const id = lineCall.at(l);
      const kind = kinds[l];
      if (id >= 0) {
        const selected = l >= first && l <= last && inside(id);
        const isCall = kind === LineKind.Entry || kind === LineKind.Exit || kind === LineKind.Leaf;
        if (isCall && l >= first && l <= last && switches.visit(l, selected)) return Take.Context;
        return selected ? Take.Selected : Take.No;
      }
      const b = banners.blockOf(l);
      if (b < 0) return Take.No;
      if (b === l) {
        const info = banners.at(b)!;
        if (info.cpu >= 0) switches.banner(info.cpu);
      }
      return bannerTaken(b) ? Take.Context : Take.No;
    },
    describe: (n) => {
      const out: string[] = [];
      let kept = `kept: the call's ${linesOf(n.selected)} (entry, exit, the calls inside it, their comments)`;
      if (n.context > 0) {
        kept += ` and ${linesOf(n.context)} where ${taskLabel(model, call)} leaves or gets a CPU`
          + ' (the context-switch banners that name it or, where no banner says so, the next task\'s first line on that CPU)'
          + ', so that its on-CPU and off-CPU times are the full trace\'s';
      }
      out.push(`${kept}; the other tasks' and CPUs' lines are left out`);
      if (missingEntry) {
        out.push(first < focus
          ? `its entry precedes the trace (only its exit was printed, line ${lineNo(focus)}): the slice starts at the first line the trace has of it, line ${lineNo(first)}`
          : `its entry precedes the trace (only its exit was printed, line ${lineNo(focus)}) and no line inside it was traced: the slice holds its exit only`);
      }
      if (unterminated) out.push('its exit is missing (a later line of its task ended it: events were lost or the trace was cut), so the slice ends at the last line inside it and its time is unknown');
      const ownIdle = c.name[call] >= 0 && isIdleLoopFunction(model.names[c.name[call]]);
      const idleLoop = pid < 0 && !ownIdle ? enclosingIdleLoop(model, call) : -1;
      if (idleLoop >= 0) {
        out.push(`the full trace counts it as idle time: it runs inside the CPU idle loop (${displayText(model.names[c.name[idleLoop]], 64)}, line ${lineNo(callLine(model, idleLoop))}), which this slice does not hold, and the trace does not name its task`);
      }
      return out;
    },
  };
}

/** The nearest enclosing call of `call` that is a CPU idle-loop function, or -1 (how the full trace finds idle time when it names no task). */
function enclosingIdleLoop(model: TraceModel, call: number): number {
  const { parent, name } = model.calls;
  for (let p = parent[call], n = 0; p >= 0 && n < 100000; p = parent[p], n++) if (name[p] >= 0 && isIdleLoopFunction(model.names[name[p]])) return p;
  return -1;
}
