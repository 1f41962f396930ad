// Document symbols: one symbol per contiguous run of a task's lines, its calls nested and clipped to the run, capped in count and nesting depth.
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { callName, displayText, formatDuration, isContinued, taskRuns, type TaskRuns, type TraceModel } from '../core/index';
import { focusRange, lineRange } from './lines';

/**
 * Deepest call level nested as symbols (top-level calls of a run are level 1). The kernel's return
 * stack holds 50 calls, so real traces never reach it; deeper calls are listed flat in one symbol
 * under the call at this level, so that the answer's nesting (serialised recursively by the JSON
 * layer and by clients) stays bounded whatever the trace.
 */
export const MAX_SYMBOL_DEPTH = 64;

/**
 * The trace as document symbols that nest, at most `cap` symbols in all.
 *
 * Top level: one symbol per run (see {@link taskRuns}), named after its task and CPU
 * (`sh-137 on CPU 0`). Under it the calls of that task that own a line of the run, nested by
 * caller, each range clipped to the run: on an interleaved multi-CPU trace a call's whole span
 * contains other tasks' lines, and VS Code (breadcrumbs, sticky scroll, outline) takes the first
 * symbol that contains a line, so overlapping spans showed another task's calls. A call that
 * started before its run keeps its name, says `continued` in its detail and has an empty
 * selection on the run's first line (so sticky scroll shows that line once for all such calls,
 * a line of the same task). When the cap is reached the shallow levels of the whole file are kept
 * (levels are dropped from the deepest), as folding does.
 *
 * A run's detail names its lines (1-based); in a slice `fullLine` maps a 0-based line of the
 * document to its 0-based line in the full trace (null for a line the slice added), and the detail
 * names the full trace's lines.
 */
export function documentSymbols(doc: TextDocument, model: TraceModel, cap = 5000, maxDepth = MAX_SYMBOL_DEPTH, fullLine?: (line: number) => number | null): DocumentSymbol[] {
  const steps = documentSymbolSteps(doc, model, cap, maxDepth, fullLine);
  for (;;) {
    const r = steps.next();
    if (r.done === true) return r.value;
  }
}

/** Symbols made between two steps of {@link documentSymbolSteps}. */
const SYMBOLS_PER_STEP = 256;

/**
 * {@link documentSymbols} as steps: yields after every SYMBOLS_PER_STEP symbols (each reads and
 * describes a line), returns the symbols. The server runs it in slices between which other
 * requests are answered (BackgroundWork.steps); `doc` must not change meanwhile.
 */
export function* documentSymbolSteps(doc: TextDocument, model: TraceModel, cap = 5000, maxDepth = MAX_SYMBOL_DEPTH, fullLine?: (line: number) => number | null): Generator<void, DocumentSymbol[], void> {
  const runs = taskRuns(model);
  if (cap <= 0 || runs.count === 0) return [];
  const keepDepth = depthCut(runs, cap);
  let room = keepDepth.room;
  let budget = cap;
  // Node index -> index into `made` (-1: no symbol), so that no array as long as the node count is allocated with holes.
  const symbolOf = new Int32Array(runs.count).fill(-1);
  // For nodes at level maxDepth and below: index into `made` of the symbol that lists the deeper calls flat (-1: none yet).
  const flatOf = new Int32Array(runs.count).fill(-1);
  const made: DocumentSymbol[] = [];
  const top: DocumentSymbol[] = [];
  for (let k = 0; k < runs.count && budget > 0; k++) {
    const d = runs.depth[k];
    if (d > keepDepth.depth + 1) continue;
    if (d === keepDepth.depth + 1) {
      if (room <= 0) continue;
      room--;
    }
    const parent = runs.parent[k];
    if (parent >= 0 && symbolOf[parent] < 0) continue;
    const sym = runs.call[k] < 0 ? runSymbol(doc, model, runs, k, fullLine) : callSymbol(doc, model, runs, k, d > maxDepth);
    let into = parent >= 0 ? symbolOf[parent] : -1;
    if (d > maxDepth) {
      // Below the deepest nested level: into the flat list under the level-maxDepth ancestor.
      let flat = flatOf[parent];
      if (flat < 0) {
        if (budget < 2) break;
        const holder = made[symbolOf[parent]];
        flat = made.length;
        made.push({ name: `Deeper calls (below nesting level ${maxDepth}, listed flat)`, detail: undefined, kind: SymbolKind.Namespace, range: holder.range, selectionRange: holder.selectionRange, children: [] });
        holder.children!.push(made[flat]);
        flatOf[parent] = flat;
        budget--;
      }
      flatOf[k] = flat;
      into = flat;
    }
    symbolOf[k] = made.length;
    made.push(sym);
    budget--;
    if (into < 0) top.push(sym);
    else made[into].children!.push(sym);
    if (made.length % SYMBOLS_PER_STEP === 0) yield;
  }
  for (const s of made) if (s.kind === SymbolKind.Namespace && s.name.startsWith('Deeper calls')) s.detail = `${s.children!.length} calls`;
  return top;
}

