// Property: the server behind the stdin filter answers exactly as the server without it, for random traces (real lines cut and shuffled, hostile characters, any line ends), random chunkings of the byte stream and several opens at once among small notifications and edits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { randomCuts } from './jsonrpcReader';
import { LspPair } from './lspPair';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');
const sampleLines = readdirSync(FIXTURES).filter((f) => f !== 'README.md').sort()
  .flatMap((f) => readFileSync(join(FIXTURES, f), 'utf8').split(/\r\n|\r|\n/));

/** Characters JSON escapes or UTF-8 makes long, and those that end lines. */
const hostile = fc.constantFrom('"', '\\', '\\n', '\u0000', '\u001f', '\t', '\r', '\u2028', '\u00e9', '\ud800', '\u{1f600}', '\ufeff', '\u202e', ' [', '() {', '}');
const line = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...sampleLines) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...sampleLines), fc.nat(), hostile).map(([l, at, h]) => l.slice(0, at % (l.length + 1)) + h + l.slice(at % (l.length + 1))) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
);
const lineEnd = fc.constantFrom('\n', '\n', '\n', '\r\n', '\r');
const trace = fc.array(fc.tuple(line, lineEnd), { minLength: 1, maxLength: 150 }).map((ls) => ls.map(([l, e]) => l + e).join(''));

/** One message the client sends. */
type Action =
  | { readonly kind: 'open'; readonly doc: number; readonly text: string; readonly raw: Raw; readonly rawAt: number }
  | { readonly kind: 'save'; readonly doc: number }
  | { readonly kind: 'replace'; readonly doc: number; readonly text: string }
  | { readonly kind: 'edit'; readonly doc: number; readonly from: number; readonly lines: number; readonly text: string };

/** Raw bytes put into a didOpen: a LF or CR LF for an escaped line break (the reader rejects the message), a 0xFF byte in the text or the uri (decoded as U+FFFD). */
type Raw = 'none' | 'lf' | 'crlf' | 'ff' | 'uri-ff';
const raws: Raw[] = ['none', 'none', 'none', 'none', 'none', 'lf', 'crlf', 'ff', 'uri-ff'];
/** How a message's header is written: as vscode-jsonrpc does, with a Content-Type, or with a wrong Content-Length first (the last one counts). */
const headers = ['plain', 'plain', 'type', 'twice'] as const;
const DOCS = 6;
const uri = (doc: number): string => `file:///traces/d${doc}%20\u00e4.trace`;

const session = fc.record({
  opens: fc.array(fc.tuple(trace, fc.constantFrom(...raws), fc.nat()), { minLength: DOCS, maxLength: DOCS }),
  header: fc.array(fc.constantFrom(...headers), { minLength: 7, maxLength: 7 }),
  others: fc.array(fc.oneof(
    fc.record({ kind: fc.constant('save' as const), doc: fc.nat(DOCS - 1) }),
    fc.record({ kind: fc.constant('replace' as const), doc: fc.nat(DOCS - 1), text: trace }),
    fc.record({ kind: fc.constant('edit' as const), doc: fc.nat(DOCS - 1), from: fc.nat(200), lines: fc.nat(5), text: fc.array(line, { maxLength: 4 }).map((ls) => ls.join('\n')) }),
  ), { maxLength: 8 }),
  order: fc.array(fc.nat(), { minLength: 16, maxLength: 16 }),
  chunks: fc.tuple(fc.integer({ min: 1, max: 0x7fffffff }), fc.constantFrom(7, 300, 5000, 70000)),
  probes: fc.array(fc.tuple(fc.nat(400), fc.nat(120)), { minLength: 4, maxLength: 8 }),
});

/** The opens first in their order, the rest mixed in (edits of a document after its open). */
function actions(s: { opens: [string, Raw, number][]; others: Action[]; order: number[] }): Action[] {
  const list: Action[] = s.opens.map(([text, raw, rawAt], doc) => ({ kind: 'open', doc, text, raw, rawAt }));
  for (const [i, a] of s.others.entries()) {
    const opensAt = list.findIndex((x) => x.kind === 'open' && x.doc === a.doc);
    const at = opensAt + 1 + (s.order[i % s.order.length] % (list.length - opensAt));
    list.splice(at, 0, a);
  }
  return list;
}

/** What the server should hold for a document: the uri it is open under, its text and version, and whether it is open at all. */
interface Final {
  uri: string;
  doc: TextDocument;
  /** False when the reader rejects the didOpen (nothing is open; no diagnostics come). */
  opened: boolean;
  /** False when the document is not open under its own uri (edits sent there change nothing). */
  tracked: boolean;
}

