// Adapter tests: the real server (startServer) over an in-memory stream pair, driven by a JSON-RPC client.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CancellationTokenSource, LSPErrorCodes, ResponseError, TextDocumentSyncKind, type Diagnostic, type DocumentHighlight,
  type DocumentSymbol, type FoldingRange, type Hover, type InitializeResult, type InlayHint, type MarkupContent,
  type PublishDiagnosticsParams, type SelectionRange,
} from 'vscode-languageserver/node';
import {
  CallAtRequest, CallTreeRequest, FunctionStatsRequest, SlowestCallsRequest, SummaryRequest, type CallAtResult,
  type CallTreeResult, type FunctionStatsResult, type SlowestCallsResult, type SummaryResult,
} from '../../server/src/protocol';
import { LspPair } from './lspPair';

const seedText = readFileSync(join(__dirname, '..', '..', 'fixtures', 'seed-vfio.md'), 'utf8');
const seedLines = seedText.split('\n');
const seedLine = (needle: string, from = 0): number => seedLines.findIndex((l, i) => i >= from && l.includes(needle));
const ATTACH = seedLine('vfio_iommu_type1_attach_group [vfio_iommu_type1]() {');
const IOCTL = seedLine('vfio_fops_unl_ioctl [vfio]() {', seedLine('vfio_fops_unl_ioctl [vfio]() {') + 1);
const PRINTK = seedLine('printk() {');
const ATTACH_EXIT = seedLine('# 2672.235 us |    }');
const URI = 'file:///traces/seed-vfio.trace';

const hoverText = (h: Hover | null): string => (h === null ? '' : (h.contents as MarkupContent).value);
const text = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);
const slowCalls = (p: PublishDiagnosticsParams): Diagnostic[] => p.diagnostics.filter((d) => d.code === 'slow-call');
const mentions = (p: PublishDiagnosticsParams, name: string): boolean => slowCalls(p).some((d) => text(d).includes(name));
const parsedLogs = (pair: LspPair, uri: string): string[] => pair.logs().filter((m) => m.startsWith(`parsed ${uri} `));

/** Hover at the function name on `line` of the document as the server has it. */
function hoverAt(pair: LspPair, line: number, character = 40, uri = URI): Promise<Hover | null> {
  return pair.client.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } }) as Promise<Hover | null>;
}

