// Names as shown in the flame view: invisible and direction-changing characters made visible, never interpreted.

/** Bidi controls, zero-width characters, BOM and C0/C1 controls. */
// eslint-disable-next-line no-control-regex -- these are exactly the characters to make visible
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** `name` with each hidden character shown as `⟨U+XXXX⟩`; `?` for an unknown name. */
export function displayName(name: string | undefined): string {
  if (name === undefined) return '?';
  return name.replace(HIDDEN, (ch) => `⟨U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
}
