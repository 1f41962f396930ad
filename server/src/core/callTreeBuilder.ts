// Rebuilds calls from classified lines: per-task (else per-CPU) stacks, orphan exits, migrations, open calls.
import { CallTable, LineTable, trimmedTo } from './growable';
import { TraceIssues } from './issues';
import { LineFields, PasteKind } from './lineFields';
import { LINE_KIND_COUNT, LineKind } from './lineKinds';
import { parseLine } from './lineParser';
import { CallFlag, type TraceModel } from './model';
import { finishModel } from './modelFinish';
import { tracerName } from './header';
import { FastLayout } from './fastLine';
import { Interner } from './interner';
import { findStr } from './scan';

/** CPUs below this number get per-CPU caches (any CPU number still works). */
const LANES = 1024;
/** Characters per byte window of the fast path, and the retry size for windows with non-ASCII text. */
const WINDOW = 1 << 20;
const SMALL_WINDOW = 1 << 12;

/** Options of {@link TraceBuilder}. */
export interface BuilderOptions {
  /** Use the fixed-column fast path for the common layout (default true; tests compare both). */
  readonly fastPath?: boolean;
}

/** Stream key of the calls of one task, or of one CPU while its task is unknown. */
function streamKey(pid: number, cpu: number): number {
  if (pid > 0) return pid;
  // pid 0 is the idle task of every CPU; unknown pids fall back to the CPU.
  return pid === 0 ? -3 - 2 * (cpu + 1) : -2 - 2 * (cpu + 1);
}

/** True for keys of the per-CPU fallback streams (task unknown). */
function isCpuKey(key: number): boolean {
  return key < 0 && (-key) % 2 === 0;
}

interface Retro {
  readonly pid: number;
  readonly before: number;
}

/**
 * Incremental trace parser: feed text in chunks of any size (line numbers continue across
 * chunks), then call {@link TraceBuilder.finish}. Never throws on input.
 */
export class TraceBuilder {
  private readonly f = new LineFields();
  /** Kind and call of every line. */
  private readonly lines = new LineTable();
  private readonly kindCounts = new Array<number>(LINE_KIND_COUNT).fill(0);

  /** The calls, one row per call id (columns replaced as they grow). */
  readonly calls = new CallTable();

  private readonly interner = new Interner();
  readonly names: string[] = this.interner.names;
  private readonly fast: FastLayout | null;
  readonly tasks = new Map<number, string>();
  private readonly cpus = new Set<number>();
  /** cpuSeen[c] = 1 once CPU c < LANES is in `cpus` (saves a Set insert per line). */
  private readonly cpuSeen = new Uint8Array(LANES);
  /** Per CPU < LANES: stack and stream key of its lines without a pid, cached until its task changes. */
  private readonly laneStack = new Array<number[] | undefined>(LANES).fill(undefined);
  private readonly laneKey = new Int32Array(LANES);
  /** Stream key found by the last {@link TraceBuilder.streamOf}. */
  private curKey = 0;
  /** Name id the fast path interned for the current line, else -1. */
  private lineName = -1;
  readonly issues = new TraceIssues();

  private stacks = new Map<number, number[]>();
  /** Per stream: root calls deeper than 0, in order, that a later exit with a missing entry may adopt. */
  private pendingRoots = new Map<number, number[]>();
  /** Per open frame: its latest children printed deeper than one level below it (see attach). */
  private gaps = new Map<number, number[]>();
  private cpuPid = new Map<number, number>();
  private readonly retro = new Map<number, Retro>();
  private inComment = false;
  /** CPUs named by banners in a trace without a CPU column, the CPU a banner just named, the last CPU picked. */
  private readonly bannerCpus = new Set<number>();
  private afterBanner = -1;
  private lastLane = -1;
  /** CPUs whose last event was a sched_switch comment (their task is off the CPU). */
  private readonly switchedOut = new Set<number>();
  private hasCpuColumn = false;
  private commentCall = -1;
  private line = 0;
  private rest = '';
  /** Characters of the lines parsed so far (for size estimates). */
  private charsDone = 0;
  private sawData = false;
  private paste = PasteKind.None;
  private tracer: string | undefined;
  private hasDurations = false;

