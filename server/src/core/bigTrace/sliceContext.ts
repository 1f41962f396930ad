// Lines a call or task slice keeps besides its own so that the on-CPU analysis sees the same task switches: banners naming the task, task-switch lines.
import { LineFields } from '../parse/lineFields';
import { LineKind } from '../parse/lineKinds';
import { parseLine } from '../parse/lineParser';
import type { LineSource } from './lineSource';
import type { TraceModel } from '../model/model';
import type { Banner } from '../build/bannerTable';

export type { Banner };

/** Reads the banners of a trace (line text parsed on demand, the last answers remembered). */
export class BannerReader {
  private readonly f = new LineFields();
  private readonly memo = new Map<number, Banner>();

  constructor(private readonly model: TraceModel, private readonly source: LineSource) {}

  /** The banner on 0-based `line`, or null when the line is no context-switch banner. */
  at(line: number): Banner | null {
    if (line < 0 || line >= this.model.lineCount || this.model.lineKinds[line] !== LineKind.ContextSwitch) return null;
    // As the parser read it (no line text to read back: a task slice of a 1 GB file looks at every banner).
    const parsed = this.model.banners?.at(line);
    if (parsed !== undefined && parsed !== null) return parsed;
    let b = this.memo.get(line);
    if (b === undefined) {
      const t = this.source.text(line);
      parseLine(t, 0, t.length, this.f);
      b = { cpu: this.f.cpu, prevPid: this.f.prevPid, nextPid: this.f.nextPid };
      if (this.memo.size >= 64) this.memo.delete(this.memo.keys().next().value!);
      this.memo.set(line, b);
    }
    return b;
  }

  /** The CPU printed on 0-based `line` (-1 when none). */
  cpuAt(line: number): number {
    const t = this.source.text(line);
    parseLine(t, 0, t.length, this.f);
    return this.f.cpu;
  }

  /**
   * The banner line a rule or blank line belongs to: a banner is printed as rule, banner, rule and
   * a blank line. The line itself for a banner; -1 for any other line.
   */
  blockOf(line: number): number {
    const k = this.model.lineKinds;
    const n = this.model.lineCount;
    const kind = k[line];
    if (kind === LineKind.ContextSwitch) return line;
    if (kind === LineKind.BannerRule) {
      if (line + 1 < n && k[line + 1] === LineKind.ContextSwitch) return line + 1;
      if (line > 0 && k[line - 1] === LineKind.ContextSwitch) return line - 1;
    } else if (kind === LineKind.Blank && line >= 2 && k[line - 1] === LineKind.BannerRule && k[line - 2] === LineKind.ContextSwitch) return line - 2;
    return -1;
  }
}

/**
 * True when banner `b` switches task `pid` in or out. The idle task (pid 0) runs on every CPU:
 * for it only banners on `cpu` count.
 */
export function namesTask(b: Banner, pid: number, cpu: number): boolean {
  if (pid < 0 || (b.prevPid !== pid && b.nextPid !== pid)) return false;
  return pid > 0 || b.cpu === cpu;
}

/** Most banners looked at when searching for the one that names a call's task before or after it. */
const BANNER_SEARCH = 10_000;

/**
 * The banner that tells the parser which task runs on `cpu` at 0-based line `from`: the last
 * banner on that CPU before `from` when it switches `pid` in; else, when no banner on that CPU
 * precedes `from`, its first banner after `from` when it switches `pid` out (the parser gives the
 * calls before a CPU's first banner that banner's previous task). -1 when none is found.
 */
export function taskBanner(model: TraceModel, banners: BannerReader, pid: number, cpu: number, from: number): number {
  if (pid < 0 || cpu < 0) return -1;
  const kinds = model.lineKinds;
  let seen = 0;
  for (let l = from - 1; l >= 0 && seen < BANNER_SEARCH; l--) {
    if (kinds[l] !== LineKind.ContextSwitch) continue;
    seen++;
    const b = banners.at(l)!;
    if (b.cpu !== cpu) continue;
    return b.nextPid === pid ? l : -1;
  }
  if (seen >= BANNER_SEARCH) return -1;
  seen = 0;
  for (let l = from + 1; l < model.lineCount && seen < BANNER_SEARCH; l++) {
    if (kinds[l] !== LineKind.ContextSwitch) continue;
    seen++;
    const b = banners.at(l)!;
    if (b.cpu === cpu) return b.prevPid === pid ? l : -1;
  }
  return -1;
}

/**
 * Follows, line by line in ascending order, where a task's lines end on a CPU without a banner
 * saying so: the first call line of another task on that CPU after a selected line is the
 * task-switch line that the parser needs to see the task leave. Only traces without banners need
 * them (trace-cmd report output: the kernel prints a banner at every change of task on a CPU).
 */
export class SwitchLines {
  /** Per CPU: pid of its last call line when that line was selected and no banner on the CPU followed; absent otherwise. */
  private readonly lastSelected = new Map<number, number>();
  private readonly enabled: boolean;

  constructor(private readonly model: TraceModel, private readonly lines: BannerReader) {
    this.enabled = model.kindCounts[LineKind.ContextSwitch] === 0;
  }

  /** A banner on `cpu` was seen: it says the switch itself. */
  banner(cpu: number): void {
    this.lastSelected.delete(cpu);
  }

  /**
   * Call line `line` (entry, exit or leaf) was visited; `selected` says whether the slice takes it.
   * Returns true when it is a task-switch line to keep.
   */
  visit(line: number, selected: boolean): boolean {
    if (!this.enabled) return false;
    const c = this.model.lineCall.at(line);
    const calls = this.model.calls;
    // A call's CPU is its entry's: a task's exit may be printed on another CPU (it slept and moved).
    const cpu = calls.exitLine.at(c) === line && calls.entryLine[c] >= 0 ? this.lines.cpuAt(line) : calls.cpu[c];
    const pid = calls.pid[c];
    if (selected) {
      if (pid >= 0) this.lastSelected.set(cpu, pid);
      return false;
    }
    const before = this.lastSelected.get(cpu);
    // The same task's lines that the slice leaves out do not end its run.
    if (before === undefined || pid === before) return false;
    this.lastSelected.delete(cpu);
    return pid >= 0;
  }
}
