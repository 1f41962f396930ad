// Calls whose entry precedes the trace (partial calls): off-CPU time unknown, self time a bound, ranked and described so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type MarkupContent } from 'vscode-languageserver-types';
import {
  ALL_TIME_POLICY, CpuState, callInfo, cpuTimes, knownOffCpuNs, offCpuKind, parseTrace, rankedCalls, rankedFunctionStats, ranking, sleepsAndIdle,
  type TraceModel,
} from '../../server/src/core/index';
import { hover } from '../../server/src/service/hover';
import { diagnostics } from '../../server/src/service/diagnostics';
import { callJson, reportText } from '../../server/src/cli/report';
import { callNode } from '../../server/src/service/callNodes';

const banner = (cpu: number, from: string, to: string): string[] => [
  ' ------------------------------------------',
  ` ${cpu})  ${from.padStart(10)}  =>  ${to.padEnd(10)}`,
  ' ------------------------------------------',
  '',
];

/**
 * The trace starts inside sh-10's `outer` (only the exits of `middle` and `outer` were printed,
 * 36 µs of `middle` not traced), and inside its `do_wait`, asleep in `schedule` (inferred); then
 * kworker-20 runs a 30 µs call whose whole time is traced.
 */
const LINES = [
  '# tracer: function_graph',
  ' 0)   4.000 us    |      inner();', // 2
  ' 0) + 40.000 us   |    } /* middle */', // 3
  ' 0) + 50.000 us   |  } /* outer */', // 4
  ' 0) ! 300.000 us  |    } /* schedule */', // 5
  ' 0) ! 310.000 us  |  } /* do_wait */', // 6
  ...banner(0, 'sh-10', 'kworker-20'), // 7-10
  ' 0)               |  k_work() {', // 11
  ' 0)   2.000 us    |    x();', // 12
  ' 0) + 30.000 us   |  }', // 13
];

/** The call whose exit (or entry) is on 1-based line `line1`. */
function onLine(m: TraceModel, line1: number): number {
  const id = m.lineCall.at(line1 - 1);
  assert.ok(id >= 0, `no call on line ${line1}`);
  return id;
}

test('a call whose entry precedes the trace: off-CPU unknown (partial), ranked by its inclusive time, its self time counted nowhere', () => {
  const m = parseTrace(LINES.join('\n'));
  const t = cpuTimes(m);
  const outer = onLine(m, 4);
  const middle = onLine(m, 3);
  const work = onLine(m, 11);
  assert.equal(callInfo(m, outer).pid, 10);
  for (const id of [outer, middle]) {
    assert.equal(t.state[id] & CpuState.Partial, CpuState.Partial);
    assert.equal(offCpuKind(m, id), 'unknown');
    assert.ok(Number.isNaN(t.onCpuNs.at(id)) && Number.isNaN(t.offCpuNs.at(id)));
  }
  // The self time is what the trace cannot split: 36 µs of middle's are before the trace.
  assert.equal(m.calls.selfNs.at(middle), 36_000);
  assert.ok(Number.isNaN(ranking(m).selfValueNs.at(middle)));
  assert.ok(Number.isNaN(ranking(m, ALL_TIME_POLICY).selfValueNs.at(middle)));
  assert.ok(Number.isNaN(ranking(m, { measure: 'self', includeIdle: false, includeSleep: false }).valueNs.at(middle)));
  // Ranked by inclusive time (no sleep shows inside): outer, middle, then the fully traced k_work.
  assert.deepEqual(rankedCalls(m, 3).map((id) => callInfo(m, id).name), ['outer', 'middle', 'k_work']);
  assert.equal(ranking(m).valueNs.at(work), 30_000);
  const fn = (name: string) => rankedFunctionStats(m, ranking(m).policy).find((f) => f.name === name)!;
  assert.equal(fn('middle').selfNs, 0, 'Hot Functions: no self time from a partial call');
  assert.equal(fn('middle').totalNs, 40_000);
  assert.equal(fn('k_work').selfNs, 28_000);
});

