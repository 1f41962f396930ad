// Feeds text through the line parsers (fast path or general) and records each line's kind and call into the model.
import { CallTable, LineTable, trimmedTo } from '../model/growable';
import { TraceIssues } from './issues';
import { LineFields, PasteKind } from '../parse/lineFields';
import { LINE_KIND_COUNT, LineKind } from '../parse/lineKinds';
import { parseLine } from '../parse/lineParser';
import type { TraceModel } from '../model/model';
import { finishModel } from '../model/modelFinish';
import { BannerTable } from './bannerTable';
import { tracerName } from '../parse/header';
import { FastLayout } from '../fast/fastLine';
import { ColumnBudget } from './columnBudget';
import { Interner } from './interner';
import { findStr } from '../parse/scan';
import { CallStacks } from './callStacks';
import { FIRST_LANES, LANES, grownLanes } from './cpuCaches';
import { endsWithCr, loneCrToLf } from '../parse/lineEnds';

/** Characters per byte window of the fast path, and the retry size for windows with non-ASCII text. */
export const WINDOW = 1 << 20;
const SMALL_WINDOW = 1 << 12;

/** Options of {@link TraceBuilder}. */
export interface BuilderOptions {
  /** Use the fixed-column fast path for the common layout (default true; tests compare both). */
  readonly fastPath?: boolean;
}




/**
 * Incremental trace parser: feed text in chunks of any size (line numbers continue across
 * chunks), then call {@link TraceBuilder.finish}. Never throws on input.
 */
export class TraceBuilder {
  protected readonly f = new LineFields();
  /** Kind and call of every line. */
  private readonly lines = new LineTable();
  private readonly kindCounts = new Array<number>(LINE_KIND_COUNT).fill(0);

  /** The calls, one row per call id (columns replaced as they grow; none until the budget sizes them for the first text, which every path reserves before its lines). */
  readonly calls = new CallTable(0);

  protected readonly interner = new Interner();
  readonly names: string[] = this.interner.names;
  protected readonly fast: FastLayout | null;
  readonly tasks = new Map<number, string>();
  /** Context-switch banners as parsed (slices read them here, not from the text). */
  readonly banners = new BannerTable();
  /** The room reserved in the columns ahead of the text (it counts the characters parsed). */
  protected readonly budget = new ColumnBudget(this.lines, this.calls);
  private readonly cpus = new Set<number>();
  /** cpuSeen[c] = 1 once CPU c < LANES is in `cpus` (saves a Set insert per line; grown as higher CPUs come). */
  private cpuSeen = new Uint8Array(FIRST_LANES);
  readonly issues = new TraceIssues();
  /** Open calls per stream and the reconstruction rules. */
  protected readonly st: CallStacks;

  protected inComment = false;
  private commentCall = -1;
  protected line = 0;
  /** The unfinished last line, and whether it ends with `\r` (kept apart: reading the string's last character would flatten it). */
  private rest = '';
  private restCr = false;
  private sawData = false;
  protected paste = PasteKind.None;
  private tracer: string | undefined;
  private hasDurations = false;

  constructor(options: BuilderOptions = {}) {
    this.st = new CallStacks(this.f, this.calls, this.interner, this.tasks, this.issues);
    this.fast = options.fastPath === false ? null : new FastLayout(this.interner);
    this.st.tailWindow = this.fast;
  }

  /**
   * Parses every complete line of `chunk` (plus what an earlier chunk left unfinished). Lines end
   * as LSP counts them: at `\n`, `\r\n` or a lone `\r` (a `\r` that ends a chunk waits for the
   * next character). Only the new chunk is searched for line ends, so a long line fed in many
   * chunks costs time linear in its length.
   */
  feed(chunk: string): void {
    if (chunk.length === 0) return;
    let rest = this.rest;
    // The unfinished line ended with `\r` and this chunk does not go on with `\n`: that was a line end.
    const restEnds = this.restCr && chunk.charCodeAt(0) !== 10;
    if (restEnds) rest = `${rest.slice(0, -1)}\n`;
    const c = loneCrToLf(chunk);
    const t = rest.length > 0 ? rest + c : c;
    const inChunk = c.lastIndexOf('\n');
    const end = inChunk >= 0 ? rest.length + inChunk + 1 : restEnds ? rest.length : 0;
    if (end > 0) {
      if (this.fast === null) this.feedLines(t, 0, end);
      else this.feedWindows(t, 0, end, WINDOW);
    }
    // Kept as the engine's string concatenation (no copy, no search) until a line end comes.
    this.rest = end === 0 ? t : end < t.length ? t.slice(end) : '';
    this.restCr = this.rest.length > 0 && endsWithCr(c);
  }

