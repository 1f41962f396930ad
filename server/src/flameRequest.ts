// Adapter for ftrace/flameData: the core's flame columns (one buffer per model, kept while the model lives), handed over in a temporary file or as base64.
import type { TraceModel } from './core/index';
import { cpuTimes } from './core/analysis/offCpu';
import { hasInterrupts, markInterruptCalls } from './core/analysis/interrupts';
import { lineTimesOfLines, lineTimesOfText, type CallLineTimes } from './core/export/index';
import type { ModelSource } from './node/bigTraces';
import { FLAME_IN_INTERRUPT, flameBufferLayout, flameColumns, type FlameColumns } from './core/flame/flameColumns';
import type { FlameDataResult } from './protocol';
import { writeHandoff } from './node/handoffFiles';

const cache = new WeakMap<TraceModel, FlameColumns>();

/** The flame columns of `model`, computed once per model with the timestamps `times()` returns. */
export function cachedFlameColumns(model: TraceModel, times: () => CallLineTimes | undefined): FlameColumns {
  let f = cache.get(model);
  if (f === undefined) cache.set(model, (f = flameColumns(model, times(), boxStates(model))));
  return f;
}

/** The CPU state of every call for the boxes: CpuState, and {@link FLAME_IN_INTERRUPT} for the calls of interrupts. */
function boxStates(model: TraceModel): Uint8Array {
  const state = cpuTimes(model).state;
  if (!hasInterrupts(model)) return state;
  const out = state.slice();
  markInterruptCalls(model, out, FLAME_IN_INTERRUPT);
  return out;
}

/**
 * Answers ftrace/flameData for `model` at `version`; `times` reads the printed timestamps (from the
 * document's text, or from disk for an indexed file). `toFile` writes the buffer for the client
 * (undefined: send it inline as base64).
 */
export function flameData(model: TraceModel, version: number, times: () => CallLineTimes | undefined, toFile: (bytes: Uint8Array) => string | undefined = writeHandoff): FlameDataResult {
  const f = cachedFlameColumns(model, times);
  const n = f.startNs.length;
  const at = flameBufferLayout(n);
  const bytes = new Uint8Array(f.buffer);
  const file = toFile(bytes);
  return {
    version,
    count: n,
    clock: f.source,
    originNs: f.originNs,
    names: model.names,
    lanes: f.lanes.map((l) => ({ label: l.label, cpu: l.cpu >= 0 ? l.cpu : null, pid: l.pid >= 0 ? l.pid : null, first: l.first, count: l.count })),
    taskInfo: cpuTimes(model).hasTaskInfo,
    byteLength: at.byteLength,
    columns: { startNs: at.startNs, durNs: at.durNs, name: at.name, line: at.line, level: at.level, flags: at.flags, cpu: at.cpu },
    ...(file !== undefined ? { file } : { data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') }),
  };
}

/** The timestamps of a document's text (for {@link flameData}). */
export function textTimes(text: () => string, model: TraceModel): () => CallLineTimes {
  return () => lineTimesOfText(model, text());
}

/** The timestamps of a model source's lines (an open document's or a disk index's, read once from the file). */
export function sourceTimes(m: ModelSource): () => CallLineTimes {
  return () => {
    const lines = m.lines();
    try {
      return lineTimesOfLines(m.model, lines);
    } finally {
      lines.close?.();
    }
  };
}
