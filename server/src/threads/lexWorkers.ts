// How many lex worker threads an indexing of a file gets, and where their script is (next to the bundle, or the built one when run from source).
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

/** Files smaller than this are indexed on one thread (starting workers costs more than it saves). */
export const PARALLEL_MIN_BYTES = 32 << 20;
/** Most lex workers (the stitching on the main thread bounds the speed-up: README "Big traces"). */
export const MAX_LEX_WORKERS = 7;

/**
 * Lex workers for a machine with `cpus` CPUs: one per CPU but the main thread's, at most
 * MAX_LEX_WORKERS; none on 1 CPU. On 2 CPUs one worker costs more CPU time in all (it lexes what
 * the main thread then records, plus the rows handed over) but pays when the other CPU is free,
 * and the main thread parses pieces itself when the worker falls behind (lexInOrder), so a busy
 * machine costs it little (1.1 GB on a 2-CPU machine: 1.18x idle, 0.9-1.1x beside a busy process).
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
  /** Smallest file given workers (default PARALLEL_MIN_BYTES). */
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
  if (wanted <= 0 || bytes < (o.minParallelBytes ?? PARALLEL_MIN_BYTES)) return { workers: 0, script: '' };
  const script = o.workerScript ?? defaultScript();
  if (script === undefined || !existsSync(script)) {
    if (!missingLogged) o.log?.(`lex workers: ${script ?? join(__dirname, 'lexWorker.js')} not found: indexing on the main thread`);
    missingLogged = true;
    return { workers: 0, script: '' };
  }
  return { workers: wanted, script };
}
