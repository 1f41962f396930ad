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
