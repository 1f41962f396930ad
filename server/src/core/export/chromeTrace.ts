// Writes a trace as Trace Event JSON (Perfetto UI, chrome://tracing): one complete event per call, metadata naming CPUs and tasks.
import { CallFlag, type TraceModel } from '../model/model';
import { splitModule } from '../analysis/queries';
import type { CallLayout } from './callLayout';
import type { Lane } from './lanes';
import { ChunkBuffer } from './chunks';

/** Trace Event `pid` of the lanes whose CPU is unknown. */
export const UNKNOWN_CPU_PID = 65536;

/** µs as JSON text, to the ns (the kernel's 3 decimals): `2680.276`. */
export function usText(ns: number): string {
  return String(Math.round(ns) / 1000);
}

/** The Trace Event `pid` (one process per CPU) and `tid` (the task, else the CPU) of a lane. */
export function laneIds(lane: Lane): { pid: number; tid: number } {
  const pid = lane.cpu >= 0 ? lane.cpu : UNKNOWN_CPU_PID;
  return { pid, tid: lane.pid >= 0 ? lane.pid : pid };
}

/** True when call `call` is written as an instant event: nothing is known of its length. */
export function isInstant(model: TraceModel, layout: CallLayout, call: number): boolean {
  return (model.calls.flags[call] & CallFlag.Timed) === 0 && !(layout.endNs[call] > layout.startNs[call]);
}

/**
 * Trace Event JSON of `model`, in chunks of about 64 K characters. Each call with a length is a
 * complete event (`"ph":"X"`, `ts`/`dur` in µs to the ns, `name` as printed, `cat` its module or
 * `kernel`); calls without a printed duration get `args.derived: true` (viewers such as speedscope
 * key frames by name and args, so calls carry no other args), and those of no known length are
 * instant events (`"ph":"i"`). Each CPU is
 * a process (`pid` = CPU), each task on it a thread (`tid` = task pid), both named by metadata
 * events; `otherData.clock` says whether `ts` are printed timestamps or reconstructed (see
 * {@link CallLayout.source}).
 */
export function* chromeTraceChunks(model: TraceModel, layout: CallLayout): Generator<string, void, undefined> {
  const c = model.calls;
  // Columns read once: the model's derived columns are properties, slower to read in a hot loop.
  const { flags: flagsOf, name: nameOf } = c;
  const out = new ChunkBuffer();
  out.push('{"traceEvents":[\n');
  let sep = '';
  const seenCpu = new Set<number>();
  for (const lane of layout.lanes.lanes) {
    const { pid, tid } = laneIds(lane);
    if (!seenCpu.has(pid)) {
      seenCpu.add(pid);
      out.push(`${sep}{"ph":"M","name":"process_name","pid":${pid},"tid":${pid},"args":{"name":${JSON.stringify(lane.cpuLabel)}}}`);
      sep = ',\n';
      out.push(`${sep}{"ph":"M","name":"process_sort_index","pid":${pid},"tid":${pid},"args":{"sort_index":${pid}}}`);
    }
    out.push(`${sep}{"ph":"M","name":"thread_name","pid":${pid},"tid":${tid},"args":{"name":${JSON.stringify(lane.taskLabel)}}}`);
    out.push(`${sep}{"ph":"M","name":"thread_sort_index","pid":${pid},"tid":${tid},"args":{"sort_index":${lane.index}}}`);
  }
  const ids = layout.lanes.lanes.map(laneIds);
  const nameJson = model.names.map((name) => {
    const { module } = splitModule(name);
    return `"name":${JSON.stringify(name)},"cat":${JSON.stringify(module ?? 'kernel')}`;
  });
  const unknownName = '"name":"?","cat":"kernel"';
  for (let k = 0; k < layout.order.length; k++) {
    const call = layout.order[k];
    const { pid, tid } = ids[layout.lanes.laneOf[call]];
    const nm = nameOf[call] >= 0 ? nameJson[nameOf[call]] : unknownName;
    const start = layout.startNs[call];
    if (isInstant(model, layout, call)) {
      out.push(`${sep}{"ph":"i","s":"t",${nm},"pid":${pid},"tid":${tid},"ts":${usText(start)}}`);
    } else {
      const derived = (flagsOf[call] & CallFlag.Timed) === 0 ? ',"args":{"derived":true}' : '';
      out.push(`${sep}{"ph":"X",${nm},"pid":${pid},"tid":${tid},"ts":${usText(start)},"dur":${usText(layout.endNs[call] - start)}${derived}}`);
    }
    sep = ',\n';
    if (out.full) yield out.take();
  }
  const note = layout.source === 'abstime' ? 'ts are the printed timestamps' : 'ts are reconstructed from the printed durations in print order per CPU; idle gaps are left out';
  out.push(`\n],"displayTimeUnit":"ns","otherData":{"generator":"ftrace-lens","clock":"${layout.source}","clockNote":"${note}","calls":${model.callCount}}}\n`);
  yield out.take();
}
