// Reads function_graph text independently of the extension: entry/exit pairs and the durations the kernel printed.

/** One function_graph line as the kernel printed it (0-based line). */
export interface GraphLine {
  line: number;
  cpu: number;
  /** Leading spaces of the function column (2 per depth level, plus the kernel's own 2). */
  indent: number;
  kind: 'entry' | 'exit' | 'leaf';
  /** The function name for entries and leaves, the name in a funcgraph-tail exit's comment, else ''. */
  name: string;
  /** Column of `name` in the line, or of the `}` for exits. */
  column: number;
  /** Printed duration in µs, or NaN when the line has none. */
  us: number;
  /** The duration mark (`+ ! # * @ $`) or ''. */
  mark: string;
}

/** A call whose entry and exit were both printed, matched on the same CPU and indentation. */
export interface Pair {
  entry: GraphLine;
  exit: GraphLine;
}

const DURATION = /(?:([+!#*@$])\s*)?(\d+(?:\.\d+)?) us\s*$/;

/** Parses one line; undefined for headers, banners, irq arrows, comments and prose. */
export function parseGraphLine(text: string, line: number): GraphLine | undefined {
  const bar = text.lastIndexOf('|');
  if (bar < 0) return undefined;
  const fn = text.slice(bar + 1);
  const body = fn.trim();
  if (body === '' || body.startsWith('/*')) return undefined;
  const before = text.slice(0, bar);
  const cpuMatch = /(?:^|[\s|])(\d+)\)/.exec(before);
  if (!cpuMatch) return undefined;
  const d = DURATION.exec(before);
  const indent = fn.length - fn.trimStart().length;
  const column = bar + 1 + indent;
  const base = { line, cpu: Number(cpuMatch[1]), indent, column, us: d ? Number(d[2]) : NaN, mark: d?.[1] ?? '' };
  if (body.startsWith('}')) {
    const tail = /^\}\s*\/\*\s*([^\s*]+)/.exec(body);
    return { ...base, kind: 'exit', name: tail ? tail[1] : '' };
  }
  const name = /^[^\s(]+/.exec(body)?.[0] ?? '';
  // An entry ends with `{`; people annotate pasted traces after it (the seed has a note there).
  if (body.endsWith('{') || /\)\s*\{\s/.test(body)) return { ...base, kind: 'entry', name };
  if (/;(\s*\/\*.*\*\/)?$/.test(body)) return { ...base, kind: 'leaf', name };
  return undefined;
}

/**
 * Matches entries with exits per CPU by indentation. A context-switch banner (`a-1 => b-2`) clears
 * its CPU's stack, so only pairs the kernel printed within one task's stretch are returned; a
 * funcgraph-tail exit naming another function than the entry is not a pair.
 */
export function matchPairs(text: string): { pairs: Pair[]; lines: (GraphLine | undefined)[] } {
  const rows = text.split(/\r?\n/);
  const stacks = new Map<number, GraphLine[]>();
  const pairs: Pair[] = [];
  const lines: (GraphLine | undefined)[] = [];
  rows.forEach((row, i) => {
    const g = parseGraphLine(row, i);
    lines.push(g);
    if (g === undefined) {
      if (!row.includes('|') && row.includes('=>')) {
        const cpu = /(\d+)\)/.exec(row);
        if (cpu) stacks.delete(Number(cpu[1]));
        else stacks.clear();
      }
      return;
    }
    let stack = stacks.get(g.cpu);
    if (stack === undefined) stacks.set(g.cpu, (stack = []));
    if (g.kind === 'entry') stack.push(g);
    else if (g.kind === 'exit') {
      while (stack.length > 0 && stack[stack.length - 1].indent > g.indent) stack.pop();
      const top = stack[stack.length - 1];
      if (top !== undefined && top.indent === g.indent) {
        stack.pop();
        if (g.name === '' || g.name === top.name) pairs.push({ entry: top, exit: g });
      } else stack.length = 0; // the exit's entry precedes what we saw: the outer levels are unknown too
    }
  });
  return { pairs, lines };
}

/** Up to `n` items spread evenly over `list` (first and last included). */
export function spread<T>(list: readonly T[], n: number): T[] {
  if (list.length <= n) return [...list];
  const out: T[] = [];
  for (let k = 0; k < n; k++) out.push(list[Math.round((k * (list.length - 1)) / (n - 1))]);
  return out;
}
