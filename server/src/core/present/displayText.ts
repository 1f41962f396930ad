// Trace text made safe to show: names cut to a sane length (saying so) and characters that would spoof the display made visible.

/**
 * Longest text (UTF-16 code units) shown before it is cut: the kernel's longest symbol name
 * (KSYM_NAME_LEN) is 512 bytes, so no real function name is ever cut.
 */
export const DISPLAY_LIMIT = 512;

/**
 * Characters that hide or reorder text on screen: C0 and C1 controls and DEL (`Cc`), format
 * characters (`Cf`: bidi embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069, the
 * Arabic letter mark U+061C, the LRM/RLM marks U+200E/U+200F, zero-width space and joiners,
 * U+FEFF, tag characters), line and paragraph separators, lone surrogates, and every other
 * default-ignorable code point (invisible fillers, variation selectors: both can smuggle text).
 */
const SPOOFING = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]/gu;

/** A text prepared for display: the shown part and, when it was cut, the note that says so. */
export interface DisplayParts {
  /** The text, at most `limit` code units of the original, spoofing characters escaped. */
  readonly text: string;
  /** Empty when nothing was cut, else `… (10,000,000 characters)` (the original length). */
  readonly note: string;
}

/**
 * The first `limit` UTF-16 code units of `raw` (never splitting a surrogate pair) and the note
 * that says it was cut; characters are kept as they are (for JSON output, which escapes itself).
 */
export function cutParts(raw: string, limit = DISPLAY_LIMIT): DisplayParts {
  if (raw.length <= limit) return { text: raw, note: '' };
  let end = Math.max(0, limit);
  const last = raw.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end--; // keep a pair whole: cut before it
  return { text: raw.slice(0, end), note: `… (${groupDigits(raw.length)} characters)` };
}

/** `raw` cut to `limit` code units, with the note appended when it was cut (characters kept as they are). */
export function cutText(raw: string, limit = DISPLAY_LIMIT): string {
  const p = cutParts(raw, limit);
  return p.text + p.note;
}

/**
 * `raw` cut like {@link cutParts}, then every spoofing character replaced by a visible escape:
 * `\u202E` (4 hex digits) or `\u{E0041}` beyond the BMP. Costs O(limit), whatever the length of `raw`.
 */
export function displayParts(raw: string, limit = DISPLAY_LIMIT): DisplayParts {
  const p = cutParts(raw, limit);
  return { text: neutralise(p.text), note: p.note };
}

/** {@link displayParts} as one string: the shown text followed by its note. */
export function displayText(raw: string, limit = DISPLAY_LIMIT): string {
  const p = displayParts(raw, limit);
  return p.text + p.note;
}

/** Every spoofing character of `text` replaced by its visible escape (no cut). */
export function neutralise(text: string): string {
  SPOOFING.lastIndex = 0;
  if (!SPOOFING.test(text)) return text;
  return text.replace(SPOOFING, (ch) => {
    const cp = ch.codePointAt(0) ?? 0;
    return cp > 0xffff ? `\\u{${cp.toString(16).toUpperCase()}}` : `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  });
}

/** A non-negative integer with `,` between groups of three digits: `10,000,000`. */
function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