  constructor(options: BuilderOptions = {}) {
    this.fast = options.fastPath === false ? null : new FastLayout(this.interner);
  }

  /** Parses every complete line of `chunk` (plus what an earlier chunk left unfinished). */
  feed(chunk: string): void {
    const t = this.rest.length > 0 ? this.rest + chunk : chunk;
    const end = t.lastIndexOf('\n') + 1;
    if (end > 0) {
      if (this.fast === null) this.feedLines(t, 0, end);
      else this.feedWindows(t, 0, end, WINDOW);
    }
    this.rest = end < t.length ? t.slice(end) : '';
  }

  /**
   * Makes room for the lines and calls of `chars` more characters, estimated from what the
   * lines so far hold (so a big text gets its columns in one allocation, not by doubling).
   */
  private reserveFor(chars: number): void {
    const known = this.line >= 4096;
    const lines = known ? (chars * this.line) / this.charsDone : chars / 40;
    const calls = known ? (lines * this.calls.count) / this.line : chars / 64;
    this.lines.reserve(this.line + Math.ceil(lines * 1.02) + 64);
    this.calls.reserve(this.calls.count + Math.ceil(calls * 1.02) + 64);
  }

  /** Parses the lines of t[s, end) (end just after a line break) with the general parser. */
  private feedLines(t: string, s: number, end: number): void {
    this.reserveFor(end - s);
    this.charsDone += end - s;
    while (s < end) {
      const nl = t.indexOf('\n', s);
      this.addLine(t, s, nl);
      s = nl + 1;
    }
  }

  /**
   * Parses the lines of t[s, end) in windows of about `window` characters: a window of ASCII
   * text is copied to bytes once and read by the fast path; a window with other characters is
   * retried in small windows, and a small one goes to the general parser (offsets stay UTF-16).
   */
  private feedWindows(t: string, s: number, end: number, window: number): void {
    while (s < end) {
      let we = s + window;
      if (we >= end) we = end;
      else {
        we = t.lastIndexOf('\n', we - 1) + 1;
        if (we <= s) we = t.indexOf('\n', s + window) + 1;
      }
      // Until the line density is known, only for this window.
      this.reserveFor(this.line >= 4096 ? end - s : we - s);
      if (this.fast!.load(t, s, we)) this.feedBytes(t, s, we - s);
      else if (window > SMALL_WINDOW) this.feedWindows(t, s, we, SMALL_WINDOW);
      else this.feedLines(t, s, we);
      s = we;
    }
  }

  /** Parses the n characters of t from s, the window the fast path has loaded, line by line. */
  private feedBytes(t: string, s: number, n: number): void {
    const fast = this.fast!;
    const f = this.f;
    this.charsDone += n;
    let p = 0;
    while (p < n) {
      let nl = this.inComment || this.paste !== PasteKind.None ? -1 : fast.parse(p, f);
      if (nl >= 0) {
        this.curText = t;
        this.lineName = fast.nameId;
        if (fast.simple) this.recordCall();
        else this.record(t, p + s, nl + s);
      } else {
        nl = t.indexOf('\n', p + s) - s;
        this.addLine(t, p + s, nl + s);
      }
      p = nl + 1;
    }
  }

  /** Parses the final unterminated line, closes the model and returns it. */
  finish(): TraceModel {
    if (this.rest.length > 0) {
      this.addLine(this.rest, 0, this.rest.length);
      this.rest = '';
    }
    this.endSegment();
    this.applyRetro();
    return finishModel(this, {
      lineKinds: trimmedTo(this.lines.kinds, this.line),
      lineCall: trimmedTo(this.lines.call, this.line),
      kindCounts: this.kindCounts,
      cpus: [...this.cpus].sort((a, b) => a - b),
      tracer: this.tracer,
      hasDurations: this.hasDurations,
    });
  }

