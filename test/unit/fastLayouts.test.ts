// The fast path gives exactly the general parser's model on every layout of fixtures/ (text, damaged lines, CRLF, JSON bytes); the corpus tests do the same on the whole captures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { JsonTraceBuilder, parseTrace } from '../../server/src/core/index';
import { FastLayout } from '../../server/src/core/fast/fastLine';
import { damage, rng } from './lineDamage';
import { assertSameModel } from './sameModel';
import { checkLineFields } from './fastFields';
import { LineFields } from '../../server/src/core/parse/lineFields';
import { parseLine } from '../../server/src/core/parse/lineParser';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');
const traces = readdirSync(FIXTURES).filter((f) => f !== 'README.md').sort();

function checkText(text: string, what: string): void {
  assertSameModel(parseTrace(text), parseTrace(text, { fastPath: false }), text.split('\n'), what);
}

/**
 * Edge lines of a layout: parseLine's fields for every line the fast path takes (at least
 * `plain` of them plain), the general parser's model from text and from JSON bytes.
 */
function checkEdgeLines(text: string, what: string, plain: number): void {
  const counts = checkLineFields(text, what);
  assert.ok(counts.simple >= plain, `${what}: fast path took ${counts.simple} plain lines`);
  checkText(text, what);
  const json = Buffer.from(JSON.stringify(text), 'utf8');
  const b = new JsonTraceBuilder();
  assert.ok(b.feedJson(json.subarray(1, json.length - 1), json.length - 2));
  assertSameModel(b.finishJson()!, parseTrace(text), text.split('\n'), `${what} from JSON bytes`);
}

/** Share of lines the fast path accepts when parsing text. */
function fastShare(text: string): number {
  let tried = 0;
  let taken = 0;
  const parse = FastLayout.prototype.parse;
  FastLayout.prototype.parse = function (this: FastLayout, p, f) {
    tried++;
    const nl = parse.call(this, p, f);
    if (nl >= 0) taken++;
    return nl;
  };
  try {
    parseTrace(text);
  } finally {
    FastLayout.prototype.parse = parse;
  }
  return tried === 0 ? 0 : taken / tried;
}

for (const name of traces) {
  const text = readFileSync(join(FIXTURES, name), 'utf8');
  test(`fast path = general path: fixtures/${name}`, () => {
    checkText(text, name);
    checkText(text.replace(/\n/g, '\r\n'), `${name}, CRLF`);
  });
  test(`fast path = general path on damaged lines: fixtures/${name}`, () => {
    const next = rng(name.length * 7919 + name.charCodeAt(0));
    for (let round = 0; round < 4; round++) {
      const lines = text.split('\n').map((l) => (next() < 0.3 ? damage(l, next) : l));
      checkText(lines.join('\n'), `damaged ${name} (round ${round})`);
    }
  });
  test(`fast path fields = parseLine fields, line by line: fixtures/${name}`, () => {
    checkLineFields(text, name);
    checkLineFields(text.replace(/\n/g, '\r\n'), `${name}, CRLF`);
    const next = rng(name.length * 104729 + 17);
    for (let round = 0; round < 4; round++) {
      const lines = text.split('\n').map((l) => (next() < 0.3 ? damage(l, next) : l));
      checkLineFields(lines.join('\n'), `damaged ${name} (round ${round})`);
    }
  });
  test(`JSON bytes = text: fixtures/${name}`, () => {
    const json = Buffer.from(JSON.stringify(text), 'utf8');
    const b = new JsonTraceBuilder();
    for (let s = 1; s < json.length - 1; s += 4096) assert.ok(b.feedJson(json.subarray(s, Math.min(s + 4096, json.length - 1)), json.length - 1 - s));
    const model = b.finishJson();
    assert.ok(model !== undefined);
    assertSameModel(model, parseTrace(text), text.split('\n'), `${name} from JSON bytes`);
  });
}

// Every real layout in fixtures/ is read by the fast path (not merely left to the general parser).
for (const name of traces.filter((f) => /-head\.(trace|txt)$/.test(f))) {
  test(`fast path takes the lines of fixtures/${name}`, () => {
    const share = fastShare(readFileSync(join(FIXTURES, name), 'utf8'));
    assert.ok(share >= 0.9, `${name}: fast path took ${(share * 100).toFixed(1)}% of the lines`);
  });
}

test('lines without a duration column: a `|` or ` => ` after the CPU, tabs, arguments, modules and tails give parseLine\'s fields', () => {
  const lines = [
    ' 0)   f();', ' 0)   g() {', ' 0)   }', ' 1)     foo|bar();', ' 1)     a|b() {', ' 0)   x() => y();', ' 0)   x => y();', ' 0)  sh-1  =>  sh-2 ',
    ' 0)\tf();', ' 0)   f(1, 2);', ' 0)   f [mod]();', ' 0)   } /* g */', ' 0)   f(); /* c */', ' 0)   }|', ' 0)   _f();', ' 12)  Zz();', ' 0)f();',
    ' 0)   f();|', ' 0)   f()\r', ' 0)   f() {  ', ' 0)   f();  ',
  ];
  const text = `${lines.join('\n')}\n${lines.join('\n')}\n`;
  const counts = checkLineFields(text, 'no-duration edge lines');
  assert.ok(counts.taken >= 10, `fast path took ${counts.taken} lines`);
  checkText(text, 'no-duration edge lines');
});

