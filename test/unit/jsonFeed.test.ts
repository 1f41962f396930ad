// JsonTraceBuilder.feedJson: parsing the JSON-escaped bytes of a trace (as a language server receives it) gives the model of the decoded text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { JsonTraceBuilder, parseTrace, type TraceModel } from '../../server/src/core/index';
import fc from 'fast-check';
import { decodeJsonContent, escapedLineEnd, lastEscapedLineEnd } from '../../server/src/core/build/jsonString';
import { assertSameModel } from './sameModel';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');
const fixtureTexts = readdirSync(FIXTURES).filter((f) => !f.endsWith('README.md')).sort()
  .map((f) => [f, readFileSync(join(FIXTURES, f), 'utf8')] as const);

/** The bytes between the quotes of `json` (a JSON string literal). */
function content(json: string): Uint8Array {
  const b = Buffer.from(json, 'utf8');
  return b.subarray(1, b.length - 1);
}

/** Feeds `bytes` in chunks of `size` (0: random sizes from `seed`); the model, or undefined when rejected. */
function feedJson(bytes: Uint8Array, size: number, options: { fastPath?: boolean } = {}, seed = 1): TraceModel | undefined {
  const b = new JsonTraceBuilder(options);
  let s = 0;
  let r = seed;
  while (s < bytes.length) {
    r = (Math.imul(r, 1103515245) + 12345) >>> 0;
    const n = size > 0 ? size : 1 + (r % 9000);
    if (!b.feedJson(bytes.subarray(s, s + n), bytes.length - s)) return undefined;
    s += n;
  }
  return b.finishJson();
}

function same(json: string, text: string, what: string): void {
  const want = parseTrace(text);
  for (const size of [0, 1, 7, 4096, 65536, 1 << 24]) {
    const got = feedJson(content(json), size);
    assert.ok(got !== undefined, `${what}: rejected (chunks of ${size})`);
    assertSameModel(got, want, text.split('\n'), `${what}, chunks of ${size || 'random size'}`);
  }
  const general = feedJson(content(json), 0, { fastPath: false });
  assert.ok(general !== undefined, `${what}: rejected by the general path`);
  assertSameModel(general, want, text.split('\n'), `${what}, general path`);
}

for (const [name, text] of fixtureTexts) {
  test(`JSON bytes give the text's model: ${name}`, () => same(JSON.stringify(text), text, name));
}

test('JSON bytes: CRLF, no final line break, empty text, one partial line', () => {
  const seed = fixtureTexts.find(([n]) => n.startsWith('01-'))![1];
  for (const text of [seed.replace(/\n/g, '\r\n'), seed.trimEnd(), '', ' 0)   1.234 us    |  f();', '\n\n\n']) {
    same(JSON.stringify(text), text, JSON.stringify(text.slice(0, 30)));
  }
});

