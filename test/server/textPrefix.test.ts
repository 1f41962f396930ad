// The first lines of a streamed didOpen read without decoding its whole text: the same lines, hints and hovers as the decoded text, and the rest decoded only when read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseTrace } from '../../server/src/core/index';
import { LazyTextDocument } from '../../server/src/lazyDocument';
import { StreamedOpenFilter, StreamedOpens } from '../../server/src/node/streamedOpens';
import { MAX_PREFIX_BYTES, escapedPrefixes } from '../../server/src/node/textPrefix';
import { hover } from '../../server/src/service/hover';
import { inlayHints } from '../../server/src/service/inlayHints';
import { lineText } from '../../server/src/service/lines';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');
const smp4 = readFileSync(join(FIXTURES, 'k61-smp4-default-head.trace'), 'utf8');

/** The JSON string content of `text` (quotes dropped) cut into `sizes`-long parts, as a body arrives. */
function parts(text: string, sizes: number[]): { parts: Buffer[]; start: number; end: number } {
  const body = Buffer.from(`{"text":${JSON.stringify(text)}}`, 'utf8');
  const out: Buffer[] = [];
  for (let s = 0, i = 0; s < body.length; i++) {
    const n = Math.max(1, sizes[i % sizes.length]);
    out.push(body.subarray(s, s + n));
    s += n;
  }
  return { parts: out, start: '{"text":"'.length, end: body.length - 2 };
}

const piece = fc.constantFrom('a', ' 0)   1.000 us    |  f();', '\n', '\r', '\r\n', '\u00e9', '\u{1F600}', '\\', '"', '\u0000', '\t', '/* x */');

/** Escaped bytes of `text` up to and including its `lines`-th line feed (JSON.stringify's escapes). */
function escapedLength(text: string, lines: number): number {
  let at = -1;
  for (let k = 0; k < lines; k++) at = text.indexOf('\n', at + 1);
  return Buffer.byteLength(JSON.stringify(text.slice(0, at + 1))) - 2;
}

test('a prefix is the start of the text up to its Nth line feed, whatever the escapes and the chunks', () => {
  fc.assert(fc.property(fc.array(piece, { maxLength: 300 }), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }), fc.array(fc.integer({ min: 0, max: 80 }), { minLength: 1, maxLength: 6 }), (pieces, sizes, asks) => {
    const text = pieces.join('');
    const { parts: p, start, end } = parts(text, sizes);
    const prefix = escapedPrefixes(p, start, end);
    const feeds = text.split('\n').length - 1;
    // The cap of content this small: 4 KiB.
    const reach = (lines: number): boolean => escapedLength(text, lines) <= 4096;
    for (const lines of asks) {
      const got = prefix(lines);
      const want = Math.min(lines, feeds);
      // Asked for none: any prefix decoded before may come back.
      if (want === 0 && feeds > 0) continue;
      if (want === 0 || !reach(1)) {
        assert.equal(got, undefined, `${lines} of ${feeds} line feeds`);
        continue;
      }
      assert.ok(got !== undefined, `${lines} of ${feeds} line feeds`);
      assert.ok(text.startsWith(got));
      assert.ok(got.endsWith('\n'));
      const k = got.split('\n').length - 1;
      // All it was asked for when that is within the cap (more when a longer one was decoded before), else as many as the cap holds.
      if (reach(want)) assert.ok(k >= want, `${k} of ${want} lines`);
      else assert.ok(!reach(k + 1), `stopped at ${k} lines within the cap`);
    }
  }), { numRuns: 300 });
});

test('a prefix never decodes past its cap: a line further down is left to the whole text', () => {
  const line = ' 0)   1.000 us    |  some_function_name();\n';
  const text = line.repeat(Math.ceil((8 * MAX_PREFIX_BYTES) / line.length));
  const { parts: p, start, end } = parts(text, [65536]);
  const prefix = escapedPrefixes(p, start, end);
  // Escaped, a line is one byte longer (its line feed is `\n`).
  const escaped = line.length + 1;
  const within = Math.floor(MAX_PREFIX_BYTES / escaped) - 1;
  assert.equal(prefix(within), line.repeat(within));
  // Asked for more: what the cap holds.
  const most = Math.floor(MAX_PREFIX_BYTES / escaped);
  assert.equal(prefix(within + 10_000), line.repeat(most));
  // Small content: a quarter of it, and 4 KiB at least.
  const small = parts(line.repeat(1000), [100]);
  const smallPrefix = escapedPrefixes(small.parts, small.start, small.end);
  assert.equal(smallPrefix(200), line.repeat(200));
  assert.equal(smallPrefix(999), line.repeat(Math.floor(Math.max(4096, (1000 * escaped) >> 2) / escaped)));
});

