// Disk indexes of trace files by URI: one shared indexing per file, cancellation that frees it, change detection (stat before every answer, a watcher) and state notifications.
import { statSync, watch, type FSWatcher } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_RANK_POLICY, rootGroups, type TraceModel, type LineCheckpoints } from '../core/index';
import { MAX_SLOWEST, byTimeCached, slowestCached } from '../service/rankCaches';
import type { FileIdentity, IndexFileResult, IndexStateParams } from '../protocol';
import { IndexError, identityChange, identityOf, indexTraceFile, type IndexProgress } from './fileIndexer';

/** A ready disk index. */
export interface DiskTrace {
  readonly uri: string;
  readonly path: string;
  readonly model: TraceModel;
  readonly checkpoints: LineCheckpoints;
  /** Bytes indexed. */
  readonly bytes: number;
  readonly identity: FileIdentity;
  /** Grows by one per indexing of the URI; the `version` of answers from this index. */
  readonly generation: number;
  readonly indexMs: number;
}

/** What {@link DiskIndexes.lookup} finds for a URI. */
export type DiskLookup = { readonly trace: DiskTrace } | { readonly stale: string } | undefined;

/** Thrown to a waiter whose indexing was cancelled. */
export class IndexCancelled extends Error {}

interface Pending {
  readonly promise: Promise<IndexFileResult | 'cancelled'>;
  readonly abort: AbortController;
  readonly listeners: Set<(p: IndexProgress) => void>;
  waiters: number;
}

interface Entry {
  readonly path: string;
  trace?: DiskTrace;
  stale?: string;
  pending?: Pending;
  watcher?: FSWatcher;
  timer?: ReturnType<typeof setTimeout>;
}

/** Where indexes report what happens. */
export interface DiskIndexEvents {
  state(p: IndexStateParams): void;
  log(message: string): void;
}

