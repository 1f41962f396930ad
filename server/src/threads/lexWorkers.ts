// How many lex worker threads an indexing of a file gets, and where their script is (next to the bundle, or the built one when run from source).
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

/** Files smaller than this are indexed on one thread (starting workers costs more than it saves). */
export const PARALLEL_MIN_BYTES = 32 << 20;
/**
 * With a single worker (2 CPUs), files smaller than this are read on one thread: the worker and
 * this thread then share the machine's two CPUs with the file's reads, and the fixed costs (a
 * second parser to warm up, the first piece parsed here) take what the worker saves. Measured on
 * a 2-CPU machine, one thread / one worker: 320 MB 1.20-1.31 / 1.27-1.37 s (default layout), 300 MB
 * of `trace-cmd report` 0.83-0.92 / 0.93-1.10 s; 600 MB 1.89-2.28 / 1.68-1.92 s; 1.1 GB 3.5-4.3 /
 * 2.8-3.0 s, 1 GB of `trace-cmd report` 2.30-2.89 / 2.13-2.14 s.
 */
export const ONE_WORKER_MIN_BYTES = 512 << 20;
/** Most lex workers (the stitching on the main thread bounds the speed-up: README "Big traces"). */
export const MAX_LEX_WORKERS = 7;

/**
 * Lex workers for a machine with `cpus` CPUs: one per CPU but the main thread's, at most
 * MAX_LEX_WORKERS; none on 1 CPU. On 2 CPUs one worker costs more CPU time in all (it lexes what
 * the main thread then records, plus the rows handed over) but pays on big files when the other
 * CPU is free (see ONE_WORKER_MIN_BYTES), and the main thread parses a share of the pieces itself
 * when the worker is the slower side (PieceCosts), so a busy machine costs it little.
 */
export function defaultWorkers(cpus: number): number {
  return cpus >= 2 ? Math.min(MAX_LEX_WORKERS, cpus - 1) : 0;
}

/** Options that choose the lex workers. */
export interface LexWorkerOptions {
  /** Worker threads; default: FTRACE_LENS_LEX_WORKERS, else {@link defaultWorkers}; 0 reads on one thread. */
  readonly workers?: number;
  /** The worker script; default: lexWorker.js next to the running bundle. */
  readonly workerScript?: string;
  /** Smallest file given workers (default PARALLEL_MIN_BYTES, or ONE_WORKER_MIN_BYTES for a single worker). */
  readonly minParallelBytes?: number;
  /** Where the indexing tells what it could not do in parallel. */
  readonly log?: (message: string) => void;
}

let missingLogged = false;

/** The worker script: lexWorker.js beside this bundle (server/out), else, run from source (tests, tsx), the one `npm run build` put in server/out. */
function defaultScript(): string | undefined {
  for (const p of [join(__dirname, 'lexWorker.js'), join(__dirname, '..', '..', 'out', 'lexWorker.js')]) if (existsSync(p)) return p;
  return undefined;
}

/** Workers and script for a file of `bytes` bytes (workers 0: one thread). */
export function lexWorkers(bytes: number, o: LexWorkerOptions): { workers: number; script: string } {
  const env = Number(process.env.FTRACE_LENS_LEX_WORKERS);
  const wanted = o.workers ?? (process.env.FTRACE_LENS_LEX_WORKERS !== undefined && Number.isInteger(env) && env >= 0 ? env : defaultWorkers(availableParallelism()));
  if (wanted <= 0 || bytes < (o.minParallelBytes ?? (wanted === 1 ? ONE_WORKER_MIN_BYTES : PARALLEL_MIN_BYTES))) return { workers: 0, script: '' };
  const script = o.workerScript ?? defaultScript();
  if (script === undefined || !existsSync(script)) {
    if (!missingLogged) o.log?.(`lex workers: ${script ?? join(__dirname, 'lexWorker.js')} not found: indexing on the main thread`);
    missingLogged = true;
    return { workers: 0, script: '' };
  }
  return { workers: wanted, script };
}
