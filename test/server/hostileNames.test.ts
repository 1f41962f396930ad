// Hostile names in every answer and in the CLI: spoofing characters shown as escapes, a 10 MB name cut with a note, Markdown kept in code spans.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type MarkupContent } from 'vscode-languageserver-types';
import { DISPLAY_LIMIT, parseTrace, type TraceModel } from '../../server/src/core/index';
import { callAt, callTree, functionTable, slowest, summary } from '../../server/src/service/customRequests';
import { diagnostics } from '../../server/src/service/diagnostics';
import { hover } from '../../server/src/service/hover';
import { documentSymbols } from '../../server/src/service/symbols';

/** Function names a trace can carry (the parser takes them), each aimed at one way of fooling a reader. */
const NAMES: readonly (readonly [string, string, string])[] = [
  // [what, name, how it is shown]
  ['right-to-left override', 'evil\u202Egnp.exe', 'evil\\u202Egnp.exe'],
  ['bidi isolates', 'bi\u2066di\u2069', 'bi\\u2066di\\u2069'],
  ['Arabic letter mark', 'am\u061Cx', 'am\\u061Cx'],
  ['LRM and RLM', 'l\u200Er\u200Fm', 'l\\u200Er\\u200Fm'],
  ['zero-width space, joiner, BOM', 'zw\u200Bsp\u200D\uFEFF', 'zw\\u200Bsp\\u200D\\uFEFF'],
  ['C1 controls', 'c1\u0085\u009Bx', 'c1\\u0085\\u009Bx'],
  ['tag character', 'tag\u{E0041}x', 'tag\\u{E0041}x'],
  ['line and paragraph separators', 'ls\u2028ps\u2029', 'ls\\u2028ps\\u2029'],
  ['HTML', 'x<img/src=x/onerror=alert`1`>', 'x<img/src=x/onerror=alert`1`>'],
  ['backticks and Markdown', '``a`b*[x]_http://e.x_*', '``a`b*[x]_http://e.x_*'],
];
const U = 'file:///hostile.trace';
const BIG = 10_000_000;
const BIG_NOTE = '… (10,000,000 characters)';
/** Characters that must never reach an answer raw (the hostile ones above and their kin). */
// eslint-disable-next-line no-control-regex -- control characters are what this test looks for
const RAW_SPOOF = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]|\u{e0041}/u;

/** The trace: a banner naming hostile tasks, a top-level call holding every hostile name and a 10 MB name. */
function hostileTrace(): string {
  const lines = [
    '# tracer: function_graph',
    ' ------------------------------------------',
    ' 0)    ev\u202Eil-10    =>   $(alert)-11   ',
    ' ------------------------------------------',
    ' 0)               |  top() {',
  ];
  for (const [, name] of NAMES) lines.push(` 0)   2.000 us    |    ${name}();`);
  lines.push(` 0)   5.000 us    |    ${'n'.repeat(BIG)}();`);
  lines.push(' 0) + 40.000 us   |  }');
  return lines.join('\n') + '\n';
}

/** Every string inside an answer. */
function strings(value: unknown): string[] {
  const out: string[] = [];
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') out.push(v);
    else if (typeof v === 'object' && v !== null) stack.push(...Object.values(v));
  }
  return out;
}

/** Markdown with its inline code spans removed (CommonMark: a run of n backticks closes at the next run of exactly n). */
function outsideCode(md: string): string {
  let out = '';
  let i = 0;
  while (i < md.length) {
    if (md[i] !== '`') {
      out += md[i++];
      continue;
    }
    let n = 0;
    while (md[i + n] === '`') n++;
    const fence = '`'.repeat(n);
    let close = i + n;
    for (;;) {
      close = md.indexOf(fence, close);
      if (close < 0 || md[close + n] !== '`') break;
      while (md[close] === '`') close++;
    }
    if (close < 0) {
      out += md.slice(i);
      break;
    }
    i = close + n;
  }
  return out;
}

