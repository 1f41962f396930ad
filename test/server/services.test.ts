// Service tests: every LSP feature on inline documents (⸢cursor⸣ markers) and on the seed trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic, type MarkupContent, type Position } from 'vscode-languageserver-types';
import { parseTrace } from '../../server/src/core/index';
import { foldingRanges } from '../../server/src/service/folding';
import { hover } from '../../server/src/service/hover';
import { diagnostics, type DiagnosticOptions } from '../../server/src/service/diagnostics';
import { inlayHints } from '../../server/src/service/inlayHints';
import { documentSymbols } from '../../server/src/service/symbols';
import { documentHighlights } from '../../server/src/service/highlight';
import { selectionRanges } from '../../server/src/service/selectionRange';
import { callAt, callTree, functionTable, slowest, summary } from '../../server/src/service/customRequests';
import { ALL_TIME_POLICY } from '../../server/src/core/index';
import { code } from '../../server/src/service/markdown';

const CURSOR = '⸢⸣';

/** A diagnostic's message as text (LSP 3.18 allows Markdown messages). */
function msg(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

/** A document from text with one cursor marker; returns the document, its model and the cursor position. */
function docAt(textWithCursor: string): { doc: TextDocument; model: ReturnType<typeof parseTrace>; pos: Position } {
  const offset = textWithCursor.indexOf(CURSOR);
  const text = textWithCursor.replace(CURSOR, '');
  const doc = TextDocument.create('file:///t.trace', 'ftrace', 1, text);
  return { doc, model: parseTrace(text), pos: doc.positionAt(Math.max(0, offset)) };
}

const seedText = readFileSync(join(__dirname, '..', '..', 'fixtures', 'seed-vfio.md'), 'utf8');
const seedDoc = TextDocument.create('file:///seed.md', 'ftrace', 1, seedText);
const seed = parseTrace(seedText);
const seedLine = (needle: string, from = 0): number => seedText.split('\n').findIndex((l, i) => i >= from && l.includes(needle));
const defaults: DiagnosticOptions = { thresholdNs: 1e6, severity: DiagnosticSeverity.Warning, maxSlowCalls: 100, structural: true };
const allTime: DiagnosticOptions = { ...defaults, policy: ALL_TIME_POLICY };

test('folding: the seed ioctl folds from its { to the line before its }', () => {
  const entry = seedLine('vfio_fops_unl_ioctl [vfio]() {', 20);
  const ranges = foldingRanges(seed);
  const r = ranges.find((x) => x.startLine === entry);
  assert.ok(r, 'ioctl range');
  assert.equal(seedText.split('\n')[r.endLine + 1].trim(), '1) # 2680.276 us |  }');
});

test('folding: with a range limit the outermost calls are kept, with one in every screenful of lines', () => {
  const ranges = foldingRanges(seed, 3);
  assert.equal(ranges.length, 3);
  // The seed's two multi-line top-level calls, and one fold from the lines past half a screen (a
  // "screen" of 256 lines here: a limit of 3 leaves room for one such fold): the outermost there
  // is vfio_iommu_type1_release (depth 1), all others there are deeper.
  assert.deepEqual(ranges.map((r) => seed.calls.depth[seed.lineCall.at(r.startLine)]), [0, 0, 1]);
  assert.match(seedText.split('\n')[ranges[2].startLine], /vfio_iommu_type1_release/);
});

test('hover on vfio_iommu_type1_attach_group: 2.672 ms inclusive, 6.945 µs self', () => {
  const line = seedLine('vfio_iommu_type1_attach_group [vfio_iommu_type1]() {');
  const h = hover(seedDoc, seed, { line, character: 40 });
  const md = (h!.contents as MarkupContent).value;
  assert.match(md, /inclusive: 2\.672 ms/);
  assert.match(md, /self: 6\.945 µs/);
  assert.match(md, /share of parent: 99\.7% of `vfio_fops_unl_ioctl \[vfio\]`/);
  assert.match(md, /module `vfio_iommu_type1`/);
  assert.match(md, /CPU: 1/);
  assert.match(md, /task: `qemu-kv` pid 17653/);
  assert.match(md, /children: 22/);
  assert.match(md, /All `vfio_iommu_type1_attach_group \[vfio_iommu_type1\]` calls: 1/);
  assert.equal(h!.range!.start.character, seedText.split('\n')[line].indexOf('vfio_iommu_type1_attach_group'));
});

test('hover: a timed call whose parent and top-level call never return names them and says there is no share (no bare "parent x")', () => {
  const { doc, model, pos } = docAt([
    '# tracer: function_graph',
    ' 0)               |  x64_sys_call() {',
    ' 0)               |    do_exit() {',
    ' 0)               |      ⸢⸣mmput() {',
    ' 0)   1.000 us    |        free_pgtables();',
    ' 0)   5.000 us    |      }',
    '',
  ].join('\n'));
  const md = (hover(doc, model, pos)!.contents as MarkupContent).value;
  assert.match(md, /inclusive: 5 µs/);
  assert.match(md, /parent: `do_exit` \(no share: its time is unknown\)/);
  assert.match(md, /under top-level call: `x64_sys_call` \(no share: its time is unknown\)/);
  assert.doesNotMatch(md, /share of parent/);
  // Untimed itself (no durations printed): the parent is named, no share promised.
  const bare = docAt(' 0)               |  f() {\n 0)               |    ⸢⸣g() {\n 0)               |      h();\n');
  const md2 = (hover(bare.doc, bare.model, bare.pos)!.contents as MarkupContent).value;
  assert.match(md2, /parent: `f` {2}\n/);
});

test('hover on a latency-format trace: what the flags of the entry and exit lines say (irqs, interrupt context, preempt depth); a leaf has one context; no flags, no row', () => {
  const text = readFileSync(join(__dirname, '..', '..', 'fixtures', 'k61-smp2-latency-head.trace'), 'utf8');
  const doc = TextDocument.create('file:///lat.trace', 'ftrace', 1, text);
  const model = parseTrace(text);
  const md = (line: number): string => (hover(doc, model, { line, character: 30 })!.contents as MarkupContent).value;
  const lines = text.split('\n');
  const entry = lines.findIndex((l) => l === ' 1)  dNh2. |               |    tick_irq_enter() {');
  assert.ok(entry >= 0);
  const m = md(entry);
  assert.match(m, /context at entry: irqs off · need-resched · hard irq · preempt-depth 2 {2}\n/);
  const exit = model.calls.exitLine.at(model.lineCall.at(entry));
  const flags = /^ \d\) {2}(\S+) \|/.exec(lines[exit])![1];
  assert.match(m, new RegExp(`context at exit: ${flags[0] === 'd' ? 'irqs off' : 'irqs on'} · `));
  assert.equal(md(exit), m, 'the exit line shows the same call');
  const leaf = lines.findIndex((l, i) => i > entry && / 1\) {2}d\.h2\. \| +\d+\.\d+ us +\| +\w+\(\);$/.test(l));
  assert.match(md(leaf), /\ncontext: irqs off · hard irq · preempt-depth 2 {2}\n/);
  assert.doesNotMatch(md(leaf), /context at/);
  const same = lines.findIndex((l, i) => {
    const open = /^ 1\) {2}(\S+) \| +\|.*\) \{$/.exec(l);
    return open !== null && !open[1].startsWith('X') && lines[model.calls.exitLine.at(model.lineCall.at(i))]?.startsWith(` 1)  ${open[1]} |`);
  });
  assert.match(md(same), /\ncontext: .* \(at entry and exit\) {2}\n/);
  assert.doesNotMatch((hover(seedDoc, seed, { line: seedText.split('\n').findIndex((l) => l.includes('printk')), character: 40 })!.contents as MarkupContent).value, /^context/m);
});

