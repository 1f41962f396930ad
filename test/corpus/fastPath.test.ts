// The parser's fast path gives exactly the general parser's model: every corpus trace, damaged variants of its lines, chunked feeding, and JSON bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { JsonTraceBuilder, TraceBuilder, parseTrace } from '../../server/src/core/index';
import { damage, rng } from '../unit/lineDamage';
import { assertSameModel } from '../unit/sameModel';
import { checkLineFields } from '../unit/fastFields';
import { files, present, read } from './corpusFiles';

const skip = present ? false : '../shared/corpus not found: fast-path equivalence not checked';

function checkText(text: string, what: string): void {
  assertSameModel(parseTrace(text), parseTrace(text, { fastPath: false }), text.split('\n'), what);
}

test('corpus present', { skip }, () => {});

for (const dir of ['real', 'constructed']) {
  for (const path of files(dir)) {
    test(`fast path = general path: ${dir}/${basename(path)}`, { skip }, () => checkText(read(path), `${dir}/${basename(path)}`));
  }
}

// Line by line: each line the fast path takes has parseLine's fields; the call lines of every real
// layout are taken by it (not merely left to the general parser, as banners, headers and notices are).
for (const dir of ['real', 'constructed']) {
  for (const path of files(dir)) {
    test(`fast path fields = parseLine fields: ${dir}/${basename(path)}`, { skip }, () => {
      const what = `${dir}/${basename(path)}`;
      const c = checkLineFields(read(path), what);
      if (dir === 'real') assert.ok(c.taken >= 0.99 * c.calls, `${what}: the fast path took ${c.taken} of ${c.lines} lines, ${c.calls} of them call lines`);
    });
  }
}

// The server parses a big document from the JSON bytes of its didOpen while they arrive (pipe-sized chunks).
for (const dir of ['real', 'constructed']) {
  for (const path of files(dir)) {
    test(`JSON bytes = text: ${dir}/${basename(path)}`, { skip }, () => {
      const text = read(path);
      const json = Buffer.from(JSON.stringify(text), 'utf8');
      const b = new JsonTraceBuilder();
      for (let s = 1; s < json.length - 1; s += 65536) assert.ok(b.feedJson(json.subarray(s, Math.min(s + 65536, json.length - 1)), json.length - 1 - s));
      const model = b.finishJson();
      assert.ok(model !== undefined);
      assertSameModel(model, parseTrace(text), text.split('\n'), `${dir}/${basename(path)} from JSON bytes`);
    });
  }
}

test('fast path = general path on damaged lines of real traces', { skip }, () => {
  const next = rng(Number(process.env.FASTPATH_SEED ?? 20241127));
  const sources = [...files('real'), ...files('constructed')];
  for (const path of sources) {
    const lines = read(path).split('\n');
    // Runs of intact lines with damaged ones among them, so the call structure stays meaningful.
    const out: string[] = [];
    const start = Math.floor(next() * Math.max(1, lines.length - 3000));
    for (let i = start; i < Math.min(lines.length, start + 3000); i++) out.push(next() < 0.25 ? damage(lines[i], next) : lines[i]);
    checkText(out.join('\n'), `damaged ${basename(path)}`);
    checkText(out.join('\r\n'), `damaged ${basename(path)}, CRLF`);
    checkLineFields(out.join('\n'), `damaged ${basename(path)}`);
  }
});

test('chunked feeding gives the whole-text model (fast path windows, non-ASCII windows)', { skip }, () => {
  const next = rng(7);
  const path = files('real').find((f) => basename(f).startsWith('k61-smp2-default')) ?? files('real')[0];
  // Non-ASCII text in some places sends those windows to the general parser.
  const lines = read(path).split('\n');
  for (let i = 0; i < lines.length; i += 20000) lines[i] = `${lines[i]} \u00e9`;
  const text = lines.join('\n');
  const whole = parseTrace(text);
  for (const size of [1, 4093, 65536, 1_500_000]) {
    const b = new TraceBuilder();
    let s = 0;
    while (s < text.length) {
      const n = size === 1 ? 1 + Math.floor(next() * 200000) : size;
      b.feed(text.slice(s, s + n));
      s += n;
    }
    assertSameModel(b.finish(), whole, lines, `chunks of ${size === 1 ? 'random size' : size}`);
  }
  assertSameModel(whole, parseTrace(text, { fastPath: false }), lines, 'non-ASCII lines');
});
