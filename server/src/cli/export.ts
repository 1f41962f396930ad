// `ftrace-lens export FILE --format chrome|speedscope|folded [--output OUT]`: streams an export of a trace to stdout or a file.
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { basename } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import type { Writable } from 'node:stream';
import type { TraceModel } from '../core/index';
import { EXPORT_FORMATS, LineTimeReader, clockNote, exportChunks, layoutCalls, type CallLineTimes, type ExportFormat } from '../core/export/index';
import { UserError, readTrace } from './readTrace';

export const EXPORT_USAGE = `usage: ftrace-lens export FILE --format chrome|speedscope|folded [--output OUT]

  chrome      Trace Event JSON (Perfetto UI, chrome://tracing): one complete event per call
  speedscope  speedscope JSON: one evented profile per task on each CPU
  folded      folded stacks "a;b;c N", N the self time in ns (FlameGraph, inferno, speedscope)
Writes to stdout unless --output is given; says on stderr where the times come from.`;

/** Runs `export` with the arguments after the command name; resolves to the exit code. */
export async function runExport(args: readonly string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(EXPORT_USAGE + '\n');
    return 0;
  }
  let format: string | undefined;
  let output: string | undefined;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--format' || a === '--output') {
      const v = args[++i];
      if (v === undefined || v === '') throw new UserError(`${a} needs a value\n${EXPORT_USAGE}`);
      if (a === '--format') format = v;
      else output = v;
    } else if (a.startsWith('--format=')) format = a.slice(9);
    else if (a.startsWith('--output=')) output = a.slice(9);
    else if (a.startsWith('-') && a !== '-') throw new UserError(`unknown option ${a} for export\n${EXPORT_USAGE}`);
    else files.push(a);
  }
  if (files.length !== 1) throw new UserError(`expected exactly one FILE\n${EXPORT_USAGE}`);
  if (format === undefined) throw new UserError(`export needs --format (${EXPORT_FORMATS.join(', ')})`);
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new UserError(`unknown format '${format}': use ${EXPORT_FORMATS.join(', ')}`);
  const fmt = format as ExportFormat;
  const file = files[0];
  const model = await readTrace(file, undefined, { log: (m) => process.stderr.write(`ftrace-lens: ${file}: ${m}\n`) });
  const times = fmt === 'folded' ? undefined : await readTimes(file, model);
  const layout = layoutCalls(model, times);
  process.stderr.write(`ftrace-lens: ${model.callCount} calls; ${clockNote(fmt, layout)}\n`);
  const out = output === undefined ? process.stdout : createWriteStream(output);
  if (output !== undefined) {
    await new Promise<void>((resolve, reject) => {
      (out as ReturnType<typeof createWriteStream>).once('open', () => resolve());
      out.once('error', (e: NodeJS.ErrnoException) => reject(new UserError(`${output}: cannot write (${e.code ?? e.message})`)));
    });
  }
  for (const chunk of exportChunks(model, fmt, layout, basename(file))) await write(out, chunk);
  if (output !== undefined) await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(new UserError(`${output}: ${e.message}`)) : resolve())));
  return 0;
}

/** Writes `s`, waiting while the stream's buffer is full. */
async function write(out: Writable, s: string): Promise<void> {
  if (!out.write(s)) await once(out, 'drain');
}

/** Reads the file a second time for the printed timestamps of the call lines (stops early when it prints none). */
async function readTimes(path: string, model: TraceModel): Promise<CallLineTimes> {
  const reader = new LineTimeReader(model);
  const decoder = new StringDecoder('utf8');
  await new Promise<void>((resolve, reject) => {
    const file = createReadStream(path, { highWaterMark: 1 << 22 });
    const src = path.endsWith('.gz') ? file.pipe(createGunzip()) : file;
    const done = (): void => {
      file.destroy();
      resolve();
    };
    file.on('error', (e: Error) => reject(new UserError(`${path}: ${e.message}`)));
    src.on('error', (e: Error) => reject(new UserError(`${path}: ${e.message}`)));
    src.on('data', (chunk: Buffer) => {
      reader.feed(decoder.write(chunk));
      if (!reader.wantsMore) done();
    });
    src.on('end', () => {
      reader.feed(decoder.end());
      resolve();
    });
  });
  return reader.finish();
}