describe('adapter: initialize, open and every request on the seed trace', () => {
  const pair = new LspPair({ capabilities: { textDocument: { foldingRange: { rangeLimit: 5000 } } } });
  let init: InitializeResult;
  let firstDiagnostics: PublishDiagnosticsParams;
  let openToDiagnosticsMs = 0;

  before(async () => {
    init = await pair.initialize();
    const mark = pair.mark();
    const start = performance.now();
    await pair.open(URI, seedText);
    firstDiagnostics = await pair.diagnostics(URI, mark);
    openToDiagnosticsMs = performance.now() - start;
  });
  after(() => pair.close());

  test('initialize announces the capabilities', () => {
    const c = init.capabilities;
    assert.equal(c.textDocumentSync, TextDocumentSyncKind.Incremental);
    assert.ok(c.foldingRangeProvider);
    assert.ok(c.hoverProvider);
    assert.ok(c.documentSymbolProvider);
    assert.ok(c.documentHighlightProvider);
    assert.ok(c.selectionRangeProvider);
    assert.ok(c.inlayHintProvider);
    assert.equal(init.serverInfo?.name, 'ftrace-lens');
  });

  test('publishDiagnostics after didOpen: the printk chain is flagged at vprintk_default', (t) => {
    assert.equal(firstDiagnostics.version, 1);
    // An open publishes at once (edits wait for the typing debounce); the delay is reported, not
    // asserted: timings belong in npm run bench, not in unit tests on a shared machine.
    t.diagnostic(`diagnostics ${openToDiagnosticsMs.toFixed(0)} ms after didOpen`);
    const vprintk = slowCalls(firstDiagnostics).find((d) => text(d).includes('vprintk_default'));
    assert.ok(vprintk, JSON.stringify(slowCalls(firstDiagnostics).map(text)));
    assert.equal(vprintk.range.start.line, seedLine('vprintk_default();'));
    const related = (vprintk.relatedInformation ?? []).map((r) => r.message);
    assert.ok(related.some((m) => m.startsWith('inside printk ')), related.join(' | '));
    assert.ok(vprintk.relatedInformation!.every((r) => r.location.uri === URI));
    assert.ok(firstDiagnostics.diagnostics.some((d) => d.code === 'slow-call-ancestor' && text(d).startsWith('printk ')));
    assert.ok(firstDiagnostics.diagnostics.some((d) => d.code === 'not-trace'));
  });

  test('foldingRange: the second ioctl { folds to the line before its }', async () => {
    const ranges = await pair.client.sendRequest('textDocument/foldingRange', { textDocument: { uri: URI } }) as FoldingRange[];
    const r = ranges.find((x) => x.startLine === IOCTL);
    assert.ok(r, `no range starts on line ${IOCTL}`);
    assert.equal(seedLines[r.endLine + 1].trim(), '1) # 2680.276 us |  }');
    assert.ok(ranges.some((x) => x.startLine === PRINTK && x.endLine === PRINTK + 3));
  });

  test('hover on vfio_iommu_type1_attach_group: 2.672 ms inclusive, 6.945 µs self', async () => {
    const h = await hoverAt(pair, ATTACH);
    assert.match(hoverText(h), /inclusive: 2\.672 ms/);
    assert.match(hoverText(h), /self: 6\.945 µs/);
    assert.equal(h!.range!.start.line, ATTACH);
    assert.equal(await hoverAt(pair, 0, 0), null);
  });

  test('documentSymbol: task runs with nested calls', async () => {
    const syms = await pair.client.sendRequest('textDocument/documentSymbol', { textDocument: { uri: URI } }) as DocumentSymbol[];
    assert.deepEqual(syms.map((s) => s.name), ['ksoftir-18 on CPU 1', 'qemu-kv-17653 on CPU 1']);
    const ioctl = syms[1].children!.find((c) => c.range.start.line === IOCTL);
    assert.equal(ioctl?.detail, '2.68 ms');
  });

  test('documentHighlight: entry and exit of printk', async () => {
    const hl = await pair.client.sendRequest('textDocument/documentHighlight', { textDocument: { uri: URI }, position: { line: PRINTK, character: 30 } }) as DocumentHighlight[];
    assert.deepEqual(hl.map((h) => h.range.start.line), [PRINTK, PRINTK + 4]);
  });

  test('selectionRange: grows from vprintk_default to printk', async () => {
    const line = seedLine('vprintk_default();');
    const [sel] = await pair.client.sendRequest('textDocument/selectionRange', { textDocument: { uri: URI }, positions: [{ line, character: 40 }] }) as SelectionRange[];
    const spans: string[] = [];
    for (let s: SelectionRange | undefined = sel; s; s = s.parent) spans.push(`${s.range.start.line}-${s.range.end.line}`);
    assert.ok(spans.includes(`${PRINTK}-${PRINTK + 4}`), spans.join(' '));
  });

  test('inlayHint: printk() { carries 1.97 ms', async () => {
    const hints = await pair.client.sendRequest('textDocument/inlayHint', {
      textDocument: { uri: URI }, range: { start: { line: PRINTK, character: 0 }, end: { line: PRINTK, character: 0 } },
    }) as InlayHint[];
    assert.equal(hints.length, 1);
    assert.match(String(hints[0].label), /^1\.97 ms/);
    assert.equal(hints[0].position.line, PRINTK);
  });

  test('ftrace/* custom requests answer from the open document', async () => {
    const groups = await pair.client.sendRequest(CallTreeRequest.method, { uri: URI }) as CallTreeResult;
    assert.equal(groups.version, 1);
    assert.deepEqual(groups.groups!.map((g) => g.label), ['ksoftir-18', 'qemu-kv-17653']);
    const roots = await pair.client.sendRequest(CallTreeRequest.method, { uri: URI, group: groups.groups![1].key, order: 'time' }) as CallTreeResult;
    assert.equal(roots.calls![0].inclusiveUs, 2680.276);
    assert.equal(roots.calls![0].line, IOCTL);
    const at = await pair.client.sendRequest(CallAtRequest.method, { uri: URI, line: ATTACH }) as CallAtResult;
    assert.equal(at.call!.inclusiveUs, 2672.235);
    assert.equal(at.call!.selfUs, 6.945);
    assert.deepEqual(at.path.map((c) => c.name.split(' ')[0]), ['vfio_fops_unl_ioctl', 'vfio_iommu_type1_attach_group']);
    const slow = await pair.client.sendRequest(SlowestCallsRequest.method, { uri: URI, count: 2 }) as SlowestCallsResult;
    assert.deepEqual(slow.calls.map((c) => c.name.split(' ')[0]), ['vfio_fops_unl_ioctl', 'vfio_iommu_type1_attach_group']);
    assert.equal(slow.ranking.measure, 'onCpu');
    assert.deepEqual([slow.ranking.sleepsAndIdle.calls, slow.ranking.sleepsAndIdle.offCpuUs], [1, 187566289]);
    const counted = await pair.client.sendRequest(SlowestCallsRequest.method, { uri: URI, count: 2, sleepsAndIdle: true }) as SlowestCallsResult;
    assert.deepEqual(counted.calls.map((c) => c.name.split(' ')[0]), ['schedule', 'vfio_fops_unl_ioctl']);
    assert.deepEqual([counted.calls[0].offCpu, counted.calls[0].onCpuUs, counted.calls[0].offCpuUs], ['inferred', 0, 187566289]);
    assert.equal(counted.ranking.measure, 'inclusive');
    const fns = await pair.client.sendRequest(FunctionStatsRequest.method, { uri: URI, sortBy: 'count', limit: 1 }) as FunctionStatsResult;
    assert.deepEqual(fns.functions.map((f) => [f.name, f.calls]), [['_cond_resched', 11]]);
    const sum = await pair.client.sendRequest(SummaryRequest.method, { uri: URI }) as SummaryResult;
    assert.equal(sum.calls, 118);
    assert.equal(sum.slowest!.name.split(' ')[0], 'vfio_fops_unl_ioctl');
    const sumAll = await pair.client.sendRequest(SummaryRequest.method, { uri: URI, sleepsAndIdle: true }) as SummaryResult;
    assert.equal(sumAll.slowest!.name, 'schedule');
  });

  test('unknown documents get empty answers, not errors', async () => {
    const uri = 'file:///nowhere.trace';
    const td = { textDocument: { uri } };
    const pos = { line: 3, character: 3 };
    const range = { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } };
    assert.deepEqual(await pair.client.sendRequest('textDocument/foldingRange', td), []);
    assert.equal(await pair.client.sendRequest('textDocument/hover', { ...td, position: pos }), null);
    assert.deepEqual(await pair.client.sendRequest('textDocument/documentSymbol', td), []);
    assert.deepEqual(await pair.client.sendRequest('textDocument/documentHighlight', { ...td, position: pos }), []);
    assert.deepEqual(await pair.client.sendRequest('textDocument/selectionRange', { ...td, positions: [pos] }), []);
    assert.deepEqual(await pair.client.sendRequest('textDocument/inlayHint', { ...td, range }), []);
    for (const def of [CallTreeRequest, CallAtRequest, SlowestCallsRequest, FunctionStatsRequest, SummaryRequest]) {
      assert.equal(await pair.client.sendRequest(def.method, { uri, line: 0 }), null, def.method);
    }
  });

  test('a request cancelled before it runs yields RequestCancelled', async () => {
    const requests = [
      ['textDocument/hover', { textDocument: { uri: URI }, position: { line: ATTACH, character: 40 } }],
      ['textDocument/foldingRange', { textDocument: { uri: URI } }],
      ['textDocument/inlayHint', { textDocument: { uri: URI }, range: { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } } }],
      [SummaryRequest.method, { uri: URI }],
    ] as const;
    // Each request with its $/cancelRequest right behind it, in one chunk: the cancel is read before the request runs.
    pair.sendRaw(requests.flatMap(([method, params], i) => [
      { id: `raw-${i}`, method, params },
      { method: '$/cancelRequest', params: { id: `raw-${i}` } },
    ]));
    for (const [i, [method]] of requests.entries()) {
      const r = await pair.rawResponse(`raw-${i}`);
      assert.equal(r.error?.code, LSPErrorCodes.RequestCancelled, `${method}: ${JSON.stringify(r).slice(0, 120)}`);
    }
    // The connection keeps working after the cancellations.
    assert.match(hoverText(await hoverAt(pair, ATTACH)), /2\.672 ms/);
  });
});

