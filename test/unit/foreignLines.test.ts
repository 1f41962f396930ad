// A call's foreign lines (other CPUs' or tasks' lines inside its span), counted over its span alone, equal the whole-model count on every fixture.
import { test } from 'node:test';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrace } from '../../server/src/core/index';
import { assertForeignLines } from './foreignLinesCheck';

const fixtures = join(__dirname, '..', '..', 'fixtures');

for (const name of readdirSync(fixtures).filter((f) => f !== 'README.md')) {
  test(`foreign lines: ${name}`, () => {
    let text = readFileSync(join(fixtures, name), 'utf8');
    // The seed is a Markdown page: its trace is the first fenced block.
    if (name.endsWith('.md')) text = /^```[^\n]*\n([\s\S]*?)^```/m.exec(text)![1];
    assertForeignLines(parseTrace(text), name);
  });
}

test('foreign lines: an exit with a missing entry adopts earlier calls, interleaved with another CPU', () => {
  const text = [
    ' 0)               |  a() {',
    ' 1)   1.000 us    |  x();',
    ' 0)   2.000 us    |    b();',
    ' 1)               |  y() {',
    ' 0)   5.000 us    |    }',
    ' 0)   9.000 us    |  }',
    ' 1)   3.000 us    |  }',
    ' 0)   1.000 us    |  c();',
  ].join('\n');
  assertForeignLines(parseTrace(text), 'adopting exit');
});