test('JSON bytes: escapes other encoders write (\\u000a line breaks, \\/ , \\u escapes of ASCII) and odd names', () => {
  const base = fixtureTexts.find(([n]) => n.startsWith('k61-smp4-default'))![1];
  const lines = base.split('\n');
  // Names with a quote, a backslash, non-ASCII or a control character go through the general
  // parser; each on its own line of a kind the fast path takes (a leaf, an entry), and twice, so
  // the second one meets the name already interned.
  const odd = ['a"b', 'a\\b', 'caf\u00e9', 'a\u0001b', 'a"', '\\'];
  const calls = lines.map((l, i) => (/\|\s+\w+\(\)( \{|;)$/.test(l) ? i : -1)).filter((i) => i >= 0);
  assert.ok(calls.length > 4 * odd.length);
  for (const [k, name] of [...odd, ...odd].entries()) {
    const i = calls[2 * k];
    lines[i] = lines[i].replace(/\w+\(\)/, `${name}()`);
  }
  lines[calls[calls.length - 1]] += ' \\n literal';
  // A comment over several lines whose middle line looks like a call line: still comment text.
  lines.splice(calls[30], 0, ' 0)               |  /* a note that', ' 0)   1.234 us    |  looks_like_a_call();', ' goes on */');
  const text = lines.join('\n');
  same(JSON.stringify(text), text, 'odd names');
  let k = 0;
  const other = JSON.stringify(text).replace(/\\n/g, (m) => (k++ % 3 === 0 ? '\\u000a' : m)).replace(/\//g, '\\/').replace(/e/g, (m) => (k++ % 50 === 0 ? '\\u0065' : m));
  assert.equal(JSON.parse(other), text);
  same(other, text, 'other escapes');
});

test('JSON bytes that are not string content are rejected, not misread', () => {
  const good = content(JSON.stringify(' 0)               |  f() {\n 0)   1.000 us    |  }\n'));
  const bad = [
    Buffer.concat([good, Buffer.from('","x":"y')]), // the string ends early: a raw quote
    Buffer.concat([good, Buffer.from('abc\\')]), // a lone backslash at the end
    Buffer.concat([good, Buffer.from(' 0)  |  g();\x01\\n')]), // a raw control character
    Buffer.concat([good, Buffer.from(' 0) | \\q\\n')]), // an unknown escape
  ];
  for (const [i, b] of bad.entries()) {
    for (const fastPath of [true, false]) assert.equal(feedJson(b, 0, { fastPath }), undefined, `case ${i}, fastPath ${fastPath}`);
  }
});

test('escaped line ends: pairs are skipped, runs of backslashes counted', () => {
  const b = Buffer.from('ab\\\\n\\"x\\ny\\\\\\nz');
  // a b \ \ n \ " x \ n y \ \ \ n z
  assert.equal(escapedLineEnd(b, 0, b.length), 8);
  assert.equal(escapedLineEnd(b, 10, b.length), 13);
  assert.equal(lastEscapedLineEnd(b, 0, b.length), 15);
  assert.equal(lastEscapedLineEnd(b, 0, 13), 10);
  assert.equal(lastEscapedLineEnd(Buffer.from('a\\\\nb'), 0, 5), -1);
});

test('decodeJsonContent decodes and rejects exactly as JSON.parse does (random escapes, raw quotes and controls)', () => {
  const utf8 = new TextDecoder();
  const decode = (b: Uint8Array, s: number, e: number): string => utf8.decode(b.subarray(s, e));
  // Pieces that meet at every boundary: escape runs, escaped and raw quotes, raw controls, UTF-8.
  const piece = fc.constantFrom('a', ' 0) ', '\\n', '\\', '\\\\', '\\\\n', '\\"', '"', '\\u000a', '\\u00e9', '\\/', '\\t', '\\q', '\x01', '\t', 'é', '\u{1f600}', 'n', '\\r\\n');
  fc.assert(fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
    const raw = pieces.join('');
    const b = Buffer.from(raw, 'utf8');
    let want: string | undefined;
    try {
      want = JSON.parse(`"${raw}"`) as string;
    } catch {
      want = undefined;
    }
    assert.equal(decodeJsonContent(b, 0, b.length, decode), want, JSON.stringify(raw));
  }), { numRuns: 3000 });
});

test('JSON bytes: task lines (proc column, trace-cmd events) whose task is named are read without text; escapes inside them, and a line end before a `[cpu]`, are not read past', () => {
  const tc = (comm: string, rest = ' [000]  1.000000: funcgraph_entry:        1.000 us   |  f();') => `  ${comm}${rest}`;
  const proc = (comm: string) => `   14.370829 |   0)  ${comm}    |   3.396 us    |  g();`;
  const lines = [
    '# tracer: function_graph',
    tc('sh-12'), tc('sh-12'), tc('sh-12', ' foo bar'), tc('sh-12'), tc('we"ird-13'), tc('we"ird-13'), tc('b\\s-14'), tc('b\\s-14'),
    tc('sh-12', '\t[000]  1.000001: funcgraph_exit:         2.000 us   |  }'), tc('t\tab-15'), tc('t\tab-15'),
    proc('sh-12'), proc('sh-12'), proc('we"ird-13'), proc('we"ird-13'), proc('b\\s-14'), proc('b\\s-14'), proc('new-16'), proc('new-16'),
  ];
  // Many copies: the windows keep reading lines without text (no more than 1 in 16 decoded).
  const text = `${lines[0]}\n${lines.slice(1).join('\n').concat('\n').repeat(40)}`;
  same(JSON.stringify(text), text, 'task lines');
});