describe('adapter: edits', () => {
  const pair = new LspPair();
  before(async () => {
    await pair.initialize();
    const mark = pair.mark();
    await pair.open(URI, seedText);
    await pair.diagnostics(URI, mark);
  });
  after(() => pair.close());

  test('an incremental edit of a duration: hover, requests and diagnostics follow the new text', async () => {
    const col = seedLines[ATTACH_EXIT].indexOf('2672.235');
    const mark = pair.mark();
    await pair.client.sendNotification('textDocument/didChange', {
      textDocument: { uri: URI, version: 2 },
      contentChanges: [{ range: { start: { line: ATTACH_EXIT, character: col }, end: { line: ATTACH_EXIT, character: col + 1 } }, text: '3' }],
    });
    // Requests right after the edit (before the diagnostics debounce) are answered from version 2.
    const h = hoverText(await hoverAt(pair, ATTACH));
    assert.match(h, /inclusive: 3\.672 ms/);
    assert.match(h, /self: 1\.007 ms/);
    const at = await pair.client.sendRequest(CallAtRequest.method, { uri: URI, version: 2, line: ATTACH }) as CallAtResult;
    assert.equal(at.version, 2);
    assert.equal(at.call!.inclusiveUs, 3672.235);
    const sum = await pair.client.sendRequest(SummaryRequest.method, { uri: URI }) as SummaryResult;
    assert.equal(sum.version, 2);
    // Its self time now crosses the 1000 µs threshold, so attach_group itself becomes a slow call.
    const diags = await pair.diagnostics(URI, mark);
    assert.equal(diags.version, 2);
    const attach = slowCalls(diags).find((d) => text(d).includes('vfio_iommu_type1_attach_group'));
    assert.ok(attach, JSON.stringify(slowCalls(diags).map(text)));
    assert.match(text(attach), /took 3\.672 ms on-CPU, self 1\.007 ms/);
    assert.equal(attach.range.start.line, ATTACH);
  });

  test('several edits in a row: only the newest version gets diagnostics, requests see the newest text', async () => {
    const mark = pair.mark();
    const col = seedLines[ATTACH_EXIT].indexOf('2672.235');
    for (const [version, digit] of [[3, '4'], [4, '5'], [5, '2']] as const) {
      await pair.client.sendNotification('textDocument/didChange', {
        textDocument: { uri: URI, version },
        contentChanges: [{ range: { start: { line: ATTACH_EXIT, character: col }, end: { line: ATTACH_EXIT, character: col + 1 } }, text: digit }],
      });
    }
    assert.match(hoverText(await hoverAt(pair, ATTACH)), /inclusive: 2\.672 ms/);
    const diags = await pair.diagnostics(URI, mark);
    assert.equal(diags.version, 5);
    assert.ok(!mentions(diags, 'vfio_iommu_type1_attach_group'));
    assert.ok(mentions(diags, 'vprintk_default'));
  });

  test('didClose clears the diagnostics and later requests get empty answers', async () => {
    const mark = pair.mark();
    await pair.client.sendNotification('textDocument/didClose', { textDocument: { uri: URI } });
    const cleared = await pair.diagnostics(URI, mark);
    assert.deepEqual(cleared.diagnostics, []);
    assert.equal(await hoverAt(pair, ATTACH), null);
    assert.deepEqual(await pair.client.sendRequest('textDocument/foldingRange', { textDocument: { uri: URI } }), []);
    assert.equal(await pair.client.sendRequest(SummaryRequest.method, { uri: URI }), null);
  });
});

