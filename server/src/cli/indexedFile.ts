// A trace file indexed from disk with its lines read back by offset (slice, errors): plain files in place, gzip through a temporary copy.
import { closeSync, createReadStream, createWriteStream, fstatSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { FileLines, indexChunks, type TraceModel } from '../core/index';
import { UserError, checkFile } from './readTrace';

/**
 * Indexes trace `file` (`name` in messages) and runs `use` on its model and lines (read back from
 * the file by offset while `use` runs). A compressed file (`.gz`) is first decompressed to a
 * temporary file, deleted afterwards.
 */
export async function withIndexedFile<T>(file: string, use: (model: TraceModel, lines: FileLines) => T): Promise<T> {
  checkFile(file);
  if (!file.endsWith('.gz')) return indexPlain(file, file, use);
  const dir = mkdtempSync(join(tmpdir(), 'ftrace-lens-'));
  try {
    const plain = join(dir, 'trace');
    try {
      await pipeline(createReadStream(file), createGunzip(), createWriteStream(plain));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new UserError(`${file}: ${code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' ? 'not valid gzip data' : code === 'ENOSPC' ? `no space left to decompress it in ${tmpdir()}` : (e as Error).message}`);
    }
    return await indexPlain(plain, file, use);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function indexPlain<T>(path: string, name: string, use: (model: TraceModel, lines: FileLines) => T): Promise<T> {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const read = (buf: Uint8Array, length: number, position: number): Promise<number> => Promise.resolve(readSync(fd, buf, 0, length, position));
    const r = await indexChunks(read, size);
    if (r === 'cancelled') throw new UserError(`${name}: cancelled`);
    if ('reason' in r) throw new UserError(`${name}: ${r.message}`);
    return use(r.model, new FileLines((b, o, n, p) => readSync(fd, b, o, n, p), r.checkpoints, r.model.lineCount, r.bytes));
  } finally {
    closeSync(fd);
  }
}
