// Looks a name up in a ctags file on disk: a binary search of a sorted file (a few 4 KiB reads in a kernel's ~100 MB tags), a streamed pass of an unsorted one.
import { open, type FileHandle } from 'node:fs/promises';
import { parseTagLine, tagsSorting, type Tag, type TagsSorting } from '../core/index';

/** Bytes read per step of a pass, and the width at which the binary search stops bisecting. */
const BLOCK = 1 << 16;
/** Bytes read per probe of the binary search (a tag line is ~100 bytes: one read finds the next whole line's name). */
const PROBE = 4096;
/** A tag line longer than this is skipped (no tags line comes near: ctags cut patterns at ~100 characters). */
const MAX_LINE = 1 << 20;
/** Tags of one name kept at most (a name defined once per architecture has a few dozen). */
export const MAX_TAGS_PER_NAME = 200;

/** What the start of a tags file said, per (path, size, mtime). */
const sortings = new Map<string, TagsSorting>();

/**
 * The tags named `name` in the tags file `path`, in the file's order (at most MAX_TAGS_PER_NAME);
 * [] when it has none. Throws the file system's error when the file cannot be read (the caller says so).
 * `stop()` ends a pass over an unsorted file early (what it found so far is returned).
 */
export async function lookUpTags(path: string, name: string, stop: () => boolean = () => false): Promise<Tag[]> {
  const fh = await open(path, 'r');
  try {
    const st = await fh.stat();
    if (!st.isFile()) return [];
    const key = `${path}\0${st.size}\0${st.mtimeMs}`;
    let sorting = sortings.get(key);
    if (sorting === undefined) {
      const head = await readAt(fh, 0, Math.min(BLOCK, st.size));
      sorting = tagsSorting(head.toString('latin1'));
      if (sortings.size > 64) sortings.clear();
      sortings.set(key, sorting);
    }
    const from = sorting === 0 ? 0 : await lowerBound(fh, st.size, name, sorting);
    return await collect(fh, st.size, from, name, sorting, stop);
  } finally {
    await fh.close();
  }
}

/** The name a tags file's order compares: as is (sorted by bytes), or upper-cased (`foldcase`, as readtags compares). */
function orderKey(name: string, sorting: TagsSorting): string {
  return sorting === 2 ? name.toUpperCase() : name;
}

/** -1, 0, 1 as a < b in the file's order (names of bytes: latin1 strings compare as the bytes). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function readAt(fh: FileHandle, pos: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  const { bytesRead } = await fh.read(buf, 0, length, pos);
  return buf.subarray(0, bytesRead);
}

/**
 * The name of the first whole line that starts after offset `pos` (the first line when pos is 0),
 * or undefined past the last line; '' for a header line or one without a tab (they sort first).
 */
async function nameAfter(fh: FileHandle, size: number, pos: number): Promise<string | undefined> {
  let start = pos;
  if (pos > 0) {
    // Find the line break at or after pos - 1 (pos itself may start a line).
    let at = pos - 1;
    for (;;) {
      if (at >= size) return undefined;
      const b = await readAt(fh, at, Math.min(PROBE, size - at));
      const nl = b.indexOf(10);
      if (nl >= 0) {
        start = at + nl + 1;
        break;
      }
      at += b.length;
      if (at - pos > MAX_LINE) return undefined;
    }
  }
  if (start >= size) return undefined;
  // The name ends at the line's first tab (a name longer than a probe is read on).
  let name = '';
  for (let at = start; at < size && at - start <= MAX_LINE; ) {
    const b = await readAt(fh, at, Math.min(PROBE, size - at));
    const tab = b.indexOf(9);
    const nl = b.indexOf(10);
    if (nl >= 0 && (tab < 0 || nl < tab)) return '';
    name += b.toString('latin1', 0, tab < 0 ? b.length : tab);
    if (tab >= 0) return name.startsWith('!_TAG_') ? '' : name;
    at += b.length;
  }
  return '';
}

/**
 * An offset at or before the first line named `name` (by the file's order) and after every line
 * of a smaller name but the last few: bisects on offsets until the window is a block wide.
 */
async function lowerBound(fh: FileHandle, size: number, name: string, sorting: TagsSorting): Promise<number> {
  const key = orderKey(name, sorting);
  let lo = 0;
  let hi = size;
  while (hi - lo > BLOCK) {
    const mid = lo + Math.floor((hi - lo) / 2);
    const n = await nameAfter(fh, size, mid);
    if (n === undefined || compare(orderKey(n, sorting), key) >= 0) hi = mid;
    else lo = mid;
  }
  return lo;
}

/**
 * Reads whole lines from `from` (the start of the line it falls in, after the first line break
 * when from > 0) and keeps those named `name`; in a sorted file it stops at the first larger name.
 */
async function collect(fh: FileHandle, size: number, from: number, name: string, sorting: TagsSorting, stop: () => boolean): Promise<Tag[]> {
  const out: Tag[] = [];
  const key = orderKey(name, sorting);
  let pos = from;
  let skipFirst = from > 0;
  let carry: Buffer = Buffer.alloc(0);
  while (pos < size && !stop()) {
    const chunk = await readAt(fh, pos, Math.min(BLOCK, size - pos));
    if (chunk.length === 0) break;
    pos += chunk.length;
    const b = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    let s = 0;
    for (let nl = b.indexOf(10); nl >= 0; nl = b.indexOf(10, s)) {
      const line = b.subarray(s, nl);
      s = nl + 1;
      if (skipFirst) {
        skipFirst = false;
        continue;
      }
      const verdict = take(line, name, key, sorting, out);
      if (verdict === 'stop' || out.length >= MAX_TAGS_PER_NAME) return out;
    }
    carry = b.subarray(s);
    if (carry.length > MAX_LINE) {
      // A line past the limit: dropped whole, reading goes on after its end.
      carry = Buffer.alloc(0);
      skipFirst = true;
    } else carry = Buffer.from(carry);
  }
  if (carry.length > 0 && !skipFirst) take(carry, name, key, sorting, out);
  return out;
}

/** Adds the line to `out` when it is a tag named `name`; 'stop' once a sorted file is past the name. */
function take(line: Buffer, name: string, key: string, sorting: TagsSorting, out: Tag[]): 'stop' | undefined {
  const tab = line.indexOf(9);
  if (tab <= 0) return undefined;
  const n = line.toString('latin1', 0, tab);
  if (n === name) {
    const tag = parseTagLine(line.toString('utf8'));
    if (tag !== undefined) out.push(tag);
    return undefined;
  }
  if (sorting !== 0 && !n.startsWith('!_TAG_') && compare(orderKey(n, sorting), key) > 0) return 'stop';
  return undefined;
}