test('hover shows inclusive, on-CPU, off-CPU and self time: none off-CPU for the ioctl, an inferred sleep for the orphan schedule, unknown without tasks', () => {
  const md = (line: number, doc = seedDoc, model = seed): string => (hover(doc, model, { line, character: 30 })!.contents as MarkupContent).value;
  const attach = md(seedLine('vfio_iommu_type1_attach_group [vfio_iommu_type1]() {'));
  assert.match(attach, /inclusive: 2\.672 ms {2}\non-CPU: 2\.672 ms \(100\.0% of inclusive\) {2}\noff-CPU: 0 \(no context switch of its task inside it\) {2}\nself: 6\.945 µs/);
  const sched = md(seedLine('} /* schedule */'));
  assert.match(sched, /on-CPU: 0 ns \(0\.0% of inclusive\)/);
  assert.match(sched, /off-CPU: 187\.6 s \(inferred: a scheduler call whose entry, and so its switch, precedes the trace\)/);
  const { doc, model, pos } = docAt([' 0)               |  ⸢⸣do_wait() {', ' 0)               |    schedule() {', ' 0) ! 330.000 us  |    }', ' 0) ! 345.000 us  |  }'].join('\n'));
  const unknown = (hover(doc, model, pos)!.contents as MarkupContent).value;
  assert.match(unknown, /on-CPU: unknown: the trace does not say which task ran, and a scheduler function \(a possible sleep\) runs in it/);
  assert.doesNotMatch(unknown, /off-CPU/);
  const idle = docAt([' ------------------------------------------', ' 0)    sh-1     =>    <idle>-0   ', ' ------------------------------------------', '', ' 0)               |  ⸢⸣do_idle() {', ' 0) # 8000.000 us |    default_idle_call();', ' 0) # 8010.000 us |  }'].join('\n'));
  assert.match((hover(idle.doc, idle.model, idle.pos)!.contents as MarkupContent).value, /idle: the idle task's time \(left out of the slow-call ranking by default\)/);
});

test('ranked requests: Hot Functions in on-CPU time with what is set aside; sleeps and idle counted on request', () => {
  const fns = functionTable(seed, 1, { uri: 'x', sortBy: 'total', limit: 3 });
  assert.equal(fns.ranking.measure, 'onCpu');
  assert.deepEqual(fns.functions.map((f) => f.name.split(' ')[0]), ['vfio_fops_unl_ioctl', 'vfio_iommu_type1_attach_group', 'printk']);
  assert.ok(!functionTable(seed, 1, { uri: 'x' }).functions.some((f) => f.name === 'schedule' && f.selfUs! > 1));
  const sched = functionTable(seed, 1, { uri: 'x', limit: 500 }).functions.find((f) => f.name === 'schedule')!;
  assert.deepEqual([sched.totalUs, sched.selfUs, sched.inclusiveUs, sched.offCpuUs, sched.leftOut], [0, 0, 187566289, 187566289, 0]);
  const all = functionTable(seed, 1, { uri: 'x', sortBy: 'total', limit: 1 }, ALL_TIME_POLICY);
  assert.deepEqual([all.functions[0].name, all.functions[0].totalUs, all.ranking.measure], ['schedule', 187566289, 'inclusive']);
  // Inclusive time, sleeps left out: the schedule call is set aside and counted as such.
  const incl = functionTable(seed, 1, { uri: 'x', sortBy: 'total', limit: 500 }, { measure: 'inclusive', includeIdle: false, includeSleep: false });
  assert.equal(incl.functions.find((f) => f.name === 'schedule'), undefined);
  assert.equal(incl.ranking.sleepsAndIdle.leftOutCalls, 1);
  // The tree's time order follows the ranking too: on-CPU first, sleeps after.
  const groups = callTree(seed, 1, { uri: 'x' }).groups!;
  assert.equal(callTree(seed, 1, { uri: 'x', group: groups[0].key, order: 'time' }).calls![0].name, 'schedule');
  const node = slowest(seed, 1, { uri: 'x', count: 1 }, ALL_TIME_POLICY).calls[0];
  assert.deepEqual([node.onCpuUs, node.offCpuUs, node.offCpu, node.idle], [0, 187566289, 'inferred', false]);
});

test('hover on an exit line describes the same call; on a banner explains the switch', () => {
  const exit = seed.calls.exitLine.at(seed.lineCall.at(seedLine('vfio_iommu_type1_attach_group [vfio_iommu_type1]() {')));
  assert.match((hover(seedDoc, seed, { line: exit, character: 5 })!.contents as MarkupContent).value, /2\.672 ms/);
  const banner = seedLine('ksoftir-18   => qemu-kv-17653');
  assert.match((hover(seedDoc, seed, { line: banner, character: 3 })!.contents as MarkupContent).value, /Context switch.*`ksoftir-18`.*`qemu-kv-17653`/);
  assert.equal(hover(seedDoc, seed, { line: 0, character: 0 }), null);
});

test('hover escapes names from the trace: no links, HTML or broken Markdown', () => {
  const { doc, model, pos } = docAt(' 0)               |  ⸢⸣evil_[x]<img/src=x>`tick`_*http://a.b() {\n 0)   1.000 us    |  }\n');
  const md = (hover(doc, model, pos)!.contents as MarkupContent).value;
  assert.ok(md.startsWith('**``evil_[x]<img/src=x>`tick`_*http://a.b``**'), md);
  assert.equal(code('a`b'), '``a`b``');
  assert.equal(code('line\nbreak'), '`line\\u000Abreak`');
});

test('hover counts lines of other CPUs inside a call', () => {
  const { doc, model, pos } = docAt([' 0)               |  ⸢⸣a() {', ' 1)   1.000 us    |  x();', ' 0)   2.000 us    |    b();', ' 0)   5.000 us    |  }'].join('\n'));
  assert.match((hover(doc, model, pos)!.contents as MarkupContent).value, /lines: 1–4, 1 of them from other CPUs or tasks/);
});

test('diagnostics: the printk chain is flagged at the call that explains it, ancestors as hints', () => {
  const diags = diagnostics(seedDoc, seed, defaults);
  const slow = diags.filter((d) => d.code === 'slow-call');
  const printk = slow.find((d) => msg(d).includes('vprintk_default'));
  assert.ok(printk, JSON.stringify(slow.map(msg)));
  assert.equal(printk.severity, DiagnosticSeverity.Warning);
  assert.deepEqual(printk.relatedInformation!.map((r) => r.message.split(' (')[0]), [
    'inside vprintk_func', 'inside printk', 'inside vfio_iommu_type1_attach_group [vfio_iommu_type1]', 'inside vfio_fops_unl_ioctl [vfio]',
  ]);
  const hints = diags.filter((d) => d.code === 'slow-call-ancestor');
  assert.ok(hints.some((d) => msg(d).startsWith('printk ')));
  assert.ok(hints.every((d) => d.severity === DiagnosticSeverity.Hint));
  assert.ok(!slow.some((d) => msg(d).includes('schedule')), 'a sleep is not a slow call by default');
  assert.ok(slow.every((d) => msg(d).includes('on-CPU threshold 1 ms)')), slow.map(msg).join(' | '));
  const counted = diagnostics(seedDoc, seed, allTime).filter((d) => d.code === 'slow-call');
  assert.ok(counted.some((d) => msg(d).includes('schedule took 187.6 s')), counted.map(msg).join(' | '));
  assert.ok(diags.some((d) => d.code === 'not-trace'));
  assert.ok(diags.some((d) => d.code === 'missing-entry'));
});

test('diagnostics: a slow call entered and returned with irqs off says so (latency flags); one with irqs on at either end does not; a leaf says when called', () => {
  const text = readFileSync(join(__dirname, '..', '..', 'fixtures', 'k61-smp2-latency-head.trace'), 'utf8');
  const doc = TextDocument.create('file:///lat.trace', 'ftrace', 1, text);
  const model = parseTrace(text);
  const lines = text.split('\n');
  const flagsAt = (line: number): string | undefined => /^ \d\) {2}(\S+) \|/.exec(lines[line] ?? '')?.[1];
  const slow = diagnostics(doc, model, { ...defaults, thresholdNs: 1, maxSlowCalls: 100000, policy: ALL_TIME_POLICY }).filter((d) => d.code === 'slow-call');
  let off = 0;
  let on = 0;
  let leaves = 0;
  for (const d of slow) {
    const id = model.lineCall.at(d.range.start.line);
    const entry = model.calls.entryLine[id];
    const exit = model.calls.exitLine.at(id);
    const e = flagsAt(entry);
    const x = exit >= 0 && exit !== entry ? flagsAt(exit) : undefined;
    const m = msg(d);
    if (x === undefined && e !== undefined && (exit < 0 || exit === entry)) {
      assert.equal(m.includes(', irqs off when called ('), e[0] === 'd', m);
      leaves++;
    } else if (e !== undefined && x !== undefined) {
      const both = e[0] === 'd' && x[0] === 'd';
      assert.equal(m.includes(', irqs off at entry and exit ('), both, `${m} (${e} … ${x})`);
      if (both) off++;
      else on++;
    }
  }
  assert.ok(off > 10 && on > 10 && leaves > 10, `${off} off, ${on} on, ${leaves} leaves`);
});

