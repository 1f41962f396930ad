// The stdin filter never changes what the server reads: no waiting document is dropped, messages vscode-jsonrpc rejects pass byte for byte, headers and bytes are read as it reads them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Message } from 'vscode-languageserver/node';
import { parseTrace } from '../../server/src/core/index';
import { StreamedOpens } from '../../server/src/node/streamedOpens';
import { assertSameModel } from '../unit/sameModel';
import { filtered, randomCuts, readerSees, resolved } from './jsonrpcReader';
import { LspPair } from './lspPair';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');
const smp4 = readFileSync(join(FIXTURES, 'k61-smp4-default-head.trace'), 'utf8');
const URI = 'file:///traces/t.trace';

const didOpen = (text: string, uri = URI, version = 1, languageId = 'ftrace'): object => ({
  jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId, version, text } },
});

/** A body framed with `header` lines (default: its Content-Length). */
function framed(body: Buffer, header = `Content-Length: ${body.length}\r\n`): Buffer {
  return Buffer.concat([Buffer.from(`${header}\r\n`, 'latin1'), body]);
}

const json = (m: object): Buffer => Buffer.from(JSON.stringify(m), 'utf8');
const request = json({ jsonrpc: '2.0', id: 7, method: 'textDocument/foldingRange', params: { textDocument: { uri: URI } } });

/**
 * Asserts that the server's reader gets the same messages (tokens resolved to their texts) and
 * errors from the filter's output, cut in several ways, as from `input`; returns how many didOpens
 * the filter streamed on the first run.
 */
async function sameForReader(input: Buffer, what: string, maxWaiting?: number): Promise<number> {
  const want = await readerSees(input);
  let streamed = -1;
  for (const seed of [1, 2, 3]) {
    const opens = new StreamedOpens(maxWaiting);
    const out = await filtered(input, opens, seed === 3 ? Array.from({ length: input.length - 1 }, (_, i) => i + 1).filter((i) => i % 4093 === 0 || i < 300) : randomCuts(input.length, seed));
    const got = await readerSees(out);
    const tokens = opens.size;
    assert.deepEqual(resolved(got.messages, opens), want.messages, `${what}, cuts ${seed}`);
    assert.deepEqual(got.errors, want.errors, `${what}, cuts ${seed}: errors`);
    assert.equal(opens.size, 0, `${what}: every token resolved`);
    if (tokens === 0) assert.ok(out.equals(input), `${what}: nothing streamed, so byte for byte`);
    if (streamed < 0) streamed = tokens;
  }
  return streamed;
}

/** A body's bytes with the raw bytes `raw` put in place of the first occurrence of `marker` (ASCII) from `from` on. */
function withRaw(body: Buffer, marker: string, raw: Buffer, from = 0): Buffer {
  const at = body.indexOf(marker, from, 'latin1');
  assert.ok(at >= 0, marker);
  return Buffer.concat([body.subarray(0, at), raw, body.subarray(at + marker.length)]);
}

test('a didOpen whose text holds raw line feeds or other control bytes passes byte for byte (the reader rejects it)', async () => {
  const text = smp4.repeat(3);
  const body = json(didOpen(text));
  // After plain call lines, the escaped line break of a leaf becomes a raw LF (or CR LF, or a tab, a NUL).
  const marker = '();\\n';
  for (const raw of ['\n', '\r\n', '\r', '\t', '\u0000', '\u001f']) {
    const bad = withRaw(body, marker, Buffer.from(`();${raw}`, 'latin1'), 5000);
    const input = Buffer.concat([framed(bad), framed(request)]);
    const seen = await readerSees(input);
    assert.equal(seen.messages.length, 1, 'the reader drops the didOpen');
    assert.equal(await sameForReader(input, `raw ${JSON.stringify(raw)}`), 0);
  }
});

test('invalid UTF-8 in the uri or languageId: the document is the one the reader decodes', async () => {
  const text = `${smp4}caf\u00e9\n`;
  const cases: [string, Buffer][] = [
    ['uri', withRaw(json(didOpen(text, 'file:///t/XX.trace')), 'XX', Buffer.from([0xff, 0xc3]))],
    ['languageId', withRaw(json(didOpen(text, URI, 1, 'ftXXrace')), 'XX', Buffer.from([0xe2, 0x82]))],
    ['uri and a multi-byte character cut by the 64 KB probe', withRaw(json(didOpen(text, `file:///t/${'\u00e9'.repeat(40_000)}XX`)), 'XX', Buffer.from([0x80]))],
  ];
  for (const [what, body] of cases) {
    const input = Buffer.concat([framed(body), framed(request)]);
    const want = await readerSees(input);
    assert.equal(want.messages.length, 2, `${what}: the reader accepts it`);
    await sameForReader(input, what);
    // The streamed document's text and model are those of the decoded message.
    const opens = new StreamedOpens();
    const out = await filtered(input, opens, randomCuts(input.length, 9));
    const open = (await readerSees(out)).messages[0] as Message & { params: { textDocument: { uri: string; version: number; text: string } } };
    const doc = opens.take(open.params.textDocument.text, open.params.textDocument.uri, 1);
    if (doc !== undefined) {
      assert.equal(doc.text(), text, what);
      assertSameModel(doc.model, parseTrace(text), text.split('\n'), what);
    }
  }
});

