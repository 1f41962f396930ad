// Foreign lines of the calls of every corpus trace, counted per call, equal the whole-model count.
import { test } from 'node:test';
import { basename } from 'node:path';
import { parseTrace } from '../../server/src/core/index';
import { assertForeignLines } from '../unit/foreignLinesCheck';
import { files, present, read } from './corpusFiles';

const skip = present ? false : '../shared/corpus not found: foreign lines not checked';

for (const dir of ['real', 'constructed']) {
  for (const path of files(dir)) {
    test(`foreign lines: ${dir}/${basename(path)}`, { skip }, () => {
      const model = parseTrace(read(path));
      // Every call of the small traces; on the big ones a sample (each call's count walks its span).
      assertForeignLines(model, basename(path), Math.max(1, Math.floor(model.callCount / 3000)));
    });
  }
}
