// The trace loaded in the flame view: timeline boxes over the payload's buffer, plus the merged trees and off-CPU totals built on first use.
import { ALL, finishBoxes, mergeBoxes, offCpuTotals, sandwich, type Boxes, type Sandwich } from './boxes';
import type { FlamePayload } from '../messages';
import { FLAME_IN_INTERRUPT } from '../../../../server/src/protocol';
import { lineNamesOf, type LineNames } from '../../slices/lineNames';

/** The loaded trace: timeline boxes plus lazily merged trees. */
export class Trace {
  readonly timeline: Boxes;
  /** FlameFlag bits of each timeline box (1 the duration was printed, 2 derived). */
  readonly flags: Uint8Array;
  /** How tooltips name lines (full-trace lines in a slice). */
  readonly lines: LineNames;
  /** Some call has a width (a trace without durations and timestamps has none: every box is empty). */
  readonly timed: boolean;
  /** Some call is, or runs in, an interrupt. */
  readonly interrupts: boolean;
  private merged: Boxes | undefined;
  private sandwiches = new Map<number, Sandwich>();

  constructor(readonly payload: FlamePayload) {
    const { buffer: buf, columns: c, count: n } = payload;
    this.timeline = finishBoxes(new Float64Array(buf, c.startNs, n), new Float64Array(buf, c.durNs, n), new Uint16Array(buf, c.level, n), new Int32Array(buf, c.name, n), new Int32Array(buf, c.line, n), undefined, new Uint8Array(buf, c.cpu, n));
    this.flags = new Uint8Array(buf, c.flags, n);
    this.timed = this.timeline.dur.some((d) => d > 0);
    this.interrupts = this.timeline.cpu.some((bits) => (bits & FLAME_IN_INTERRUPT) !== 0);
    this.lines = lineNamesOf(payload.lineMap);
  }

  private offTotals = new Map<Boxes, Float64Array>();

  /** Off-CPU ns inside box i of `b` (computed per tree on first use). */
  offCpuNs(b: Boxes, i: number): number {
    let t = this.offTotals.get(b);
    if (t === undefined) this.offTotals.set(b, (t = offCpuTotals(b)));
    return t[i];
  }

  get names(): readonly string[] {
    return this.payload.names;
  }

  /** The flame graph (merged paths), built on first use. */
  flame(): Boxes {
    return (this.merged ??= mergeBoxes(this.timeline, this.names.length));
  }

  /** The sandwich of name index `fn`, built on first use. */
  sandwich(fn: number): Sandwich {
    let s = this.sandwiches.get(fn);
    if (s === undefined) this.sandwiches.set(fn, (s = sandwich(this.timeline, fn, this.names.length)));
    return s;
  }

  /** Name shown for a name index. */
  nameOf(i: number): string {
    return i === ALL ? 'all calls' : i >= 0 && i < this.names.length ? this.names[i] : '?';
  }
}

