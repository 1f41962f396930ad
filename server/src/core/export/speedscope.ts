// Writes a trace in speedscope's file format: shared frames, one evented profile per lane (task on a CPU), balanced open/close events.
import type { TraceModel } from '../model/model';
import type { CallLayout } from './callLayout';
import { ChunkBuffer } from './chunks';

/** The schema id speedscope checks in a file it imports. */
export const SPEEDSCOPE_SCHEMA = 'https://www.speedscope.app/file-format-schema.json';

/**
 * speedscope JSON of `model`, in chunks of about 64 K characters. Frames are the interned names
 * (`?` for calls whose name is unknown, as the last frame); each lane is an evented profile in
 * nanoseconds named `CPU n · task-pid`, whose events open each call at its start and close it at
 * its end (times from {@link CallLayout}, so they never go back and always balance).
 */
export function* speedscopeChunks(model: TraceModel, layout: CallLayout, title: string): Generator<string, void, undefined> {
  const c = model.calls;
  // Columns read once: the model's derived columns are properties, slower to read in a hot loop.
  const { childStart, childList, name: nameOf } = c;
  const out = new ChunkBuffer();
  out.push(`{"$schema":"${SPEEDSCOPE_SCHEMA}","exporter":"ftrace-lens","name":${JSON.stringify(title)},"activeProfileIndex":0,"shared":{"frames":[`);
  for (let i = 0; i < model.names.length; i++) {
    out.push(`${i > 0 ? ',' : ''}{"name":${JSON.stringify(model.names[i])}}`);
    if (out.full) yield out.take();
  }
  const unknown = model.names.length;
  out.push(`${unknown > 0 ? ',' : ''}{"name":"?"}]},"profiles":[`);
  const stack: number[] = [];
  const closing: boolean[] = [];
  for (const lane of layout.lanes.lanes) {
    let startValue = Infinity;
    let endValue = -Infinity;
    for (const r of lane.roots) {
      startValue = Math.min(startValue, layout.startNs[r]);
      endValue = Math.max(endValue, layout.endNs[r]);
    }
    const name = lane.taskLabel === lane.cpuLabel ? lane.cpuLabel : `${lane.cpuLabel} · ${lane.taskLabel}`;
    out.push(`${lane.index > 0 ? ',' : ''}{"type":"evented","name":${JSON.stringify(name)},"unit":"nanoseconds","startValue":${startValue},"endValue":${endValue},"events":[`);
    let sep = '';
    for (let ri = lane.roots.length - 1; ri >= 0; ri--) {
      stack.push(lane.roots[ri]);
      closing.push(false);
    }
    while (stack.length > 0) {
      const call = stack.pop()!;
      const close = closing.pop()!;
      const frame = nameOf[call] >= 0 ? nameOf[call] : unknown;
      if (close) {
        out.push(`${sep}{"type":"C","frame":${frame},"at":${layout.endNs[call]}}`);
      } else {
        out.push(`${sep}{"type":"O","frame":${frame},"at":${layout.startNs[call]}}`);
        stack.push(call);
        closing.push(true);
        for (let k = childStart[call + 1] - 1; k >= childStart[call]; k--) {
          stack.push(childList[k]);
          closing.push(false);
        }
      }
      sep = ',';
      if (out.full) yield out.take();
    }
    out.push(']}');
  }
  out.push(']}\n');
  yield out.take();
}
