// Deep nesting: at 10,000 (parsed text) and 100,000 (built model) calls deep every answer is bounded in size and nesting, and still useful.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type DocumentSymbol, type MarkupContent, type SelectionRange } from 'vscode-languageserver-types';
import { parseTrace, type TraceModel } from '../../server/src/core/index';
import { MAX_CALL_PATH, callAt } from '../../server/src/service/customRequests';
import { MAX_SLOW_ANCESTORS, diagnostics } from '../../server/src/service/diagnostics';
import { hover } from '../../server/src/service/hover';
import { MAX_SELECTION_CALLS, selectionRanges } from '../../server/src/service/selectionRange';
import { MAX_SYMBOL_DEPTH, documentSymbols } from '../../server/src/service/symbols';
import { deepModel, deepText, nestingDepth } from './deepTraces';
import { LspPair } from './lspPair';

/** Symbols along the first-child chain, from the group down. */
function firstChain(groups: DocumentSymbol[]): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (let s: DocumentSymbol | undefined = groups[0]; s !== undefined; s = s.children?.[0]) out.push(s);
  return out;
}

/** The ranges of a selection-range chain, innermost first. */
function chain(sel: SelectionRange): SelectionRange['range'][] {
  const out: SelectionRange['range'][] = [];
  for (let s: SelectionRange | undefined = sel; s !== undefined; s = s.parent) out.push(s.range);
  return out;
}

/** The checks every deep trace passes; `depth` calls nested in one chain, call i named f{i}. */
function checkDeep(doc: TextDocument, model: TraceModel, depth: number): void {
  const deepest = depth - 1;
  const deepestLine = model.calls.entryLine[deepest];

  // Symbols: nested MAX_SYMBOL_DEPTH calls deep, then one symbol lists the deeper calls flat, in trace order.
  const symbols = documentSymbols(doc, model);
  assert.doesNotThrow(() => JSON.stringify(symbols));
  assert.ok(nestingDepth(symbols) <= 2 * (MAX_SYMBOL_DEPTH + 4), `symbol nesting ${nestingDepth(symbols)}`);
  const path = firstChain(symbols);
  assert.equal(path.length, 1 + MAX_SYMBOL_DEPTH + 2, 'group, 64 nested calls, the flat list, its first call');
  assert.deepEqual(path.slice(1, 4).map((s) => s.name), ['f0', 'f1', 'f2']);
  assert.equal(path[MAX_SYMBOL_DEPTH].name, `f${MAX_SYMBOL_DEPTH - 1}`);
  const flat = path[MAX_SYMBOL_DEPTH + 1];
  assert.match(flat.name, /^Deeper calls \(below nesting level 64, listed flat\)$/);
  const listed = flat.children!;
  assert.ok(listed.length > 1000, `${listed.length} flat calls`);
  assert.deepEqual(listed.slice(0, 2).map((s) => [s.name, s.detail?.startsWith(`level ${MAX_SYMBOL_DEPTH + 1}`)]), [[`f${MAX_SYMBOL_DEPTH}`, true], [`f${MAX_SYMBOL_DEPTH + 1}`, false]]);
  for (let i = 1; i < listed.length; i++) assert.ok(listed[i - 1].range.start.line < listed[i].range.start.line, 'flat list in trace order');
  assert.ok(listed.every((s) => s.children?.length === 0));

  // Selection ranges: name, line, the call, its 61 nearest enclosing calls, the top-level call.
  const [sel] = selectionRanges(doc, model, [{ line: deepestLine, character: 0 }]);
  assert.doesNotThrow(() => JSON.stringify(sel));
  const ranges = chain(sel);
  assert.ok(ranges.length <= MAX_SELECTION_CALLS + 3, `${ranges.length} ranges`);
  assert.ok(ranges.length >= MAX_SELECTION_CALLS, `${ranges.length} ranges`);
  assert.equal(ranges[0].start.line, deepestLine);
  assert.equal(ranges[ranges.length - 1].start.line, 0, 'the outermost range is the top-level call');
  assert.equal(ranges[ranges.length - 2].start.line, deepestLine - MAX_SELECTION_CALLS + 1, 'then the nearest enclosing calls');

  // callAt: the innermost 256 calls, no group (the panel cannot reveal it); a shallow call gets its whole path.
  const at = callAt(model, 1, deepestLine);
  assert.equal(at.path.length, MAX_CALL_PATH);
  assert.equal(at.call?.name, `f${deepest}`);
  assert.equal(at.path[0].name, `f${depth - MAX_CALL_PATH}`);
  assert.equal(at.group, null);
  assert.ok(at.indices.every((i) => i === 0));
  const shallow = callAt(model, 1, model.calls.entryLine[10]);
  assert.deepEqual(shallow.path.map((c) => c.name), Array.from({ length: 11 }, (_, i) => `f${i}`));
  assert.notEqual(shallow.group, null);

  // Hover names the top-level call.
  const h = hover(doc, model, { line: deepestLine, character: 0 });
  assert.match((h!.contents as MarkupContent).value, /(share of top-level call: .*|under top-level call: )`f0`/);
}