  /** Number of lines parsed so far. */
  get lineCount(): number {
    return this.line;
  }

  /** Parses the line t[s, e) (e at its line break or the text end) with the general parser and records it. */
  private addLine(t: string, s: number, e: number): void {
    this.curText = t;
    parseLine(t, s, e, this.f, this.inComment);
    this.record(t, s, e);
  }

  /**
   * {@link TraceBuilder.record} for a plain call line of the fast path (see FastLayout.simple):
   * entry, leaf or exit with a CPU, no pid, no text after the body, outside pasted text and
   * comments. Does exactly what record does for such a line; keep the two in step
   * (test/corpus/fastPath.test.ts compares both paths on every corpus trace).
   */
  private recordCall(): void {
    const f = this.f;
    const line = this.line++;
    const kind = f.kind;
    const lines = this.lines;
    if (line >= lines.kinds.length) lines.reserve(line + 1);
    lines.kinds[line] = kind;
    this.kindCounts[kind]++;
    const cpu = f.cpu;
    if (cpu >= LANES) this.cpus.add(cpu);
    else if (this.cpuSeen[cpu] === 0) {
      this.cpuSeen[cpu] = 1;
      this.cpus.add(cpu);
    }
    this.hasCpuColumn = true;
    if (f.durationNs >= 0) this.hasDurations = true;
    this.afterBanner = -1;
    this.sawData = true;
    if (this.switchedOut.size > 0) this.switchedOut.delete(cpu);
    lines.call[line] = this.plainCall(line, kind);
    lines.count = line + 1;
    this.lineName = -1;
  }

  /**
   * {@link TraceBuilder.onCall} for a plain call line (no pid, no tail name) whose CPU stream is
   * cached: the usual shapes inline (an exit closing the top frame; a call one level below the top
   * frame, no gap lists), anything else through onCall, with the same result.
   */
  private plainCall(line: number, kind: LineKind): number {
    const f = this.f;
    const cpu = f.cpu;
    const st = cpu < LANES ? this.laneStack[cpu] : undefined;
    const d = f.depth;
    if (st === undefined || d >= 32767 || this.gaps.size > 0) return this.onCall(line, kind);
    const calls = this.calls;
    const n = st.length;
    const top = n > 0 ? st[n - 1] : -1;
    if (kind === LineKind.Exit) {
      // findFrame picks the top frame (any name) when it is at depth d; nothing to terminate.
      if (top < 0 || calls.depth[top] !== d) return this.onCall(line, kind);
      st.pop();
      calls.exitLine[top] = line;
      this.setDuration(top);
      return top;
    }
    // No deeper frame to terminate, the top frame is the parent, attach has nothing to do.
    if (top < 0 || calls.depth[top] !== d - 1) return this.onCall(line, kind);
    const key = this.laneKey[cpu];
    const id = this.newCall(line, top, this.lineName, key);
    if (kind === LineKind.Leaf) {
      calls.flags[id] |= CallFlag.Leaf;
      this.setDuration(id);
    } else st.push(id);
    return id;
  }

