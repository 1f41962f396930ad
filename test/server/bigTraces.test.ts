// Big traces over LSP: ftrace/indexFile (progress, cancel, shared, errors), answers from the disk index equal a document's, changes on disk, slices and their hovers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, type Hover, ResponseError, LSPErrorCodes, WorkDoneProgress } from 'vscode-languageserver/node';
import {
  BIG_TRACE_REQUESTS, CUSTOM_REQUESTS, CallAtRequest, CallTreeRequest, CloseIndexRequest, FunctionStatsRequest, INDEX_STATE_NOTIFICATION,
  IndexFileRequest, SliceLineRequest, SliceRequest, SlowestCallsRequest, SummaryRequest, mapSliceLine,
  type CallTreeResult, type IndexFileResult, type IndexStateParams, type SliceResult,
} from '../../server/src/protocol';
import { LspPair } from './lspPair';

const fixtures = join(__dirname, '..', '..', 'fixtures');
const dir = mkdtempSync(join(tmpdir(), 'ftrace-big-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const uriOf = (p: string): string => pathToFileURL(p).toString();
const withoutVersion = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (k, x: unknown) => (k === 'version' ? undefined : x)));

/** Every custom request a client sends for a trace, with parameters that reach every branch. */
async function answers(pair: LspPair, uri: string): Promise<unknown[]> {
  const out: unknown[] = [];
  const groups = await pair.client.sendRequest(CallTreeRequest.method, { uri }) as CallTreeResult;
  out.push(groups);
  for (const g of groups.groups ?? []) {
    for (const order of ['trace', 'time'] as const) {
      const page = await pair.client.sendRequest(CallTreeRequest.method, { uri, group: g.key, order, limit: 50 }) as CallTreeResult;
      out.push(page);
      for (const c of (page.calls ?? []).slice(0, 5)) out.push(await pair.client.sendRequest(CallTreeRequest.method, { uri, parent: c.id, order }));
    }
  }
  for (const line of [0, 5, 17, 40, 99, 250]) out.push(await pair.client.sendRequest(CallAtRequest.method, { uri, line, order: 'time' }));
  for (const by of ['inclusive', 'self']) out.push(await pair.client.sendRequest(SlowestCallsRequest.method, { uri, count: 20, by }));
  for (const sortBy of ['self', 'total', 'count', 'name']) out.push(await pair.client.sendRequest(FunctionStatsRequest.method, { uri, sortBy, limit: 30 }));
  out.push(await pair.client.sendRequest(SummaryRequest.method, { uri }));
  return out;
}

test('answers from a disk index equal those from the open document, on fixtures', async () => {
  const pair = new LspPair();
  try {
    await pair.initialize();
    for (const f of ['b73-smp2-graphfn-vfs_read-retval.trace', 'k61-smp2-proc-abstime-head.trace', '10-trace-cmd-report-3.3.txt', 'seed-vfio.md']) {
      const text = readFileSync(join(fixtures, f), 'utf8');
      const path = join(dir, f);
      writeFileSync(path, text);
      const r = await pair.client.sendRequest(IndexFileRequest.method, { uri: uriOf(path) }) as IndexFileResult;
      assert.ok(r.ok, JSON.stringify(r));
      const fromDisk = await answers(pair, uriOf(path));
      const docUri = `untitled:${f}`;
      const mark = pair.mark();
      await pair.open(docUri, text);
      const fromDoc = await answers(pair, docUri);
      assert.deepEqual(withoutVersion(fromDisk), withoutVersion(fromDoc), f);
      assert.ok(fromDisk.length > 10);
      // The answers carry the index generation as their version.
      assert.equal((fromDisk[0] as CallTreeResult).version, r.generation);
      // Its diagnostics are out before the pair closes (nothing left to send to a closed connection).
      await pair.diagnostics(docUri, mark);
    }
  } finally {
    await pair.close();
  }
});