describe('adapter: one parse per document version', () => {
  const pair = new LspPair();
  const uri = 'file:///traces/once.trace';
  before(() => pair.initialize());
  after(() => pair.close());

  /** Every feature once, plus a few repeats. */
  async function everyRequest(): Promise<void> {
    const td = { textDocument: { uri } };
    const range = { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } };
    await Promise.all([
      pair.client.sendRequest('textDocument/foldingRange', td),
      hoverAt(pair, ATTACH, 40, uri), hoverAt(pair, PRINTK, 30, uri), hoverAt(pair, IOCTL, 30, uri),
      pair.client.sendRequest('textDocument/documentSymbol', td),
      pair.client.sendRequest('textDocument/documentHighlight', { ...td, position: { line: PRINTK, character: 30 } }),
      pair.client.sendRequest('textDocument/selectionRange', { ...td, positions: [{ line: PRINTK, character: 30 }] }),
      pair.client.sendRequest('textDocument/inlayHint', { ...td, range }),
      pair.client.sendRequest(CallTreeRequest.method, { uri }),
      pair.client.sendRequest(CallAtRequest.method, { uri, line: ATTACH }),
      pair.client.sendRequest(SlowestCallsRequest.method, { uri }),
      pair.client.sendRequest(FunctionStatsRequest.method, { uri }),
      pair.client.sendRequest(SummaryRequest.method, { uri }),
    ]);
  }

  test('the log shows exactly one parse per version across diagnostics and every request', async () => {
    let mark = pair.mark();
    await pair.open(uri, seedText);
    await everyRequest();
    await pair.diagnostics(uri, mark);
    await everyRequest();
    assert.equal(parsedLogs(pair, uri).length, 1, parsedLogs(pair, uri).join('\n'));
    assert.match(parsedLogs(pair, uri)[0], / v1: 189 lines, 118 calls in \d+ ms$/);

    mark = pair.mark();
    await pair.client.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: seedText.replace('2672.235', '3672.235') }] });
    await everyRequest();
    await pair.diagnostics(uri, mark, (p) => p.version === 2);
    await everyRequest();
    assert.deepEqual(parsedLogs(pair, uri).map((m) => / (v\d+): /.exec(m)?.[1]), ['v1', 'v2']);
  });
});

