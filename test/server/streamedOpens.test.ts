// Big didOpens parsed while their bytes arrive (StreamedOpenFilter): byte-exact pass-through of everything else, the same answers as a normal open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FoldingRange, Hover, InlayHint, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { parseTrace } from '../../server/src/core/index';
import { StreamedOpenFilter, StreamedOpens } from '../../server/src/node/streamedOpens';
import { assertSameModel } from '../unit/sameModel';
import { LspPair } from './lspPair';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');
const seed = readFileSync(join(FIXTURES, 'seed-vfio.md'), 'utf8');
const smp4 = readFileSync(join(FIXTURES, 'k61-smp4-default-head.trace'), 'utf8');
const URI = 'file:///traces/big%20one.trace';

/** A framed message as vscode-jsonrpc writes it. */
function frame(message: unknown, extraHeader = ''): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n${extraHeader}\r\n`, 'ascii'), body]);
}

const didOpen = (text: string, uri = URI, version = 3): unknown => ({
  jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'ftrace', version, text } },
});
const request = { jsonrpc: '2.0', id: 7, method: 'textDocument/foldingRange', params: { textDocument: { uri: URI } } };

/** Runs `input` through a filter in chunks of random sizes; the output bytes. */
async function filter(input: Buffer, opens: StreamedOpens, seedValue = 1, minBytes = 1000): Promise<Buffer> {
  const f = new StreamedOpenFilter(opens, { minBytes });
  const out: Buffer[] = [];
  f.on('data', (c: Buffer) => out.push(c));
  const ended = new Promise((resolve, reject) => { f.on('end', resolve); f.on('error', reject); });
  let r = seedValue;
  for (let s = 0; s < input.length;) {
    r = (Math.imul(r, 1103515245) + 12345) >>> 0;
    const n = 1 + (r % 70000);
    f.write(input.subarray(s, s + n));
    s += n;
  }
  f.end();
  await ended;
  return Buffer.concat(out);
}

/** Splits framed output back into JSON messages. */
function messages(out: Buffer): unknown[] {
  const list: unknown[] = [];
  let s = 0;
  while (s < out.length) {
    const end = out.indexOf('\r\n\r\n', s);
    const length = Number(/Content-Length: (\d+)/i.exec(out.toString('latin1', s, end))![1]);
    list.push(JSON.parse(out.toString('utf8', end + 4, end + 4 + length)));
    s = end + 4 + length;
  }
  return list;
}

test('a big didOpen is forwarded with a token as its text; the token gives the model and the text', async () => {
  const text = `${smp4}\u00e9 a non-ASCII line\n\\ and a backslash "quoted"\n`;
  const input = Buffer.concat([frame(request), frame(didOpen(text)), frame(request, 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n')]);
  for (const seedValue of [1, 2, 3]) {
    const opens = new StreamedOpens();
    const out = await filter(input, opens, seedValue);
    const [first, open, last] = messages(out) as [unknown, { params: { textDocument: { text: string; uri: string; version: number } } }, unknown];
    assert.deepEqual(first, request);
    assert.deepEqual(last, request);
    // Everything but the didOpen passes byte for byte.
    assert.ok(out.subarray(0, frame(request).length).equals(frame(request)));
    assert.ok(out.subarray(out.length - frame(request, 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n').length).equals(input.subarray(input.length - frame(request, 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n').length)));
    const td = open.params.textDocument;
    assert.equal(td.uri, URI);
    assert.notEqual(td.text, text);
    assert.equal(opens.take(td.text, URI, 4), undefined, 'wrong version');
    const doc = opens.take(td.text, URI, 3);
    assert.equal(opens.take(td.text, URI, 3), undefined, 'given once');
    assert.ok(doc !== undefined);
    assert.equal(doc.text(), text);
    assertSameModel(doc.model, parseTrace(text), text.split('\n'), `streamed, chunks seeded ${seedValue}`);
  }
});

test('anything the filter does not expect passes through unchanged', async () => {
  const big = smp4.repeat(13); // about 400 KB, so the cut below falls inside the text
  const cases: [string, Buffer][] = [
    ['small body', frame(didOpen(seed.slice(0, 500)))],
    ['other key order', frame({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { text: big, uri: URI, languageId: 'ftrace', version: 1 } } })],
    ['a key after the text', frame({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: URI, languageId: 'ftrace', version: 1, text: big }, extra: 1 } })],
    ['blanks in the JSON', (() => {
      const body = Buffer.from(JSON.stringify(didOpen(big), null, 1));
      return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]);
    })()],
    ['not string content (a raw control character)', (() => {
      const body = Buffer.from(JSON.stringify(didOpen(big)).replace('() {', '()\u0001 {'));
      return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]);
    })()],
    ['a didChange', frame({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri: URI, version: 2 }, contentChanges: [{ text: big }] } })],
    ['a header without Content-Length', Buffer.concat([Buffer.from('X-Whatever: 1\r\n\r\n'), frame(didOpen(big))])],
    ['cut off by the end of the stream', frame(didOpen(big)).subarray(0, 300_000)],
  ];
  for (const [what, input] of cases) {
    const opens = new StreamedOpens();
    const out = await filter(Buffer.concat([input, frame(request)]), opens);
    assert.ok(out.equals(Buffer.concat([input, frame(request)])), what);
  }
});

test('over the server: a streamed open answers exactly as a normal open, before and after an edit', async () => {
  const plain = new LspPair();
  const streamed = new LspPair({ streamFrom: 1000 });
  try {
    for (const pair of [plain, streamed]) {
      await pair.initialize();
      await pair.open(URI, smp4);
    }
    const ask = async (pair: LspPair): Promise<unknown[]> => {
      const out: unknown[] = [];
      out.push(await pair.client.sendRequest('textDocument/foldingRange', { textDocument: { uri: URI } }) as FoldingRange[]);
      for (const line of [5, 40, 400, 2000]) {
        out.push(await pair.client.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line, character: 30 } }) as Hover | null);
      }
      out.push(await pair.client.sendRequest('textDocument/inlayHint', {
        textDocument: { uri: URI }, range: { start: { line: 0, character: 0 }, end: { line: 300, character: 0 } },
      }) as InlayHint[]);
      out.push((await pair.diagnostics(URI, 0)).diagnostics);
      return out;
    };
    const want = await ask(plain);
    assert.deepEqual(await ask(streamed), want);
    assert.equal(streamed.filterLogs.filter((m) => m.startsWith(`streamed ${URI} v1`)).length, 1, streamed.filterLogs.join('\n'));
    // Only one parse of version 1 on the streamed side: the filter's.
    assert.equal(streamed.logs().filter((m) => m.startsWith(`parsed ${URI} v1`)).length, 1);
    // An incremental edit decodes the text and applies the change.
    for (const pair of [plain, streamed]) {
      await pair.client.sendNotification('textDocument/didChange', {
        textDocument: { uri: URI, version: 2 },
        contentChanges: [{ range: { start: { line: 40, character: 0 }, end: { line: 44, character: 0 } }, text: '' }],
      });
    }
    const fold = (pair: LspPair): Promise<unknown> => pair.client.sendRequest('textDocument/foldingRange', { textDocument: { uri: URI } });
    assert.deepEqual(await fold(streamed), await fold(plain));
    const diag = (pair: LspPair): Promise<PublishDiagnosticsParams> => pair.diagnostics(URI, 0, (p) => p.version === 2);
    assert.deepEqual((await diag(streamed)).diagnostics, (await diag(plain)).diagnostics);
  } finally {
    plain.close();
    streamed.close();
  }
});
