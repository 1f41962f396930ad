// Long lines full of JSON escapes fed in chunks: the escaped line-end search looks at each byte once (state carried across chunks), and the model is the text's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { JsonTraceBuilder, TraceBuilder, parseTrace } from '../../server/src/core/index';
import { EscapedWindows } from '../../server/src/core/build/jsonString';
import { assertSameModel } from './sameModel';

/** A one-line minified JSON document of about `chars` characters (quotes, backslashes, tabs inside strings). */
function minifiedJson(chars: number): string {
  const parts: string[] = [];
  for (let i = 0, n = 0; n < chars; i++) {
    const s = JSON.stringify({ id: i, name: `fn_${i} "quoted" \\path\\x`, tags: ['a', 'b\tc'], v: [i, i * 2, null, true] });
    parts.push(s);
    n += s.length + 1;
  }
  return `[${parts.join(',')}]`;
}

/** The worst shapes of the issue, smaller: one line each (plus a variant with a few line breaks). */
const shapes: [string, string][] = [
  ['quotes', '"'.repeat(1 << 20)],
  ['backslashes', '\\'.repeat(1 << 20)],
  ['NUL characters (\\u0000 escapes)', '\u0000'.repeat(1 << 19)],
  ['minified JSON', minifiedJson(1 << 20)],
  ['backslashes, then a line break, then more', `${'\\'.repeat(300_001)}\n${'\\"'.repeat(200_000)}\n 0)   1.000 us    |  f();\n`],
];

/** The JSON string content of `text`. */
function content(text: string): Uint8Array {
  const b = Buffer.from(JSON.stringify(text), 'utf8');
  return b.subarray(1, b.length - 1);
}

test('the escaped line-end searches look at each byte a few times at most, whatever the chunk size', () => {
  for (const [what, text] of shapes) {
    const bytes = content(text);
    for (const size of [997, 65536]) {
      const w = new EscapedWindows(1 << 20);
      let inWindows = 0;
      for (let s = 0; s < bytes.length; s += size) {
        assert.ok(w.push(bytes.subarray(s, s + size), (_src, a, e) => {
          inWindows += e - a;
          return true;
        }));
      }
      // Searches back from each end and forward past a window's reach: a few looks at a byte at most.
      assert.ok(w.examined <= 3 * bytes.length, `${what}, chunks of ${size}: examined ${w.examined} of ${bytes.length} bytes`);
      // What was cut into windows plus what is left is everything.
      assert.equal(inWindows + w.pending, bytes.length, `${what}, chunks of ${size}`);
    }
  }
});

test('windows end exactly at escaped line ends, never inside an escape pair', () => {
  // `\\n` (an escaped backslash, then n) is not a line end; `\\\n` (escaped backslash, escaped n) is.
  const text = `a\\nb\\\nc${'\\'.repeat(7)}\nd\n`;
  const bytes = content(text);
  for (const size of [1, 2, 5, bytes.length]) {
    const w = new EscapedWindows(1 << 20);
    const ends: number[] = [];
    let fed = 0;
    for (let s = 0; s < bytes.length; s += size) {
      const chunk = bytes.subarray(s, s + size);
      const held = w.pending;
      w.push(chunk, (_src, _a, e) => {
        ends.push(fed - held + e);
        return true;
      });
      fed += chunk.length;
    }
    // Every window ends just after a `\n` escape; together they end at the last one.
    const json = JSON.stringify(text).slice(1, -1);
    const want = json.lastIndexOf('\\n') + 2;
    assert.equal(ends[ends.length - 1], want, `chunks of ${size}`);
    for (const e of ends) assert.equal(json.slice(e - 2, e), '\\n', `chunks of ${size}: window end ${e}`);
    assert.equal(w.pending, bytes.length - want);
  }
});

test('long lines full of escapes give the text model, fed as JSON bytes or as text in chunks', () => {
  for (const [what, text] of shapes) {
    const want = parseTrace(text);
    const bytes = content(text);
    const b = new JsonTraceBuilder();
    for (let s = 0; s < bytes.length; s += 65536) assert.ok(b.feedJson(bytes.subarray(s, s + 65536), bytes.length - s), what);
    assertSameModel(b.finishJson()!, want, [], `${what}, JSON bytes`);
    const t = new TraceBuilder();
    for (let s = 0; s < text.length; s += 65536) t.feed(text.slice(s, s + 65536));
    assertSameModel(t.finish(), want, [], `${what}, text in chunks`);
  }
});

test('windows are whole escaped lines for any content, chunking and window size (both searches)', () => {
  // Raw JSON string content (valid or not): escape pairs meet chunk and window boundaries everywhere.
  const piece = fc.constantFrom('a', 'n', '\\', '\\n', '\\\\', '\\\\n', '\\"', '\\u000a', ' 0)   1.000 us    |  f();\\n', 'é');
  fc.assert(fc.property(fc.array(piece, { maxLength: 60 }), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }), fc.constantFrom(4, 16, 1 << 20), (pieces, sizes, maxWindow) => {
    const bytes = Buffer.from(pieces.join(''), 'utf8');
    // Reference: every backslash escapes the next byte; a line ends after an escaped `n`.
    const lineEnds = new Set<number>();
    for (let k = 0; k < bytes.length; k++) if (bytes[k] === 92) { if (bytes[k + 1] === 110) lineEnds.add(k + 2); k++; }
    const w = new EscapedWindows(maxWindow);
    let fed = 0;
    let consumed = 0;
    for (let c = 0; fed < bytes.length; c++) {
      const chunk = bytes.subarray(fed, fed + sizes[c % sizes.length]);
      const held = w.pending;
      w.push(chunk, (_src, a, e) => {
        const start = fed - held + a;
        const end = fed - held + e;
        assert.equal(start, consumed, 'windows follow each other');
        assert.ok(lineEnds.has(end), `window end ${end} is a line end`);
        // Longer than maxWindow only when it holds one line.
        const inside = [...lineEnds].filter((x) => x > start && x < end);
        assert.ok(end - start <= maxWindow || inside.length === 0, `window ${start}-${end} of at most ${maxWindow} bytes or one line`);
        consumed = end;
        return true;
      });
      fed += chunk.length;
    }
    assert.equal(consumed, Math.max(0, ...lineEnds), 'everything up to the last line end was given');
    assert.ok(w.examined <= 3 * bytes.length + 3 * sizes.length, `searches looked at ${w.examined} bytes of ${bytes.length}`);
    assert.equal(w.pending, bytes.length - consumed);
  }), { numRuns: 2000 });
});
