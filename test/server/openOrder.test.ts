// What an open's first answers wait for: settings sent with the didOpen (no round trip), heavy answers after light ones.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InlayHint } from 'vscode-languageserver-types';
import { DOCUMENT_SETTINGS_NOTIFICATION } from '../../server/src/protocol';
import { BackgroundWork } from '../../server/src/node/backgroundWork';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseTrace } from '../../server/src/core/index';
import { documentSymbols } from '../../server/src/service/symbols';
import { LspPair } from './lspPair';

const seedText = readFileSync(join(__dirname, '..', '..', 'fixtures', 'seed-vfio.md'), 'utf8');
const URI = 'file:///traces/seed-vfio.trace';
const OTHER = 'file:///traces/other.trace';
const ALL_LINES = { start: { line: 0, character: 0 }, end: { line: 500, character: 0 } };
const pulls = (pair: LspPair, uri: string): number =>
  pair.serverRequests.filter((r) => r.method === 'workspace/configuration' && JSON.stringify(r.params).includes(uri)).length;

describe('open: settings sent just before the didOpen', () => {
  // The client never answers workspace/configuration for URI: an answer that needed it would hang.
  const held = new Promise<never>(() => undefined);
  const pair = new LspPair({ capabilities: { workspace: { configuration: true } }, configuration: (_s, scope) => (scope === URI ? held : {}) });
  before(() => pair.initialize());
  after(() => pair.close());

  test('are used for the first answers, without a workspace/configuration round trip', async () => {
    const mark = pair.mark();
    await pair.client.sendNotification(DOCUMENT_SETTINGS_NOTIFICATION, { uri: URI, settings: { inlayHints: { enabled: false }, diagnostics: { severity: 'error' } } });
    await pair.open(URI, seedText);
    const hints = await pair.client.sendRequest('textDocument/inlayHint', { textDocument: { uri: URI }, range: ALL_LINES }) as InlayHint[];
    assert.deepEqual(hints, [], 'inlay hints off, as sent');
    const diags = await pair.diagnostics(URI, mark);
    assert.ok(diags.diagnostics.some((d) => d.code === 'slow-call' && d.severity === 1), 'severity error, as sent');
    assert.equal(pulls(pair, URI), 0);
  });

  test('serve only the document they were sent for', async () => {
    const mark = pair.mark();
    await pair.client.sendNotification(DOCUMENT_SETTINGS_NOTIFICATION, { uri: URI, settings: { inlayHints: { enabled: false } } });
    await pair.open(OTHER, seedText);
    await pair.waitForServerRequest<{ items: { scopeUri: string }[] }>('workspace/configuration', (p) => p.items.some((i) => i.scopeUri === OTHER));
    const hints = await pair.client.sendRequest('textDocument/inlayHint', { textDocument: { uri: OTHER }, range: ALL_LINES }) as InlayHint[];
    assert.ok(hints.length > 0, 'the pulled settings (defaults) have inlay hints on');
    await pair.diagnostics(OTHER, mark);
  });

  test('a malformed notification is ignored', async () => {
    await pair.client.sendNotification(DOCUMENT_SETTINGS_NOTIFICATION, { uri: 42, settings: 'x' });
    await pair.client.sendNotification(DOCUMENT_SETTINGS_NOTIFICATION, null);
    const folds = await pair.client.sendRequest('textDocument/foldingRange', { textDocument: { uri: URI } }) as unknown[];
    assert.ok(folds.length > 0, 'the server still answers');
  });
});

test('document symbols made in slices are the symbols of the whole computation', async () => {
  const smp4 = readFileSync(join(__dirname, '..', '..', 'fixtures', 'k61-smp4-default-head.trace'), 'utf8');
  const text = smp4.repeat(12);
  const want = JSON.parse(JSON.stringify(documentSymbols(TextDocument.create(URI, 'ftrace', 1, text), parseTrace(text))));
  const count = (list: { children?: unknown[] }[]): number => list.reduce((n, x) => n + 1 + count((x.children ?? []) as { children?: unknown[] }[]), 0);
  assert.ok(count(want) > 1000, `${count(want)} symbols: several slices`);
  for (const streamFrom of [undefined, 1000]) {
    const pair = new LspPair({ streamFrom });
    try {
      await pair.initialize();
      await pair.open(URI, text);
      // A hover asked at the same time is answered too (the symbols give way between slices).
      const [symbols, hover] = await Promise.all([
        pair.client.sendRequest('textDocument/documentSymbol', { textDocument: { uri: URI } }),
        pair.client.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line: 6, character: 45 } }),
      ]);
      assert.deepEqual(symbols, want, `streamFrom ${streamFrom}`);
      assert.ok(hover !== null);
    } finally {
      pair.close();
    }
  }
});