test('diagnostics: a call whose off-CPU time is unknown (no task information) is ranked and named by its inclusive time, as the status bar names it', () => {
  const { doc, model } = docAt([' 0)               |  f() {', ' 0)               |    g() {', ' 0) ! 2000.000 us |      h();', ' 0) ! 2001.000 us |    }', ' 0) ! 2002.000 us |  }'].join('\n'));
  const all = diagnostics(doc, model, defaults).filter((d) => d.code === 'slow-call' || d.code === 'slow-call-ancestor').map(msg);
  assert.deepEqual(all, [
    'Slow call: h took 2 ms inclusive, self 2 ms (on-CPU threshold 1 ms)',
    'g (2.001 ms inclusive) is slow because of h inside it',
    'f (2.002 ms inclusive) is slow because of h inside it',
  ]);
  // With task information the same calls' on-CPU time is known and named so.
  const known = docAt([' ------------------------------------------', ' 0)   sh-1    =>  cat-2  ', ' ------------------------------------------', '', ' 0)               |  f() {', ' 0) ! 2000.000 us |    h();', ' 0) ! 2002.000 us |  }'].join('\n'));
  const named = diagnostics(known.doc, known.model, defaults).filter((d) => d.code === 'slow-call').map(msg);
  assert.deepEqual(named, ['Slow call: h took 2 ms on-CPU, self 2 ms (on-CPU threshold 1 ms)']);
});

