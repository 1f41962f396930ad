// What a latency-flags column (`d.h2.`) says about the context a line was printed in, as the kernel's trace_print_lat_fmt writes it.

/** Position 1, irqs-off. */
const IRQS: Readonly<Record<string, string>> = {
  '.': 'irqs on',
  d: 'irqs off',
  D: 'irqs off, bottom halves off',
  b: 'bottom halves off',
  X: 'irq state not recorded',
};

/** Position 2, need-resched (with lazy preemption, 6.13+: B, L, b, l); '.' says nothing. */
const RESCHED: Readonly<Record<string, string>> = {
  '.': '',
  N: 'need-resched',
  n: 'need-resched (TIF_NEED_RESCHED only)',
  p: 'need-resched (PREEMPT_NEED_RESCHED only)',
  B: 'need-resched, also lazy',
  L: 'lazy need-resched (with PREEMPT_NEED_RESCHED)',
  b: 'need-resched (TIF_NEED_RESCHED and the lazy flag)',
  l: 'lazy need-resched',
};

/** Position 3, hardirq/softirq. */
const CONTEXT: Readonly<Record<string, string>> = {
  '.': 'task context',
  Z: 'NMI inside a hard irq',
  z: 'NMI',
  H: 'hard irq inside a softirq',
  h: 'hard irq',
  s: 'softirq',
};

/** Value of a depth nibble: '.' is 0, a hex digit its value (the kernel caps it at 15), else -1. */
function nibble(c: string): number {
  if (c === '.') return 0;
  return /^[0-9a-f]$/.test(c) ? parseInt(c, 16) : -1;
}

/** A depth for people: the kernel prints 15 for 15 or more. */
function depth(n: number): string {
  return n === 15 ? '15 or more' : String(n);
}

/**
 * The context a latency-flags column describes, for people: `d.h2.` → "irqs off · hard irq ·
 * preempt-depth 2" (irqs-off, need-resched, hardirq/softirq, preempt-depth, then migrate-disable
 * when printed: kernels from 5.15 print 5 characters, older ones 4, RT kernels and trace-cmd up
 * to 7, whose last two are not described). Undefined when a character is not one the kernel
 * prints at its position.
 */
export function latencyContext(flags: string): string | undefined {
  if (flags.length < 4 || flags.length > 7) return undefined;
  const irqs = IRQS[flags[0]];
  const resched = RESCHED[flags[1]];
  const context = CONTEXT[flags[2]];
  const preempt = nibble(flags[3]);
  const migrate = flags.length > 4 ? nibble(flags[4]) : 0;
  if (irqs === undefined || resched === undefined || context === undefined || preempt < 0 || migrate < 0) return undefined;
  for (let i = 5; i < flags.length; i++) if (nibble(flags[i]) < 0) return undefined;
  const parts = [irqs, context, `preempt-depth ${depth(preempt)}`];
  if (resched !== '') parts.splice(1, 0, resched);
  if (migrate > 0) parts.push(`migrate-disable ${depth(migrate)}`);
  return parts.join(' · ');
}
