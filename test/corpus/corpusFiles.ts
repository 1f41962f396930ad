// Access to ../shared/corpus for the corpus tests: its location, whether it is there, its files, their text (gunzipped).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** The shared trace corpus beside the repository. */
export const corpus = resolve(__dirname, '..', '..', '..', 'shared', 'corpus');

/** True when the corpus is there (tests skip visibly otherwise). */
export const present = existsSync(corpus);

/** Text of a corpus file, gunzipped when it ends in .gz. */
export function read(path: string): string {
  const buf = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
}

/** The trace files of a corpus folder (`real`, `constructed`, …), sorted; none when absent. */
export function files(dir: string): string[] {
  const d = join(corpus, dir);
  return existsSync(d) ? readdirSync(d).filter((f) => !f.endsWith('.md')).sort().map((f) => join(d, f)) : [];
}
