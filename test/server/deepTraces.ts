// Test helper: traces nested thousands of calls deep, as text (indentation costs depth² bytes) or as a model built from columns.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CallFlag, LINE_KIND_NAMES, LineKind, TraceIssues, type TraceModel } from '../../server/src/core/index';
import { CallTable } from '../../server/src/core/model/growable';
import { LineCalls } from '../../server/src/core/model/lineCalls';
import { finishModel } from '../../server/src/core/model/modelFinish';

/**
 * A function_graph trace of `depth` nested entries, each indented one level deeper, none
 * returning (open at the end). Its size grows with depth²: 100 MB at depth 10,000.
 */
export function deepText(depth: number): string {
  const parts: string[] = [];
  for (let i = 0; i < depth; i++) parts.push(` 0)               |  ${' '.repeat(2 * i)}f${i}() {`);
  return parts.join('\n') + '\n';
}

/**
 * A trace of `depth` nested calls `f0 … f{depth-1}`, each entered on line i and returning on line
 * 2·depth−1−i, call i taking depth−i µs, built directly as a model (a text that deep would
 * need depth² bytes of indentation). The document's lines are short stand-ins for the entry and
 * exit lines (services read the text only for columns).
 */
export function deepModel(depth: number): { doc: TextDocument; model: TraceModel } {
  const calls = new CallTable(depth);
  const names: string[] = [];
  const lines = 2 * depth;
  const lineKinds = new Uint8Array(lines);
  const lineCall = new Int32Array(lines);
  const lineCalls = new LineCalls(lines);
  const text: string[] = new Array<string>(lines);
  for (let i = 0; i < depth; i++) {
    const exit = lines - 1 - i;
    calls.entryLine[i] = i;
    calls.exitLine[i] = exit;
    calls.parent[i] = i - 1;
    calls.depth[i] = Math.min(i, 0x7fff);
    calls.cpu[i] = 0;
    calls.pid[i] = -1;
    calls.name[i] = names.push(`f${i}`) - 1;
    calls.inclusiveNs.set(i, (depth - i) * 1000);
    calls.flags[i] = CallFlag.Timed;
    calls.step[i] = 3;
    lineKinds[i] = LineKind.Entry;
    lineKinds[exit] = LineKind.Exit;
    lineCall[i] = i;
    lineCall[exit] = i;
    text[i] = ` 0)               |  f${i}() {`;
    text[exit] = ` 0) ${String(depth - i).padStart(7)}.000 us |  }`;
  }
  calls.count = depth;
  for (const c of lineCall) lineCalls.push(c);
  const kindCounts = new Array<number>(LINE_KIND_NAMES.length).fill(0);
  kindCounts[LineKind.Entry] = depth;
  kindCounts[LineKind.Exit] = depth;
  const model = finishModel(
    { calls, names, tasks: new Map(), issues: new TraceIssues() },
    { lineKinds, lineCall: lineCalls, kindCounts, cpus: [0], tracer: 'function_graph', hasDurations: true },
  );
  return { doc: TextDocument.create('file:///deep.trace', 'ftrace', 1, text.join('\n') + '\n'), model };
}

/** Deepest nesting of an answer as the JSON layer walks it (objects and arrays), found without recursion. */
export function nestingDepth(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    max = Math.max(max, d);
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}
