// Grammar snapshot tests: tokenizes test/grammar/inputs, fixtures/ and samples of ../shared/corpus with vscode-textmate and compares to test/grammar/snapshots (UPDATE_SNAPSHOTS=1 rewrites them).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { loadGrammar, renderSnapshot, REPO_ROOT, splitLines, tokenizeLines } from './tokenize';

/** Lines snapshotted per file (fixtures and corpus files are long; the layouts show in the first lines). */
const SAMPLE_LINES = 60;
const SNAPSHOT_DIR = join(__dirname, 'snapshots');
const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';
const CORPUS = join(REPO_ROOT, '..', 'shared', 'corpus');

interface Input {
  /** Snapshot file name (unique, readable). */
  name: string;
  /** Path shown in messages, relative to the repo root. */
  label: string;
  lines: string[];
}

/** Files under dir (recursively), sorted, skipping READMEs. */
function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else if (entry !== 'README.md') out.push(p);
  }
  return out;
}

/** Reads a text file, gunzipping .gz, as latin1-safe UTF-8 (invalid bytes become U+FFFD like VS Code). */
function readText(path: string): string {
  const raw = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
}

function collectInputs(): Input[] {
  const inputs: Input[] = [];
  const seen = new Set<string>();
  const add = (prefix: string, path: string, maxLines: number) => {
    const lines = splitLines(readText(path)).slice(0, maxLines);
    const key = lines.join('\n');
    if (seen.has(key)) return; // an identical sample is already snapshotted (fixtures copy corpus files)
    seen.add(key);
    const rel = relative(join(path, '..'), path).replace(/\.gz$/, '');
    inputs.push({ name: `${prefix}--${rel}.tokens.txt`, label: relative(REPO_ROOT, path), lines });
  };
  for (const p of listFiles(join(__dirname, 'inputs'))) add('inputs', p, Number.MAX_SAFE_INTEGER);
  for (const p of listFiles(join(REPO_ROOT, 'fixtures'))) add('fixtures', p, SAMPLE_LINES);
  for (const p of listFiles(CORPUS)) {
    if (p.includes(`${join('corpus', 'large')}`) || p.includes(`${join('corpus', 'tools')}`)) continue;
    add('corpus', p, SAMPLE_LINES);
  }
  return inputs;
}

const inputs = collectInputs();
if (!existsSync(CORPUS)) {
  test('corpus samples', { skip: '../shared/corpus not found' }, () => {});
}

for (const input of inputs) {
  test(`grammar snapshot: ${input.label}`, async () => {
    const grammar = await loadGrammar();
    const actual = renderSnapshot(input.lines, tokenizeLines(grammar, input.lines));
    const file = join(SNAPSHOT_DIR, input.name);
    if (UPDATE || !existsSync(file)) {
      if (!UPDATE) assert.fail(`missing snapshot ${relative(REPO_ROOT, file)}; run with UPDATE_SNAPSHOTS=1 to create it`);
      mkdirSync(SNAPSHOT_DIR, { recursive: true });
      writeFileSync(file, actual);
      return;
    }
    const expected = readFileSync(file, 'utf8');
    if (actual !== expected) {
      const a = actual.split('\n');
      const e = expected.split('\n');
      let i = 0;
      while (i < a.length && a[i] === e[i]) i++;
      assert.fail(`${input.label}: tokens differ from ${relative(REPO_ROOT, file)} at snapshot line ${i + 1}\n  expected: ${e[i]}\n  actual:   ${a[i]}\nIf the change is intended, rerun with UPDATE_SNAPSHOTS=1 and review the diff.`);
    }
  });
}

test('every snapshot file belongs to an input (no stale snapshots)', { skip: !existsSync(CORPUS) ? 'corpus absent: corpus snapshots cannot be matched' : false }, () => {
  if (!existsSync(SNAPSHOT_DIR)) return;
  const expected = new Set(inputs.map((i) => i.name));
  const stale = readdirSync(SNAPSHOT_DIR).filter((f) => !expected.has(f));
  assert.deepEqual(stale, [], 'delete stale snapshots (or rerun with UPDATE_SNAPSHOTS=1 after removing them)');
});
