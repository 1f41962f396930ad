// Params checks over the wire: every request the server answers rejects a wrong shape with InvalidParams (-32602), and keeps working.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCodes } from 'vscode-languageserver/node';
import { CUSTOM_REQUESTS } from '../../server/src/protocol';
import { LspPair } from './lspPair';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const URI = 'file:///params.trace';
const TEXT = ' 0)               |  outer() {\n 0)   1.000 us    |    inner();\n 0)   3.000 us    |  }\n';
const doc = { uri: URI };
const pos = { line: 0, character: 22 };
const range = { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } };

/** Every request method with valid params (the baseline each bad variant is derived from). */
const VALID: readonly [string, Record<string, unknown>][] = [
  ['textDocument/foldingRange', { textDocument: doc }],
  ['textDocument/hover', { textDocument: doc, position: pos }],
  ['textDocument/documentSymbol', { textDocument: doc }],
  ['textDocument/documentHighlight', { textDocument: doc, position: pos }],
  ['textDocument/selectionRange', { textDocument: doc, positions: [pos] }],
  ['textDocument/inlayHint', { textDocument: doc, range }],
  ['ftrace/callTree', { uri: URI, parent: 0, offset: 0, limit: 10, order: 'time' }],
  ['ftrace/callAt', { uri: URI, line: 1, order: 'trace' }],
  ['ftrace/slowestCalls', { uri: URI, count: 5, by: 'self' }],
  ['ftrace/functionStats', { uri: URI, sortBy: 'name', limit: 5 }],
  ['ftrace/summary', { uri: URI }],
  ['ftrace/flameData', { uri: URI }],
  ['ftrace/export', { uri: URI, format: 'folded', target: pathToFileURL(join(tmpdir(), `ftrace-lens-params-${process.pid}.folded`)).href }],
  ['ftrace/errorOrigin', { uri: URI, line: 1 }],
  ['ftrace/sourceNames', { uri: URI, line: 0, character: 22 }],
  ['ftrace/functionSource', { uri: URI, name: 'outer' }],
  ['ftrace/compare', { before: URI, after: URI, sortBy: 'self', top: 5 }],
  ['textDocument/definition', { textDocument: doc, position: pos }],
];

/** Wrong shapes for a method's params: not an object, then each field wrong in turn. */
function badVariants(params: Record<string, unknown>): [string, unknown][] {
  const out: [string, unknown][] = [['null', null], ['a number', 7], ['a string', 'x'], ['an array', [params]], ['{}', {}]];
  for (const key of Object.keys(params)) {
    const { [key]: _dropped, ...rest } = params;
    void _dropped;
    if (key === 'textDocument' || key === 'uri' || key === 'position' || key === 'positions' || key === 'range' || key === 'line' || key === 'character') out.push([`without ${key}`, rest]);
    for (const [what, v] of [['null', null], ['a boolean', true], ['an object', { x: 1 }], ['-1', -1], ['1.5', 1.5]] as const) {
      // Values of the right type (a negative offset, a fractional limit) are valid: the service clamps them.
      if ((key === 'offset' || key === 'limit' || key === 'count') && typeof v === 'number') continue;
      // A negative call id or line is a valid integer that names nothing: an empty answer.
      if ((key === 'parent' || key === 'line' || key === 'character') && v === -1) continue;
      out.push([`${key} ${what}`, { ...params, [key]: v }]);
    }
  }
  if ('textDocument' in params) out.push(['textDocument.uri a number', { ...params, textDocument: { uri: 5 } }]);
  if ('position' in params) {
    out.push(['position.line -1', { ...params, position: { line: -1, character: 0 } }]);
    out.push(['position.character a string', { ...params, position: { line: 0, character: '0' } }]);
  }
  if ('positions' in params) out.push(['positions[1] null', { ...params, positions: [pos, null] }]);
  if ('range' in params) out.push(['range.end without character', { ...params, range: { start: pos, end: { line: 1 } } }]);
  return out.filter(([, p]) => JSON.stringify(p) !== JSON.stringify(params));
}

