// Trace text for labels VS Code renders `$(name)` icons in (quick picks, Go to Symbol): a backslash keeps `$(` as text.

/** `text` with every `$(` escaped as `\$(`, which VS Code shows as the two characters. */
export function noIcons(text: string): string {
  return text.replace(/\$\(/g, '\\$(');
}