test('indexFile reports work-done progress, is shared by two requests, answers a current index at once, and frees on closeIndex', async () => {
  const seed = readFileSync(join(fixtures, 'k61-smp2-tail-head.trace'), 'utf8');
  const path = join(dir, 'progress.trace');
  writeFileSync(path, seed.repeat(Math.ceil((12 << 20) / seed.length)));
  const uri = uriOf(path);
  const pair = new LspPair();
  try {
    await pair.initialize();
    const from = pair.mark();
    const progress: { kind: string; percentage?: number; message?: string }[] = [];
    pair.client.onProgress(WorkDoneProgress.type, 'tok-1', (v) => { progress.push(v); });
    const [a, b] = await Promise.all([
      pair.client.sendRequest(IndexFileRequest.method, { uri, workDoneToken: 'tok-1' }) as Promise<IndexFileResult>,
      pair.client.sendRequest(IndexFileRequest.method, { uri }) as Promise<IndexFileResult>,
    ]);
    assert.ok(a.ok && b.ok);
    assert.equal(a.generation, b.generation, 'one indexing for both');
    assert.ok(a.lines > 200_000);
    await new Promise((r) => setImmediate(r));
    assert.equal(progress[0].kind, 'begin');
    assert.equal(progress[progress.length - 1].kind, 'end');
    const reports = progress.filter((v) => v.kind === 'report');
    assert.ok(reports.length >= 1);
    assert.equal(reports[reports.length - 1].percentage, 100);
    assert.match(reports[reports.length - 1].message!, /MB of .*MB, .* lines/);
    const states = pair.received.slice(from).filter((r) => r.method === INDEX_STATE_NOTIFICATION).map((r) => (r.params as IndexStateParams).state);
    assert.deepEqual(states, ['indexing', 'indexed']);
    const again = await pair.client.sendRequest(IndexFileRequest.method, { uri }) as IndexFileResult;
    assert.ok(again.ok);
    assert.equal(again.generation, a.generation);
    assert.equal(again.indexMs, 0);
    assert.equal(await pair.client.sendRequest(CloseIndexRequest.method, { uri }), true);
    assert.equal(await pair.client.sendRequest(SummaryRequest.method, { uri }), null);
    assert.equal(await pair.client.sendRequest(CloseIndexRequest.method, { uri }), false);
  } finally {
    await pair.close();
  }
});

test('cancelling indexFile stops it and keeps nothing; a later request indexes again', async () => {
  const seed = readFileSync(join(fixtures, 'k61-smp2-tail-head.trace'), 'utf8');
  const path = join(dir, 'cancel.trace');
  writeFileSync(path, seed.repeat(Math.ceil((64 << 20) / seed.length)));
  const uri = uriOf(path);
  const pair = new LspPair();
  try {
    await pair.initialize();
    const cts = new CancellationTokenSource();
    const from = pair.mark();
    let reported = 0;
    let firstReport: () => void = () => undefined;
    const reportedOnce = new Promise<void>((r) => { firstReport = r; });
    pair.client.onProgress(WorkDoneProgress.type, 'tok-c', (v) => {
      if (v.kind !== 'report') return;
      reported++;
      firstReport();
    });
    const p = pair.client.sendRequest(IndexFileRequest.method, { uri, workDoneToken: 'tok-c' }, cts.token);
    await reportedOnce;
    cts.cancel();
    await assert.rejects(p, (e: unknown) => e instanceof ResponseError && e.code === LSPErrorCodes.RequestCancelled);
    await pair.waitFor<IndexStateParams>(INDEX_STATE_NOTIFICATION, (s) => s.uri === uri && s.state === 'closed', from);
    const n = reported;
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(reported, n, 'no progress after the cancel');
    assert.ok(n < 20, `${n} reports: the indexing was not stopped early`);
    assert.equal(await pair.client.sendRequest(SummaryRequest.method, { uri }), null, 'nothing kept');
    const r = await pair.client.sendRequest(IndexFileRequest.method, { uri }) as IndexFileResult;
    assert.ok(r.ok);
    assert.ok(r.lines > 1_000_000);
  } finally {
    await pair.close();
  }
});