describe('adapter: settings pulled with workspace/configuration', () => {
  let section: Record<string, unknown> = {};
  const pair = new LspPair({
    capabilities: { workspace: { configuration: true, inlayHint: { refreshSupport: true } } },
    configuration: (s) => (s === 'ftraceLens' ? section : null),
  });
  before(() => pair.initialize());
  after(() => pair.close());

  test('diagnostics and inlay hints change after didChangeConfiguration', async () => {
    let mark = pair.mark();
    await pair.open(URI, seedText);
    const before = await pair.diagnostics(URI, mark);
    assert.ok(mentions(before, 'vprintk_default'));
    const asked = await pair.waitForServerRequest<{ items: { section: string; scopeUri: string }[] }>('workspace/configuration');
    assert.deepEqual(asked.items, [{ scopeUri: URI, section: 'ftraceLens' }]);

    assert.ok(!mentions(before, 'schedule'), 'the sleeping schedule is not slow on-CPU');
    section = { diagnostics: { slowCallThresholdUs: 100000, measure: 'inclusive', includeSleep: true }, inlayHints: { enabled: false } };
    const pulls = pair.serverRequests.filter((r) => r.method === 'workspace/configuration').length;
    mark = pair.mark();
    await pair.client.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const afterChange = await pair.diagnostics(URI, mark);
    assert.ok(pair.serverRequests.filter((r) => r.method === 'workspace/configuration').length > pulls, 'settings pulled again');
    assert.ok(!mentions(afterChange, 'vprintk_default'), JSON.stringify(slowCalls(afterChange).map(text)));
    assert.ok(mentions(afterChange, 'schedule'));
    assert.ok(slowCalls(afterChange).every((d) => /threshold 100 ms\)/.test(text(d))), slowCalls(afterChange).map(text).join(' | '));
    await pair.waitForServerRequest('workspace/inlayHint/refresh');
    const hints = await pair.client.sendRequest('textDocument/inlayHint', {
      textDocument: { uri: URI }, range: { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } },
    }) as InlayHint[];
    assert.deepEqual(hints, []);
  });
});