describe('hostile names in the services', () => {
  let text: string;
  let doc: TextDocument;
  let model: TraceModel;
  let lineOf: (needle: string) => number;
  before(() => {
    text = hostileTrace();
    doc = TextDocument.create(U, 'ftrace', 1, text);
    model = parseTrace(text);
    const lines = text.split('\n');
    lineOf = (needle) => lines.findIndex((l) => l.includes(needle));
  });

  /** Every answer the server gives on this trace, by name. */
  const answers = (): [string, unknown][] => {
    const out: [string, unknown][] = [];
    for (let line = 0; line < model.lineCount; line++) {
      out.push([`hover ${line}`, hover(doc, model, { line, character: 0 })]);
      out.push([`callAt ${line}`, callAt(model, 1, line)]);
    }
    const opts = { thresholdNs: 1000, policy: { measure: 'inclusive', includeIdle: false, includeSleep: false }, severity: DiagnosticSeverity.Warning, maxSlowCalls: 100, structural: true } as const;
    out.push(['diagnostics', diagnostics(doc, model, opts)]);
    out.push(['diagnostics by self', diagnostics(doc, model, { ...opts, policy: { ...opts.policy, measure: 'self' } })]);
    out.push(['symbols', documentSymbols(doc, model)]);
    const groups = callTree(model, 1, { uri: U });
    out.push(['groups', groups]);
    for (const g of groups.groups ?? []) out.push([`group ${g.key}`, callTree(model, 1, { uri: U, group: g.key })]);
    for (const order of ['trace', 'time'] as const) out.push([`children ${order}`, callTree(model, 1, { uri: U, parent: 0, order })]);
    out.push(['slowest', slowest(model, 1, { uri: U, count: 50 })]);
    out.push(['slowest self', slowest(model, 1, { uri: U, count: 50, by: 'self' })]);
    out.push(['functions', functionTable(model, 1, { uri: U, sortBy: 'name' })]);
    out.push(['summary', summary(model, 1)]);
    return out;
  };

  test('the parser keeps every hostile name (the test would prove nothing otherwise)', () => {
    for (const [what, name] of NAMES) assert.ok(model.names.includes(name), what);
    assert.ok(model.names.some((n) => n.length === BIG));
    assert.deepEqual([...model.tasks.values()].sort(), ['$(alert)', 'ev\u202Eil']);
  });

  test('no answer carries a spoofing character raw; each name is shown with visible escapes', () => {
    for (const [what, answer] of answers()) {
      for (const s of strings(answer)) {
        // Hover Markdown separates its rows with line feeds: those are ours, not the trace's.
        const own = what.startsWith('hover') ? s.replace(/\n/g, '') : s;
        assert.doesNotMatch(own, RAW_SPOOF, `${what}: ${JSON.stringify(s.slice(0, 200))}`);
      }
    }
    const rows = functionTable(model, 1, { uri: U, sortBy: 'name', limit: 100 }).functions.map((f) => f.name);
    for (const [what, , shown] of NAMES) assert.ok(rows.includes(shown), `${what}: ${shown} in ${JSON.stringify(rows)}`);
    const group = callTree(model, 1, { uri: U }).groups![0];
    assert.equal(group.label, '$(alert)-11');
    assert.equal(group.task, '$(alert)');
    const banner = hover(doc, model, { line: lineOf('=>'), character: 5 });
    assert.match((banner!.contents as MarkupContent).value, /`ev\\u202Eil-10`/);
  });

  test('hover Markdown: every name stays inside its code span', () => {
    for (const [what, name, shown] of NAMES) {
      const h = hover(doc, model, { line: lineOf(`${name}();`), character: 25 });
      const md = (h!.contents as MarkupContent).value;
      assert.ok(md.includes(shown), `${what}: ${md}`);
      const rest = outsideCode(md);
      for (const bad of ['<', '[x]', 'http', 'onerror', '$(', '\\u']) assert.ok(!rest.includes(bad), `${what}: ${JSON.stringify(bad)} outside code in ${md}`);
    }
  });

  test('a 10 MB name: every answer small, the name cut with a note saying how long it was', () => {
    const h = hover(doc, model, { line: lineOf('nnnnnnnn'), character: 25 });
    const md = (h!.contents as MarkupContent).value;
    assert.ok(md.length < 4 * DISPLAY_LIMIT, `hover of ${md.length} characters`);
    assert.ok(md.includes(`\`${'n'.repeat(DISPLAY_LIMIT)}\`${BIG_NOTE}`), md.slice(0, 200));
    for (const [what, answer] of answers()) {
      const size = JSON.stringify(answer).length;
      assert.ok(size < 200_000, `${what}: ${size} characters`);
    }
    const big = `${'n'.repeat(DISPLAY_LIMIT)}${BIG_NOTE}`;
    assert.ok(slowest(model, 1, { uri: U, count: 50 }).calls.some((c) => c.name === big));
    assert.ok(functionTable(model, 1, { uri: U }).functions.some((f) => f.name === big));
    assert.ok(diagnostics(doc, model, { thresholdNs: 1000, policy: { measure: 'self', includeIdle: false, includeSleep: false }, severity: DiagnosticSeverity.Warning, maxSlowCalls: 100, structural: false }).some((d) => (d.message as string).includes(big)));
    assert.ok(JSON.stringify(documentSymbols(doc, model)).includes(big));
  });
});

describe('hostile names in the CLI', () => {
  const cli = join(__dirname, '..', '..', 'server', 'out', 'cli.js');
  const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });
  let dir: string;
  let file: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ftrace-hostile-'));
    file = join(dir, 'hostile.trace');
    writeFileSync(file, hostileTrace());
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('report: escapes instead of spoofing characters, the 10 MB name cut', () => {
    const r = run('report', file, '--top', '20');
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stdout.replace(/\n/g, ''), RAW_SPOOF);
    assert.ok(r.stdout.length < 20_000, `${r.stdout.length} characters`);
    assert.ok(r.stdout.includes(`${'n'.repeat(DISPLAY_LIMIT)}${BIG_NOTE}`));
    assert.ok(r.stdout.includes('evil\\u202Egnp.exe'));
    assert.ok(r.stdout.includes('ev\\u202Eil-10'));
  });

  test('report --json and calls --jsonl: valid JSON, exact short names, the 10 MB name cut', () => {
    const r = run('report', file, '--json', '--top', '20');
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.length < 50_000, `${r.stdout.length} characters`);
    const j = JSON.parse(r.stdout) as { functions: { name: string }[]; tasks: { name: string }[] };
    const names = j.functions.map((f) => f.name);
    for (const [what, name] of NAMES) assert.ok(names.includes(name), what);
    assert.ok(names.includes(`${'n'.repeat(DISPLAY_LIMIT)}${BIG_NOTE}`));
    assert.deepEqual(j.tasks.map((t) => t.name), ['ev\u202Eil', '$(alert)']);
    const calls = run('calls', file, '--jsonl');
    assert.equal(calls.status, 0, calls.stderr);
    assert.ok(calls.stdout.length < 50_000, `${calls.stdout.length} characters`);
    const rows = calls.stdout.trim().split('\n').map((l) => JSON.parse(l) as { name: string });
    assert.equal(rows.length, NAMES.length + 2);
  });
});
