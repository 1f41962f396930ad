// Task runs on every corpus trace: ranges nest and each line's innermost node is its own call, whatever the interleaving.
import { test } from 'node:test';
import { basename } from 'node:path';
import { parseTrace } from '../../server/src/core/index';
import { assertRunInvariants } from '../unit/taskRunsCheck';
import { files, present, read } from './corpusFiles';

const skip = present ? false : '../shared/corpus not found: task runs not checked';

for (const dir of ['real', 'constructed']) {
  for (const path of files(dir)) {
    test(`task runs: ${dir}/${basename(path)}`, { skip }, () => assertRunInvariants(parseTrace(read(path)), basename(path)));
  }
}
