// RowBuilder.feedUtf8 (plain call lines read from the bytes, the rest decoded) gives the text parse's model for any mix of layouts, line ends, non-ASCII text and block cuts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { RowBuilder, parseTrace, type TraceModel } from '../../server/src/core/index';
import { assertSameModel } from './sameModel';

const fixtures = join(__dirname, '..', '..', 'fixtures');
const traceFiles = readdirSync(fixtures).filter((f) => /\.(trace|txt|md)$/.test(f) && f !== 'README.md');
const sampleLines = traceFiles.flatMap((f) => readFileSync(join(fixtures, f), 'utf8').split('\n'));
/** Lines a raw window must leave to the text path, or that end lines differently. */
const AWKWARD = [
  ' 0)   1.000 us    |  f();\rg();', ' 1)               |  /* multi', 'line comment */', ' 0)   1.000 us    |  f(); /* ü */', '\ufeff# tracer: function_graph',
  ' 0)   2.000 us    |  } /* f */', 'gr\u00fc\u00df();', ' 0)   1.000 us    |  f\u00e9();', '  sh-1  [000]  1.000000: funcgraph_entry:   1.000 us   |  f();',
  ' ------------------------------------------', ' 1)  sh-1  =>  sh-2 ', '', '\r', 'f();', '} /* f */', '\ud800',
];

const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** `bytes` fed through feedUtf8 in blocks cut at the given offsets (each block's whole lines, the unfinished rest carried). */
function fedInBlocks(bytes: Uint8Array, cuts: number[]): TraceModel {
  const b = new RowBuilder();
  let start = 0;
  for (const cut of [...cuts.filter((c) => c > 0 && c < bytes.length)].sort((x, y) => x - y).concat(bytes.length)) {
    if (cut <= start) continue;
    const end = bytes.lastIndexOf(10, cut - 1) + 1;
    if (end > start) {
      b.feedUtf8(bytes, start, end);
      start = end;
    }
  }
  if (start < bytes.length) b.feedUtf8(bytes, start, bytes.length);
  return b.finish();
}

test('every fixture, fed in blocks of 1 kB to 1 MB: the model of its text', () => {
  for (const f of traceFiles) {
    const bytes = new Uint8Array(readFileSync(join(fixtures, f)));
    const text = decoder.decode(bytes);
    const ref = parseTrace(text);
    for (const block of [1000, 4096, 65536, 1 << 20]) {
      const cuts = Array.from({ length: Math.ceil(bytes.length / block) }, (_, i) => (i + 1) * block);
      assertSameModel(fedInBlocks(bytes, cuts), ref, text.split('\n'), `${f} in ${block}-byte blocks`);
    }
  }
});

test('random mixes of layouts and awkward lines, LF or CRLF, cut anywhere: the model of the decoded text', () => {
  const line = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...sampleLines) }, { weight: 1, arbitrary: fc.constantFrom(...AWKWARD) });
  fc.assert(fc.property(
    fc.array(line, { maxLength: 400 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.array(fc.nat(), { maxLength: 12 }),
    (lines, eol, finalEol, cutSeeds) => {
      const text = lines.join(eol) + (finalEol ? eol : '');
      const bytes = new TextEncoder().encode(text);
      const cuts = cutSeeds.map((c) => c % (bytes.length + 1));
      const decoded = decoder.decode(bytes);
      assertSameModel(fedInBlocks(bytes, cuts), parseTrace(decoded), decoded.split('\n'), 'mix');
    },
  ), { numRuns: 300 });
});

test('a layout that needs the text in every line, then plain lines: raw reading gives up and starts again, the model stays the text\'s', () => {
  const proc = '   14.370829 |   0)    <idle>-0    |   3.396 us    |                update_curr();\n';
  const plain = ' 1)   0.781 us    |  kmem_cache_free();\n';
  const text = `# tracer: function_graph\n${proc.repeat(3000)}${plain.repeat(3000)}${proc.repeat(100)}${plain.repeat(100)}`;
  const bytes = new TextEncoder().encode(text);
  const cuts = Array.from({ length: Math.ceil(bytes.length / 2048) }, (_, i) => (i + 1) * 2048);
  const m = fedInBlocks(bytes, cuts);
  assertSameModel(m, parseTrace(text), text.split('\n'), 'switching layouts');
  assert.equal(m.callCount, 6200);
});
