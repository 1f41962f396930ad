// ctags `tags` files (Exuberant / Universal ctags, the kernel's `make tags`): one tag line read, and the source line a tag's address points at.

/** Where a tag's definition is: a line number, or a search pattern for its line. */
export type TagAddress =
  | { readonly line: number }
  /** The text of the line, or its start (`anchored` at the end too when the pattern ends in `$`). */
  | { readonly pattern: string; readonly toEnd: boolean };

/** One tag line. */
export interface Tag {
  readonly name: string;
  /** The source file as the tags file gives it: relative to the tags file's folder, or absolute. */
  readonly file: string;
  readonly address: TagAddress;
  /** The kind (`f` function, `p` prototype, `d` macro, …; a full word with some ctags), '' when none. */
  readonly kind: string;
}

/** How a tags file says it is sorted (`!_TAG_FILE_SORTED`): 0 unsorted, 1 by bytes, 2 ignoring case. */
export type TagsSorting = 0 | 1 | 2;

/**
 * Reads the sorting from the start of a tags file (its `!_TAG_` header lines come first). A file
 * without the header line is read as unsorted: a binary search of an unsorted file misses tags.
 */
export function tagsSorting(head: string): TagsSorting {
  const m = /^!_TAG_FILE_SORTED\t([012])/m.exec(head);
  return m === null ? 0 : (Number(m[1]) as TagsSorting);
}

/**
 * Parses one tag line (`name<TAB>file<TAB>address;"<TAB>fields`, without its line break); undefined
 * for a header (`!_TAG_…`), a blank or a malformed line. The address is a line number or a
 * `/pattern/` (`?pattern?` searches backwards; read alike), with `\/`, `\?` and `\\` escaped; a
 * `line:` field, when the tags were made with line numbers, wins over a pattern.
 */
export function parseTagLine(text: string): Tag | undefined {
  if (text.endsWith('\r')) text = text.slice(0, -1);
  if (text === '' || text.startsWith('!_TAG_')) return undefined;
  const t1 = text.indexOf('\t');
  const t2 = t1 < 0 ? -1 : text.indexOf('\t', t1 + 1);
  if (t1 <= 0 || t2 <= t1 + 1) return undefined;
  const name = text.slice(0, t1);
  const file = text.slice(t1 + 1, t2);
  const rest = text.slice(t2 + 1);
  let address: TagAddress;
  let fieldsAt: number;
  const c = rest.charAt(0);
  if (c === '/' || c === '?') {
    // The pattern ends at the first unescaped delimiter.
    let i = 1;
    let pattern = '';
    for (; i < rest.length && rest.charAt(i) !== c; i++) {
      if (rest.charAt(i) === '\\' && i + 1 < rest.length) {
        const n = rest.charAt(i + 1);
        // `\/`, `\?`, `\\` stand for the character; any other backslash is the source's own.
        if (n === c || n === '\\' || n === '/' || n === '?') {
          pattern += n;
          i++;
          continue;
        }
      }
      pattern += rest.charAt(i);
    }
    if (i >= rest.length) return undefined;
    let toEnd = false;
    if (pattern.startsWith('^')) pattern = pattern.slice(1);
    else return undefined;
    if (pattern.endsWith('$') && !pattern.endsWith('\\$')) {
      pattern = pattern.slice(0, -1);
      toEnd = true;
    }
    address = { pattern, toEnd };
    fieldsAt = i + 1;
  } else {
    const m = /^(\d+)/.exec(rest);
    if (m === null) return undefined;
    address = { line: Number(m[1]) };
    fieldsAt = m[1].length;
  }
  let kind = '';
  const fields = rest.slice(fieldsAt);
  if (fields.startsWith(';"')) {
    for (const f of fields.slice(2).split('\t')) {
      if (f === '') continue;
      const colon = f.indexOf(':');
      if (colon < 0) kind = kind === '' ? f : kind;
      else if (f.slice(0, colon) === 'kind') kind = f.slice(colon + 1);
      else if (f.slice(0, colon) === 'line' && /^\d+$/.test(f.slice(colon + 1))) address = { line: Number(f.slice(colon + 1)) };
    }
  }
  return { name, file, address, kind };
}

/** The kind words some ctags print instead of the letter. */
const KIND_LETTERS: Readonly<Record<string, string>> = { function: 'f', prototype: 'p', macro: 'd', variable: 'v', member: 'm', struct: 's' };

/** The one-letter kind of a tag (`f` for `function`). */
function kindLetter(tag: Tag): string {
  return KIND_LETTERS[tag.kind] ?? tag.kind;
}

/**
 * The tags to go to among those of one name: the function definitions (kind `f`) when there are
 * any; else every tag but prototypes (`p`, `x`: declarations elsewhere) when any is left; else all.
 * At most `max`, in the file's order.
 */
export function definitionTags(tags: readonly Tag[], max: number): Tag[] {
  const functions = tags.filter((t) => kindLetter(t) === 'f');
  if (functions.length > 0) return functions.slice(0, max);
  const others = tags.filter((t) => kindLetter(t) !== 'p' && kindLetter(t) !== 'x');
  return (others.length > 0 ? others : [...tags]).slice(0, max);
}

/**
 * The 0-based line of `text` a tag's address points at, or -1: a line number (1-based in the tags
 * file) within the text, or the first line that equals the pattern (starts with it when the
 * pattern does not run to the line's end: ctags cut long ones), ignoring a CR at the line's end.
 */
export function findTagLine(text: string, address: TagAddress): number {
  if ('line' in address) {
    const l = address.line - 1;
    if (l < 0) return -1;
    let n = 0;
    for (let i = text.indexOf('\n'); i >= 0 && n < l; i = text.indexOf('\n', i + 1)) n++;
    return n === l ? l : -1;
  }
  const { pattern, toEnd } = address;
  let line = 0;
  for (let s = 0; s <= text.length; line++) {
    let e = text.indexOf('\n', s);
    if (e < 0) e = text.length;
    const end = e > s && text.charCodeAt(e - 1) === 13 ? e - 1 : e;
    if (text.startsWith(pattern, s) && (!toEnd || end - s === pattern.length)) return line;
    s = e + 1;
  }
  return -1;
}

/**
 * A guess at the definition of `name` in `text` when its tag's pattern no longer matches (the
 * source changed since the tags were made): the first line that starts with no blank and no
 * comment (`/`, `*`) and holds `name` as a word followed by `(` (how a kernel-style definition
 * begins: `static int name(`; `SYSCALL_DEFINE3(read,` does not count), else -1. As Vim does when
 * a tag's pattern fails.
 */
export function guessTagLine(text: string, name: string): number {
  if (name === '') return -1;
  let line = 0;
  for (let s = 0; s < text.length; line++) {
    let e = text.indexOf('\n', s);
    if (e < 0) e = text.length;
    const c = text.charCodeAt(s);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 47 && c !== 42 && e > s) {
      for (let i = text.indexOf(name, s); i >= 0 && i < e; i = text.indexOf(name, i + 1)) {
        const before = i === s ? '' : text.charAt(i - 1);
        let j = i + name.length;
        while (text.charAt(j) === ' ' || text.charAt(j) === '\t') j++;
        if (!/[A-Za-z0-9_]/.test(before) && text.charAt(j) === '(' && j < e) return line;
      }
    }
    s = e + 1;
  }
  return -1;
}