  /** Makes room for the lines and calls of `chars` more characters (see ColumnBudget.reserveFor). */
  protected reserveFor(chars: number, tight = false): void {
    this.budget.reserveFor(this.line, chars, tight);
  }

  /** Reserves room for `bytes` more bytes (characters) of text, estimated from the lines parsed so far (see ColumnSizer). */
  reserveRest(bytes: number): void {
    this.budget.reserveFor(this.line, bytes);
  }

  /** Parses the lines of t[s, end) (end just after a line break) with the general parser. */
  protected feedLines(t: string, s: number, end: number): void {
    this.reserveFor(end - s);
    this.budget.chars += end - s;
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
  protected feedWindows(t: string, s: number, end: number, window: number): void {
    let whole = false;
    while (s < end) {
      let we = s + window;
      if (we >= end) we = end;
      else {
        we = t.lastIndexOf('\n', we - 1) + 1;
        if (we <= s) we = t.indexOf('\n', s + window) + 1;
      }
      whole = this.budget.roomForWindow(this.line, we - s, end - s, whole);
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
    this.budget.chars += n;
    let p = 0;
    while (p < n) {
      let nl = this.inComment || this.paste !== PasteKind.None ? -1 : fast.parse(p, f);
      if (nl >= 0) {
        this.st.curText = t;
        this.st.lineName = fast.nameId;
        if (fast.simple) this.recordCall();
        else if (fast.bare) this.recordBare();
        else this.record(t, p + s, nl + s);
      } else {
        nl = t.indexOf('\n', p + s) - s;
        this.addLine(t, p + s, nl + s);
      }
      p = nl + 1;
    }
  }

  /** Ends a concatenated trace segment: calls still open stay open; stream and comment state restart. */
  private endSegment(final = false): void {
    this.st.endSegment(final);
    this.sawData = false;
    this.inComment = false;
  }

  /** Parses the final unterminated line, closes the model and returns it. */
  finish(): TraceModel {
    if (this.rest.length > 0) {
      this.addLine(this.rest, 0, this.rest.length);
      this.rest = '';
      this.restCr = false;
    }
    this.endSegment(true);
    this.st.applyRetro();
    this.lines.call.trim();
    this.banners.trim();
    return finishModel(this, {
      lineKinds: trimmedTo(this.lines.kinds, this.line),
      lineCall: this.lines.call,
      kindCounts: this.kindCounts,
      cpus: [...this.cpus].sort((a, b) => a - b),
      tracer: this.tracer,
      hasDurations: this.hasDurations,
    });
  }

  /** True while an unfinished line (fed without its line break) waits for the rest of it. */
  protected get midLine(): boolean {
    return this.rest.length > 0;
  }

  /** Number of lines parsed so far. */
  get lineCount(): number {
    return this.line;
  }

  /** Parses the line t[s, e) (e at its line break or the text end) with the general parser and records it. */
  protected addLine(t: string, s: number, e: number): void {
    this.st.curText = t;
    parseLine(t, s, e, this.f, this.inComment);
    this.record(t, s, e);
  }

  /** Adds CPU `cpu` (>= 0) to `cpus`: marked seen when below LANES (the mark grown to hold it). */
  private seeCpu(cpu: number): void {
    this.cpus.add(cpu);
    if (cpu >= LANES) return;
    if (cpu >= this.cpuSeen.length) this.cpuSeen = grownLanes(this.cpuSeen, cpu);
    this.cpuSeen[cpu] = 1;
  }

  /** The next line's number, its kind stored and counted (the first step of every record path). */
  private claimLine(kind: number): number {
    const line = this.line++;
    const lines = this.lines;
    if (line >= lines.kinds.length) lines.reserve(line + 1);
    lines.kinds[line] = kind;
    this.kindCounts[kind]++;
    return line;
  }

  /**
   * {@link TraceBuilder.record} for a plain call line of the fast path (see FastLayout.simple):
   * entry, leaf or exit with a CPU (or none and a duration column: laneCall), no pid, no text
   * after the body, outside pasted text and comments. Does exactly what record does for such a
   * line; keep the two in step (test/corpus/fastPath.test.ts compares both paths on every corpus
   * trace).
   */
  protected recordCall(): void {
    const f = this.f;
    const kind = f.kind;
    const line = this.claimLine(kind);
    const lines = this.lines;
    const cpu = f.cpu;
    if (cpu < 0) {
      this.laneCall(line, kind);
      return;
    }
    if (cpu >= this.cpuSeen.length || this.cpuSeen[cpu] === 0) this.seeCpu(cpu);
    this.st.hasCpuColumn = true;
    if (f.durationNs >= 0) this.hasDurations = true;
    this.st.afterBanner = -1;
    this.sawData = true;
    this.st.switchIn(cpu);
    lines.call.push(this.st.plainCall(line, kind));
    lines.count = line + 1;
    this.st.lineName = -1;
  }

  /**
   * {@link TraceBuilder.record} for a call line without any column that the fast path read (see
   * FastLayout.bare): entry, leaf or exit with no CPU, pid or duration, outside pasted text and
   * comments. Reads no text but a tail name's (so escaped windows may take such lines without a
   * tail). Does exactly what record does for such a line; keep the two in step (the fast path
   * tests compare both paths on the fixtures and the corpus).
   */
  protected recordBare(): void {
    const kind = this.f.kind;
    const line = this.claimLine(kind);
    const call = this.laneCall(line, kind);
    if (this.f.annotated) this.issues.add('annotation', line, call);
  }

  /**
   * What record does for a call line without a CPU column, claimed as `line` (a plain one for
   * recordCall, recordBare): banners give it its CPU lane, if any, and a line with a lane takes
   * the inline call step. Returns its call.
   */
  private laneCall(line: number, kind: LineKind): number {
    const f = this.f;
    const st = this.st;
    if (st.bannerCpus.size > 0) f.cpu = st.pickLane(kind);
    if (f.durationNs >= 0) this.hasDurations = true;
    st.afterBanner = -1;
    this.sawData = true;
    const cpu = f.cpu;
    let call: number;
    if (cpu >= 0) {
      st.switchIn(cpu);
      call = st.plainCall(line, kind);
    } else call = st.onCall(line, kind);
    this.lines.call.push(call);
    this.lines.count = line + 1;
    st.lineName = -1;
    return call;
  }

  /** Records the line t[s, e) that this.f describes (recordCall and recordBare mirror it for the fast path's call lines). */
  protected record(t: string, s: number, e: number): void {
    const f = this.f;
    const kind = f.kind;
    const line = this.claimLine(kind);
    const lines = this.lines;
    let call = -1;
    if (f.paste !== this.paste && kind !== LineKind.Blank && kind !== LineKind.Unknown) {
      // A console dump or a quoted copy pasted below the trace is a separate trace.
      if (this.sawData) this.endSegment();
      this.paste = f.paste;
    }
    if (f.cpu >= 0) {
      if (f.cpu >= this.cpuSeen.length || this.cpuSeen[f.cpu] === 0) this.seeCpu(f.cpu);
      if (kind !== LineKind.ContextSwitch) this.st.hasCpuColumn = true;
    } else if (this.st.bannerCpus.size > 0 && kind >= LineKind.Entry && kind <= LineKind.IrqExit) f.cpu = this.st.pickLane(kind);
    if (f.durationNs >= 0) this.hasDurations = true;
    if (kind !== LineKind.Blank && kind !== LineKind.BannerRule && kind !== LineKind.ContextSwitch) this.st.afterBanner = -1;
    switch (kind) {
      case LineKind.Entry:
      case LineKind.Leaf:
      case LineKind.Exit:
        this.sawData = true;
        if (f.cpu >= 0) {
          this.st.switchIn(f.cpu);
          call = this.st.plainCall(line, kind);
        } else call = this.st.onCall(line, kind);
        break;
      case LineKind.Comment:
        if (f.cpu >= 0 && findStr(t, 'sched_switch:', s, e) >= 0) this.st.switchOut(f.cpu);
        call = this.st.enclosing();
        this.commentCall = call;
        break;
      case LineKind.IrqEntry:
      case LineKind.IrqExit:
        call = this.st.enclosing();
        this.commentCall = call;
        break;
      case LineKind.CommentContinuation:
        call = this.commentCall;
        break;
      case LineKind.ContextSwitch:
        this.banners.add(line, f.cpu, f.prevPid, f.nextPid);
        this.st.onSwitch();
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
    lines.call.push(call);
    lines.count = line + 1;
    this.st.lineName = -1;
  }

}

/** Parses a whole trace text into a model. Never throws on input. */
export function parseTrace(text: string, options: BuilderOptions = {}): TraceModel {
  const b = new TraceBuilder(options);
  b.feed(text);
  return b.finish();
}
