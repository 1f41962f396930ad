// Finds the C source lines that define a function: the tags files a trace can use (setting, workspace folders, the nearest `tags` above the trace), looked up name by name.
import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { definitionTags, findTagLine, guessTagLine, type Tag } from '../core/index';
import type { SourceLine } from '../service/definition';
import { lookUpTags } from './tagsFile';
import { pathOfUri } from './diskIndexes';

/** Definitions kept per name (a function defined once per architecture has a few). */
const MAX_DEFINITIONS = 20;
/** Source files larger than this are not read (no C file comes near). */
const MAX_SOURCE_BYTES = 32 << 20;
/** Folders above a trace searched for a `tags` file. */
const MAX_ANCESTORS = 32;

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * The tags files for a trace, each once, in this order: those the setting names (a relative one
 * from each workspace folder), a `tags` at the root of each workspace folder, and the nearest
 * `tags` in the trace's folder or a folder above it (as Vim's `tags=./tags;` finds one). Only
 * files that exist.
 */
export async function tagsFilesFor(traceUri: string, folders: readonly string[], setting: readonly string[]): Promise<string[]> {
  const candidates: string[] = [];
  for (const s of setting) {
    if (isAbsolute(s)) candidates.push(s);
    else for (const f of folders) candidates.push(resolve(f, s));
  }
  for (const f of folders) candidates.push(join(f, 'tags'));
  const out: string[] = [];
  for (const c of candidates) if (!out.includes(c) && (await isFile(c))) out.push(c);
  const trace = pathOfUri(traceUri);
  if (trace !== undefined) {
    let dir = dirname(trace);
    for (let i = 0; i < MAX_ANCESTORS; i++) {
      const t = join(dir, 'tags');
      if (await isFile(t)) {
        if (!out.includes(t)) out.push(t);
        break;
      }
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  return out;
}

/** What a lookup found, and the tags files it could not read (with why). */
export interface SourceLookup {
  readonly found: SourceLine[];
  readonly unreadable: { path: string; error: string }[];
}

/**
 * The definitions of the first of `names` that any of `tagsFiles` knows (all files are asked for
 * one name before the next name): each tag's line in its source file (a path relative to the tags
 * file's folder), found by the tag's line number or search pattern, else guessed (guessTagLine);
 * a tag whose file is gone, or whose name no definition-like line holds, is left out. `stop()` ends the lookup early (a cancelled request).
 */
export async function findDefinitions(names: readonly string[], tagsFiles: readonly string[], stop: () => boolean = () => false): Promise<SourceLookup> {
  const unreadable: { path: string; error: string }[] = [];
  const bad = new Set<string>();
  for (const name of names) {
    const tags: { tag: Tag; dir: string }[] = [];
    for (const path of tagsFiles) {
      if (stop()) return { found: [], unreadable };
      if (bad.has(path)) continue;
      try {
        for (const tag of definitionTags(await lookUpTags(path, name, stop), MAX_DEFINITIONS)) tags.push({ tag, dir: dirname(path) });
      } catch (e) {
        bad.add(path);
        unreadable.push({ path, error: e instanceof Error ? e.message : String(e) });
      }
    }
    const found: SourceLine[] = [];
    const texts = new Map<string, string | undefined>();
    for (const { tag, dir } of tags.slice(0, MAX_DEFINITIONS)) {
      if (stop()) return { found: [], unreadable };
      const file = resolve(dir, tag.file);
      if (!texts.has(file)) texts.set(file, await sourceText(file));
      const text = texts.get(file);
      if (text === undefined) continue;
      // A tags file older than its source: the line is guessed, as Vim does.
      let line = findTagLine(text, tag.address);
      if (line < 0) line = guessTagLine(text, tag.name);
      if (line < 0) continue;
      const uri = pathToFileURL(file).toString();
      if (found.some((f) => f.uri === uri && f.line === line)) continue;
      found.push({ uri, line, text: lineAt(text, line), name });
    }
    if (found.length > 0) return { found, unreadable };
  }
  return { found: [], unreadable };
}

async function sourceText(path: string): Promise<string | undefined> {
  try {
    const st = await stat(path);
    if (!st.isFile() || st.size > MAX_SOURCE_BYTES) return undefined;
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Text of 0-based `line` of `text` (without its line break). */
function lineAt(text: string, line: number): string {
  let s = 0;
  for (let i = 0; i < line; i++) {
    const nl = text.indexOf('\n', s);
    if (nl < 0) return '';
    s = nl + 1;
  }
  let e = text.indexOf('\n', s);
  if (e < 0) e = text.length;
  return text.slice(s, e > s && text.charCodeAt(e - 1) === 13 ? e - 1 : e);
}