describe('params: every request answers InvalidParams for a wrong shape', () => {
  const pair = new LspPair();
  before(async () => {
    await pair.initialize();
    const mark = pair.mark();
    await pair.open(URI, TEXT);
    await pair.diagnostics(URI, mark);
  });
  after(() => pair.close());

  test('the valid baseline of every method is answered without an error', async () => {
    assert.deepEqual(VALID.map(([m]) => m).filter((m) => m.startsWith('ftrace/')).sort(), CUSTOM_REQUESTS.map((r) => r.method).sort());
    pair.sendRaw(VALID.map(([method, params], i) => ({ id: `raw-ok-${i}`, method, params })));
    for (const [i, [method]] of VALID.entries()) {
      const r = await pair.rawResponse(`raw-ok-${i}`);
      assert.equal(r.error, undefined, `${method}: ${JSON.stringify(r.error)}`);
      assert.notEqual(r.result, undefined, method);
    }
  });

  test('null, non-object, missing and mistyped params get -32602 with a message naming the field', async () => {
    let n = 0;
    for (const [method, params] of VALID) {
      const variants = badVariants(params);
      const ids = variants.map(() => `raw-bad-${n++}`);
      pair.sendRaw(variants.map(([, p], i) => ({ id: ids[i], method, params: p })));
      for (const [i, [what]] of variants.entries()) {
        const r = await pair.rawResponse(ids[i]);
        assert.equal(r.error?.code, ErrorCodes.InvalidParams, `${method} with ${what}: ${JSON.stringify(r).slice(0, 200)}`);
        // Arrays (positional params) are refused by the JSON-RPC layer itself, in its own words.
        if (what !== 'an array') assert.match(r.error!.message, new RegExp(`^Invalid params for ${method}: params`), `${method} with ${what}`);
      }
    }
    // Requests without params at all (the JSON-RPC layer hands the handler only its token).
    pair.sendRaw(VALID.map(([method], i) => ({ id: `raw-none-${i}`, method })));
    for (const [i, [method]] of VALID.entries()) {
      assert.equal((await pair.rawResponse(`raw-none-${i}`)).error?.code, ErrorCodes.InvalidParams, `${method} without params`);
    }
    assert.ok(n > 100, `${n} bad requests`);
  });

  test('the server keeps answering after the bad requests, and logs no internal error', async () => {
    const h = await pair.client.sendRequest('textDocument/hover', { textDocument: doc, position: pos });
    assert.match(JSON.stringify(h), /outer/);
    assert.deepEqual(pair.logs().filter((l) => /failed|TypeError|Cannot read/.test(l)), []);
  });
});

describe('params: initialize with a wrong shape', () => {
  test('gets -32602 naming the field (the library read it first and failed with -32603), then a valid initialize works', async () => {
    const pair = new LspPair();
    try {
      const bad: [string, unknown][] = [
        ['null', null], ['a number', 7], ['a string', 'x'], ['{}', {}], ['capabilities null', { processId: null, capabilities: null }],
        ['processId a string', { processId: 'x', capabilities: {} }], ['processId 1.5', { processId: 1.5, capabilities: {} }],
        ['capabilities.workspace null', { processId: null, capabilities: { workspace: null } }],
        ['capabilities.textDocument a number', { processId: null, capabilities: { textDocument: 3 } }],
      ];
      pair.sendRaw(bad.map(([, params], i) => ({ id: `raw-init-${i}`, method: 'initialize', params })));
      for (const [i, [what]] of bad.entries()) {
        const r = await pair.rawResponse(`raw-init-${i}`);
        assert.equal(r.error?.code, ErrorCodes.InvalidParams, `initialize with ${what}: ${JSON.stringify(r).slice(0, 200)}`);
        assert.match(r.error!.message, /^Invalid params for initialize: params/, what);
      }
      const ok = await pair.initialize();
      assert.equal(ok.capabilities.hoverProvider, true);
      const mark = pair.mark();
      await pair.open(URI, TEXT);
      await pair.diagnostics(URI, mark);
      const h = await pair.client.sendRequest('textDocument/hover', { textDocument: doc, position: pos });
      assert.match(JSON.stringify(h), /outer/);
      assert.deepEqual(pair.logs().filter((l) => /failed|TypeError|Cannot read/.test(l)), []);
    } finally {
      await pair.close();
    }
  });
});
