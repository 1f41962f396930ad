// Interns function names to dense ids, from the text (UTF-16) or from an ASCII byte copy of it: one table, the same ids either way.
import { LITTLE_ENDIAN } from '../parse/littleEndian';

// Hash of a name from its length and three 4-character groups (the first, middle and last four;
// overlapping in short names), read without a dependency chain. hashChars and hashBytes compute
// the same value from a string and from ASCII bytes. Names must be at least 1 character long.

/** Four character codes of t from k (clamped to [s, e)) packed as bytes. */
function quadChars(t: string, k: number, s: number, e: number): number {
  const a = t.charCodeAt(k);
  const b = k + 1 < e ? t.charCodeAt(k + 1) : 0;
  const c = k + 2 < e ? t.charCodeAt(k + 2) : 0;
  const d = k + 3 < e ? t.charCodeAt(k + 3) : 0;
  return (a | (b << 8) | (c << 16) | (d << 24)) ^ (k - s);
}

/** Hash of t[s, s + len). */
function hashChars(t: string, s: number, len: number): number {
  const e = s + len;
  const x = quadChars(t, s, s, e);
  const y = quadChars(t, len >= 4 ? s + (len >> 1) - 2 : s, s, e);
  const z = quadChars(t, len >= 4 ? e - 4 : s, s, e);
  return mix(x, y, z, len);
}

/** Hash of the ASCII bytes b[s, s + len); equals hashChars of the same characters. */
function hashBytes(b: Uint8Array, s: number, len: number): number {
  const e = s + len;
  const x = quadBytes(b, s, s, e);
  const y = quadBytes(b, len >= 4 ? s + (len >> 1) - 2 : s, s, e);
  const z = quadBytes(b, len >= 4 ? e - 4 : s, s, e);
  return mix(x, y, z, len);
}

/** Four bytes of b from k (clamped to [s, e)) packed into one number, as quadChars. */
function quadBytes(b: Uint8Array, k: number, s: number, e: number): number {
  if (k + 4 <= e) return (b[k] | (b[k + 1] << 8) | (b[k + 2] << 16) | (b[k + 3] << 24)) ^ (k - s);
  const c1 = k + 1 < e ? b[k + 1] : 0;
  const c2 = k + 2 < e ? b[k + 2] : 0;
  return (b[k] | (c1 << 8) | (c2 << 16)) ^ (k - s);
}

