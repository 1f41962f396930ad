// Adversarial grammar inputs (100k-character lines, 1 MB of binary) shared by the hang-guard test and the bench.
import { randomBytes } from 'node:crypto';

const LONG = 100_000;

/** Repeats unit until the string is at least LONG characters. */
function fill(prefix: string, unit: string): string {
  return prefix + unit.repeat(Math.ceil((LONG - prefix.length) / unit.length));
}

/** Long lines shaped to tempt a backtracking regex. */
export const LONG_LINES: Readonly<Record<string, string>> = {
  'spaces': ' '.repeat(LONG),
  'graph line with a huge argument list': fill(' 0) ! 123.456 us  |  f(', 'a=0x1, '),
  'unclosed parentheses': fill(' 0)               |  f', '('),
  'banner-like arrows': fill(' 1) ', 'a-1 => '),
  'trace-cmd-like prefixes': fill(' ', 'x-1 [001] '),
  'repeated comment closers': fill(' 0)               |  /* ', 'a */ '),
  'repeated duration prefixes': fill('', ' 0) 1.5 us | '),
  'hash marks': '#'.repeat(LONG),
  'digits': '1'.repeat(LONG),
  'quote markers': '>'.repeat(LONG),
  'console prefixes': fill('', '[ 1.2]'),
};

/** 1 MB of random bytes read as latin1 text. */
export function binaryMegabyte(): string {
  return randomBytes(1 << 20).toString('latin1');
}