describe('adapter: cancelling a request while the server waits for the client', () => {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => { release = resolve; });
  const pair = new LspPair({
    capabilities: { workspace: { configuration: true } },
    configuration: async () => { await gate; return {}; }, // hold the settings answer back until the test cancels
  });
  before(() => pair.initialize());
  after(() => pair.close());

  test('inlayHint cancelled while its settings are pulled yields RequestCancelled', async () => {
    const mark = pair.mark();
    await pair.open(URI, seedText);
    const source = new CancellationTokenSource();
    const answer = pair.client.sendRequest('textDocument/inlayHint', {
      textDocument: { uri: URI }, range: { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } },
    }, source.token);
    await pair.waitForServerRequest('workspace/configuration');
    source.cancel();
    // Let the $/cancelRequest reach the server (a round trip behind it), then answer the settings request.
    await pair.client.sendRequest('textDocument/foldingRange', { textDocument: { uri: URI } });
    release();
    await assert.rejects(answer, (e: unknown) => e instanceof ResponseError && e.code === LSPErrorCodes.RequestCancelled);
    const hints = await pair.client.sendRequest('textDocument/inlayHint', {
      textDocument: { uri: URI }, range: { start: { line: PRINTK, character: 0 }, end: { line: PRINTK, character: 0 } },
    }) as InlayHint[];
    assert.match(String(hints[0]?.label), /^1\.97 ms/);
    await pair.diagnostics(URI, mark); // the diagnostics were waiting on the same settings
  });
});

describe('adapter: settings pushed with didChangeConfiguration', () => {
  const pair = new LspPair({ initializationOptions: { settings: { diagnostics: { severity: 'error' } } } });
  before(() => pair.initialize());
  after(() => pair.close());

  test('initializationOptions apply at open; pushed settings replace them', async () => {
    let mark = pair.mark();
    await pair.open(URI, seedText);
    const first = await pair.diagnostics(URI, mark);
    assert.ok(mentions(first, 'vprintk_default'));
    assert.ok(slowCalls(first).every((d) => d.severity === 1), 'severity error from initializationOptions');
    assert.equal(pair.serverRequests.filter((r) => r.method === 'workspace/configuration').length, 0);

    mark = pair.mark();
    await pair.client.sendNotification('workspace/didChangeConfiguration', { settings: { ftraceLens: { diagnostics: { slowCallThresholdUs: 100000, measure: 'inclusive', includeSleep: true } } } });
    const second = await pair.diagnostics(URI, mark);
    assert.ok(!mentions(second, 'vprintk_default'));
    assert.ok(mentions(second, 'schedule'), 'measure inclusive with sleeps counted flags the 187 s schedule');
    assert.ok(slowCalls(second).every((d) => d.severity === 2), 'pushed settings are complete: severity back to the default warning');
  });
});

describe('adapter: shutdown', () => {
  const pair = new LspPair();
  after(() => pair.close());

  test('nothing is published after the shutdown answer (the exit that follows would cut it off)', async () => {
    await pair.initialize();
    await pair.open(URI, seedText);
    // The folding answer parses the trace: its diagnostics are due 50 ms later, after the background parts.
    await pair.client.sendRequest('textDocument/foldingRange', { textDocument: { uri: URI } });
    await pair.client.sendRequest('shutdown');
    const after = pair.mark();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.deepEqual(pair.received.slice(after).map((r) => r.method).filter((m) => m !== 'window/logMessage'), []);
  });
});