test('headers are read as vscode-jsonrpc reads them (the last Content-Length wins, its end-of-header rule, parseInt)', async () => {
  const open = json(didOpen(smp4));
  const n = open.length;
  const tail = framed(request);
  const cases: [string, Buffer][] = [
    ['two Content-Length, the last right', Buffer.concat([framed(open, `Content-Length: 12\r\nContent-Length: ${n}\r\n`), tail])],
    ['two Content-Length, the first right', Buffer.concat([framed(open, `Content-Length: ${n}\r\nContent-Length: ${n - 40}\r\n`), tail])],
    ['two Content-Length, the last longer', Buffer.concat([framed(open, `Content-Length: ${n}\r\ncontent-length: ${n + tail.length}\r\n`), tail])],
    ['lower case, blanks, a Content-Type', Buffer.concat([framed(open, `content-length:   ${n}  \r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n`), tail])],
    ['a value parseInt reads in part', Buffer.concat([framed(open, `Content-Length: ${n}abc\r\n`), tail])],
    ['leading zeros and a plus sign', Buffer.concat([framed(open, `Content-Length: +000${n}\r\n`), tail])],
    ['a blank before the colon (another key for the reader)', Buffer.concat([framed(open, `Content-Length : ${n}\r\n`), tail])],
    ['a header line without a colon', Buffer.concat([framed(open, `Content-Length: ${n}\r\nX-Odd\r\n`), tail])],
    ['CR CR LF CR LF (not the end of a header for the reader)', Buffer.concat([Buffer.from(`Content-Length: ${n}\r\r\n\r\n`), open, tail])],
    ['a negative length', Buffer.concat([framed(open, `Content-Length: -${n}\r\n`), tail])],
    ['a hexadecimal length', Buffer.concat([framed(open, `Content-Length: 0x${n.toString(16)}\r\n`), tail])],
    ['a high-bit byte the reader reads as a colon', Buffer.concat([Buffer.from(`Content-Length\xba ${n}\r\n\r\n`, 'latin1'), open, tail])],
  ];
  for (const [what, input] of cases) await sameForReader(input, what);
  // The clean case is still streamed.
  assert.equal(await sameForReader(Buffer.concat([framed(open), tail]), 'plain'), 1);
});

test('over the filter alone: more big opens than may wait are passed through, none dropped', async () => {
  const texts = Array.from({ length: 10 }, (_, i) => `${smp4}# document ${i}\n`);
  const input = Buffer.concat(texts.map((t, i) => framed(json(didOpen(t, `file:///t/${i}.trace`)))));
  assert.equal(await sameForReader(input, 'ten opens, three may wait', 3), 3);
  assert.equal(await sameForReader(input, 'ten opens, the default bound'), 10);
});

test('ten big opens behind 5,000 small notifications all keep their text, as without the filter', async () => {
  const texts = Array.from({ length: 10 }, (_, i) => `${smp4.slice(0, 20_000 + i * 997)}\n 0)   1.000 us    |  document_${i}();\n`);
  const uri = (i: number): string => `file:///traces/doc${i}.trace`;
  const messages: object[] = [];
  for (let i = 0; i < 5000; i++) messages.push({ method: 'textDocument/didSave', params: { textDocument: { uri: uri(i % 10) } } });
  for (const [i, t] of texts.entries()) messages.push({ method: 'textDocument/didOpen', params: { textDocument: { uri: uri(i), languageId: 'ftrace', version: 1, text: t } } });
  const pairs = [new LspPair(), new LspPair({ streamFrom: 1000 }), new LspPair({ streamFrom: 1000, maxWaiting: 3 })];
  try {
    for (const pair of pairs) {
      await pair.initialize();
      pair.sendRaw(messages);
    }
    const answers = await Promise.all(pairs.map(async (pair) => {
      const out: unknown[] = [];
      for (let i = 0; i < texts.length; i++) {
        const td = { uri: uri(i) };
        const lastLine = texts[i].split('\n').length - 2;
        out.push(await pair.client.sendRequest('textDocument/foldingRange', { textDocument: td }));
        out.push(await pair.client.sendRequest('textDocument/hover', { textDocument: td, position: { line: lastLine, character: 25 } }));
        out.push(await pair.client.sendRequest('textDocument/documentSymbol', { textDocument: td }));
      }
      return out;
    }));
    // Each document has its own last call, so a lost text would show.
    for (let i = 0; i < texts.length; i++) assert.match(JSON.stringify(answers[0][3 * i + 1]), new RegExp(`document_${i}`));
    assert.deepEqual(answers[1], answers[0], 'streamed');
    assert.deepEqual(answers[2], answers[0], 'streamed, at most three waiting');
    assert.equal(pairs[1].filterLogs.length, 10);
    assert.equal(pairs[2].filterLogs.length, 3);
  } finally {
    for (const pair of pairs) await pair.close();
  }
});