/** The `file:` URI's path, or undefined for other schemes and malformed URIs. */
export function pathOfUri(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** The disk indexes of one server. */
export class DiskIndexes {
  private readonly entries = new Map<string, Entry>();
  private readonly generations = new Map<string, number>();

  constructor(private readonly events: DiskIndexEvents) {}

  /**
   * Indexes the file of `uri` (or joins the indexing under way, or answers from a current index).
   * `signal` is this caller's cancellation: the reading stops when every caller has cancelled.
   * Rejects with {@link IndexCancelled} when this caller cancelled.
   */
  async index(uri: string, signal: AbortSignal, onProgress?: (p: IndexProgress) => void): Promise<IndexFileResult> {
    const path = pathOfUri(uri);
    if (path === undefined) return { ok: false, uri, reason: 'unsupportedUri', message: `${uri}: only file: URIs can be indexed from disk` };
    let e = this.entries.get(uri);
    if (e?.trace !== undefined && this.lookup(uri) !== undefined && e.trace !== undefined) return okResult(e.trace, 0);
    e = this.entries.get(uri);
    if (e === undefined || e.pending === undefined) {
      e = { path };
      this.entries.set(uri, e);
      e.pending = this.start(uri, e);
    }
    const p = e.pending!;
    p.waiters++;
    if (onProgress !== undefined) p.listeners.add(onProgress);
    let left = false;
    const leave = (): void => {
      if (left) return;
      left = true;
      if (onProgress !== undefined) p.listeners.delete(onProgress);
      if (--p.waiters === 0) p.abort.abort();
    };
    if (signal.aborted) leave();
    else signal.addEventListener('abort', leave, { once: true });
    try {
      const r = await p.promise;
      if (signal.aborted || r === 'cancelled') throw new IndexCancelled('cancelled');
      return r;
    } finally {
      signal.removeEventListener('abort', leave);
      if (onProgress !== undefined) p.listeners.delete(onProgress);
    }
  }

  private start(uri: string, e: Entry): Pending {
    const generation = (this.generations.get(uri) ?? 0) + 1;
    this.generations.set(uri, generation);
    const abort = new AbortController();
    const listeners = new Set<(p: IndexProgress) => void>();
    this.events.state({ uri, state: 'indexing', generation });
    const t0 = performance.now();
    const promise = indexTraceFile(e.path, { signal: abort.signal, onProgress: (p) => listeners.forEach((l) => l(p)), log: (m) => this.events.log(m) }).then(
      ({ trace, identity }): IndexFileResult => {
        const ms = performance.now() - t0;
        const dt: DiskTrace = { uri, path: e.path, model: trace.model, checkpoints: trace.checkpoints, bytes: trace.bytes, identity, generation, indexMs: ms };
        e.pending = undefined;
        if (this.entries.get(uri) !== e) return okResult(dt, ms); // closed meanwhile: answer, keep nothing
        e.trace = dt;
        this.watch(uri, e);
        this.events.log(`indexed ${e.path}: ${dt.model.lineCount} lines, ${dt.model.callCount} calls, ${trace.bytes} bytes in ${ms.toFixed(0)} ms`);
        this.events.state({ uri, state: 'indexed', generation });
        // Right after the answer: the columns and rankings the panel's first requests need.
        setImmediate(() => { if (e.trace === dt) warmUp(dt.model); });
        return okResult(dt, ms);
      },
      (err: unknown): IndexFileResult | 'cancelled' => {
        e.pending = undefined;
        if (this.entries.get(uri) === e) this.entries.delete(uri);
        this.events.state({ uri, state: 'closed', generation });
        if (err instanceof IndexError) {
          if (err.reason === 'cancelled') return 'cancelled';
          this.events.log(`not indexed: ${err.message}`);
          return { ok: false, uri, reason: err.reason, message: err.message };
        }
        const message = `${e.path}: indexing failed (${err instanceof Error ? err.message : String(err)})`;
        this.events.log(message);
        return { ok: false, uri, reason: 'unreadable', message };
      },
    );
    return { promise, abort, listeners, waiters: 0 };
  }

  /**
   * The index of `uri` if it still matches the file (size, mtime, inode checked now), the reason
   * it is stale, or undefined when there is none (never indexed, closed, or still indexing).
   */
  lookup(uri: string): DiskLookup {
    const e = this.entries.get(uri);
    if (e === undefined) return undefined;
    if (e.stale !== undefined) return { stale: e.stale };
    if (e.trace === undefined) return undefined;
    const change = this.changeOf(e.trace);
    if (change === undefined) return { trace: e.trace };
    this.markStale(uri, e, change);
    return { stale: e.stale! };
  }

  private changeOf(t: DiskTrace): string | undefined {
    try {
      return identityChange(t.identity, identityOf(statSync(t.path)));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return code === 'ENOENT' ? 'the file was deleted' : `the file cannot be read any more (${code ?? String(err)})`;
    }
  }

  private markStale(uri: string, e: Entry, change: string): void {
    const generation = e.trace?.generation ?? this.generations.get(uri) ?? 0;
    e.trace = undefined; // frees the model
    e.stale = `${e.path}: ${change} since it was indexed; index it again`;
    this.unwatch(e);
    this.events.log(e.stale);
    this.events.state({ uri, state: 'stale', generation, message: e.stale });
  }

  /** Watches the file so a change is noticed (and memory freed) before the next request. */
  private watch(uri: string, e: Entry): void {
    try {
      e.watcher = watch(e.path, { persistent: false }, () => {
        clearTimeout(e.timer);
        e.timer = setTimeout(() => { if (this.entries.get(uri) === e) this.lookup(uri); }, 50);
      });
      e.watcher.on('error', () => this.unwatch(e));
    } catch {
      // No watcher (some file systems): the stat before every answer still catches changes.
    }
  }

  private unwatch(e: Entry): void {
    clearTimeout(e.timer);
    e.watcher?.close();
    e.watcher = undefined;
  }

  /** Frees the index of `uri` (cancelling an indexing under way); false when there was none. */
  close(uri: string): boolean {
    const e = this.entries.get(uri);
    if (e === undefined) return false;
    this.entries.delete(uri);
    this.unwatch(e);
    e.pending?.abort.abort();
    const generation = this.generations.get(uri) ?? 0;
    if (e.trace !== undefined || e.stale !== undefined) this.events.state({ uri, state: 'closed', generation });
    e.trace = undefined;
    return true;
  }

  /** Frees every index. */
  dispose(): void {
    for (const uri of [...this.entries.keys()]) this.close(uri);
  }
}

/**
 * Derives the lazy columns (children, self times, function statistics) the panel's first requests
 * need, ranks the slowest calls and sorts each group's top-level calls by time under the default
 * policy (run after indexing), so that the status bar's, Jump to Slowest Call's and the Call
 * Tree's first answers come from the caches, not from a pass over every call.
 */
export function warmUp(model: TraceModel): void {
  void model.functions;
  void model.calls.selfNs;
  slowestCached(model, MAX_SLOWEST, DEFAULT_RANK_POLICY);
  for (const g of rootGroups(model)) byTimeCached(model, `group:${g.key}`, g.roots, DEFAULT_RANK_POLICY);
}

function okResult(t: DiskTrace, ms: number): IndexFileResult {
  const m = t.model;
  return {
    ok: true, uri: t.uri, generation: t.generation, lines: m.lineCount, calls: m.callCount, cpus: m.cpus, tasks: m.tasks.size,
    hasDurations: m.hasDurations, file: t.identity, indexMs: ms,
  };
}
