// Performance guard for the grammar: pathological long lines and binary input must tokenize quickly (no catastrophic backtracking).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { loadGrammar, splitLines, tokenizeLines } from './tokenize';

/** Generous bound so a slow CI machine does not flake; real timings are printed and are far lower. */
const LIMIT_MS = 5000;
const LONG = 100_000;

/** Repeats unit until the string is at least LONG characters. */
function fill(prefix: string, unit: string): string {
  return prefix + unit.repeat(Math.ceil((LONG - prefix.length) / unit.length));
}

const longLines: Record<string, string> = {
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

for (const [name, line] of Object.entries(longLines)) {
  test(`100k-character line tokenizes fast: ${name}`, async () => {
    const grammar = await loadGrammar();
    const t0 = performance.now();
    tokenizeLines(grammar, [line]);
    const ms = performance.now() - t0;
    console.log(`  ${name}: ${line.length} chars in ${ms.toFixed(1)} ms`);
    assert.ok(ms < LIMIT_MS, `${name} took ${ms.toFixed(0)} ms`);
  });
}

test('1 MB of random binary tokenizes fast (split into lines as VS Code does, and as one line)', async () => {
  const grammar = await loadGrammar();
  const binary = randomBytes(1 << 20).toString('latin1');
  let t0 = performance.now();
  tokenizeLines(grammar, splitLines(binary));
  const linesMs = performance.now() - t0;
  t0 = performance.now();
  tokenizeLines(grammar, [binary.replace(/[\r\n]/g, ' ')]);
  const oneLineMs = performance.now() - t0;
  console.log(`  1 MB binary: ${linesMs.toFixed(1)} ms as lines, ${oneLineMs.toFixed(1)} ms as one line`);
  assert.ok(linesMs < LIMIT_MS && oneLineMs < LIMIT_MS);
});
