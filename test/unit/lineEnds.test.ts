// Line ends as LSP counts them (\n, \r\n, a lone \r) on every parse path: text in one piece or in chunks (split between \r and \n too), general path, JSON bytes, the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { JsonTraceBuilder, TraceBuilder, parseTrace, type TraceModel } from '../../server/src/core/index';
import { loneCrToLf } from '../../server/src/core/parse/lineEnds';
import { assertSameModel } from './sameModel';

const root = join(__dirname, '..', '..');
const FIXTURES = join(root, 'fixtures');
const fixtureTexts = readdirSync(FIXTURES).filter((f) => !f.endsWith('README.md')).sort()
  .map((f) => [f, readFileSync(join(FIXTURES, f), 'utf8')] as const);

/** The lines of `text` joined again with line ends drawn in turn from `ends` (the text's own order of lines). */
function rejoin(text: string, ends: readonly string[]): string {
  const lines = text.split(/\r\n|\r|\n/);
  return lines.map((l, i) => (i + 1 < lines.length ? l + ends[i % ends.length] : l)).join('');
}

/** Lines LSP counts, less the empty one after a final line end (the model does not count it). */
function lspLines(text: string): number {
  const n = TextDocument.create('file:///x', 'ftrace', 1, text).lineCount;
  return /[\r\n]$/.test(text) ? n - 1 : n;
}

/** `text` fed in pieces cut at `cuts` (sorted offsets). */
function fedInPieces(text: string, cuts: readonly number[], fastPath = true): TraceModel {
  const b = new TraceBuilder({ fastPath });
  let s = 0;
  for (const c of [...cuts, text.length]) {
    b.feed(text.slice(s, c));
    s = c;
  }
  return b.finish();
}

/** The JSON string content of `text` fed in pieces of `size` bytes (0: cut right after every escaped \r, and inside every escape). */
function fedAsJson(text: string, size: number, fastPath = true): TraceModel | undefined {
  const json = Buffer.from(JSON.stringify(text), 'utf8');
  const bytes = json.subarray(1, json.length - 1);
  const cuts: number[] = [];
  if (size > 0) for (let p = size; p < bytes.length; p += size) cuts.push(p);
  else for (let p = bytes.indexOf('\\r'); p >= 0; p = bytes.indexOf('\\r', p + 1)) cuts.push(p + 1, p + 2);
  const b = new JsonTraceBuilder({ fastPath });
  let s = 0;
  for (const c of [...cuts, bytes.length]) {
    if (!b.feedJson(bytes.subarray(s, c), bytes.length - s)) return undefined;
    s = c;
  }
  return b.finishJson();
}

test('loneCrToLf: a lone \\r becomes \\n, \\r\\n and a final \\r stay', () => {
  assert.equal(loneCrToLf('a\rb\r\nc\r'), 'a\nb\r\nc\r');
  assert.equal(loneCrToLf('\r\r\n\r\r'), '\n\r\n\n\r');
  const plain = 'no carriage return\n';
  assert.equal(loneCrToLf(plain), plain);
});

test('every path splits lines at \\n, \\r\\n and a lone \\r, as LSP positions do', () => {
  const endings = [['\r'], ['\n', '\r'], ['\r\n', '\r', '\n'], ['\r', '\r', '\r\n']];
  for (const [k, [name, fixture]] of fixtureTexts.entries()) {
    // Two of the mixes per fixture, in turn (each mix meets every layout across the fixtures).
    for (const ends of [endings[k % endings.length], endings[(k + 1) % endings.length]]) {
      const text = rejoin(fixture, ends);
      // The same lines with \n ends (a \r then an empty line's \n is one \r\n: normalise, do not rejoin).
      const lf = text.replace(/\r\n?/g, '\n');
      const want = parseTrace(lf);
      const what = `${name} with ${JSON.stringify(ends)}`;
      const lines = lf.split('\n');
      assert.equal(want.lineCount, lspLines(text), `${what}: LSP line count`);
      assertSameModel(parseTrace(text), want, lines, `${what}, one piece`);
      assertSameModel(parseTrace(text, { fastPath: false }), want, lines, `${what}, general path`);
      // Cut right after every \r (between \r and \n, or before the next line), and every 997 characters.
      const cuts = [...text.matchAll(/\r/g)].map((m) => m.index + 1);
      assertSameModel(fedInPieces(text, cuts), want, lines, `${what}, cut after each \\r`);
      const even = Array.from({ length: Math.floor(text.length / 997) }, (_, i) => (i + 1) * 997);
      assertSameModel(fedInPieces(text, even, false), want, lines, `${what}, 997-character pieces, general path`);
      for (const size of [0, 61, 1 << 20]) {
        const got = fedAsJson(text, size);
        assert.ok(got !== undefined, `${what}: JSON bytes rejected`);
        assertSameModel(got, want, lines, `${what}, JSON bytes in pieces of ${size || 'escape halves'}`);
      }
      const general = fedAsJson(text, 13, false);
      assert.ok(general !== undefined);
      assertSameModel(general, want, lines, `${what}, JSON bytes, general path`);
    }
  }
});

test('a lone \\r from a \\u000d escape or at the very end', () => {
  const seed = fixtureTexts.find(([n]) => n.startsWith('01-'))![1];
  const text = rejoin(seed, ['\r']);
  const want = parseTrace(text.replace(/\r\n?/g, '\n'));
  const json = JSON.stringify(text).replace(/\\r/g, (m, at: number) => (at % 2 === 0 ? '\\u000d' : m));
  const b = new JsonTraceBuilder();
  const bytes = Buffer.from(json.slice(1, -1), 'utf8');
  assert.ok(b.feedJson(bytes));
  assertSameModel(b.finishJson()!, want, [], '\\u000d escapes');
  for (const tail of ['\r', '\r\r', '\n\r']) {
    const t = `${text}${tail}`;
    assert.equal(parseTrace(t).lineCount, lspLines(t), JSON.stringify(tail));
    assert.equal(fedInPieces(t, [t.length - 1]).lineCount, lspLines(t), `${JSON.stringify(tail)} in two pieces`);
  }
});

test('the CLI counts a lone \\r as a line end', () => {
  const seed = fixtureTexts.find(([n]) => n.startsWith('k61-smp4-default'))![1];
  const dir = mkdtempSync(join(tmpdir(), 'ftrace-cr-'));
  const cr = rejoin(seed, ['\r', '\r\n', '\n']);
  const files = [['lf.trace', cr.replace(/\r\n?/g, '\n')], ['cr.trace', cr]] as const;
  const reports = files.map(([name, text]) => {
    writeFileSync(join(dir, name), text);
    const r = spawnSync(process.execPath, [join(root, 'server', 'out', 'cli.js'), 'report', join(dir, name), '--json'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    delete j.file;
    return j;
  });
  assert.deepEqual(reports[1], reports[0]);
});
