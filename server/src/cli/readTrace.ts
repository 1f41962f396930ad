// Reads a trace file (plain or .gz) in chunks into the core builder, with errors people can act on.
import { createReadStream, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { StringDecoder } from 'node:string_decoder';
import { TraceBuilder, type TraceModel } from '../core/index';

/** An error meant for the user: printed as-is, exit code 2. */
export class UserError extends Error {}

/** Checks that `path` names a readable regular file; throws a UserError otherwise. */
export function checkFile(path: string): void {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`${path}: no such file`);
    if (code === 'EACCES') throw new UserError(`${path}: permission denied`);
    throw new UserError(`${path}: cannot read (${code ?? String(e)})`);
  }
  if (st.isDirectory()) throw new UserError(`${path}: is a directory, not a trace file`);
  if (!st.isFile()) throw new UserError(`${path}: not a regular file`);
}

/**
 * Parses the file at `path` without holding it in memory as one string (traces can exceed V8's
 * string limit). Bytes are decoded as UTF-8 with replacement characters for invalid sequences.
 */
export async function readTrace(path: string): Promise<TraceModel> {
  checkFile(path);
  const builder = new TraceBuilder();
  const decoder = new StringDecoder('utf8');
  await new Promise<void>((resolve, reject) => {
    const file = createReadStream(path, { highWaterMark: 1 << 22 });
    const fail = (e: NodeJS.ErrnoException): void => {
      const what = e.code === 'EACCES' ? 'permission denied' : e.code === 'Z_DATA_ERROR' || e.code === 'Z_BUF_ERROR' ? 'not valid gzip data' : e.message;
      reject(new UserError(`${path}: ${what}`));
    };
    file.on('error', fail);
    const src = path.endsWith('.gz') ? file.pipe(createGunzip()) : file;
    src.on('error', fail);
    src.on('data', (chunk: Buffer) => builder.feed(decoder.write(chunk)));
    src.on('end', () => {
      builder.feed(decoder.end());
      resolve();
    });
  });
  return builder.finish();
}