test('lines without a CPU column: marks, REL TIME, abstime-like values, tabs, `#`, arguments and tails give parseLine\'s fields; plain ones are taken', () => {
  const lines = [
    '  8.436 us    |  f();', '              |  g() {', '+ 15.058 us   |  }', '! 999.037 us  |  h();', '* 1234.567 us |  }', '@ 1234567.890 us |  }',
    '$ 3.000 us    |  }', '   1 us       |  f();', '  12.345 |  f();', '  12.345678 |  f();', '# 1.000 us    |  f();', '  # 1.000 us  |  f();',
    '\t8.436 us |  f();', '  8.436us     |  f();', '  8.436 us    |  f(1);', '  8.436 us    |  } /* f */', '  8.436 us    |  f(); /* c */',
    '              |  g() { /* c */', '  8.436 us    |  f [mod]();', '  8.436 us    |  }|', '  .5 us |  f();', '  8. us |  f();', '  8.4367 us |  f();',
    '  8.436 us    |  f() {', '8.436 us |  f();', ' 8.436 us  |  f();', '  8.436 us    |f();', '  8.436 us    |  f();\r', '  8.436 us  \t|  f();',
  ];
  const banner = [' ------------------------------------------', ' 1)   sh-1    =>  cat-2  ', ' ------------------------------------------', ''];
  const text = `${lines.join('\n')}\n${banner.join('\n')}${lines.join('\n')}\n`;
  checkEdgeLines(text, 'no-CPU edge lines', 16);
});

test('latency flags after the CPU column (4 to 7 flag characters, blanks, `|`): every width, tabs, tasks, durations without a blank before `us`, no duration column and tails give parseLine\'s fields; plain ones are taken', () => {
  const lines = [
    ' 1)  d.h2. |   3.847 us    |      f();', ' 1)  d.h2. |               |    g() {', ' 1)  d.h1. | + 16.210 us   |    }', ' 0)  .... |   1.000 us    |  f();',
    ' 0)  dNs.1.. |   1.000 us    |  f();', ' 0)  dNs.1... |   1.000 us    |  f();', ' 0)  d.h |   1.000 us    |  f();', ' 0)  d.h2.|   1.000 us    |  f();',
    ' 0)  d.h2. \t|   1.000 us    |  f();', ' 0)  d-h2. |   1.000 us    |  f();', ' 0)  d.h2. |  1.51us |  f();', ' 0)  1.51us |   1.000 us    |  f();',
    ' 0)  d.h2. |  f();', ' 0)  d.h2. |   1.000 us    |  } /* f */', ' 0)  d.h2. |   1.000 us    |  f(1);', ' 0)  d.h2. |               |  g() { /* c */',
    ' 0)  d.h2. |   1.000 us    |  f [mod]();', ' 0)  d.h2. | ! 123.456 us  |  }', ' 0)  d.h2. || 1.000 us |  f();', ' 0)  d.h2. |   1.000 us    |f();',
    ' 0)  sh-1  |  d.h2. |   1.000 us    |  f();', ' 0)  d.h2. |  sh-1  |   1.000 us    |  f();', ' 0)  d.h2. |   1.000 us    |  f();\r', ' 0)  abcd |   1.000 us    |  } ',
    ' 0)  d.h2. |   1.000 us    |  } ret=0', ' 0)  d.h2. |   1.000 us    |  f(); x',
  ];
  const text = `${lines.join('\n')}\n${lines.join('\n')}\n`;
  checkEdgeLines(text, 'latency-flag edge lines', 16);
});

test('an exit whose comment names a longer, shorter or other function than the open call is not taken as that call\'s exit by name', () => {
  const open = [' 0)               |  foo() {', ' 0)               |    foo_bar() {'];
  const exits = ['} /* foo_bar */', '} /* fo */', '} /* foo */', '} /* foo_ba */', '} /* foo_baz */', '} /* foo_bar */'];
  const lines: string[] = [];
  for (const e of exits) lines.push(...open, `${' 0)   1.000 us    |    '}${e}`, `${' 0)   2.000 us    |  '}${e}`, ' 0)   0.500 us    |  f();');
  const text = `${lines.join('\n')}\n`;
  checkText(text, 'exits naming other functions');
  checkLineFields(text, 'exits naming other functions');
});

test('a plain exit naming its function, read right after a line the general parser repaired (a zero-width space), names it from its own text', () => {
  // The repaired line ends the 4 KB window the general parser reads; the exit starts the next one,
  // which the fast path reads (a stale repaired text in the line record would misname the exit).
  for (const [entry, filler, repaired, exit] of [
    [' 0)               |  foo() {', ' 0)   1.000 us    |    bar();', ' 0)   1.0\u200b00 us    |    baz();', ' 0) + 12.000 us   |  } /* foo */'],
    ['   1.000001 |   0)    sh-1     |               |  foo() {', '   1.000002 |   0)    sh-1     |   1.000 us    |    bar();', '   1.000003 |   0)    sh-1     |   1.0\u200b00 us    |    baz();', '   1.000004 |   0)    sh-1     | + 12.000 us   |  } /* foo */'],
  ]) {
    const head = `# tracer: function_graph\n${entry}\n`;
    let n = 0;
    while (head.length + (n + 1) * (filler.length + 1) + repaired.length + 1 <= 4096) n++;
    const text = `${head}${`${filler}\n`.repeat(n)}${repaired}\n${exit}\n${' 0)   1.000 us    |  after();\n'.repeat(200)}`;
    assert.ok(text.lastIndexOf('\n', 4095) === head.length + n * (filler.length + 1) + repaired.length, 'the repaired line ends the first small window');
    const g = new LineFields();
    parseLine(repaired, 0, repaired.length, g, false);
    assert.ok(g.normalised !== null, 'the general parser repairs the line');
    checkText(text, `exit after a repaired line (${exit})`);
  }
});
