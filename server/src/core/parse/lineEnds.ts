// Line ends as LSP counts them (vscode-languageserver-textdocument): `\n`, `\r\n` and a lone `\r` each end a line.

const CR = 13;
const LF = 10;

/**
 * `t` with every lone `\r` (one not followed by `\n`) made a `\n`, so that splitting at `\n`
 * alone (and trimming a `\r` before it) gives the lines LSP positions count. A `\r` that is the
 * last character stays: the character after it, which decides, has not been seen yet. The same
 * length and the same offsets as `t`; `t` itself when it holds no lone `\r` (the common case costs
 * one native search, plus one per `\r\n`).
 */
export function loneCrToLf(t: string): string {
  for (let i = t.indexOf('\r'); i >= 0 && i + 1 < t.length; i = t.indexOf('\r', i + 2)) {
    if (t.charCodeAt(i + 1) !== LF) return t.replace(/\r(?!\n|$)/g, '\n');
  }
  return t;
}

/** True when `t` ends with a `\r` (its line end is decided by the next character). */
export function endsWithCr(t: string): boolean {
  return t.length > 0 && t.charCodeAt(t.length - 1) === CR;
}
