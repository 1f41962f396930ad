// Property tests: random bytes, cut and shuffled real traces, huge lines: the parser never throws and gives one kind per line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { CallFlag, TraceBuilder, parseTrace, type TraceModel } from '../../server/src/core/index';

const fixtures = join(__dirname, '..', '..', 'fixtures');
const samples = readdirSync(fixtures).filter((f) => f !== 'README.md').map((f) => readFileSync(join(fixtures, f), 'utf8'));
const sampleLines = samples.flatMap((s) => s.split('\n'));

/** Lines as the model (and LSP) counts them: every `\n`, `\r\n` or lone `\r` ends one; a final unterminated piece counts too. */
function expectedLines(text: string): number {
  if (text.length === 0) return 0;
  const ends = text.split(/\r\n|\r|\n/).length - 1;
  return /[\r\n]$/.test(text) ? ends : ends + 1;
}

/** Model invariants that must hold for any input. */
function checkModel(text: string, m: TraceModel): void {
  assert.equal(m.lineCount, expectedLines(text));
  assert.equal(m.lineKinds.length, m.lineCount);
  assert.equal(m.kindCounts.reduce((a, b) => a + b, 0), m.lineCount);
  const c = m.calls;
  for (let id = 0; id < m.callCount; id++) {
    assert.ok(c.entryLine[id] < m.lineCount && c.exitLine.at(id) < m.lineCount);
    assert.ok(c.entryLine[id] >= 0 || c.exitLine.at(id) >= 0, 'a call has at least one line');
    assert.ok(c.parent[id] < m.callCount && c.parent[id] !== id);
    if ((c.flags[id] & CallFlag.Timed) !== 0) assert.ok(c.inclusiveNs.at(id) >= 0);
  }
}

test('random strings never throw', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), (s) => checkModel(s, parseTrace(s))),
    { numRuns: 400 },
  );
});

test('random bytes decoded as UTF-8 (invalid sequences, NULs) never throw', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 4000 }), (bytes) => {
      const s = Buffer.from(bytes).toString('utf8');
      checkModel(s, parseTrace(s));
    }),
    { numRuns: 300 },
  );
});

test('cut, shuffled and mixed real trace lines never throw', () => {
  const line = fc.constantFrom(...sampleLines);
  fc.assert(
    fc.property(
      fc.array(line, { maxLength: 300 }),
      fc.integer({ min: 0, max: 200 }),
      fc.constantFrom('\n', '\r\n'),
      (lines, cut, eol) => {
        const text = lines.map((l) => (l.length > cut && cut % 3 === 0 ? l.slice(0, cut) : l)).join(eol);
        checkModel(text, parseTrace(text));
      },
    ),
    { numRuns: 300 },
  );
});

test('a trace fed in random chunks gives the same model as in one piece', () => {
  fc.assert(
    fc.property(fc.constantFrom(...samples), fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 20 }), (text, sizes) => {
      const whole = parseTrace(text);
      const b = new TraceBuilder();
      let p = 0;
      for (let i = 0; p < text.length; i++) {
        const n = sizes[i % sizes.length];
        b.feed(text.slice(p, p + n));
        p += n;
      }
      const m = b.finish();
      assert.deepEqual(m.lineKinds, whole.lineKinds);
      assert.deepEqual(m.calls.inclusiveNs, whole.calls.inclusiveNs);
      assert.deepEqual(m.calls.parent, whole.calls.parent);
    }),
    { numRuns: 60 },
  );
});

test('10 MB lines (with and without structure) parse in linear time', () => {
  const big = 'x'.repeat(10 << 20);
  const texts = [
    big,
    ` 0)               |  f(${'a'.repeat(10 << 20)}) {\n 0)   1.000 us    |  }\n`,
    ` 0)               |  /* ${'|'.repeat(10 << 20)}\n`,
    `${' 0)   1.000 us    |  }\n'.repeat(1000)}${big}\n${'|'.repeat(1 << 20)}`,
  ];
  for (const t of texts) checkModel(t, parseTrace(t));
});

test('many lines with no paren and no bar parse (a search past the line end would make this quadratic)', () => {
  const t = ' 0)               |  abc\n'.repeat(200000) + '#'.repeat(1000);
  checkModel(t, parseTrace(t));
  assert.equal(parseTrace(t).issues.count('not-trace'), 200001);
});
