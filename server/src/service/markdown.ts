// Safe Markdown for text that comes from traces: inline code spans that can never become links, HTML or commands.
import { displayParts } from '../core/index';

/**
 * Wraps untrusted text in an inline code span (CommonMark: a fence longer than any backtick run
 * inside), cut to {@link DISPLAY_LIMIT} with the note after the span, characters that would
 * spoof the display (controls, bidi, zero-width) shown as escapes by {@link displayParts}.
 */
export function code(text: string): string {
  const { text: clean, note } = displayParts(text);
  if (clean.length === 0) return note;
  let longest = 0;
  for (const m of clean.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') || clean.startsWith(' ') || clean.endsWith(' ') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}${note}`;
}

/** Escapes Markdown punctuation in plain text that we compose (not for untrusted text: use {@link code}). */
export function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&:]/g, (c) => `\\${c}`);
}
