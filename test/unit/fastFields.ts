// Line-level check of the parser's fast path: every line it accepts gets exactly the fields parseLine gives it (the model comparison catches only what the builder reads).
import assert from 'node:assert/strict';
import { FastLayout } from '../../server/src/core/fast/fastLine';
import { Interner } from '../../server/src/core/build/interner';
import { LineFields, PasteKind } from '../../server/src/core/parse/lineFields';
import { LineKind } from '../../server/src/core/parse/lineKinds';
import { parseLine } from '../../server/src/core/parse/lineParser';

/** Fields a plain (`simple`) line sets (see FastLayout.simple). */
const SIMPLE = ['kind', 'cpu', 'pid', 'depth', 'durationNs', 'durationStepNs', 'tailStart'] as const;

/** The fields a plain line sets, by parseLine's fields `g` of it: the task's name with a pid, the tail's end (and no normalised text) with a tail name. */
function simpleFields(g: LineFields): readonly (keyof LineFields)[] {
  return [...SIMPLE, ...(g.pid >= 0 ? (['commStart', 'commEnd'] as const) : []), ...(g.tailStart >= 0 ? (['tailEnd', 'normalised'] as const) : [])];
}
/** Every field of a complete line (all of LineFields but the spans). */
const ALL = [
  'kind', 'cpu', 'pid', 'commStart', 'commEnd', 'depth', 'nameStart', 'nameEnd', 'tailStart', 'tailEnd', 'durationNs',
  'durationStepNs', 'mark', 'timeUs', 'prevPid', 'prevCommStart', 'prevCommEnd', 'nextPid', 'nextCommStart', 'nextCommEnd',
  'lostCount', 'cpuParenAt', 'barAt', 'bodyBase', 'otherColumns', 'opensComment', 'annotated', 'paste', 'normalised',
] as const;

/** What {@link checkLineFields} saw: lines, call lines (entry, exit, leaf for parseLine), lines the fast path took, and of those the plain ones. */
export interface FastLineCounts {
  lines: number;
  calls: number;
  taken: number;
  simple: number;
}

/**
 * Reads `text` with the fast path in windows (as the builder does, whole lines of up to `window`
 * characters; windows holding non-ASCII text are skipped, the builder leaves them to parseLine)
 * and compares every line it accepts with parseLine's fields for that line (outside a comment).
 * `what` names the text in failures. Returns the counts.
 */
export function checkLineFields(text: string, what: string, window = 1 << 16): FastLineCounts {
  const interner = new Interner();
  const fast = new FastLayout(interner);
  const f = new LineFields();
  const g = new LineFields();
  const counts: FastLineCounts = { lines: 0, calls: 0, taken: 0, simple: 0 };
  const end = text.lastIndexOf('\n') + 1;
  let s = 0;
  while (s < end) {
    let we = Math.min(end, s + window);
    we = text.lastIndexOf('\n', we - 1) + 1;
    if (we <= s) we = text.indexOf('\n', s) + 1;
    if (!fast.load(text, s, we)) {
      s = we;
      continue;
    }
    let p = 0;
    while (p < we - s) {
      const ls = p + s;
      const le = text.indexOf('\n', ls);
      counts.lines++;
      f.reset();
      const nl = fast.parse(p, f);
      parseLine(text, ls, le, g, false);
      if (g.kind === LineKind.Entry || g.kind === LineKind.Exit || g.kind === LineKind.Leaf) counts.calls++;
      if (nl >= 0) {
        counts.taken++;
        const line = JSON.stringify(text.slice(ls, le));
        assert.equal(nl + s, le, `${what}: fast path line end of ${line}`);
        const fields = fast.simple ? simpleFields(g) : ALL;
        for (const k of fields) assert.equal(f[k], g[k], `${what}: ${k} of ${line} (fast ${String(f[k])}, parseLine ${String(g[k])})`);
        if (fast.simple) {
          counts.simple++;
          // A plain line is one the builder may record without the rest of the fields.
          assert.ok((g.cpu >= 0 || g.barAt >= 0) && (g.tailStart === -1 || g.kind === LineKind.Exit) && !g.annotated && g.paste === PasteKind.None && g.normalised === null, `${what}: plain line ${line}`);
        }
        const name = g.nameStart >= 0 ? text.slice(g.nameStart, g.nameEnd) : undefined;
        assert.equal(fast.nameId >= 0 ? interner.names[fast.nameId] : undefined, name, `${what}: name of ${line}`);
        p = nl + 1;
      } else p = le - s + 1;
    }
    s = we;
  }
  return counts;
}