test('diagnostics: structural problems reach the Problems view (no hints) by default; one severity for all when set', () => {
  const { doc, model } = docAt([' 0)   1.000 us    |  }', ' 0)               |  a() {', ' 0)   1.000 us    |    b();'].join('\n'));
  const byKind = diagnostics(doc, model, { ...defaults, maxSlowCalls: 0 });
  const codes = byKind.map((d) => `${d.code}:${d.severity}`).sort();
  assert.deepEqual(codes, [`missing-entry:${DiagnosticSeverity.Information}`, `open-call:${DiagnosticSeverity.Information}`]);
  const hints = diagnostics(doc, model, { ...defaults, maxSlowCalls: 0, structuralSeverity: DiagnosticSeverity.Hint });
  assert.deepEqual(hints.map((d) => d.severity), [DiagnosticSeverity.Hint, DiagnosticSeverity.Hint]);
});

test('diagnostics: threshold, measure, severity and count settings apply', () => {
  const high = diagnostics(seedDoc, seed, { ...defaults, thresholdNs: 1e12, structural: false });
  assert.deepEqual(high, []);
  const selfPolicy = { measure: 'self', includeIdle: false, includeSleep: false } as const;
  const self = diagnostics(seedDoc, seed, { ...defaults, policy: selfPolicy, thresholdNs: 200e3, structural: false, severity: DiagnosticSeverity.Error });
  assert.deepEqual(self.map((d) => msg(d).split(':')[1].trim().split(' ')[0]), ['vprintk_default', '__iommu_detach_group', '__iommu_attach_group']);
  assert.ok(self.every((d) => d.severity === DiagnosticSeverity.Error));
  const selfSleep = diagnostics(seedDoc, seed, { ...defaults, policy: { ...selfPolicy, includeSleep: true }, thresholdNs: 200e3, structural: false });
  assert.deepEqual(selfSleep.map((d) => msg(d).split(':')[1].trim().split(' ')[0]), ['schedule', 'vprintk_default', '__iommu_detach_group', '__iommu_attach_group']);
  assert.equal(diagnostics(seedDoc, seed, { ...defaults, maxSlowCalls: 1, structural: false }).filter((d) => d.code === 'slow-call').length, 1);
});