test('JSON bytes: lines past LONG_LINE, decoded in parts as they grow, give the text model whatever the chunks (escapes, UTF-8 and \\u escapes cut anywhere)', () => {
  // Tokens of JSON string content: raw bytes (ASCII, 2-, 3- and 4-byte UTF-8) and escapes of every
  // kind, \u escapes of a surrogate pair included; `\n` escapes and \u000a end lines.
  const tokens = ['a', 'f();', ' 0)   1.000 us    |  ', 'é', '中', '😀', '\\"', '\\\\', '\\/', '\\t', '\\r', '\\u0000', '\\u00e9', '\\ud83d\\ude00', '\\u001f', '\\\\u'];
  const breaks = ['\\n', '\\r\\n', '\\u000a'];
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: tokens.length - 1 }), { minLength: 8, maxLength: 40 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 1 << 30 }), (picks, lineBreaks, seed) => {
      const unit = picks.map((i) => tokens[i]).join('');
      // One line of about 1.3 MB (past LONG_LINE), then a short one and a long one without a final break.
      const long = unit.repeat(Math.ceil(1_300_000 / unit.length));
      const json = `${long}${breaks[lineBreaks % breaks.length]} 0)   1.000 us    |  f();${lineBreaks > 0 ? breaks[0] : ''}${long}`;
      const text = JSON.parse(`"${json}"`) as string;
      const want = parseTrace(text);
      const got = feedJson(Buffer.from(json, 'utf8'), 0, {}, seed);
      assert.ok(got !== undefined, 'rejected');
      assertSameModel(got, want, text.split('\n'), `unit ${JSON.stringify(unit)}`);
    }),
    { numRuns: 12 },
  );
});

test('JSON bytes: a function name past LONG_LINE, of UTF-8 and \\u escapes cut anywhere, is the text\'s name', () => {
  const tokens = ['a', '_', 'é', '中', '😀', '\\u00e9', '\\ud83d\\ude00', '\\u4e2d'];
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: tokens.length - 1 }), { minLength: 4, maxLength: 20 }), fc.integer({ min: 1, max: 1 << 30 }), (picks, seed) => {
      const unit = picks.map((i) => tokens[i]).join('');
      const json = ` 0)   1.000 us    |  ${unit.repeat(Math.ceil(1_200_000 / unit.length))}();\\n 0)   2.000 us    |  g();\\n`;
      const text = JSON.parse(`"${json}"`) as string;
      const got = feedJson(Buffer.from(json, 'utf8'), 0, {}, seed);
      assert.ok(got !== undefined, 'rejected');
      assertSameModel(got, parseTrace(text), text.split('\n'), `unit ${JSON.stringify(unit)}`);
      assert.equal(got.names[got.calls.name[0]], text.slice(21, text.indexOf('(')));
    }),
    { numRuns: 8 },
  );
  // Every place in a character of 2, 3 and 4 bytes and of a \u escape, at the first settle.
  const json = ` 0)   1.000 us    |  ${'é中😀\\u00e9a'.repeat(100_000)}();\\n`;
  const text = JSON.parse(`"${json}"`) as string;
  for (let size = 65530; size < 65546; size++) {
    const got = feedJson(Buffer.from(json, 'utf8'), size);
    assert.equal(got?.names[got.calls.name[0]], text.slice(21, text.indexOf('(')), `chunks of ${size}`);
  }
});

test('JSON bytes: a bad escape deep in a line past LONG_LINE is rejected as it would be whole', () => {
  for (const bad of ['\\x', '\\u12 ', '"', '\u0001', '\\u00g0']) {
    const json = `${'\\"ab'.repeat(400_000)}${bad}${'cd'.repeat(300_000)}`;
    for (const size of [0, 65536, 1 << 24]) assert.equal(feedJson(Buffer.from(json, 'utf8'), size), undefined, `${JSON.stringify(bad)}, chunks of ${size}`);
  }
});
