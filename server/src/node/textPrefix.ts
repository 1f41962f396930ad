// The first lines of a streamed didOpen's text, decoded from its JSON bytes without decoding the rest (the first answers on an open read only the top of the trace).
import { escapedLineEnd } from '../core/build/jsonString';

/**
 * At most this many bytes of escaped text are decoded for a prefix (about 20,000 lines of a
 * trace); a line further down waits for the whole text (decoding 1 MiB takes a few ms, the whole
 * of a 9 MB trace ~90 ms and of 50 MB ~0.5 s).
 */
export const MAX_PREFIX_BYTES = 1 << 20;

/**
 * A source of prefixes of the JSON string content held in `parts` (message body bytes, one after
 * another) from body offset `start` to `end`: `prefix(lines)` is the decoded text up to just
 * after its `lines`-th escaped line feed (`\n`), or up to the last one before the content ends or
 * its escaped bytes pass {@link MAX_PREFIX_BYTES} (or a quarter of the content, 4 KiB at least);
 * undefined when there is none (or the bytes are not string content). A prefix ends where the
 * whole text has a line break (a `\n` always ends a line, alone or after `\r`), and decodes as the
 * same characters as the start of the whole text (it is cut at an ASCII byte, never inside a UTF-8
 * sequence or an escape), so its lines are the text's first lines. Each byte is searched once,
 * copied and decoded O(1) times (what is held grows by doubling, and callers ask for doubling
 * numbers of lines).
 */
export function escapedPrefixes(parts: readonly Buffer[], start: number, end: number): (lines: number) => string | undefined {
  const cap = Math.min(MAX_PREFIX_BYTES, Math.max(4096, (end - start) >> 2));
  /** Content bytes [start, start + held.length). */
  let held: Buffer = Buffer.alloc(0);
  /** Escaped line feeds found, and the token boundary the search goes on from. */
  let found = 0;
  let at = 0;
  /** Just after the last escaped line feed found. */
  let cut = 0;
  /** No more line feeds within the cap (or the content). */
  let exhausted = false;
  let text: string | undefined;
  let textCut = 0;
  return (lines) => {
    while (found < lines && !exhausted) {
      const i = escapedLineEnd(held, at, held.length);
      if (i >= 0) {
        found++;
        at = cut = i + 2;
      } else if (held.length >= end - start || held.length >= cap) exhausted = true;
      else held = copy(parts, start, Math.min(end, start + Math.min(cap, Math.max(4096, held.length * 2))));
    }
    if (cut === 0) return undefined;
    if (text === undefined || textCut !== cut) {
      try {
        text = JSON.parse(`"${held.toString('utf8', 0, cut)}"`) as string;
      } catch {
        return undefined;
      }
      textCut = cut;
    }
    return text;
  };
}

/** A copy of body bytes [from, to) gathered from `parts`. */
function copy(parts: readonly Buffer[], from: number, to: number): Buffer {
  const out = Buffer.allocUnsafe(to - from);
  let n = 0;
  for (let i = 0, at = 0; i < parts.length && at < to; at += parts[i].length, i++) {
    const p = parts[i];
    const s = Math.max(from, at);
    const e = Math.min(to, at + p.length);
    if (e > s) n += p.copy(out, n, s - at, e - at);
  }
  return out;
}