describe('BackgroundWork', () => {
  test('background work waits while a foreground request runs, then goes', async () => {
    const work = new BackgroundWork();
    let release: () => void = () => undefined;
    const order: string[] = [];
    const fg = work.foreground(() => new Promise<void>((resolve) => { release = resolve; }).then(() => { order.push('foreground'); }));
    const bg = work.quiet().then(() => { order.push('background'); });
    await new Promise((r) => setTimeout(r, 20));
    release();
    await Promise.all([fg, bg]);
    assert.deepEqual(order, ['foreground', 'background']);
  });

  test('lets foreground requests that keep starting go first, for at most its longest wait', async () => {
    const work = new BackgroundWork();
    let foreground = 0;
    let stop = false;
    const busy = (): void => {
      if (stop) return;
      work.foreground(() => foreground++);
      setImmediate(busy);
    };
    busy();
    const start = performance.now();
    await work.quiet();
    stop = true;
    assert.ok(foreground > 3, `${foreground} foreground requests went first`);
    assert.ok(performance.now() - start < 5000, 'not starved');
  });

  test('a background turn waits for the output an answer given meanwhile wrote, after the foreground is quiet', async () => {
    // The output "holds" an answer from the moment the foreground request below answers until
    // the test releases it (a folding answer of megabytes still in the stdout buffer).
    let holding = false;
    let releaseOutput: () => void = () => undefined;
    const flushedWaits: boolean[] = [];
    const work = new BackgroundWork(() => {
      flushedWaits.push(holding);
      return holding ? new Promise<void>((resolve) => { releaseOutput = resolve; }) : Promise.resolve();
    });
    let turned = false;
    const turn = work.turn().then(() => { turned = true; });
    // A request that arrives while the turn waits for quiet, and writes a big answer.
    await work.foreground(async () => {
      await new Promise((r) => setTimeout(r, 5));
      holding = true;
    });
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(turned, false, 'the background task waits while the answer is still being written');
    assert.deepEqual(flushedWaits, [true], 'the output was looked at once, after the answer (the old order looked before quiet, when nothing was held)');
    releaseOutput();
    await turn;
    assert.equal(turned, true);
  });

  test('a request that comes while a background task is under way goes before the parts after a slow one', async () => {
    const work = new BackgroundWork();
    const order: string[] = [];
    const hold = (ms: number): void => {
      const end = performance.now() + ms;
      while (performance.now() < end) { /* holds the thread, as a decode does */ }
    };
    const done = work.parts([
      () => { order.push('slow part'); setImmediate(() => work.foreground(() => order.push('request'))); hold(20); return true; },
      () => { order.push('quick part'); return true; },
      () => { order.push('last part'); return true; },
    ]);
    assert.equal(await done, true);
    // After the slow part the request went first; after the quick one no turn was waited for.
    assert.deepEqual(order, ['slow part', 'request', 'quick part', 'last part']);
    const stopped: string[] = [];
    assert.equal(await work.parts([() => false, () => { stopped.push('after'); return true; }]), false);
    assert.deepEqual(stopped, [], 'a part that returns false ends the sequence');
  });

  test('steps run in slices: a request that comes during one goes before the next; a dead task stops', async () => {
    const work = new BackgroundWork();
    const order: string[] = [];
    function* slow(): Generator<void, string, void> {
      for (let i = 0; i < 3; i++) {
        order.push(`step ${i}`);
        if (i === 0) setImmediate(() => work.foreground(() => order.push('request')));
        const end = performance.now() + 10;
        while (performance.now() < end) { /* a slice's work */ }
        yield;
      }
      return 'done';
    }
    assert.deepEqual(await work.steps(slow(), () => true), { done: true, value: 'done' });
    assert.deepEqual(order.slice(0, 2), ['step 0', 'request']);
    order.length = 0;
    assert.equal((await work.steps(slow(), () => false)).done, false);
    assert.deepEqual(order.filter((o) => o.startsWith('step')), ['step 0'], 'gave up after the first slice');
  });

  test('a throwing foreground handler is not counted as running', async () => {
    const work = new BackgroundWork();
    assert.throws(() => work.foreground(() => { throw new Error('x'); }));
    await work.quiet(); // resolves (a stuck count would make it wait for its longest wait only, so also check timing loosely)
  });
});