test('a file changed on disk (appended, truncated, replaced, deleted) is never answered from the old index', async () => {
  const text = readFileSync(join(fixtures, 'b73-smp2-graphfn-vfs_read-retval.trace'), 'utf8');
  const path = join(dir, 'changing.trace');
  writeFileSync(path, text);
  const uri = uriOf(path);
  const pair = new LspPair();
  try {
    await pair.initialize();
    const changes: [string, () => void, RegExp][] = [
      ['appended', () => appendFileSync(path, text), /grew/],
      ['truncated', () => truncateSync(path, 1000), /truncated/],
      ['replaced', () => { writeFileSync(path + '.new', text.slice(0, 5000)); renameSync(path + '.new', path); }, /replaced/],
      ['deleted', () => rmSync(path), /deleted/],
    ];
    let lines = 0;
    for (const [what, change, message] of changes) {
      if (what === 'deleted') writeFileSync(path, text);
      const r = await pair.client.sendRequest(IndexFileRequest.method, { uri }) as IndexFileResult;
      assert.ok(r.ok, what);
      lines = r.lines;
      const summary = await pair.client.sendRequest(SummaryRequest.method, { uri }) as { lines: number };
      assert.equal(summary.lines, lines);
      change();
      await assert.rejects(pair.client.sendRequest(SummaryRequest.method, { uri }), (e: unknown) => e instanceof ResponseError && e.code === LSPErrorCodes.ContentModified && message.test(e.message), what);
      await assert.rejects(pair.client.sendRequest(SliceRequest.method, { uri, spec: { kind: 'cpu', cpu: 0 } }), (e: unknown) => e instanceof ResponseError && e.code === LSPErrorCodes.ContentModified, what);
      await pair.waitFor<IndexStateParams>(INDEX_STATE_NOTIFICATION, (s) => s.uri === uri && s.state === 'stale');
      if (what === 'deleted') {
        const gone = await pair.client.sendRequest(IndexFileRequest.method, { uri }) as IndexFileResult;
        assert.ok(!gone.ok && gone.reason === 'notFound');
        continue;
      }
      const again = await pair.client.sendRequest(IndexFileRequest.method, { uri }) as IndexFileResult;
      assert.ok(again.ok && again.generation > r.generation, what);
      const now = await pair.client.sendRequest(SummaryRequest.method, { uri }) as { lines: number; version: number };
      assert.equal(now.version, again.generation);
      assert.equal(now.lines, again.lines);
      assert.notEqual(now.lines, lines, `${what}: the new content`);
    }
  } finally {
    await pair.close();
  }
});

test('indexFile errors: binary, non-trace text, missing, directory, other schemes', async () => {
  const bin = join(dir, 'blob.bin');
  const bytes = Buffer.alloc(3 << 20, 7);
  bytes[100] = 0;
  writeFileSync(bin, bytes);
  const prose = join(dir, 'notes.txt');
  writeFileSync(prose, 'Dear diary, today the kernel was slow.\n'.repeat(100_000));
  const pair = new LspPair();
  try {
    await pair.initialize();
    const cases: [string, string, RegExp][] = [
      [uriOf(bin), 'binary', /binary data/],
      [uriOf(prose), 'notTrace', /no function_graph call lines/],
      [uriOf(join(dir, 'missing.trace')), 'notFound', /no such file/],
      [uriOf(dir), 'notFile', /directory/],
      ['untitled:Untitled-1', 'unsupportedUri', /file: URIs/],
    ];
    for (const [uri, reason, message] of cases) {
      const r = await pair.client.sendRequest(IndexFileRequest.method, { uri }) as IndexFileResult;
      assert.ok(!r.ok, uri);
      assert.equal(r.reason, reason, uri);
      assert.match(r.message, message, uri);
      assert.equal(await pair.client.sendRequest(SummaryRequest.method, { uri }), null);
    }
  } finally {
    await pair.close();
  }
});