  /** Records the line t[s, e) that this.f describes (recordCall mirrors it for plain call lines). */
  private record(t: string, s: number, e: number): void {
    const f = this.f;
    const line = this.line++;
    const kind = f.kind;
    const lines = this.lines;
    if (line >= lines.kinds.length) lines.reserve(line + 1);
    lines.kinds[line] = kind;
    this.kindCounts[kind]++;
    let call = -1;
    if (f.paste !== this.paste && kind !== LineKind.Blank && kind !== LineKind.Unknown) {
      // A console dump or a quoted copy pasted below the trace is a separate trace.
      if (this.sawData) this.endSegment();
      this.paste = f.paste;
    }
    if (f.cpu >= 0) {
      if (f.cpu >= LANES) this.cpus.add(f.cpu);
      else if (this.cpuSeen[f.cpu] === 0) {
        this.cpuSeen[f.cpu] = 1;
        this.cpus.add(f.cpu);
      }
      if (kind !== LineKind.ContextSwitch) this.hasCpuColumn = true;
    } else if (this.bannerCpus.size > 0 && kind >= LineKind.Entry && kind <= LineKind.IrqExit) f.cpu = this.pickLane(kind);
    if (f.durationNs >= 0) this.hasDurations = true;
    if (kind !== LineKind.Blank && kind !== LineKind.BannerRule && kind !== LineKind.ContextSwitch) this.afterBanner = -1;
    switch (kind) {
      case LineKind.Entry:
      case LineKind.Leaf:
      case LineKind.Exit:
        this.sawData = true;
        if (f.cpu >= 0 && this.switchedOut.size > 0) this.switchedOut.delete(f.cpu);
        call = this.onCall(line, kind);
        break;
      case LineKind.Comment:
        if (f.cpu >= 0 && findStr(t, 'sched_switch:', s, e) >= 0) this.switchedOut.add(f.cpu);
        call = this.enclosing();
        this.commentCall = call;
        break;
      case LineKind.IrqEntry:
      case LineKind.IrqExit:
        call = this.enclosing();
        this.commentCall = call;
        break;
      case LineKind.CommentContinuation:
        call = this.commentCall;
        break;
      case LineKind.ContextSwitch:
        this.onSwitch();
        break;
      case LineKind.LostEvents:
        this.issues.add('lost-events', line);
        break;
      case LineKind.LineTooBig:
        this.issues.add('line-too-big', line);
        break;
      case LineKind.Unknown:
        this.issues.add('not-trace', line);
        break;
      case LineKind.Header: {
        const name = t.charCodeAt(s + 2) === 116 /* t */ ? tracerName(t.slice(s, e)) : undefined;
        if (name !== undefined) {
          if (this.sawData) this.endSegment();
          this.tracer ??= name;
        }
        break;
      }
      default:
        break;
    }
    if (f.annotated) this.issues.add('annotation', line, call);
    this.inComment = (kind === LineKind.Comment || kind === LineKind.CommentContinuation) && f.opensComment;
    lines.call[line] = call;
    lines.count = line + 1;
    this.lineName = -1;
  }

  /** Stream of the current line: its task when known (proc column, banners), else its CPU. */
  private keyOf(): number {
    const f = this.f;
    let pid = f.pid;
    if (pid >= 0) {
      if (f.cpu >= 0) this.setCpuPid(f.cpu, pid);
      if (f.commStart >= 0 && !this.tasks.has(pid)) this.tasks.set(pid, this.text(f.commStart, f.commEnd));
    } else pid = this.cpuPid.get(f.cpu) ?? -1;
    return streamKey(pid, f.cpu);
  }

  /** Records that `cpu` runs task `pid` (drops that CPU's cached stream). */
  private setCpuPid(cpu: number, pid: number): void {
    this.cpuPid.set(cpu, pid);
    if (cpu < LANES) this.laneStack[cpu] = undefined;
  }

  /** Stack of the current line's stream (as {@link keyOf}); sets curKey. Cached per CPU for lines without a pid. */
  private streamOf(): number[] {
    const f = this.f;
    const cpu = f.cpu;
    if (f.pid < 0 && cpu >= 0 && cpu < LANES) {
      const cached = this.laneStack[cpu];
      if (cached !== undefined) {
        this.curKey = this.laneKey[cpu];
        return cached;
      }
      const key = (this.curKey = this.keyOf());
      const st = this.stackOf(key);
      this.laneStack[cpu] = st;
      this.laneKey[cpu] = key;
      return st;
    }
    const key = (this.curKey = this.keyOf());
    return this.stackOf(key);
  }