/** The deepest level kept whole within `cap` symbols and the room left for the next level. */
function depthCut(runs: TaskRuns, cap: number): { depth: number; room: number } {
  const perDepth: number[] = [];
  for (let k = 0; k < runs.count; k++) {
    const d = runs.depth[k];
    perDepth[d] = (perDepth[d] ?? 0) + 1;
  }
  let room = cap;
  for (let d = 0; d < perDepth.length; d++) {
    const n = perDepth[d] ?? 0;
    if (n > room) return { depth: d - 1, room };
    room -= n;
  }
  return { depth: perDepth.length - 1, room: 0 };
}

function range(doc: TextDocument, first: number, last: number): Range {
  return { start: { line: first, character: 0 }, end: lineRange(doc, last).end };
}

function runSymbol(doc: TextDocument, model: TraceModel, runs: TaskRuns, k: number, fullLine: ((line: number) => number | null) | undefined): DocumentSymbol {
  const first = runs.first[k];
  const last = runs.last[k];
  // A run may start at the banner that switches to its task: its task is that of its first call line.
  let at = first;
  while (at < last && model.lineCall.at(at) < 0) at++;
  const owner = model.lineCall.at(at);
  return {
    name: runLabel(model, owner),
    detail: linesDetail(first, last, fullLine),
    kind: SymbolKind.Namespace,
    range: range(doc, first, last),
    selectionRange: { start: { line: first, character: 0 }, end: { line: first, character: 0 } },
    children: [],
  };
}

function callSymbol(doc: TextDocument, model: TraceModel, runs: TaskRuns, k: number, flat: boolean): DocumentSymbol {
  const id = runs.call[k];
  const first = runs.first[k];
  const ns = model.calls.inclusiveNs.at(id);
  const time = Number.isNaN(ns) ? '' : formatDuration(ns);
  const continued = isContinued(model, runs, k);
  const parts = [flat ? `level ${runs.depth[k]}` : '', time, continued ? 'continued' : ''].filter((p) => p !== '');
  const detail = parts.join(flat ? ' · ' : ', ');
  return {
    name: displayText(callName(model, id)),
    detail: detail === '' ? undefined : detail,
    kind: SymbolKind.Function,
    range: range(doc, first, runs.last[k]),
    selectionRange: continued ? { start: { line: first, character: 0 }, end: { line: first, character: 0 } } : focusRange(doc, first),
    children: [],
  };
}

/** `lines 12–40` (1-based); in a slice `lines 1,012–1,300 in the full trace`, or `slice lines 12–40` when the slice added one of them. */
function linesDetail(first: number, last: number, fullLine: ((line: number) => number | null) | undefined): string {
  if (fullLine === undefined) return `lines ${first + 1}–${last + 1}`;
  const a = fullLine(first);
  const b = fullLine(last);
  return a !== null && b !== null ? `lines ${(a + 1).toLocaleString('en-US')}–${(b + 1).toLocaleString('en-US')} in the full trace` : `slice lines ${first + 1}–${last + 1}`;
}

/** `sh-137 on CPU 0`, `<idle>-0 on CPU 2`, `CPU 1` (no task names), `calls` (neither). */
export function runLabel(model: TraceModel, call: number): string {
  const pid = call >= 0 ? model.calls.pid[call] : -1;
  const cpu = call >= 0 ? model.calls.cpu[call] : -1;
  const on = cpu >= 0 ? ` on CPU ${cpu}` : '';
  if (pid === 0) return `${displayText(model.tasks.get(0) ?? '<idle>')}-0${on}`;
  if (pid > 0) return `${displayText(model.tasks.get(pid) ?? 'pid')}-${pid}${on}`;
  return cpu >= 0 ? `CPU ${cpu}` : 'calls';
}