describe('deep nesting: 10,000 calls deep, parsed from text', () => {
  const depth = 10_000;
  let doc: TextDocument;
  let model: TraceModel;
  before(() => {
    const text = deepText(depth);
    doc = TextDocument.create('file:///deep.trace', 'ftrace', 1, text);
    model = parseTrace(text);
  });

  test('the parse nests every call in the one before', () => {
    assert.equal(model.callCount, depth);
    assert.equal(model.calls.parent[depth - 1], depth - 2);
  });

  test('symbols, selection ranges, callAt and hover are bounded and keep the structure', () => checkDeep(doc, model, depth));
});

describe('deep nesting: 100,000 calls deep, built as a model', () => {
  const depth = 100_000;
  const { doc, model } = deepModel(depth);

  test('symbols, selection ranges, callAt and hover are bounded and keep the structure', () => checkDeep(doc, model, depth));

  test('slow-call diagnostics point to at most 64 slow ancestors and hint at most 64 of them', () => {
    // Call i takes depth−i µs, 1 µs of it its own: at 1.5 µs only the second-deepest call explains its time.
    const diags = diagnostics(doc, model, { thresholdNs: 1500, policy: { measure: 'inclusive', includeIdle: false, includeSleep: false }, severity: DiagnosticSeverity.Warning, maxSlowCalls: 100, structural: true });
    const slow = diags.filter((d) => d.code === 'slow-call');
    assert.equal(slow.length, 1, 'one call explains its time');
    assert.match(slow[0].message as string, new RegExp(`^Slow call: f${depth - 2} took`));
    assert.equal(slow[0].relatedInformation?.length, MAX_SLOW_ANCESTORS);
    assert.equal(diags.filter((d) => d.code === 'slow-call-ancestor').length, MAX_SLOW_ANCESTORS);
    assert.ok(JSON.stringify(diags).length < 100_000);
  });
});

describe('deep nesting over the wire: documentSymbol and selectionRange at 3,000 calls deep', () => {
  // Deeper than where the JSON layer overflowed the stack before (about 2,100 for symbols).
  const depth = 3000;
  const uri = 'file:///deep-wire.trace';
  const pair = new LspPair();
  before(async () => {
    await pair.initialize();
    const mark = pair.mark();
    await pair.open(uri, deepText(depth));
    await pair.diagnostics(uri, mark);
  });
  after(() => pair.close());

  test('both answer (no "Maximum call stack size exceeded")', async () => {
    const symbols = await pair.client.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.equal(firstChain(symbols).length, 1 + MAX_SYMBOL_DEPTH + 2);
    const sel = await pair.client.sendRequest<SelectionRange[]>('textDocument/selectionRange', { textDocument: { uri }, positions: [{ line: depth - 1, character: 0 }] });
    assert.equal(chain(sel[0])[0].start.line, depth - 1);
    assert.deepEqual(pair.logs().filter((l) => /failed/.test(l)), []);
  });
});
