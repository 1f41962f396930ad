// Fast path, the usual tail of a call line: one `/* … */` comment (funcgraph-tail names, retvals, return addresses) read from ASCII bytes exactly as bodyParser.ts's parseCallTail / parseExitTail read it.

/** Result of {@link readCommentTail}: the exit's tail name, window offsets (-1 when none). */
export class TailName {
  start = -1;
  end = -1;
}

/** First offset in [p, e - needle.length] where the bytes of `needle` start, or -1 (bodyParser's findStr). */
function find(b: Uint8Array, needle: Uint8Array, p: number, e: number): number {
  const c0 = needle[0];
  const n = needle.length;
  for (const last = e - n; p <= last; p++) {
    if (b[p] !== c0) continue;
    let i = 1;
    while (i < n && b[p + i] === needle[i]) i++;
    if (i === n) return p;
  }
  return -1;
}

const RET = Uint8Array.from(' ret=', (ch) => ch.charCodeAt(0));
const EQ = Uint8Array.from(' = ', (ch) => ch.charCodeAt(0));

/**
 * Reads the tail of a line of a text window from p (just after the body's `{`, `;` or `}`) when
 * it is blanks, one `/* … *\/` comment and blanks before the line break: returns the offset of
 * the `\n`, else -1 (the caller then reads the tail from the text as the general parser does).
 * Such a line has no note and does not end in `[LINE TOO BIG]`; an entry's or leaf's comment
 * sets no field, an exit's gives its tail name (parseExitTail's rule) in `out`.
 */
export function readCommentTail(b: Uint8Array, p: number, exit: boolean, out: TailName): number {
  let c = b[p];
  while (c === 32 || c === 9) c = b[++p];
  if (c !== 47 || b[p + 1] !== 42) return -1;
  const s = p;
  // The first `*/` after `/*` on the line.
  let close = s + 2;
  for (;;) {
    c = b[close];
    if (c === 42) {
      if (b[close + 1] === 47) break;
    } else if (c === 10 || c === 0) return -1;
    close++;
  }
  let r = close + 2;
  c = b[r];
  while (c === 32 || c === 9) c = b[++r];
  let nl: number;
  if (c === 10) nl = r;
  else if (c === 13 && b[r + 1] === 10) nl = r + 1;
  else return -1;
  out.start = -1;
  out.end = -1;
  if (exit) {
    let ns = s + 2;
    while (ns < close && ((c = b[ns]) === 32 || c === 9)) ns++;
    let ne = close;
    while (ne > ns && ((c = b[ne - 1]) === 32 || c === 9)) ne--;
    const ret = find(b, RET, ns, ne);
    if (ret >= 0) ne = ret;
    else {
      const eq = find(b, EQ, ns, ne);
      if (eq >= 0) ne = eq;
    }
    if (ne > ns) {
      out.start = ns;
      out.end = ne;
    }
  }
  return nl;
}
