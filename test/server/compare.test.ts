// ftrace/compare over the wire: two open traces compared per function, the same table as `ftrace-lens diff`, labelled with their file names, under the second trace's ranking settings.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_RANK_POLICY, comparisonReport, comparisonText, parseTrace } from '../../server/src/core/index';
import type { CompareResult } from '../../server/src/protocol';
import { LspPair } from './lspPair';

const fixture = (name: string): string => readFileSync(join(__dirname, '..', '..', 'fixtures', name), 'utf8');
const A = 'file:///traces/6.1/vfs_read.trace';
const B = 'file:///traces/7.3/vfs_read%20retval.trace';
const TEXT_A = fixture('k61-smp2-graphfn-vfs_read-depth5.trace');
const TEXT_B = fixture('b73-smp2-graphfn-vfs_read-retval.trace');

describe('ftrace/compare', () => {
  const pair = new LspPair();
  before(async () => {
    await pair.initialize();
    await pair.open(A, TEXT_A);
    await pair.open(B, TEXT_B);
  });
  after(() => pair.close());

  test('answers the table of `ftrace-lens diff` for two open documents, named by their files', async () => {
    const r = await pair.client.sendRequest<CompareResult | null>('ftrace/compare', { before: A, after: B, top: 10 });
    assert.ok(r !== null);
    const labels = { before: 'vfs_read.trace', after: 'vfs_read retval.trace', top: 10, policy: DEFAULT_RANK_POLICY };
    const want = comparisonReport(parseTrace(TEXT_A), parseTrace(TEXT_B), labels);
    assert.equal(r.text, comparisonText(want.comparison, labels, want.sortBy, want.untimed));
    assert.deepEqual([r.sortBy, r.functions, r.onlyBefore, r.onlyAfter], ['total', want.comparison.rows.length, want.comparison.onlyBefore, want.comparison.onlyAfter]);
    assert.match(r.text, /^before: vfs_read\.trace\n/);
    assert.match(r.text, /\n\s+10\.47 ms\s+6\.501 ms\s+-3\.965 ms\s+-37\.9%.* vfs_read\n/);
  });

  test('sorts by the figure asked for; one trace compared with itself changes nothing', async () => {
    const r = await pair.client.sendRequest<CompareResult | null>('ftrace/compare', { before: B, after: B, sortBy: 'calls' });
    assert.ok(r !== null);
    assert.equal(r.sortBy, 'calls');
    // Same file name on both sides: the whole URIs label them.
    assert.match(r.text, /^before: file:\/\/\/traces\/7\.3\/vfs_read%20retval\.trace\n/);
    assert.match(r.text, /functions only before: 0, only after: 0/);
    const lines = r.text.trimEnd().split('\n');
    const rows = lines.slice(lines.findIndex((l) => l.includes('total before')) + 1).filter((l) => !l.includes('more (--top N)'));
    assert.equal(rows.length, Math.min(200, r.functions));
    for (const row of rows) {
      // total before, after, change (0), % (0.0%), self before, after, change (0), calls before, after, change (0), name.
      const t = row.trim().split(/\s+/);
      assert.match(row, /^\s+\S+( \S+)?\s+\S+( \S+)?\s+0\s+\S*\s/, row);
      assert.equal(t[t.length - 2], '0', row);
    }
  });

  test('null for a trace that is not open', async () => {
    assert.equal(await pair.client.sendRequest('ftrace/compare', { before: 'file:///nowhere.trace', after: B }), null);
  });
});
