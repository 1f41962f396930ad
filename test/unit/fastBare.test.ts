// The fast path's reader of lines without any column (fastBare.ts): it takes the column-less call lines parseLine reads as bare graph lines, with parseLine's fields, and leaves every look-alike to parseLine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonTraceBuilder, parseTrace } from '../../server/src/core/index';
import { FastLayout } from '../../server/src/core/fast/fastLine';
import { Interner } from '../../server/src/core/build/interner';
import { LineFields } from '../../server/src/core/parse/lineFields';
import { LineKind } from '../../server/src/core/parse/lineKinds';
import { parseLine } from '../../server/src/core/parse/lineParser';
import { checkLineFields } from './fastFields';
import { manyLanes } from './hostileShapes';
import { damage, rng } from './lineDamage';
import { assertSameModel } from './sameModel';

/** Column-less lines the fast path must take, each with the kind parseLine gives it. */
const TAKEN: [string, LineKind][] = [
  ['foo() {', LineKind.Entry],
  ['  bar();', LineKind.Leaf],
  ['}', LineKind.Exit],
  ['    }', LineKind.Exit],
  ['   odd_indent() {', LineKind.Entry],
  ['                       deep_indent();', LineKind.Leaf],
  ['     }', LineKind.Exit],
  ['x();', LineKind.Leaf],
  ['do_sys_openat2.isra.0() {', LineKind.Entry],
  ['  $tramp_x();', LineKind.Leaf],
  ['  _raw_spin_lock() {', LineKind.Entry],
  ['  nvme_irq [nvme]() {', LineKind.Entry],
  ['  xfs_log_force [my mod-1.x]();', LineKind.Leaf],
  ['  vfs_read(file=0xffff8881, buf=(STRUCT)[1], count=8) {', LineKind.Entry],
  ['  f(a, (b)c);', LineKind.Leaf],
  ['} /* foo */', LineKind.Exit],
  ['  } /* vfs_read ret=0x8 */', LineKind.Exit],
  ['} /* foo = -22 */', LineKind.Exit],
  ['}   /*   spaced_name   */   ', LineKind.Exit],
  ['  kmem_cache_alloc(); /* <-getname_flags+0x4f/0x1d0 ret=0xffff */', LineKind.Leaf],
  ['foo() { /* entry comment */', LineKind.Entry],
  ['foo() {   ', LineKind.Entry],
  ['foo();\t', LineKind.Leaf],
  ['}  a note left by a person', LineKind.Exit],
  ['  bar(); and a note', LineKind.Leaf],
  ['foo() { (3)', LineKind.Entry],
  ['} (ret=0)', LineKind.Exit],
  ['}}', LineKind.Exit],
  ['foo() {x', LineKind.Entry],
];

/** Lines of context-switch banner blocks the fast path must take, with parseLine's kind. */
const BANNER: [string, LineKind][] = [
  ['', LineKind.Blank],
  ['   ', LineKind.Blank],
  [' \t ', LineKind.Blank],
  [' ------------------------------------------', LineKind.BannerRule],
  [' --------------------', LineKind.BannerRule],
  [' ------------------------------------------  \t', LineKind.BannerRule],
  [' 1)    a-1001     =>   b-2001   ', LineKind.ContextSwitch],
  [' 0)  kworker/0:1-52   =>    <idle>-0   ', LineKind.ContextSwitch],
  ['1023) x y-1 => z => w-22', LineKind.ContextSwitch],
  ['\t7)\tsshd-123456789 =>  bash-2', LineKind.ContextSwitch],
  [' 3)  a-b-7 =>  -c-8', LineKind.ContextSwitch],
];

/** Look-alikes the fast path must leave to parseLine (it reads them otherwise, or not as call lines). */
const LEFT = [
  '\tfoo() {',
  ' \tfoo();',
  'foo-bar() {',
  'foo:bar();',
  '1foo() {',
  '42();',
  'foo () {',
  'foo(){',
  'foo( {',
  'foo [mod() {',
  'foo [mod]x() {',
  'foo() { /* a|b */',
  'foo() { /* x-12 | */',
  '  bar(); /* 1.5 us | */',
  '} /* x-12 | */',
  'foo(a|b);',
  'foo [m|n]();',
  'foo() {|',
  '} | 3',
  '/* a comment at depth 0 */',
  '  /* sched_switch: prev_comm=a prev_pid=1 ==> next_comm=b next_pid=2 */',
  '#foo() {',
  '# tracer: function_graph',
  'CPU:0 [LOST 3 EVENTS]',
  ' ==========> |',
  'foo() { [LINE TOO BIG]',
  'foo\u0001() {',
  '  (foo)();',
  '=> foo();',
  '-foo();',
  '.x-1 [000] 1.5: funcgraph_entry: foo() {',
  ' -------------------',
  '  ------------------------------------------',
  '\t------------------------------------------',
  ' -----------------------------------------x',
  ' ---------------------------------------- |',
  ' 1)    a-1001     =>   b-2001  |',
  ' 1)  a|b-1 => c-2',
  ' 1)    a-1001     =>   b-',
  ' 1)    a-1001     =>   b-1234567890',
  ' 1)    -1001     =>   b-1',
  ' 1)    a-1001     =>b-1',
  ' 1)    a-1001    =>   b-1 x',
  '12345) a-1 => b-2',
  ' 1)    a-1001 \u0001 =>   b-2001',
  ' 1.5)  a-1 => b-2',
  ' ) a-1 => b-2',
  ' 1)  a-1 = > b-2',
];