test('a partial call that slept where the trace shows it is set aside as a sleep; what the trace shows of its off-CPU time is a lower bound', () => {
  const m = parseTrace(LINES.join('\n'));
  const t = cpuTimes(m);
  const sched = onLine(m, 5);
  const wait = onLine(m, 6);
  assert.equal(offCpuKind(m, sched), 'inferred');
  assert.equal(t.offCpuNs.at(sched), 300_000);
  assert.equal(t.state[wait] & (CpuState.Partial | CpuState.Inferred), CpuState.Partial | CpuState.Inferred);
  assert.ok(Number.isNaN(t.offCpuNs.at(wait)));
  assert.equal(knownOffCpuNs(m, wait), 300_000);
  assert.equal(knownOffCpuNs(m, sched), 300_000);
  assert.equal(knownOffCpuNs(m, onLine(m, 4)), 0);
  assert.ok(!rankedCalls(m, 10).includes(wait), 'not ranked as on-CPU work');
  assert.ok(sleepsAndIdle(m, 10).includes(wait));
  assert.ok(rankedCalls(m, 10, ALL_TIME_POLICY).includes(wait));
  // `calls --jsonl`: set aside (rankedUs null); the partial call without a sleep ranks by its inclusive time.
  assert.equal(callJson(m, wait).rankedUs, null);
  // The views read the server's mark: partial, not for the inferred switch.
  assert.deepEqual([callNode(m, wait).partial, callNode(m, sched).partial, callNode(m, onLine(m, 11)).partial], [true, false, false]);
  assert.equal(callJson(m, onLine(m, 4)).rankedUs, 50);
});

test('a call whose own entry is in the trace keeps its off-CPU time when a call inside it lost its entry', () => {
  const m = parseTrace([
    '# tracer: function_graph',
    ' 0)               |  f() {', // 2
    ' 0)   1.000 us    |      h();', // 3
    ' 0)   5.000 us    |    } /* g */', // 4: g's entry lost
    ' 0)               |    schedule() {', // 5
    ...banner(0, 'a-10', 'b-20'), // 6-9
    ' 0) ! 150.000 us  |  b_work();', // 10
    ...banner(0, 'b-20', 'a-10'), // 11-14
    ' 0) ! 200.000 us  |    }', // 15
    ' 0) ! 300.000 us  |  }', // 16
  ].join('\n'));
  const t = cpuTimes(m);
  const f = onLine(m, 2);
  const g = onLine(m, 4);
  assert.equal(callInfo(m, g).parent, f);
  assert.equal(t.state[g] & CpuState.Partial, CpuState.Partial);
  assert.equal(offCpuKind(m, f), 'measured');
  assert.equal(t.offCpuNs.at(f), 200_000);
  assert.equal(t.onCpuNs.at(f), 100_000);
});

test('hover, diagnostics and the CLI say a partial call\'s off-CPU time is unknown and its self time a bound', () => {
  const text = LINES.join('\n');
  const m = parseTrace(text);
  const doc = TextDocument.create('file:///p.trace', 'ftrace', 1, text);
  const md = (line1: number): string => (hover(doc, m, { line: line1 - 1, character: 30 })!.contents as MarkupContent).value;
  const middle = md(3);
  assert.match(middle, /on-CPU: unknown: its entry precedes the trace, which does not show what its task did before \(a sleep included\)/);
  assert.match(middle, /self: at most 36 µs \(90\.0% of inclusive\): its entry precedes the trace, so what it called before is not subtracted/);
  assert.doesNotMatch(middle, /off-CPU:/);
  // The function's total leaves the partial call's self time out too.
  assert.match(middle, /All `middle` calls: 1, total 40 µs, self 0 ns, max 40 µs/);
  const wait = md(6);
  assert.match(wait, /its task slept inside it \(set aside with the sleeps\)/);
  assert.match(wait, /off-CPU: at least 300 µs \(the switches the trace shows inside it\)/);
  const k = md(11);
  assert.match(k, /on-CPU: 30 µs/);
  assert.match(k, /self: 28 µs \(93\.3% of inclusive\)/);

  const d = diagnostics(doc, m, { thresholdNs: 35_000, severity: DiagnosticSeverity.Warning, maxSlowCalls: 10, structural: false });
  assert.deepEqual(d.filter((x) => x.code === 'slow-call').map((x) => x.message), [
    'Slow call: middle took 40 µs inclusive (its entry precedes the trace: its off-CPU time is unknown) (on-CPU threshold 35 µs)',
  ]);

  const report = reportText(m, 'p.trace');
  assert.match(report, /50 µs\s+incl 50 µs\s+off \?\s+line 4\s+outer .*\[entry before trace start: off-CPU unknown\]/);
  assert.match(report, /310 µs\s+off ≥300 µs\s+line 6\s+do_wait/);
  assert.match(report, /30 µs\s+incl 30 µs\s+off 0 ns\s+line 11\s+k_work\s+\(CPU 0, kworker-20\)$/m);
});
