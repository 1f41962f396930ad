// Interns function names straight from the text (sampled-character hash, verified in place: no slice per line).

/** Maps names (text ranges) to dense ids. */
export class Interner {
  readonly names: string[] = [];
  private table = new Int32Array(4096).fill(-1);
  private hashes = new Int32Array(1024);

  /** Id of the name in t[s, e), adding it when new. */
  idOf(t: string, s: number, e: number): number {
    const len = e - s;
    if (len <= 0) return -1;
    const h = hashRange(t, s, e);
    const mask = this.table.length - 1;
    let i = h & mask;
    for (;;) {
      const id = this.table[i];
      if (id < 0) break;
      if (this.hashes[id] === h) {
        const name = this.names[id];
        if (name.length === len && t.startsWith(name, s)) return id;
      }
      i = (i + 1) & mask;
    }
    const id = this.names.length;
    this.names.push(t.slice(s, e));
    if (id === this.hashes.length) {
      const next = new Int32Array(id * 2);
      next.set(this.hashes);
      this.hashes = next;
    }
    this.hashes[id] = h;
    this.table[i] = id;
    if (this.names.length * 2 > this.table.length) this.rehash();
    return id;
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

/** Hash of t[s, e) from its length and up to 12 sampled characters. */
function hashRange(t: string, s: number, e: number): number {
  const len = e - s;
  let h = len * 0x9e3779b1;
  if (len <= 12) {
    for (let p = s; p < e; p++) h = Math.imul(h ^ t.charCodeAt(p), 0x01000193);
  } else {
    for (let k = 0; k < 4; k++) {
      h = Math.imul(h ^ t.charCodeAt(s + k), 0x01000193);
      h = Math.imul(h ^ t.charCodeAt(e - 1 - k), 0x01000193);
    }
    const m = s + (len >> 1);
    h = Math.imul(h ^ t.charCodeAt(m), 0x01000193);
    h = Math.imul(h ^ t.charCodeAt(m - 1), 0x01000193);
    h = Math.imul(h ^ t.charCodeAt(s + (len >> 2)), 0x01000193);
    h = Math.imul(h ^ t.charCodeAt(e - 1 - (len >> 2)), 0x01000193);
  }
  return (h ^ (h >>> 15)) | 0;
}
