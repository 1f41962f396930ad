// Hands big binary answers to the client through private temporary files (LSP messages are JSON; the client and server share a machine).
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Files the client has not taken after this long are removed, ms. */
const MAX_AGE_MS = 120_000;

let dir: string | undefined;

/**
 * Writes `bytes` to a new file (mode 0600) in this process's private directory (mode 0700, under
 * the OS temporary folder) and returns its path, or undefined when that fails (no space, read-only
 * temporary folder): the caller then sends the bytes inline. The client reads and deletes it;
 * files older than two minutes, which no client took, are removed on the next write and at exit.
 */
export function writeHandoff(bytes: Uint8Array): string | undefined {
  try {
    if (dir === undefined) {
      dir = mkdtempSync(join(tmpdir(), 'ftrace-lens-flame-'));
      const d = dir;
      process.once('exit', () => rmSync(d, { recursive: true, force: true }));
    }
    sweep(dir);
    const file = join(dir, `${randomBytes(9).toString('hex')}.bin`);
    writeFileSync(file, bytes, { mode: 0o600, flag: 'wx' });
    return file;
  } catch {
    return undefined;
  }
}

function sweep(d: string): void {
  const now = Date.now();
  for (const f of readdirSync(d)) {
    const p = join(d, f);
    try {
      if (now - statSync(p).mtimeMs > MAX_AGE_MS) rmSync(p, { force: true });
    } catch {
      // taken by the client meanwhile
    }
  }
}
