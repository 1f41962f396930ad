// The parser's fast path gives exactly the general parser's model: every corpus trace, damaged variants of its lines, and chunked feeding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { TraceBuilder, parseTrace, type TraceModel } from '../../server/src/core/index';
import { files, present, read } from './corpusFiles';

const skip = present ? false : '../shared/corpus not found: fast-path equivalence not checked';



/** First index where two array-likes differ (Object.is: NaN equals NaN), or -1. */
function firstDifference(a: ArrayLike<unknown>, b: ArrayLike<unknown>): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (!Object.is(a[i], b[i])) return i;
  return a.length === b.length ? -1 : n;
}

/** Asserts that two models are identical, naming the first differing column and line. */
function assertSameModel(fast: TraceModel, general: TraceModel, lines: string[], what: string): void {
  const at = (line: number): string => (line >= 0 && line < lines.length ? ` (line ${line + 1}: ${JSON.stringify(lines[line].slice(0, 140))})` : '');
  assert.equal(fast.lineCount, general.lineCount, `${what}: lineCount`);
  for (const [name, a, b] of [['lineKinds', fast.lineKinds, general.lineKinds], ['lineCall', fast.lineCall, general.lineCall]] as const) {
    const i = firstDifference(a, b);
    assert.equal(i, -1, `${what}: ${name}[${i}] fast ${a[i]} vs general ${b[i]}${at(i)}`);
  }
  assert.equal(fast.callCount, general.callCount, `${what}: callCount`);
  const cols = ['entryLine', 'exitLine', 'parent', 'depth', 'cpu', 'pid', 'name', 'inclusiveNs', 'selfNs', 'flags', 'childStart', 'childList'] as const;
  for (const col of cols) {
    const a = fast.calls[col];
    const b = general.calls[col];
    const i = firstDifference(a, b);
    const line = i >= 0 && i < fast.callCount ? Math.max(general.calls.entryLine[i], general.calls.exitLine[i]) : -1;
    assert.equal(i, -1, `${what}: calls.${col}[${i}] fast ${a[i]} vs general ${b[i]}${at(line)}`);
  }
  for (let c = 0; c < fast.callCount; c++) {
    const a = fast.calls.name[c] >= 0 ? fast.names[fast.calls.name[c]] : undefined;
    const b = general.calls.name[c] >= 0 ? general.names[general.calls.name[c]] : undefined;
    if (a !== b) assert.fail(`${what}: name of call ${c}: fast ${a} vs general ${b}${at(general.calls.entryLine[c])}`);
  }
  assert.deepEqual(fast.names, general.names, `${what}: names`);
  for (const col of ['count', 'timedCount', 'totalNs', 'selfNs', 'maxNs', 'maxCall'] as const) {
    assert.equal(firstDifference(fast.functions[col], general.functions[col]), -1, `${what}: functions.${col}`);
  }
  assert.deepEqual([...fast.tasks], [...general.tasks], `${what}: tasks`);
  assert.deepEqual(fast.cpus, general.cpus, `${what}: cpus`);
  assert.deepEqual(fast.kindCounts, general.kindCounts, `${what}: kindCounts`);
  assert.equal(fast.tracer, general.tracer, `${what}: tracer`);
  assert.equal(fast.hasDurations, general.hasDurations, `${what}: hasDurations`);
  assert.deepEqual(fast.issues.countsByCode(), general.issues.countsByCode(), `${what}: issue counts`);
  assert.deepEqual(fast.issues.allSamples(), general.issues.allSamples(), `${what}: issue samples`);
}

function checkText(text: string, what: string): void {
  assertSameModel(parseTrace(text), parseTrace(text, { fastPath: false }), text.split('\n'), what);
}

test('corpus present', { skip }, () => {});

for (const dir of ['real', 'constructed']) {
  for (const path of files(dir)) {
    test(`fast path = general path: ${dir}/${basename(path)}`, { skip }, () => checkText(read(path), `${dir}/${basename(path)}`));
  }
}

/** Deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Characters and pieces that sit on the fast path's decisions: column separators, blanks the
// general parser skips and the fast path does not, digits, marks, units, name/argument syntax,
// comment and arrow starts, line-end and non-ASCII characters.
const PIECES = [
  '|', ' ', '  ', '\t', '\r', '\u00a0', '\u200b', 'é', '0', '9', '12345', ')', '(', '()', '(int x)', ';', ' {', '{', '}', '+', '!', '#', '$', '@', '*',
  '.', '.1234', ' us', 'us', 'ms', '/*', '*/', ' /* x */', '==========>', '<==========', '[', ']', ' [kvm]', ' [a b]', ' x', '-', '=>',
  ' [LINE TOO BIG]', ' (5)', ' (ret=0)', '  /* ret=0x1 */',
];

/** A line with one to three random edits (insert, delete or replace a piece). */
function damage(line: string, next: () => number): string {
  let s = line;
  const edits = 1 + Math.floor(next() * 3);
  for (let k = 0; k < edits; k++) {
    const at = Math.floor(next() * (s.length + 1));
    const piece = PIECES[Math.floor(next() * PIECES.length)];
    const op = next();
    if (op < 0.5) s = s.slice(0, at) + piece + s.slice(at);
    else if (op < 0.75) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(next() * 3));
    else s = s.slice(0, at) + piece + s.slice(at + piece.length);
  }
  return s.replace(/\n/g, '');
}

test('fast path = general path on damaged lines of real traces', { skip }, () => {
  const next = rng(Number(process.env.FASTPATH_SEED ?? 20241127));
  const sources = [...files('real'), ...files('constructed')];
  for (const path of sources) {
    const lines = read(path).split('\n');
    // Runs of intact lines with damaged ones among them, so the call structure stays meaningful.
    const out: string[] = [];
    const start = Math.floor(next() * Math.max(1, lines.length - 3000));
    for (let i = start; i < Math.min(lines.length, start + 3000); i++) out.push(next() < 0.25 ? damage(lines[i], next) : lines[i]);
    checkText(out.join('\n'), `damaged ${basename(path)}`);
    checkText(out.join('\r\n'), `damaged ${basename(path)}, CRLF`);
  }
});

test('chunked feeding gives the whole-text model (fast path windows, non-ASCII windows)', { skip }, () => {
  const next = rng(7);
  const path = files('real').find((f) => basename(f).startsWith('k61-smp2-default')) ?? files('real')[0];
  // Non-ASCII text in some places sends those windows to the general parser.
  const lines = read(path).split('\n');
  for (let i = 0; i < lines.length; i += 20000) lines[i] = `${lines[i]} \u00e9`;
  const text = lines.join('\n');
  const whole = parseTrace(text);
  for (const size of [1, 4093, 65536, 1_500_000]) {
    const b = new TraceBuilder();
    let s = 0;
    while (s < text.length) {
      const n = size === 1 ? 1 + Math.floor(next() * 200000) : size;
      b.feed(text.slice(s, s + n));
      s += n;
    }
    assertSameModel(b.finish(), whole, lines, `chunks of ${size === 1 ? 'random size' : size}`);
  }
  assertSameModel(whole, parseTrace(text, { fastPath: false }), lines, 'non-ASCII lines');
});