test('inlay hint: printk() { carries 1.97 ms', () => {
  const line = seedLine('printk() {');
  const hints = inlayHints(seedDoc, seed, { start: { line, character: 0 }, end: { line, character: 0 } });
  assert.equal(hints.length, 1);
  assert.match(String(hints[0].label), /^1\.97 ms · self 393 ns$/);
  assert.equal(hints[0].position.character, seedText.split('\n')[line].length);
  const all = inlayHints(seedDoc, seed, { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } });
  assert.equal(all.length, 53);
});

test('symbols: runs per task and CPU with nested calls, capped', () => {
  const syms = documentSymbols(seedDoc, seed);
  assert.deepEqual(syms.map((s) => s.name), ['ksoftir-18 on CPU 1', 'qemu-kv-17653 on CPU 1']);
  const ioctl = syms[1].children![2];
  assert.equal(ioctl.name, 'vfio_fops_unl_ioctl [vfio]');
  assert.equal(ioctl.detail, '2.68 ms');
  assert.ok(ioctl.children!.some((c) => c.name === 'vfio_iommu_type1_attach_group [vfio_iommu_type1]'));
  const count = (list: typeof syms): number => list.reduce((n, s) => n + 1 + count(s.children ?? []), 0);
  assert.equal(count(documentSymbols(seedDoc, seed, 10)), 10);
});

