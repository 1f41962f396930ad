// Test helper: a call's times in its slice against the full trace's (inclusive, self, on-CPU, off-CPU, state, ranking), and what else the slice holds.
import {
  CpuState, DEFAULT_SLICE_LIMITS, LineKind, SLICE_NOTE_PREFIX, callLine, cpuTimes, parseTrace, ranking, sliceTrace, type LineSource,
  type TraceModel, type TraceSlice,
} from '../../server/src/core/index';
import { mapSliceLine } from '../../server/src/protocol';

/** What a comparison found: the slice, the call's id in it, and the differences (empty when the same). */
export interface SliceTimes {
  readonly slice: TraceSlice;
  readonly sliceCall: number;
  readonly diffs: string[];
  /** Call lines of other tasks the slice kept (task-switch lines). */
  readonly switchLines: number;
}

const same = (a: number, b: number): boolean => (a !== a && b !== b) || a === b;

/** True when `line` of the full trace belongs to `call`'s subtree. */
function inSubtree(model: TraceModel, call: number, line: number): boolean {
  let c = model.lineCall.at(line);
  while (c >= 0 && c !== call) c = model.calls.parent[c];
  return c === call;
}

/**
 * Cuts the slice of call `id` and compares the call in it with the full trace's. A call inside a
 * CPU idle-loop function of a trace that names no task is idle time in the full trace only: the
 * slice must say so in its header, and then the idle bit and the ranking may differ.
 */
export function compareCallSlice(model: TraceModel, source: LineSource, id: number): SliceTimes {
  const line = callLine(model, id);
  const s = sliceTrace(model, source, { kind: 'call', line }, DEFAULT_SLICE_LIMITS);
  if (typeof s === 'string') throw new Error(`call ${id} (line ${line + 1}): ${s}`);
  const sm = parseTrace(s.text);
  const diffs: string[] = [];
  const sid = sm.lineCall.at(s.focusLine);
  if (sid < 0 || mapSliceLine(s.lineMap, s.focusLine) !== line || callLine(sm, sid) !== s.focusLine) {
    return { slice: s, sliceCall: -1, diffs: [`the focus line ${s.focusLine} is not the call's line`], switchLines: 0 };
  }
  const c = model.calls;
  const k = sm.calls;
  if (!same(k.inclusiveNs.at(sid), c.inclusiveNs.at(id))) diffs.push(`inclusive ${k.inclusiveNs.at(sid)} vs ${c.inclusiveNs.at(id)}`);
  if (!same(k.selfNs.at(sid), c.selfNs.at(id))) diffs.push(`self ${k.selfNs.at(sid)} vs ${c.selfNs.at(id)}`);
  if (k.pid[sid] !== c.pid[id]) diffs.push(`pid ${k.pid[sid]} vs ${c.pid[id]}`);
  if (k.flags[sid] !== c.flags[id]) diffs.push(`flags ${k.flags[sid]} vs ${c.flags[id]}`);
  const t = cpuTimes(model);
  const st = cpuTimes(sm);
  for (const key of ['onCpuNs', 'offCpuNs', 'onCpuSelfNs'] as const) {
    if (!same(st[key].at(sid), t[key].at(id))) diffs.push(`${key} ${st[key].at(sid)} vs ${t[key].at(id)}`);
  }
  const idleOutside = s.text.includes(`${SLICE_NOTE_PREFIX}the full trace counts it as idle time`);
  const mask = idleOutside ? ~CpuState.Idle : 0xff;
  if ((st.state[sid] & mask) !== (t.state[id] & mask)) diffs.push(`state ${st.state[sid]} vs ${t.state[id]}`);
  if (idleOutside !== ((t.state[id] & CpuState.Idle) !== 0 && (st.state[sid] & CpuState.Idle) === 0)) diffs.push('the idle note is wrong');
  if (!idleOutside) {
    const r = ranking(model);
    const sr = ranking(sm);
    if (!same(sr.valueNs.at(sid), r.valueNs.at(id))) diffs.push(`ranking ${sr.valueNs.at(sid)} vs ${r.valueNs.at(id)}`);
    if (!same(sr.selfValueNs.at(sid), r.selfValueNs.at(id))) diffs.push(`ranking self ${sr.selfValueNs.at(sid)} vs ${r.selfValueNs.at(id)}`);
  }
  // Every other line the slice holds is a banner block, or (in a trace without banners) another task's line on a CPU.
  const banners = model.kindCounts[LineKind.ContextSwitch] > 0;
  let switchLines = 0;
  for (let i = 0; i < s.lines; i++) {
    const f = mapSliceLine(s.lineMap, i);
    if (f === null || model.lineKinds[f] === LineKind.Header || model.lineKinds[f] === LineKind.Info || inSubtree(model, id, f)) continue;
    const kind = model.lineKinds[f];
    if (kind === LineKind.ContextSwitch || kind === LineKind.BannerRule || kind === LineKind.Blank) continue;
    const other = model.lineCall.at(f);
    if (!banners && other >= 0 && c.pid[other] !== c.pid[id] && c.pid[other] >= 0) switchLines++;
    else diffs.push(`line ${f + 1} (slice line ${i + 1}) is neither the call's nor a switch: ${source.text(f)}`);
  }
  return { slice: s, sliceCall: sid, diffs, switchLines };
}
