// Converts model calls and groups into the protocol's CallNode/CallGroup shapes (shared by the custom requests).
import { CpuState, callInfo, callName, cpuTimes, displayText, interruptNs, offCpuKind, taskExitCall, usFromNs, type RootGroup, type TraceModel } from '../core/index';
import type { CallGroup, CallNode, DurationClass } from '../protocol';

/** The kernel's overhead-mark class of a duration in ns. */
export function durationClass(ns: number): DurationClass {
  if (Number.isNaN(ns)) return 'none';
  if (ns > 1e9) return 'dollar';
  if (ns > 1e8) return 'at';
  if (ns > 1e7) return 'star';
  if (ns > 1e6) return 'hash';
  if (ns > 1e5) return 'bang';
  if (ns > 1e4) return 'plus';
  return 'plain';
}

/** Protocol view of call `id`; its name, module and task cut and neutralised for display (`displayText`). */
export function callNode(model: TraceModel, id: number): CallNode {
  const c = callInfo(model, id);
  const t = cpuTimes(model);
  const parentNs = c.parent >= 0 ? model.calls.inclusiveNs.at(c.parent) : NaN;
  return {
    id,
    name: displayText(c.name),
    module: c.module !== undefined ? displayText(c.module) : null,
    line: c.line,
    endLine: c.endLine >= 0 ? c.endLine : null,
    depth: c.depth,
    cpu: c.cpu >= 0 ? c.cpu : null,
    pid: c.pid >= 0 ? c.pid : null,
    task: c.task !== undefined ? displayText(c.task) : null,
    inclusiveUs: usFromNs(c.inclusiveNs),
    selfUs: usFromNs(c.selfNs),
    onCpuUs: usFromNs(t.onCpuNs.at(id)),
    offCpuUs: usFromNs(t.offCpuNs.at(id)),
    offCpu: offCpuKind(model, id),
    idle: (t.state[id] & CpuState.Idle) !== 0,
    partial: (t.state[id] & CpuState.Partial) !== 0,
    interruptUs: usFromNs(interruptNs(model, id)) ?? 0,
    shareOfParent: parentNs > 0 && !Number.isNaN(c.inclusiveNs) ? c.inclusiveNs / parentNs : null,
    childCount: c.childCount,
    flags: c.flagNames,
    durationClass: durationClass(c.inclusiveNs),
    taskExit: taskExitOf(model, id),
  };
}

/** The call the task of `id` exited through and its 0-based entry line, null when `id` did not end so. */
function taskExitOf(model: TraceModel, id: number): CallNode['taskExit'] {
  const exit = taskExitCall(model, id);
  return exit < 0 ? null : { name: displayText(callName(model, exit)), line: model.calls.entryLine[exit] };
}

/** A readable label for a group: `CPU 1`, `qemu-kv-17653`, `<idle>-0 on CPU 0` (the task name cut and neutralised). */
export function groupLabel(g: RootGroup): string {
  const task = g.task !== undefined ? displayText(g.task) : undefined;
  if (g.pid === 0) return `${task ?? '<idle>'}-0 on CPU ${g.cpu}`;
  if (g.pid > 0) return `${task ?? 'pid'}-${g.pid}`;
  return g.cpu >= 0 ? `CPU ${g.cpu}` : 'calls';
}

/** Protocol view of a group: its top-level calls' count, inclusive and on-CPU time. */
export function callGroup(model: TraceModel, g: RootGroup): CallGroup {
  const onCpuNs = cpuTimes(model).onCpuNs;
  let total = 0;
  let on = 0;
  let timed = false;
  for (const r of g.roots) {
    const v = model.calls.inclusiveNs.at(r);
    if (!Number.isNaN(v)) {
      total += v;
      on += onCpuNs.at(r); // NaN (unknown) makes the sum unknown
      timed = true;
    }
  }
  return {
    key: g.key,
    label: groupLabel(g),
    cpu: g.cpu >= 0 ? g.cpu : null,
    pid: g.pid >= 0 ? g.pid : null,
    task: g.task !== undefined ? displayText(g.task) : null,
    callCount: g.roots.length,
    totalUs: timed ? usFromNs(total) : null,
    onCpuUs: timed ? usFromNs(on) : null,
  };
}
