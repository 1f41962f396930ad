// Hang guard for the grammar: pathological long lines and binary input tokenize to the end (timings: npm run bench).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LONG_LINES, binaryMegabyte } from './adversarial';
import { loadGrammar, splitLines, tokenizeLines } from './tokenize';

// A catastrophically backtracking rule would run for hours; the timeout only turns such a hang
// into a failure. How fast tokenizing is gets measured by test/bench/grammarBench.ts.
const HANG_GUARD = { timeout: 120_000 };

for (const [name, line] of Object.entries(LONG_LINES)) {
  test(`100k-character line tokenizes to its end: ${name}`, HANG_GUARD, async () => {
    const grammar = await loadGrammar();
    const [tokens] = tokenizeLines(grammar, [line]);
    assert.equal(tokens[tokens.length - 1].end, line.length);
  });
}

test('1 MB of random binary tokenizes (split into lines as VS Code does, and as one line)', HANG_GUARD, async () => {
  const grammar = await loadGrammar();
  const binary = binaryMegabyte();
  const lines = splitLines(binary);
  assert.equal(tokenizeLines(grammar, lines).length, lines.length);
  assert.equal(tokenizeLines(grammar, [binary.replace(/[\r\n]/g, ' ')]).length, 1);
});