test('highlight: entry and exit of the call', () => {
  const line = seedLine('printk() {');
  const hl = documentHighlights(seedDoc, seed, { line, character: 10 });
  assert.deepEqual(hl.map((h) => h.range.start.line), [line, line + 4]);
});

test('selection range grows from the name to the call, then to its parents', () => {
  const line = seedLine('vprintk_default();');
  const [sel] = selectionRanges(seedDoc, seed, [{ line, character: 20 }]);
  const lines: string[] = [];
  for (let s: typeof sel | undefined = sel; s; s = s.parent) lines.push(`${s.range.start.line}-${s.range.end.line}`);
  assert.deepEqual(lines.slice(0, 2), [`${line}-${line}`, `${line}-${line}`]);
  assert.ok(lines.includes(`${line - 1}-${line + 1}`), lines.join(' '));
  assert.ok(lines.includes(`${line - 2}-${line + 2}`));
});

test('custom requests: call tree pages, call at line, slowest, functions, summary', () => {
  const groups = callTree(seed, 1, { uri: 'x' });
  assert.deepEqual(groups.groups!.map((g) => g.label), ['ksoftir-18', 'qemu-kv-17653']);
  const roots = callTree(seed, 1, { uri: 'x', group: groups.groups![1].key, limit: 2 });
  assert.equal(roots.total, 3);
  assert.equal(roots.calls!.length, 2);
  const byTime = callTree(seed, 1, { uri: 'x', group: groups.groups![1].key, order: 'time' });
  assert.equal(byTime.calls![0].inclusiveUs, 2680.276);
  const kids = callTree(seed, 1, { uri: 'x', parent: byTime.calls![0].id, offset: 8, limit: 5 });
  assert.equal(kids.total, 10);
  assert.equal(kids.calls!.length, 2);
  const at = callAt(seed, 1, seedLine('vprintk_default();'));
  assert.deepEqual(at.path.map((c) => c.name.split(' ')[0]), ['vfio_fops_unl_ioctl', 'vfio_iommu_type1_attach_group', 'printk', 'vprintk_func', 'vprintk_default']);
  assert.equal(at.call!.durationClass, 'hash');
  assert.equal(slowest(seed, 1, { uri: 'x', count: 1 }).calls[0].inclusiveUs, 2680.276);
  assert.equal(slowest(seed, 1, { uri: 'x', count: 1 }, ALL_TIME_POLICY).calls[0].inclusiveUs, 187566289);
  assert.deepEqual(functionTable(seed, 1, { uri: 'x', sortBy: 'count', limit: 1 }).functions.map((f) => [f.name, f.calls]), [['_cond_resched', 11]]);
  const s = summary(seed, 7);
  assert.equal(s.version, 7);
  assert.equal(s.calls, 118);
  assert.equal(s.slowest!.name, 'vfio_fops_unl_ioctl [vfio]');
  assert.equal(summary(seed, 7, ALL_TIME_POLICY).slowest!.name, 'schedule');
});
