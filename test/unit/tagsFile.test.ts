// Tags files on disk: the binary search of a sorted file (by bytes or folding case) finds exactly the lines a full pass finds, an unsorted file is read whole.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_TAGS_PER_NAME, lookUpTags } from '../../server/src/node/tagsFile';

const dir = mkdtempSync(join(tmpdir(), 'ftrace-lens-tags-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A deterministic pseudo-random generator (tests must not depend on luck). */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

const HEADER = (sorted: 0 | 1 | 2): string => `!_TAG_FILE_FORMAT\t2\t/extended format/\n!_TAG_FILE_SORTED\t${sorted}\t/0=unsorted, 1=sorted, 2=foldcase/\n!_TAG_PROGRAM_NAME\tUniversal Ctags\t//\n`;

/** Names made to collide: prefixes of each other (`f`, `f_a`, `f1`), case variants, and one name with many tags. */
function names(n: number, rand: () => number): string[] {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789';
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let s = alphabet.charAt(Math.floor(rand() * 53));
    const len = 1 + Math.floor(rand() * 12);
    for (let k = 0; k < len; k++) s += alphabet.charAt(Math.floor(rand() * alphabet.length));
    out.push(s);
    if (rand() < 0.1) out.push(s + '_x', s + '1');
  }
  return out;
}

/** Tag lines for `list` (1 to 4 lines a name, kinds f/p/d; a long pattern now and then). */
function tagLines(list: string[], rand: () => number): string[] {
  const lines: string[] = [];
  for (const name of list) {
    const count = 1 + Math.floor(rand() * 4);
    for (let k = 0; k < count; k++) {
      // A few lines longer than a read block (a pattern no ctags writes, but a file may hold).
      const long = rand() < 0.00005 ? 'x'.repeat(70_000) : '';
      lines.push(`${name}\tdir${k}/file${Math.floor(rand() * 100)}.c\t/^int ${name}(void)${long}$/;"\t${'fpd'.charAt(k % 3)}`);
    }
  }
  return lines;
}

/** Sorted as ctags sorts whole lines: by bytes, or upper-cased (foldcase). */
function sortLines(lines: string[], foldcase: boolean): string[] {
  const key = (l: string): string => (foldcase ? l.toUpperCase() : l);
  return [...lines].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** What a full pass finds for `name`: its lines' files, in order. */
function expected(lines: string[], name: string): string[] {
  return lines.filter((l) => l.startsWith(name + '\t')).map((l) => l.split('\t')[1]).slice(0, MAX_TAGS_PER_NAME);
}

async function check(file: string, lines: string[], queries: string[]): Promise<void> {
  assert.ok(lines.some((l) => l.length > 65536), 'a line longer than a block');
  const byName = new Map<string, string[]>();
  for (const l of lines) {
    const [name, path] = l.split('\t', 2);
    const list = byName.get(name) ?? [];
    if (list.length < MAX_TAGS_PER_NAME) list.push(path);
    byName.set(name, list);
  }
  for (const q of queries) {
    const got = (await lookUpTags(file, q)).map((t) => t.file);
    assert.deepEqual(got, byName.get(q) ?? [], `${file}: ${q}`);
  }
}

function queriesFor(list: string[], rand: () => number, n = 300): string[] {
  const sorted = [...new Set(list)].sort();
  const picks = Array.from({ length: n }, () => list[Math.floor(rand() * list.length)]);
  // The first and last names, names between two (absent), before and after all, a prefix of a name.
  return [...picks, sorted[0], sorted[sorted.length - 1], sorted[7] + '0', '!', '~~~', sorted[9].slice(0, 1), 'zzzzzzzzzzzzzzzzz', 'A', '_'];
}

test('a sorted tags file of ~9 MB: every name found as a full pass finds it, absent names give nothing', async () => {
  const rand = rng(7);
  const list = names(60_000, rand);
  const lines = sortLines(tagLines(list, rand), false);
  const file = join(dir, 'sorted');
  writeFileSync(file, HEADER(1) + lines.join('\n') + '\n');
  await check(file, lines, queriesFor(list, rand));
});

test('foldcase, CRLF, no final line break, unsorted: each found as a full pass finds it', async () => {
  const rand = rng(11);
  const list = names(10_000, rand);
  const all = tagLines(list, rand);
  const fold = sortLines(all, true);
  writeFileSync(join(dir, 'fold'), HEADER(2) + fold.join('\n'));
  await check(join(dir, 'fold'), fold, queriesFor(list, rand));
  const sorted = sortLines(all, false);
  writeFileSync(join(dir, 'crlf'), HEADER(1).replace(/\n/g, '\r\n') + sorted.join('\r\n') + '\r\n');
  await check(join(dir, 'crlf'), sorted, queriesFor(list, rand));
  writeFileSync(join(dir, 'unsorted'), HEADER(0) + all.join('\n') + '\n');
  await check(join(dir, 'unsorted'), all, queriesFor(list, rand, 20));
  // Without a header the file is read as unsorted (a binary search could miss).
  writeFileSync(join(dir, 'noheader'), all.join('\n'));
  await check(join(dir, 'noheader'), all, queriesFor(list, rand, 20));
});

test('a name with more tags than a block and the limit: the first MAX_TAGS_PER_NAME, in order', async () => {
  const lines = sortLines([
    ...Array.from({ length: 3000 }, (_, i) => `many\tarch/a${String(i).padStart(4, '0')}.c\t/^void many(void)$/;"\tf`),
    ...Array.from({ length: 3000 }, (_, i) => `m${i}\tx.c\t${i + 1};"\tf`),
  ], false);
  writeFileSync(join(dir, 'many'), HEADER(1) + lines.join('\n') + '\n');
  const got = await lookUpTags(join(dir, 'many'), 'many');
  assert.equal(got.length, MAX_TAGS_PER_NAME);
  assert.equal(got[0].file, 'arch/a0000.c');
  assert.deepEqual(got.map((t) => t.file), expected(lines, 'many'));
});

test('empty files, header-only files and a missing file', async () => {
  writeFileSync(join(dir, 'empty'), '');
  assert.deepEqual(await lookUpTags(join(dir, 'empty'), 'f'), []);
  writeFileSync(join(dir, 'header'), HEADER(1));
  assert.deepEqual(await lookUpTags(join(dir, 'header'), 'f'), []);
  await assert.rejects(lookUpTags(join(dir, 'missing'), 'f'), /ENOENT/);
  assert.deepEqual(await lookUpTags(dir, 'f').catch(() => []), []);
});