/** A streamed document of `text` as the server gets it: through the filter, from the token's StreamedDocument. */
async function streamed(text: string, uri = 'file:///t.trace'): Promise<LazyTextDocument> {
  const opens = new StreamedOpens();
  const f = new StreamedOpenFilter(opens, { minBytes: 1000 });
  const out: Buffer[] = [];
  f.on('data', (c: Buffer) => out.push(c));
  const ended = new Promise((resolve, reject) => { f.on('end', resolve); f.on('error', reject); });
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'ftrace', version: 1, text } } }), 'utf8');
  const input = Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
  for (let s = 0; s < input.length; s += 7000) f.write(input.subarray(s, s + 7000));
  f.end();
  await ended;
  const all = Buffer.concat(out);
  const token = (JSON.parse(all.toString('utf8', all.indexOf('\r\n\r\n') + 4)) as { params: { textDocument: { text: string } } }).params.textDocument.text;
  const doc = opens.take(token, uri, 1);
  assert.ok(doc !== undefined, 'the filter kept the open');
  return new LazyTextDocument(uri, 'ftrace', 1, doc);
}

test('the first inlay hints and hovers of a streamed open read the top of the text only, and answer as the decoded text does', async () => {
  // Lone CRs, CRLFs and a non-ASCII name among the lines: the prefix splits lines as the whole text does.
  const rows = smp4.split('\n');
  rows[20] = `${rows[20]}\r`;
  rows[30] = `${rows[30]}\r ${rows[31]}`;
  rows[40] = rows[40].replace('()', '_\u00e9t\u00e9()');
  const text = rows.join('\n');
  const lazy = await streamed(text);
  const plain = TextDocument.create(lazy.uri, 'ftrace', 1, text);
  const model = parseTrace(text);
  const top = { start: { line: 0, character: 0 }, end: { line: 112, character: 0 } };
  assert.deepEqual(inlayHints(lazy, lazy.parsed.model, top), inlayHints(plain, model, top));
  for (const line of [0, 5, 20, 21, 30, 40, 60, 111]) {
    assert.deepEqual(hover(lazy, lazy.parsed.model, { line, character: 30 }), hover(plain, model, { line, character: 30 }), `line ${line}`);
    assert.equal(lineText(lazy, line), lineText(plain, line), `line ${line}`);
  }
  assert.equal(lazy.decoded, undefined, 'the whole text stays undecoded');
  // A line past the prefix's cap (a quarter of this text) decodes the whole text, once.
  const last = plain.lineCount - 2;
  assert.equal(lineText(lazy, last), lineText(plain, last));
  assert.deepEqual(hover(lazy, lazy.parsed.model, { line: last, character: 30 }), hover(plain, model, { line: last, character: 30 }));
  assert.ok(lazy.decoded !== undefined);
  for (let line = 0; line < plain.lineCount; line += 97) assert.equal(lineText(lazy, line), lineText(plain, line), `line ${line}`);
});

test('lines read one after another decode a prefix a few times at most, then the whole text once', async () => {
  const lazy = await streamed(smp4.repeat(40));
  const asks: number[] = [];
  const prefix = lazy.textPrefix.bind(lazy);
  lazy.textPrefix = (lines: number) => {
    if (lazy.decoded === undefined) asks.push(lines);
    return prefix(lines);
  };
  const lines = smp4.repeat(40).split('\n');
  for (let line = 0; line < lines.length - 1; line++) assert.equal(lineText(lazy, line), lines[line]);
  // 1,200 KB: a prefix of 300 KB (~5,000 lines) asked for 512, 1,024, 2,048, 4,096 and 8,192 lines, then one that cannot grow.
  assert.ok(asks.length <= 7, `asked ${asks.join(', ')}`);
  assert.ok(lazy.decoded !== undefined);
});
