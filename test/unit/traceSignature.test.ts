// Which first lines of a .txt/.log document make the client open it as a trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { looksLikeTrace } from '../../client/src/documents/traceSignature';

const head = (file: string): string[] => readFileSync(join(__dirname, '..', '..', 'fixtures', file), 'utf8').split('\n').slice(0, 16);

test('the kernel header and trace-cmd report output (3.x and 2.x, with version line) are traces', () => {
  assert.ok(looksLikeTrace(['# tracer: function_graph', '#']));
  assert.ok(looksLikeTrace(['\ufeff# tracer: function_graph']));
  assert.ok(looksLikeTrace(head('10-trace-cmd-report-3.3.txt')));
  assert.ok(looksLikeTrace(head('11-trace-cmd-report-2.x-tail-depth.txt')));
  assert.ok(looksLikeTrace(head('k61-smp2-tracecmd-report-head.txt')));
});

test('other text is not', () => {
  assert.equal(looksLikeTrace([]), false);
  assert.equal(looksLikeTrace(['# tracer: nop']), false);
  assert.equal(looksLikeTrace(['hello', 'cpus=2']), false);
  // trace-cmd output of other tracers: the header alone is not enough.
  assert.equal(looksLikeTrace(['cpus=2', '  sh-114 [001] 16.335533: sched_switch: prev_comm=sh']), false);
  // A funcgraph-looking line without the header first.
  assert.equal(looksLikeTrace(['notes', '  sh-114 [001] 16.335533: funcgraph_entry: | f() {']), false);
  // The event must come within the first 16 lines.
  assert.equal(looksLikeTrace(['cpus=2', ...Array(20).fill('x'), '  sh-114 [001] 16.335533: funcgraph_entry: | f() {']), false);
});