test('slices of open documents and disk indexes; the slice document\'s hovers and sliceLine give the full-trace line', async () => {
  const text = readFileSync(join(fixtures, 'b73-smp2-graphfn-vfs_read-retval.trace'), 'utf8');
  const path = join(dir, 'slice me.trace');
  writeFileSync(path, text);
  const disk = uriOf(path);
  const docUri = 'untitled:slice-source';
  const pair = new LspPair();
  try {
    await pair.initialize();
    assert.ok((await pair.client.sendRequest(IndexFileRequest.method, { uri: disk }) as IndexFileResult).ok);
    const mark = pair.mark();
    const opened = [docUri];
    await pair.open(docUri, text);
    const fullLines = text.split('\n');
    const slowest = await pair.client.sendRequest(SlowestCallsRequest.method, { uri: disk, count: 3 }) as { calls: { line: number; endLine: number | null; inclusiveUs: number; selfUs: number }[] };
    const call = slowest.calls.find((c) => c.endLine !== null)!;
    for (const spec of [{ kind: 'call', line: call.line }, { kind: 'cpu', cpu: 1 }, { kind: 'task', pid: 96 }] as const) {
      const a = await pair.client.sendRequest(SliceRequest.method, { uri: disk, spec }) as SliceResult;
      const b = await pair.client.sendRequest(SliceRequest.method, { uri: docUri, spec }) as SliceResult;
      assert.ok(a.ok && b.ok, JSON.stringify(spec));
      assert.equal(a.text, b.text, 'same slice from disk and from the document');
      assert.deepEqual(a.lineMap, b.lineMap);
      assert.match(a.sliceUri, /^ftrace-slice:\//);
      // The client opens the slice as a document; its hovers name the full-trace line.
      await pair.open(a.sliceUri, a.text);
      opened.push(a.sliceUri);
      const sliceLines = a.text.split('\n');
      const line = a.focusLine;
      const full = mapSliceLine(a.lineMap, line)!;
      assert.equal(sliceLines[line], fullLines[full]);
      const h = await pair.client.sendRequest('textDocument/hover', { textDocument: { uri: a.sliceUri }, position: { line, character: sliceLines[line].length - 3 } }) as Hover | null;
      assert.ok(h !== null, `hover in the ${spec.kind} slice`);
      const md = (h.contents as { value: string }).value;
      assert.match(md, new RegExp(`Line ${(full + 1).toLocaleString('en-US')} of the full trace \`slice me.trace\``));
      const back = await pair.client.sendRequest(SliceLineRequest.method, { uri: a.sliceUri, line });
      assert.deepEqual(back, { source: disk, line: full });
      if (spec.kind === 'call') {
        // The call keeps its times in the slice.
        const top = await pair.client.sendRequest(SlowestCallsRequest.method, { uri: a.sliceUri, count: 1 }) as typeof slowest;
        assert.equal(top.calls[0].inclusiveUs, call.inclusiveUs);
        assert.equal(top.calls[0].selfUs, call.selfUs);
      }
    }
    const none = await pair.client.sendRequest(SliceRequest.method, { uri: disk, spec: { kind: 'window', fromTs: 0, toTs: 1 } }) as SliceResult;
    assert.ok(!none.ok);
    assert.match(none.message, /no timestamps/);
    await assert.rejects(pair.client.sendRequest(SliceRequest.method, { uri: disk, spec: { kind: 'call', line: -4 } }), /valid spec/);
    assert.equal(await pair.client.sendRequest(SliceRequest.method, { uri: 'file:///nowhere.trace', spec: { kind: 'cpu', cpu: 0 } }), null);
    assert.equal(await pair.client.sendRequest(SliceLineRequest.method, { uri: 'file:///not-a-slice', line: 3 }), null);
    // Big-trace requests are listed apart from the custom requests of open documents.
    assert.ok(BIG_TRACE_REQUESTS.every((r) => !(CUSTOM_REQUESTS as readonly { method: string }[]).some((c) => c.method === r.method)));
    for (const uri of opened) await pair.diagnostics(uri, mark);
  } finally {
    await pair.close();
  }
});

test('a slice document opened after a restart (no map remembered) still gets its full-trace lines', async () => {
  const text = readFileSync(join(fixtures, 'b73-smp2-graphfn-vfs_read-retval.trace'), 'utf8');
  const path = join(dir, 'restart.trace');
  writeFileSync(path, text);
  const disk = uriOf(path);
  const first = new LspPair();
  let slice: SliceResult;
  try {
    await first.initialize();
    await first.client.sendRequest(IndexFileRequest.method, { uri: disk });
    slice = await first.client.sendRequest(SliceRequest.method, { uri: disk, spec: { kind: 'cpu', cpu: 0 } }) as SliceResult;
    assert.ok(slice.ok);
  } finally {
    await first.close();
  }
  const second = new LspPair();
  try {
    await second.initialize();
    await second.client.sendRequest(IndexFileRequest.method, { uri: disk });
    const line = slice.lines - 2;
    const back = await second.client.sendRequest(SliceLineRequest.method, { uri: slice.sliceUri, line });
    assert.deepEqual(back, { source: disk, line: mapSliceLine(slice.lineMap, line) });
  } finally {
    await second.close();
  }
});
