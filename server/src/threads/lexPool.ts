// A pool of worker threads that lex chunks of whole lines (lexWorker.ts); a worker that fails rejects its chunks, and the pool stops taking new ones.
import { Worker } from 'node:worker_threads';

/** Buffers of a reply's rows, lent back for another chunk's (see LexScratch). */
export interface RowBuffers {
  readonly rows: ArrayBuffer;
  readonly durationNs: ArrayBuffer;
}

/** A chunk sent to a worker: bytes [0, length) of `buffer` (transferred, sent back with the reply), and maybe an earlier reply's row buffers to write the rows into (transferred). */
export interface LexRequest extends Partial<RowBuffers> {
  readonly id: number;
  readonly buffer: ArrayBuffer;
  readonly length: number;
}

/** A worker's answer: the chunk's bytes back and the fields of its LexedChunk. */
export interface LexReply {
  readonly id: number;
  readonly buffer: ArrayBuffer;
  readonly length: number;
  readonly rows: Int32Array;
  readonly durationNs: Float64Array;
  readonly count: number;
  readonly names: string[];
  readonly firstName: number;
  /** Milliseconds the worker took to lex the chunk (see PieceCosts). */
  readonly lexMs: number;
}

/** A reply and the worker (0…size-1) that lexed it: each worker's chunks name its own lexer's names (see LexedNames). */
export interface LexAnswer {
  readonly reply: LexReply;
  readonly worker: number;
}

interface Job {
  readonly resolve: (r: LexAnswer) => void;
  readonly reject: (e: Error) => void;
}

interface Slot {
  readonly worker: Worker;
  readonly jobs: Map<number, Job>;
}

/** Worker threads running `script` (a bundled lexWorker.js, or lexWorker.ts under a TypeScript loader). */
export class LexPool {
  private readonly slots: Slot[] = [];
  private nextId = 0;
  private closed = false;
  /** Why the pool stopped taking chunks (a worker failed), else undefined. */
  failure: string | undefined;

  constructor(script: string, size: number) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(script);
      const slot: Slot = { worker, jobs: new Map() };
      const index = i;
      worker.on('message', (r: LexReply) => {
        const job = slot.jobs.get(r.id);
        slot.jobs.delete(r.id);
        job?.resolve({ reply: r, worker: index });
      });
      worker.on('error', (e: Error) => this.fail(slot, `lex worker failed: ${e.message}`));
      worker.on('messageerror', (e: Error) => this.fail(slot, `lex worker sent an unreadable message: ${e.message}`));
      worker.on('exit', (code) => this.fail(slot, `lex worker exited (code ${code})`));
      this.slots.push(slot);
    }
  }

  /**
   * Lexes bytes [0, length) of `buffer` on the least busy worker; the buffer is moved to it
   * (detached here) and comes back in the reply, as do `rowBuffers` (the rows are written into them
   * when they are big enough).
   */
  lex(buffer: ArrayBuffer, length: number, rowBuffers?: RowBuffers): Promise<LexAnswer> {
    if (this.failure !== undefined || this.closed || this.slots.length === 0) return Promise.reject(new Error(this.failure ?? 'lex pool closed'));
    let slot = this.slots[0];
    for (const s of this.slots) if (s.jobs.size < slot.jobs.size) slot = s;
    const id = this.nextId++;
    const s = slot;
    return new Promise<LexAnswer>((resolve, reject) => {
      s.jobs.set(id, { resolve, reject });
      const req: LexRequest = { id, buffer, length, ...rowBuffers };
      s.worker.postMessage(req, rowBuffers === undefined ? [buffer] : [buffer, rowBuffers.rows, rowBuffers.durationNs]);
    });
  }

  /** Rejects the slot's chunks; the pool takes no more. */
  private fail(slot: Slot, why: string): void {
    if (this.closed && slot.jobs.size === 0) return;
    this.failure ??= why;
    const jobs = [...slot.jobs.values()];
    slot.jobs.clear();
    for (const j of jobs) j.reject(new Error(why));
  }

  /** Stops every worker (their chunks and memory are dropped; pending chunks reject). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.slots) {
      for (const j of s.jobs.values()) j.reject(new Error('lex pool closed'));
      s.jobs.clear();
    }
    await Promise.all(this.slots.map((s) => s.worker.terminate().catch(() => 0)));
  }
}
