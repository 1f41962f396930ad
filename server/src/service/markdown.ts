// Safe Markdown for text that comes from traces: inline code spans that can never become links, HTML or commands.

/** Wraps untrusted text in an inline code span (CommonMark: a fence longer than any backtick run inside). */
export function code(text: string): string {
  let clean = text.replace(/[\r\n\u2028\u2029]+/g, ' ');
  // Control characters would be invisible or break the renderer: show a replacement character.
  clean = Array.from(clean, (ch) => (ch.charCodeAt(0) < 32 || ch === '\u007f' ? '\ufffd' : ch)).join('');
  if (clean.length === 0) return '';
  let longest = 0;
  for (const m of clean.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') || clean.startsWith(' ') || clean.endsWith(' ') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

/** Escapes Markdown punctuation in plain text that we compose (not for untrusted text: use {@link code}). */
export function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&:]/g, (c) => `\\${c}`);
}