/** The bytes of `list` as a client writes them (raw bytes put into didOpens where asked, headers of the given kinds), and each document's final state. */
function encode(list: readonly Action[], headerKinds: readonly (typeof headers)[number][]): { bytes: Buffer; finals: Map<number, Final> } {
  const finals = new Map<number, Final>();
  const parts: Buffer[] = [];
  for (const a of list) {
    const state = finals.get(a.doc);
    let message: object;
    if (a.kind === 'open') {
      message = { jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: uri(a.doc), languageId: 'ftrace', version: 1, text: a.text } } };
      finals.set(a.doc, { uri: uri(a.doc), doc: TextDocument.create(uri(a.doc), 'ftrace', 1, a.text), opened: true, tracked: true });
    } else if (a.kind === 'save') message = { jsonrpc: '2.0', method: 'textDocument/didSave', params: { textDocument: { uri: uri(a.doc) } } };
    else {
      const version = state!.doc.version + 1;
      const change = a.kind === 'replace'
        ? { text: a.text }
        : { range: { start: { line: a.from, character: 0 }, end: { line: a.from + a.lines, character: 0 } }, text: a.text };
      message = { jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri: uri(a.doc), version }, contentChanges: [change] } };
      if (state!.tracked) state!.doc = TextDocument.update(state!.doc, [change], version);
    }
    let body = Buffer.from(JSON.stringify(message), 'utf8');
    if (a.kind === 'open' && a.raw !== 'none') {
      const final = finals.get(a.doc)!;
      let at = -1;
      let cut = 2;
      if (a.raw === 'uri-ff') {
        at = body.indexOf('.trace');
        cut = 0;
      } else {
        // The rawAt-th escaped line break of the text (after plain call lines too).
        const breaks: number[] = [];
        for (let p = body.indexOf('\\n', body.indexOf('"text":"')); p >= 0; p = body.indexOf('\\n', p + 2)) if (body[p - 1] !== 92) breaks.push(p);
        if (breaks.length > 0) at = breaks[a.rawAt % breaks.length];
      }
      if (at >= 0) {
        const raw = a.raw === 'lf' ? [10] : a.raw === 'crlf' ? [13, 10] : [0xff];
        body = Buffer.concat([body.subarray(0, at), Buffer.from(raw), body.subarray(at + cut)]);
        if (a.raw === 'lf' || a.raw === 'crlf') {
          final.opened = false;
          final.tracked = false;
        } else {
          const td = (JSON.parse(body.toString('utf8')) as { params: { textDocument: { uri: string; text: string } } }).params.textDocument;
          final.uri = td.uri;
          final.doc = TextDocument.create(td.uri, 'ftrace', 1, td.text);
          final.tracked = a.raw === 'ff';
        }
      }
    }
    const header = headerKinds[(parts.length / 2) % headerKinds.length];
    const length = `Content-Length: ${body.length}\r\n`;
    const lines = header === 'type' ? `${length}Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n` : header === 'twice' ? `Content-Length: ${body.length >> 1}\r\n${length}` : length;
    parts.push(Buffer.from(`${lines}\r\n`, 'ascii'), body);
  }
  return { bytes: Buffer.concat(parts), finals };
}

/** Answers to every feature for each document; errors as their message. */
async function answers(pair: LspPair, finals: Map<number, Final>, probes: readonly [number, number][]): Promise<unknown[]> {
  const ask = (method: string, params: object): Promise<unknown> =>
    pair.client.sendRequest(method, params).then((r) => r, (e: unknown) => ({ error: e instanceof Error ? e.message : String(e) }));
  const out: unknown[] = [];
  for (const [, { uri: docUri, doc, opened }] of [...finals].sort((a, b) => a[0] - b[0])) {
    const textDocument = { uri: docUri };
    out.push(await ask('textDocument/foldingRange', { textDocument }));
    out.push(await ask('textDocument/documentSymbol', { textDocument }));
    out.push(await ask('textDocument/inlayHint', { textDocument, range: { start: { line: 0, character: 0 }, end: { line: doc.lineCount, character: 0 } } }));
    for (const [l, character] of probes) {
      out.push(await ask('textDocument/hover', { textDocument, position: { line: l % (doc.lineCount + 1), character } }));
    }
    if (opened) {
      const d = await pair.diagnostics(docUri, 0, (p: PublishDiagnosticsParams) => p.version === doc.version);
      out.push(d.diagnostics);
    }
  }
  return out;
}

test('the server answers the same behind the filter as without it (random traces, escapes, chunkings, several opens)', async () => {
  await fc.assert(
    fc.asyncProperty(session, async (s) => {
      const { bytes, finals } = encode(actions(s), s.header);
      const plain = new LspPair();
      const streamed = new LspPair({ streamFrom: 256 });
      try {
        await plain.initialize();
        await streamed.initialize();
        plain.writeBytes(bytes);
        streamed.writeBytes(bytes, randomCuts(bytes.length, s.chunks[0], s.chunks[1]));
        const [want, got] = await Promise.all([answers(plain, finals, s.probes), answers(streamed, finals, s.probes)]);
        assert.deepEqual(got, want);
      } finally {
        await plain.close();
        await streamed.close();
      }
    }),
    { numRuns: 20 },
  );
});
