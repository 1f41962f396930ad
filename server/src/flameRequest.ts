// Adapter for ftrace/flameData: the core's flame columns as base64 typed arrays (one layout per model, kept while the model lives).
import type { TraceModel } from './core/index';
import { layoutCalls, lineTimesOfText, type CallLayout } from './core/export/index';
import { flameColumns } from './core/flame/flameColumns';
import type { FlameDataResult } from './protocol';

const layouts = new WeakMap<TraceModel, CallLayout>();

/** The layout of `model`, reading the timestamps from `text()` once per model. */
export function cachedLayout(model: TraceModel, text: () => string): CallLayout {
  let l = layouts.get(model);
  if (l === undefined) layouts.set(model, (l = layoutCalls(model, lineTimesOfText(model, text()))));
  return l;
}

/** Base64 of the bytes behind a typed array (little-endian, as every platform VS Code runs on). */
function b64(a: ArrayBufferView): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

/** Answers ftrace/flameData for a model at `version`. */
export function flameData(model: TraceModel, version: number, text: () => string): FlameDataResult {
  const f = flameColumns(model, cachedLayout(model, text));
  return {
    version,
    count: f.startNs.length,
    clock: f.source,
    originNs: f.originNs,
    names: model.names,
    lanes: f.lanes.map((l) => ({ label: l.label, cpu: l.cpu >= 0 ? l.cpu : null, pid: l.pid >= 0 ? l.pid : null, first: l.first, count: l.count })),
    startNs: b64(f.startNs),
    durNs: b64(f.durNs),
    level: b64(f.level),
    name: b64(f.name),
    line: b64(f.line),
    flags: b64(f.flags),
  };
}