  private curText = '';

  private text(s: number, e: number): string {
    return (this.f.normalised ?? this.curText).slice(s, e);
  }

  private stackOf(key: number): number[] {
    let st = this.stacks.get(key);
    if (st === undefined) this.stacks.set(key, (st = []));
    return st;
  }

  /** Innermost open call of the current line's stream, or -1. */
  private enclosing(): number {
    const st = this.stacks.get(this.keyOf());
    return st !== undefined && st.length > 0 ? st[st.length - 1] : -1;
  }

  private intern(s: number, e: number): number {
    return this.interner.idOf(this.f.normalised ?? this.curText, s, e);
  }

  private newCall(line: number, parent: number, nameId: number, key: number): number {
    const f = this.f;
    const pid = key > 0 ? key : key < 0 && !isCpuKey(key) ? 0 : -1;
    return this.calls.add(line, parent, Math.min(f.depth, 32767), f.cpu, pid, nameId);
  }

  private setDuration(call: number): void {
    const f = this.f;
    if (f.durationNs < 0) return;
    this.calls.inclusiveNs[call] = f.durationNs;
    this.calls.flags[call] |= CallFlag.Timed;
    this.calls.step[call] = f.durationStepNs >= 1000 ? 3 : f.durationStepNs >= 100 ? 2 : f.durationStepNs >= 10 ? 1 : 0;
  }

  /** Pops frames with depth >= minDepth off `st`, marking them unterminated (their exits were lost). */
  private terminateFrom(st: number[], minDepth: number, line: number): void {
    while (st.length > 0 && this.calls.depth[st[st.length - 1]] >= minDepth) this.terminateTop(st, line);
  }

  /** Pops the top frame of `st` as unterminated, found so at 0-based `line`. */
  private terminateTop(st: number[], line: number): void {
    const c = st.pop()!;
    if (this.gaps.size > 0) this.gaps.delete(c);
    this.calls.flags[c] |= CallFlag.Unterminated;
    this.issues.add('unterminated-call', line, c);
  }

  private onCall(line: number, kind: LineKind): number {
    const f = this.f;
    const st = this.streamOf();
    const key = this.curKey;
    const d = f.depth;
    if (kind !== LineKind.Exit) {
      // Deeper open frames lost their exits. A frame at the same depth stays open: an interrupt
      // taken right after an entry prints its calls at that entry's depth, before its exit.
      this.terminateFrom(st, d + 1, line);
      const parent = this.parentAt(st, d);
      const nameId = this.lineName >= 0 ? this.lineName : this.intern(f.nameStart, f.nameEnd);
      const id = this.newCall(line, parent, nameId, key);
      if (kind === LineKind.Leaf) {
        this.calls.flags[id] |= CallFlag.Leaf;
        this.setDuration(id);
      } else st.push(id);
      this.attach(key, parent, id, kind === LineKind.Leaf);
      return id;
    }
    const nameId = f.tailStart >= 0 ? this.intern(f.tailStart, f.tailEnd) : -1;
    let i = this.findFrame(st, d, nameId);
    let from = st;
    if (i < 0 && nameId >= 0 && isCpuKey(key)) {
      // §6.4: a task that slept and woke on another CPU; its exit names the call. Only calls of
      // a task known to be off its CPU qualify: switched out by a sched_switch event, or a
      // task that no CPU runs now.
      let running: Set<number> | undefined;
      for (const [k, other] of this.stacks) {
        if (other === st || other.length === 0) continue;
        if (isCpuKey(k)) {
          if (!this.switchedOut.has(-(k + 2) / 2 - 1)) continue;
        } else {
          running ??= new Set(this.cpuPid.values());
          if (k <= 0 || running.has(k)) continue;
        }
        const j = this.findFrame(other, d, nameId);
        if (j >= 0) {
          i = j;
          from = other;
          this.calls.flags[other[j]] |= CallFlag.Migrated;
          break;
        }
      }
    }
    if (i >= 0) {
      const id = from[i];
      while (from.length > i + 1) this.terminateTop(from, line);
      from.pop();
      if (this.gaps.size > 0) this.gaps.delete(id);
      this.calls.exitLine[id] = line;
      this.setDuration(id);
      return id;
    }
    // Exit whose entry is not in the trace: a call with an unknown start.
    this.terminateFrom(st, d, line);
    const parent = st.length > 0 ? st[st.length - 1] : -1;
    const id = this.newCall(-1, parent, nameId, key);
    this.calls.exitLine[id] = line;
    this.calls.flags[id] |= CallFlag.MissingEntry;
    this.setDuration(id);
    this.issues.add('missing-entry', line, id);
    this.attach(key, parent, id, true);
    return id;
  }

