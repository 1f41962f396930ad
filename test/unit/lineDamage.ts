// Random line damage for the fast-path equivalence tests: a seeded PRNG and edits that sit on the fast path's decisions.

/** Deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Characters and pieces that sit on the fast path's decisions: column separators, blanks the
// general parser skips and the fast path does not, digits, marks, units, name/argument syntax,
// task and trace-cmd prefix syntax, comment and arrow starts, line-end and non-ASCII characters.
const PIECES = [
  '|', ' ', '  ', '\t', '\r', '\u00a0', '\u200b', 'é', '0', '9', '12345', ')', '(', '()', '(int x)', ';', ' {', '{', '}', '+', '!', '#', '$', '@', '*',
  '.', '.1234', ' us', 'us', 'ms', '/*', '*/', ' /* x */', '==========>', '<==========', '[', ']', ' [kvm]', ' [a b]', ' x', '-', '=>',
  ' [LINE TOO BIG]', ' (5)', ' (ret=0)', '  /* ret=0x1 */', ' => ', '-12', ' [001] ', ':', ' 12.345678:', 'funcgraph_entry:', 'd..2.', '||',
  '"', '\\', 'CPU', 'cpus=2', '(a, (b))',
];

/** A line with one to three random edits (insert, delete or replace a piece). */
export function damage(line: string, next: () => number): string {
  let s = line;
  const edits = 1 + Math.floor(next() * 3);
  for (let k = 0; k < edits; k++) {
    const at = Math.floor(next() * (s.length + 1));
    const piece = PIECES[Math.floor(next() * PIECES.length)];
    const op = next();
    if (op < 0.5) s = s.slice(0, at) + piece + s.slice(at);
    else if (op < 0.75) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(next() * 3));
    else s = s.slice(0, at) + piece + s.slice(at + piece.length);
  }
  return s.replace(/\n/g, '');
}
