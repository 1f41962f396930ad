// Generators of the hostile trace shapes of issue 10 items 3 and 4 (stack depth, CPU count, one-line payloads), for regression tests and the worst-case bench.

const RULE = ' ------------------------------------------';

/** A context-switch banner naming `cpu` (4 lines, no CPU column). */
function banner(cpu: number, prevPid: number, nextPid: number): string {
  return `${RULE}\n ${cpu})    a-${prevPid}     =>   b-${nextPid}   \n${RULE}\n\n`;
}

/** `n` entries of `foo` at depth 0 on CPU 0 that never exit (the parent search scanned the whole stack). */
export function sameDepthEntries(n: number): string {
  return '# tracer: function_graph\n' + ' 0)               |  foo() {\n'.repeat(n);
}

/**
 * `cpus` banners naming CPUs 0..cpus-1 in a trace without a CPU column, then `calls` call lines
 * (entry, leaf, exit, repeated) of the last CPU's task (every line scored every CPU).
 */
export function manyLanes(cpus: number, calls: number): string {
  const out = ['# tracer: function_graph\n'];
  for (let c = 0; c < cpus; c++) out.push(banner(c, 1000 + c, 2000 + c));
  const cycle = ['foo() {\n', '  bar();\n', '}\n'];
  for (let i = 0; i < calls; i++) out.push(cycle[i % 3]);
  return out.join('');
}

/**
 * `cpus` CPUs with one open call `foo` each, switched out by a sched_switch event when
 * `switched`, then `exits` exits `} \/* name *\/` on CPU `cpus` (whose stack is empty: every
 * exit looked for a migrated call in every stack).
 */
export function manyOpenCpus(cpus: number, exits: number, name: string, switched: boolean): string {
  const out = ['# tracer: function_graph\n'];
  for (let c = 0; c < cpus; c++) {
    out.push(` ${c})               |  foo() {\n`);
    if (switched) out.push(` ${c})               |    /* sched_switch: prev_comm=a prev_pid=${100 + c} ==> next_comm=b next_pid=0 */\n`);
  }
  out.push(` ${cpus})   1.000 us    |  } /* ${name} */\n`.repeat(exits));
  return out.join('');
}
