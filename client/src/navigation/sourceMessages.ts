// What Go to Source says when it finds no definition: why, and what to do (pure: unit-tested).
import * as path from 'node:path';
import type { FunctionSourceResult } from '../../../server/src/protocol';

/** The message for a function `name` whose lookup (`a`) found nothing, nor did any symbol provider. */
export function notFoundMessage(name: string, a: FunctionSourceResult): string {
  if (a.names.length === 0) return `${name} is not a C function's name (a raw address?): there is no source to go to.`;
  const looked = a.names.join(', ');
  if (a.tagsFiles.length === 0) {
    return `No definition of ${looked} found: no tags file near this trace, and no symbol provider knew it. Run "make tags" at the top of your kernel tree (the trace's folder or one above it, or a workspace folder), or name a tags file in the setting ftraceLens.source.tagsFiles.`;
  }
  const files = a.tagsFiles.map((f) => path.join(path.basename(path.dirname(f)), path.basename(f))).join(', ');
  return `No definition of ${looked} in ${a.tagsFiles.length === 1 ? 'the tags file' : 'the tags files'} ${files}, and no symbol provider knew it. A function made by a macro needs a tag of its own; run "make tags" again if the tree changed.`;
}
