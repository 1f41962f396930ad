// Lexing apart (as the worker threads do, with fresh lexers and with lexers kept across chunks) and stitching in order gives the serial model on every corpus trace.
import { test } from 'node:test';
import { basename } from 'node:path';
import { parseTrace } from '../../server/src/core/index';
import { indexLexed } from '../unit/lexedIndex';
import { assertSameModel } from '../unit/sameModel';
import { files, present, read } from './corpusFiles';

const skip = present ? false : '../shared/corpus not found: lexed chunks not checked';

for (const dir of ['real', 'constructed']) {
  for (const path of files(dir)) {
    test(`lexed chunks = serial parse: ${dir}/${basename(path)}`, { skip }, () => {
      const text = read(path);
      const bytes = new TextEncoder().encode(text);
      const ref = parseTrace(text);
      for (const chunk of [1 << 16, 1 << 20]) assertSameModel(indexLexed(bytes, chunk).model, ref, text.split('\n'), `${dir}/${basename(path)} in ${chunk}-byte chunks`);
      // Two lexers that keep their names and predictions, taking the pieces in turn (as two workers).
      assertSameModel(indexLexed(bytes, 1 << 16, { lexers: 2 }).model, ref, text.split('\n'), `${dir}/${basename(path)}, two kept lexers`);
    });
  }
}