  /** Innermost frame of `st` shallower than depth d (the parent of a new call at depth d), or -1. */
  private parentAt(st: number[], d: number): number {
    for (let i = st.length - 1; i >= 0; i--) if (this.calls.depth[st[i]] < d) return st[i];
    return -1;
  }

  /**
   * Records the new call `id` under `parent` (-1: a root of stream `key`). Calls printed before it
   * under the same parent but deeper than it ran inside it when `adopt` is set and the times
   * allow: the kernel prints a leaf, or an exit whose entry is missing, after its interrupt calls.
   */
  private attach(key: number, parent: number, id: number, adopt: boolean): void {
    const d = this.calls.depth[id];
    const pd = parent >= 0 ? this.calls.depth[parent] : -1;
    const list = parent >= 0 ? (this.gaps.size > 0 ? this.gaps.get(parent) : undefined) : this.pendingRoots.get(key);
    if (list !== undefined && list.length > 0 && adopt) {
      let k = list.length;
      let sum = 0;
      while (k > 0 && this.calls.depth[list[k - 1]] > d) {
        const v = this.calls.inclusiveNs[list[k - 1]];
        if (!Number.isNaN(v)) sum += v;
        k--;
      }
      const own = this.calls.inclusiveNs[id];
      // A root-level leaf never adopts (the deeper calls before it belong to exits not yet seen).
      const fits = (parent >= 0 || (this.calls.flags[id] & CallFlag.MissingEntry) !== 0) && !(sum > own);
      if (k < list.length && fits) {
        for (let j = k; j < list.length; j++) this.calls.parent[list[j]] = id;
        list.length = k;
      }
    }
    if (d > pd + 1) {
      if (list !== undefined) list.push(id);
      else if (parent >= 0) this.gaps.set(parent, [id]);
      else this.pendingRoots.set(key, [id]);
    } else if (list !== undefined) list.length = 0;
  }

  /** Index in `st` of the innermost open frame at depth `d` named `nameId` (any name when -1), not below a shallower frame; -1 if none. */
  private findFrame(st: number[], d: number, nameId: number): number {
    for (let i = st.length - 1; i >= 0; i--) {
      const c = st[i];
      const cd = this.calls.depth[c];
      if (cd > d) continue;
      if (cd < d) return -1;
      const cn = this.calls.name[c];
      if (nameId < 0 || cn === nameId || cn < 0) return i;
    }
    return -1;
  }

