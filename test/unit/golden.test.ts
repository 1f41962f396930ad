// Golden call-tree snapshots of the small fixtures (UPDATE_SNAPSHOTS=1 rewrites them; any other difference fails).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LINE_KIND_NAMES, callInfo, childrenPage, parseTrace, rootGroups, type TraceModel } from '../../server/src/core/index';

const root = join(__dirname, '..', '..');
const fixtures = join(root, 'fixtures');
const snapshots = join(__dirname, 'snapshots');
const update = process.env.UPDATE_SNAPSHOTS === '1';

/** Renders the model as an indented call tree with 1-based lines and printed times. */
export function renderTree(model: TraceModel): string {
  const out: string[] = [];
  const kinds = model.kindCounts.map((n, k) => (n > 0 ? `${LINE_KIND_NAMES[k]}=${n}` : '')).filter(Boolean).join(' ');
  out.push(`lines=${model.lineCount} calls=${model.callCount} cpus=[${model.cpus.join(',')}] ${kinds}`);
  out.push(`issues ${JSON.stringify(model.issues.countsByCode())}`);
  const walk = (id: number, indent: string): void => {
    const c = callInfo(model, id);
    const lines = c.endLine >= 0 && c.entryLine >= 0 ? `${c.entryLine + 1}-${c.endLine + 1}` : `${c.line + 1}`;
    const flags = c.flagNames.length > 0 ? ` [${c.flagNames.join(',')}]` : '';
    out.push(`${indent}${c.name} @${lines} d${c.depth} incl=${kernelUs(c.inclusiveNs)} self=${kernelUs(c.selfNs)}${flags}`);
    const { ids } = childrenPage(model, id, 0, Number.MAX_SAFE_INTEGER);
    for (const k of ids) walk(k, indent + '  ');
  };
  for (const g of rootGroups(model)) {
    out.push(`== ${g.key}${g.task !== undefined ? ` (${g.task})` : ''}`);
    for (const r of g.roots) walk(r, '  ');
  }
  return out.join('\n') + '\n';
}

const small = readdirSync(fixtures).filter((f) => !f.endsWith('README.md') && readFileSync(join(fixtures, f)).length < 16_000);

for (const name of small) {
  test(`call tree of fixtures/${name} matches its snapshot`, () => {
    const got = renderTree(parseTrace(readFileSync(join(fixtures, name), 'utf8')));
    const file = join(snapshots, `${name}.tree.txt`);
    if (update || !existsSync(file)) {
      if (!update) assert.fail(`missing snapshot ${file}: run with UPDATE_SNAPSHOTS=1 after checking the output`);
      mkdirSync(snapshots, { recursive: true });
      writeFileSync(file, got);
      return;
    }
    assert.equal(got, readFileSync(file, 'utf8'));
  });
}

/**
 * Exact µs in the kernel's digits (3 decimals up to 4 integer digits, then 2, 1, none), so the
 * snapshots show the printed values unrounded (views round with formatDuration).
 */
function kernelUs(ns: number): string {
  if (Number.isNaN(ns)) return '?';
  const us = Math.round(ns) / 1000;
  const int = Math.trunc(Math.abs(us)).toString().length;
  return `${us.toFixed(int <= 4 ? 3 : int === 5 ? 2 : int === 6 ? 1 : 0)} µs`;
}