/** Whether the fast path takes `line` alone (a one-line window), and the fields it gives. */
function fastRead(line: string): { taken: boolean; f: LineFields } {
  const text = `${line}\n`;
  const fast = new FastLayout(new Interner());
  const f = new LineFields();
  if (!fast.load(text, 0, text.length)) return { taken: false, f };
  return { taken: fast.parse(0, f) >= 0, f };
}

test('the fast path takes column-less call lines with parseLine\'s kind and fields', () => {
  for (const [line, kind] of TAKEN) {
    const r = fastRead(line);
    assert.ok(r.taken, `fast path left ${JSON.stringify(line)}`);
    const g = new LineFields();
    parseLine(line, 0, line.length, g);
    assert.equal(g.kind, kind, `parseLine kind of ${JSON.stringify(line)}`);
    assert.equal(r.f.kind, kind, `fast kind of ${JSON.stringify(line)}`);
    assert.equal(r.f.cpu, -1, `cpu of ${JSON.stringify(line)}`);
  }
  // Field by field, alone, after each other (name prediction), with CRLF, in every window size.
  const text = `${TAKEN.map(([l]) => l).join('\n')}\n`;
  for (const t of [text, text.repeat(3), text.replace(/\n/g, '\r\n')]) {
    for (const w of [1, 64, 1 << 16]) {
      const c = checkLineFields(t, `column-less lines (window ${w})`, w);
      assert.equal(c.taken, c.lines, `every line taken (window ${w})`);
    }
  }
});

test('the fast path takes the lines of banner blocks with parseLine\'s kind and fields', () => {
  for (const [line, kind] of BANNER) {
    const r = fastRead(line);
    assert.ok(r.taken, `fast path left ${JSON.stringify(line)}`);
    const g = new LineFields();
    parseLine(line, 0, line.length, g);
    assert.equal(g.kind, kind, `parseLine kind of ${JSON.stringify(line)}`);
    assert.equal(r.f.kind, kind, `fast kind of ${JSON.stringify(line)}`);
  }
  const text = `${BANNER.map(([l]) => l).join('\n')}\n`;
  for (const t of [text, text.replace(/\n/g, '\r\n')]) {
    const c = checkLineFields(t, 'banner lines');
    assert.equal(c.taken, c.lines, 'every line taken');
  }
});

test('the fast path leaves column-less look-alikes to parseLine', () => {
  for (const line of LEFT) assert.ok(!fastRead(line).taken, `fast path took ${JSON.stringify(line)}`);
  const text = `${LEFT.join('\n')}\n`;
  checkLineFields(text, 'look-alikes');
  checkLineFields(text.replace(/\n/g, '\r\n'), 'look-alikes, CRLF');
});

test('fast path = general path on column-less lines between banners (text, CRLF, JSON bytes, damaged lines)', () => {
  const taken = TAKEN.map(([l]) => l);
  const next = rng(4242);
  const parts: string[] = ['# tracer: function_graph\n'];
  for (let i = 0; i < 400; i++) {
    if (i % 50 === 0) parts.push(` ------------------------------------------\n ${i % 7})    a-${100 + i}     =>   b-${200 + i}   \n ------------------------------------------\n\n`);
    const pick = next();
    parts.push(`${pick < 0.8 ? taken[Math.floor(next() * taken.length)] : LEFT[Math.floor(next() * LEFT.length)]}\n`);
  }
  const base = parts.join('') + manyLanes(20, 600);
  const damaged = base.split('\n').map((l) => (next() < 0.2 ? damage(l, next) : l)).join('\n');
  for (const [text, what] of [[base, 'text'], [base.replace(/\n/g, '\r\n'), 'CRLF'], [damaged, 'damaged']] as const) {
    const lines = text.split('\n');
    const model = parseTrace(text);
    assertSameModel(model, parseTrace(text, { fastPath: false }), lines, what);
    checkLineFields(text, what);
    const json = Buffer.from(JSON.stringify(text), 'utf8');
    for (const chunk of [97, 4096, 1 << 20]) {
      const b = new JsonTraceBuilder();
      for (let s = 1; s < json.length - 1; s += chunk) assert.ok(b.feedJson(json.subarray(s, Math.min(s + chunk, json.length - 1)), json.length - 1 - s));
      const fromJson = b.finishJson();
      assert.ok(fromJson !== undefined);
      assertSameModel(fromJson, model, lines, `${what} from JSON bytes (chunks of ${chunk})`);
    }
  }
});

test('column-less call lines after banners keep their lanes through the fast path', () => {
  const text = manyLanes(300, 3000);
  const fast = parseTrace(text);
  assertSameModel(fast, parseTrace(text, { fastPath: false }), text.split('\n'), 'many lanes');
  const c = checkLineFields(text, 'many lanes');
  assert.equal(c.calls, 3000);
  assert.equal(c.taken, c.lines - 1, 'every line but the `# tracer` header taken');
  // The last banner named CPU 299: its task's lines stay on it.
  assert.equal(fast.calls.cpu[fast.callCount - 1], 299);
});