  /**
   * Without a CPU column the lines of all CPUs interleave; banners still name CPUs. Puts the line
   * on the CPU whose open calls it continues (the CPU a banner just named, else the best fit,
   * ties going to the CPU of the previous line).
   */
  private pickLane(kind: LineKind): number {
    if (this.afterBanner >= 0) return (this.lastLane = this.afterBanner);
    const f = this.f;
    const d = f.depth;
    const nameId = kind === LineKind.Exit && f.tailStart >= 0 ? this.intern(f.tailStart, f.tailEnd) : -1;
    let best = this.lastLane;
    let bestScore = -1;
    const score = (cpu: number): void => {
      const st = this.stacks.get(streamKey(this.cpuPid.get(cpu) ?? -1, cpu));
      const n = st === undefined ? 0 : st.length;
      const td = n > 0 ? this.calls.depth[st![n - 1]] : -1;
      let sc: number;
      if (kind === LineKind.Exit) {
        const i = n > 0 ? this.findFrame(st!, d, nameId) : -1;
        sc = i < 0 ? 0 : i === n - 1 ? 4 : 2;
      } else if (kind === LineKind.Entry || kind === LineKind.Leaf) {
        sc = td === d - 1 ? 3 : td >= d ? 1 : n === 0 && d === 0 ? 2 : 1;
      } else sc = td === d ? 2 : 1;
      if (cpu === this.lastLane) sc += 0.5;
      if (sc > bestScore) {
        bestScore = sc;
        best = cpu;
      }
    };
    score(-1);
    for (const cpu of this.bannerCpus) score(cpu);
    return (this.lastLane = best);
  }

  private onSwitch(): void {
    const f = this.f;
    if (f.cpu >= 0 && !this.hasCpuColumn) {
      this.bannerCpus.add(f.cpu);
      this.afterBanner = f.cpu;
    }
    if (f.prevPid >= 0 && !this.tasks.has(f.prevPid)) this.tasks.set(f.prevPid, this.text(f.prevCommStart, f.prevCommEnd));
    if (f.nextPid >= 0) this.tasks.set(f.nextPid, this.text(f.nextCommStart, f.nextCommEnd));
    if (f.cpu < 0) return;
    if (!this.cpuPid.has(f.cpu) && f.prevPid >= 0) {
      // Lines of this CPU before its first banner belonged to the banner's previous task.
      this.retro.set(f.cpu, { pid: f.prevPid, before: this.calls.count });
      const from = streamKey(-1, f.cpu);
      const to = streamKey(f.prevPid, f.cpu);
      this.moveStream(from, to);
    }
    this.setCpuPid(f.cpu, f.nextPid);
  }

  private moveStream(from: number, to: number): void {
    const st = this.stacks.get(from);
    if (st !== undefined && st.length > 0) {
      this.stackOf(to).push(...st);
      st.length = 0;
    }
    const roots = this.pendingRoots.get(from);
    if (roots !== undefined && roots.length > 0) {
      let dst = this.pendingRoots.get(to);
      if (dst === undefined) this.pendingRoots.set(to, (dst = []));
      dst.push(...roots);
      roots.length = 0;
    }
  }

  /** Ends a concatenated trace segment: calls still open stay open; stream state restarts. */
  private endSegment(): void {
    for (const st of this.stacks.values()) {
      for (const c of st) {
        this.calls.flags[c] |= CallFlag.Open;
        this.issues.add('open-call', this.calls.entryLine[c], c);
      }
    }
    this.stacks = new Map();
    this.pendingRoots = new Map();
    this.gaps = new Map();
    this.cpuPid = new Map();
    this.laneStack.fill(undefined);
    this.switchedOut.clear();
    this.sawData = false;
    this.inComment = false;
  }

  /** Gives calls recorded before a CPU's first banner the task that banner says ran before. */
  private applyRetro(): void {
    if (this.retro.size === 0) return;
    const pid = this.calls.pid;
    const cpu = this.calls.cpu;
    for (let c = 0; c < this.calls.count; c++) {
      if (pid[c] !== -1) continue;
      const r = this.retro.get(cpu[c]);
      if (r !== undefined && c < r.before) pid[c] = r.pid;
    }
  }
}

/** Parses a whole trace text into a model. Never throws on input. */
export function parseTrace(text: string, options: BuilderOptions = {}): TraceModel {
  const b = new TraceBuilder(options);
  b.feed(text);
  return b.finish();
}
