// Reads the printed timestamps (abstime column or trace-cmd timestamp) of call lines from the trace text, chunk by chunk.
import { LineFields } from '../parse/lineFields';
import { LineKind } from '../parse/lineKinds';
import { parseLine } from '../parse/lineParser';
import type { TraceModel } from '../model/model';
import type { LineSource } from '../bigTrace/lineSource';

/** Call lines read without any timestamp after which the reader gives up (the trace prints none). */
const GIVE_UP_AFTER = 2000;

/** Printed timestamps of each call's entry and exit line, in ns (NaN when the line printed none). */
export interface CallLineTimes {
  /** Timestamp of the entry (or leaf) line of call i, in ns. */
  readonly entryNs: Float64Array;
  /** Timestamp of the exit line of call i, in ns. */
  readonly exitNs: Float64Array;
  /** Number of call lines that printed a timestamp. */
  readonly stamped: number;
}

/**
 * Feeds the same text the model was parsed from (any chunking) and collects the timestamps of its
 * entry, leaf and exit lines. Only lines the model classified as call lines are parsed again.
 * When the first {@link GIVE_UP_AFTER} call lines print no timestamp, the reader stops parsing
 * (`wantsMore` turns false) and `finish()` reports none.
 */
export class LineTimeReader {
  private readonly entryNs: Float64Array;
  private readonly exitNs: Float64Array;
  private readonly fields = new LineFields();
  private line = 0;
  private carry = '';
  private callLines = 0;
  private stamped = 0;
  private stopped = false;

  constructor(private readonly model: TraceModel) {
    this.entryNs = new Float64Array(model.callCount).fill(NaN);
    this.exitNs = new Float64Array(model.callCount).fill(NaN);
  }

  /** False once more text cannot add timestamps (no timestamps so far, or past the model's last line). */
  get wantsMore(): boolean {
    return !this.stopped && this.line < this.model.lineCount;
  }

  /** Feeds the next piece of the text. */
  feed(chunk: string): void {
    if (!this.wantsMore) return;
    const t = chunk;
    let s = 0;
    if (this.carry !== '') {
      const nl = chunk.indexOf('\n');
      if (nl < 0) {
        this.carry += chunk;
        return;
      }
      this.readLine(this.carry + chunk.slice(0, nl + 1), 0, this.carry.length + nl);
      this.carry = '';
      s = nl + 1;
    }
    for (;;) {
      if (!this.wantsMore) return;
      const nl = t.indexOf('\n', s);
      if (nl < 0) break;
      this.readLine(t, s, nl);
      s = nl + 1;
    }
    if (s < t.length) this.carry = t.slice(s);
  }

  /** Ends the text (a last line without a line break counts) and returns the timestamps. */
  finish(): CallLineTimes {
    if (this.carry !== '' && this.wantsMore) this.readLine(this.carry, 0, this.carry.length);
    this.carry = '';
    return { entryNs: this.entryNs, exitNs: this.exitNs, stamped: this.stamped };
  }

  private readLine(t: string, s: number, e: number): void {
    const line = this.line++;
    const kind = this.model.lineKinds[line];
    if (kind !== LineKind.Entry && kind !== LineKind.Leaf && kind !== LineKind.Exit) return;
    const call = this.model.lineCall.at(line);
    if (call < 0) return;
    this.callLines++;
    parseLine(t, s, e, this.fields);
    const us = this.fields.timeUs;
    if (us >= 0) {
      this.stamped++;
      // µs with up to 6 decimals (trace-cmd prints ns): round to whole ns.
      const ns = Math.round(us * 1000);
      if (kind === LineKind.Exit) this.exitNs[call] = ns;
      else this.entryNs[call] = ns;
    } else if (this.stamped === 0 && this.callLines >= GIVE_UP_AFTER) {
      this.stopped = true;
    }
  }
}

/** Timestamps of a trace held as one string (tests, the language server). */
export function lineTimesOfText(model: TraceModel, text: string): CallLineTimes {
  const r = new LineTimeReader(model);
  r.feed(text);
  return r.finish();
}

/** Timestamps of a trace read line by line from `lines` (a disk index's lines), in ascending order; stops as soon as more lines cannot add any. */
export function lineTimesOfLines(model: TraceModel, lines: LineSource): CallLineTimes {
  const r = new LineTimeReader(model);
  for (let l = 0; l < lines.lineCount && r.wantsMore; l++) r.feed(`${lines.text(l)}\n`);
  return r.finish();
}