/** Combines three packed groups and the length. */
function mix(x: number, y: number, z: number, len: number): number {
  let h = Math.imul(x, 0xcc9e2d51) ^ Math.imul(y, 0x1b873593) ^ Math.imul(z ^ len, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  return (h ^ (h >>> 15)) | 0;
}

/**
 * Maps names to dense ids (0, 1, 2… in order of first appearance). Every name is verified
 * character by character on lookup, so equal ids mean equal names, never a hash collision.
 */
export class Interner {
  /** Interned names, indexed by id. */
  readonly names: string[] = [];
  /** Open-addressing table of ids (-1 = empty), at most half full. */
  private table = new Int32Array(128).fill(-1);
  /** Per id: final hash, offset of its characters in `pool`, length. */
  private hashes = new Int32Array(64);
  private starts = new Int32Array(64);
  private lens = new Int32Array(64);
  /** Character codes of every name, back to back (compared against bytes without a string). */
  private pool = new Uint16Array(1 << 10);
  private poolLen = 0;
  /**
   * ASCII names again as bytes packed four to a word (little-endian), each from a word of its own
   * and zero-padded: {@link Interner.matchBytes} compares a window a word at a time. Per id: the
   * index of its first word, or -1 for a name with a character past ASCII (no ASCII window holds it).
   */
  private words = new Int32Array(256);
  private wordsLen = 0;
  private wordStarts = new Int32Array(64);

  /** Id of the name t[s, e) (UTF-16 offsets), adding it when new; -1 for an empty range. */
  idOf(t: string, s: number, e: number): number {
    const len = e - s;
    if (len <= 0) return -1;
    const h = hashChars(t, s, len);
    const mask = this.table.length - 1;
    let i = h & mask;
    for (;;) {
      const id = this.table[i];
      if (id < 0) break;
      if (this.hashes[id] === h && this.lens[id] === len && t.startsWith(this.names[id], s)) return id;
      i = (i + 1) & mask;
    }
    return this.add(t.slice(s, e), h, i);
  }

  /**
   * Id of the name held as ASCII bytes b[s, s + len); the same characters are t[ts, ts + len)
   * (read only for a new name; without t, the new name is read from the bytes). Same ids as
   * {@link Interner.idOf}.
   */
  idOfBytes(b: Uint8Array, s: number, len: number, t: string | undefined, ts: number): number {
    if (len <= 0) return -1;
    const h = hashBytes(b, s, len);
    const mask = this.table.length - 1;
    let i = h & mask;
    for (;;) {
      const id = this.table[i];
      if (id < 0) break;
      if (this.hashes[id] === h && this.lens[id] === len) {
        const pool = this.pool;
        const o = this.starts[id] - s;
        let k = s;
        const end = s + len;
        while (k < end && pool[o + k] === b[k]) k++;
        if (k === end) return id;
      }
      i = (i + 1) & mask;
    }
    return this.add(t === undefined ? asciiDecoder.decode(b.subarray(s, s + len)) : t.slice(ts, ts + len), h, i);
  }

  /** Length of name `id`. */
  lengthOf(id: number): number {
    return this.lens[id];
  }

  /**
   * True when the ASCII bytes at b[s] are name `id` followed by `(`; `w` is b's 32-bit view (b's
   * length a multiple of 4). Compared a word at a time: the window's word at s put together from
   * the two aligned words it straddles, the name's last word masked to its length.
   */
  matchBytes(b: Uint8Array, w: Int32Array, s: number, id: number): boolean {
    const len = this.lens[id];
    if (s + len >= b.length || b[s + len] !== 40) return false;
    return this.sameBytes(b, w, s, id);
  }

  /** True when the ASCII bytes b[s, s + length of name `id`) are name `id` (b's length as for {@link Interner.matchBytes}, which it serves). */
  sameBytes(b: Uint8Array, w: Int32Array, s: number, id: number): boolean {
    const len = this.lens[id];
    let k = this.wordStarts[id];
    if (k < 0) return false;
    if (!LITTLE_ENDIAN) {
      const pool = this.pool;
      const o = this.starts[id] - s;
      for (let j = s; j < s + len; j++) if (pool[o + j] !== b[j]) return false;
      return true;
    }
    const words = this.words;
    const full = k + (len >> 2);
    const rest = len & 3;
    const tail = (1 << (rest << 3)) - 1;
    let i = s >> 2;
    const r = (s & 3) << 3;
    if (r === 0) {
      for (; k < full; k++, i++) if (w[i] !== words[k]) return false;
      return rest === 0 || ((w[i] ^ words[k]) & tail) === 0;
    }
    const l = 32 - r;
    for (; k < full; k++, i++) if (((w[i] >>> r) | (w[i + 1] << l)) !== words[k]) return false;
    return rest === 0 || ((((w[i] >>> r) | (w[i + 1] << l)) ^ words[k]) & tail) === 0;
  }

  /** Adds `name` (hash h) at free table slot i; returns its id. */
  private add(name: string, h: number, i: number): number {
    const id = this.names.length;
    this.names.push(name);
    if (id === this.hashes.length) {
      this.hashes = grownInt32(this.hashes, id * 2);
      this.starts = grownInt32(this.starts, id * 2);
      this.lens = grownInt32(this.lens, id * 2);
      this.wordStarts = grownInt32(this.wordStarts, id * 2);
    }
    const len = name.length;
    if (this.poolLen + len > this.pool.length) {
      const next = new Uint16Array(Math.max(this.pool.length * 2, this.poolLen + len));
      next.set(this.pool.subarray(0, this.poolLen));
      this.pool = next;
    }
    for (let k = 0; k < len; k++) this.pool[this.poolLen + k] = name.charCodeAt(k);
    this.wordStarts[id] = this.addWords(name);
    this.hashes[id] = h;
    this.starts[id] = this.poolLen;
    this.lens[id] = len;
    this.poolLen += len;
    this.table[i] = id;
    if (this.names.length * 2 > this.table.length) this.rehash();
    return id;
  }

  /** Packs ASCII `name` into {@link Interner.words}; returns its first word, or -1 (nothing kept) when a character is past ASCII. */
  private addWords(name: string): number {
    const len = name.length;
    const n = (len + 3) >> 2;
    const at = this.wordsLen;
    if (at + n > this.words.length) this.words = grownInt32(this.words, Math.max(this.words.length * 2, at + n));
    const words = this.words;
    for (let k = 0; k < len; k++) {
      const c = name.charCodeAt(k);
      if (c > 127) {
        words.fill(0, at, at + n);
        return -1;
      }
      words[at + (k >> 2)] |= c << ((k & 3) << 3);
    }
    this.wordsLen = at + n;
    return at;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2).fill(-1);
    const mask = table.length - 1;
    for (let id = 0; id < this.names.length; id++) {
      let i = this.hashes[id] & mask;
      while (table[i] >= 0) i = (i + 1) & mask;
      table[i] = id;
    }
    this.table = table;
  }
}

const asciiDecoder = new TextDecoder();

/** Copy of `a` with length n (n >= a.length). */
function grownInt32(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const out = new Int32Array(n);
  out.set(a);
  return out;
}
