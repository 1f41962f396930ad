// Adapter for ftrace/export: writes the export of a document or a disk-indexed trace (core writers, chunk by chunk) to the file the client chose.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';
import type { TraceModel } from './core/index';
import { clockNote, exportChunks, layoutCalls, type CallLineTimes } from './core/export/index';
import type { ExportParams, ExportResult } from './protocol';

/** Chunks written between two yields to the event loop (other requests are answered meanwhile). */
const CHUNKS_PER_TURN = 16;

/**
 * Writes the export of `model` (the document or disk index at `version`; `times()` reads the
 * printed timestamps) in `p.format` to the `file:` URI `p.target`. Rejects with a ResponseError people can
 * read when the target is not a file URI or cannot be written, or when the client cancels (the
 * partial file is then left as written).
 */
export async function exportToFile(model: TraceModel, version: number, times: () => CallLineTimes, p: ExportParams, token?: CancellationToken): Promise<ExportResult> {
  let path: string;
  try {
    path = fileURLToPath(p.target);
  } catch {
    throw new ResponseError(LSPErrorCodes.RequestFailed, `cannot write to ${p.target}: not a file URI`);
  }
  const layout = layoutCalls(model, p.format === 'folded' ? undefined : times());
  const name = path.split(/[\\/]/).pop() ?? 'trace';
  const out = createWriteStream(path);
  const failed = new Promise<never>((_, reject) => out.once('error', (e: NodeJS.ErrnoException) => reject(new ResponseError(LSPErrorCodes.RequestFailed, `cannot write ${path}: ${e.code ?? e.message}`))));
  failed.catch(() => undefined);
  await Promise.race([once(out, 'open'), failed]);
  let n = 0;
  for (const chunk of exportChunks(model, p.format, layout, name)) {
    if (token?.isCancellationRequested) {
      out.destroy();
      throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    }
    if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
    if (++n % CHUNKS_PER_TURN === 0) await new Promise((r) => setImmediate(r));
  }
  await Promise.race([new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(new ResponseError(LSPErrorCodes.RequestFailed, `cannot write ${path}: ${e.message}`)) : resolve()))), failed]);
  return {
    version,
    bytes: out.bytesWritten,
    calls: model.callCount,
    clock: p.format === 'folded' ? null : layout.source,
    note: clockNote(p.format, layout),
  };
}
