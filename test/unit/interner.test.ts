// Interner.matchBytes (a word at a time) against a byte-by-byte reference, at every alignment, and ids from text and bytes alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Interner } from '../../server/src/core/build/interner';

/** A window as the fast path holds one: `text`'s bytes (ASCII), zero padding, length a multiple of 4, with its 32-bit view. */
function windowOf(text: string): { b: Uint8Array; w: Int32Array } {
  const cap = (text.length + 64 + 3) & ~3;
  const b = new Uint8Array(cap);
  for (let i = 0; i < text.length; i++) b[i] = text.charCodeAt(i);
  return { b, w: new Int32Array(b.buffer, 0, cap >> 2) };
}

/** What matchBytes must answer: the bytes at s are `name` and a `(` follows. */
function reference(b: Uint8Array, s: number, name: string): boolean {
  if (s + name.length >= b.length || b[s + name.length] !== 40) return false;
  for (let k = 0; k < name.length; k++) if (b[s + k] !== name.charCodeAt(k)) return false;
  return true;
}

test('each name of 1 to 24 characters matches at every offset it is printed at, and nowhere it is not', () => {
  const names = Array.from({ length: 24 }, (_, n) => 'abcdefghijklmnopqrstuvwxyz'.slice(0, n + 1));
  const interner = new Interner();
  const ids = names.map((n) => interner.idOf(n, 0, n.length));
  for (let lead = 0; lead < 8; lead++) {
    for (const [i, name] of names.entries()) {
      const { b, w } = windowOf(`${' '.repeat(lead)}${name}() {\n`);
      for (const [j, other] of names.entries()) {
        for (let s = 0; s <= lead + 1; s++) assert.equal(interner.matchBytes(b, w, s, ids[j]), reference(b, s, other), `"${other}" at ${s} in "${' '.repeat(lead)}${name}("`);
      }
      assert.ok(interner.matchBytes(b, w, lead, ids[i]));
    }
  }
});

test('a name that differs only in its last character, or is a prefix of the printed name, does not match', () => {
  const interner = new Interner();
  const id = interner.idOf('do_sys_openat2', 0, 14);
  for (let lead = 0; lead < 4; lead++) {
    for (const printed of ['do_sys_openat3(', 'do_sys_openat2x(', 'do_sys_openat(', 'Do_sys_openat2(']) {
      const { b, w } = windowOf(' '.repeat(lead) + printed);
      assert.equal(interner.matchBytes(b, w, lead, id), false, printed);
    }
    const { b, w } = windowOf(`${' '.repeat(lead)}do_sys_openat2(`);
    assert.equal(interner.matchBytes(b, w, lead, id), true);
  }
});

test('a name with a character past ASCII never matches bytes, and ASCII names added after it still do', () => {
  const interner = new Interner();
  const wide = interner.idOf('naïve_fn', 0, 8);
  const plain = interner.idOf('plain_fn', 0, 8);
  const { b, w } = windowOf('na\u00efve_fn(plain_fn(');
  assert.equal(interner.matchBytes(b, w, 0, wide), false);
  assert.equal(interner.matchBytes(b, w, 9, plain), true);
});

test('random names and windows: matchBytes equals the byte-by-byte reference', () => {
  const nameChar = fc.constantFrom(...'ab_.0(9xyz'.split(''));
  const name = fc.array(nameChar, { minLength: 1, maxLength: 20 }).map((cs) => cs.join(''));
  fc.assert(fc.property(fc.array(name, { minLength: 1, maxLength: 6 }), fc.array(fc.constantFrom(...'ab_.0(9xyz '.split('')), { maxLength: 60 }), (names, window) => {
    const interner = new Interner();
    const ids = names.map((n) => interner.idOf(n, 0, n.length));
    // Some windows hold the names, as the fast path sees them.
    const text = `${window.join('')}${names[0]}(${window.slice(0, 7).join('')}`;
    const { b, w } = windowOf(text);
    for (const [k, n] of names.entries()) for (let s = 0; s <= text.length; s++) if (interner.matchBytes(b, w, s, ids[k]) !== reference(b, s, n)) return false;
    return true;
  }), { numRuns: 400 });
});
