// (uri, version) -> parsed trace: one parse per document version, bounded, evicted on close.
import { parseTrace, type TraceModel } from './core/index';

/** What the cache needs of a document. */
export interface VersionedText {
  readonly uri: string;
  readonly version: number;
  getText(): string;
  /** The model of this version when it is parsed already (a document parsed as it arrived). */
  readonly parsed?: { readonly model: TraceModel; readonly parseMs: number };
}

/** A parsed document version. */
export interface CachedTrace {
  readonly uri: string;
  readonly version: number;
  readonly model: TraceModel;
  /** Milliseconds the parse took. */
  readonly parseMs: number;
}

/** Keeps the newest model of each open document (least recently used evicted beyond `capacity`). */
export class TraceCache {
  private readonly entries = new Map<string, CachedTrace>();
  /** Models that came with their documents and were cached once already. */
  private readonly admitted = new WeakSet<object>();
  /** Parses done so far (tests check "one parse per version"). */
  parses = 0;

  constructor(private readonly capacity = 8, private readonly onParsed?: (t: CachedTrace) => void) {}

  /** The model of `doc` at its current version, parsing it when needed. */
  get(doc: VersionedText): CachedTrace {
    const hit = this.entries.get(doc.uri);
    if (hit !== undefined && hit.version === doc.version) {
      this.entries.delete(doc.uri);
      this.entries.set(doc.uri, hit);
      return hit;
    }
    let entry: CachedTrace;
    let parsedNow = true;
    if (doc.parsed !== undefined) {
      entry = { uri: doc.uri, version: doc.version, ...doc.parsed };
      // Back after an eviction: no parse happened (the model came with the document).
      parsedNow = !this.admitted.has(doc.parsed);
      this.admitted.add(doc.parsed);
    } else {
      const start = performance.now();
      const model = parseTrace(doc.getText());
      entry = { uri: doc.uri, version: doc.version, model, parseMs: performance.now() - start };
    }
    this.entries.delete(doc.uri);
    this.entries.set(doc.uri, entry);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    if (parsedNow) {
      this.parses++;
      this.onParsed?.(entry);
    }
    return entry;
  }

  /** The cached entry without parsing (may be older than the document). */
  peek(uri: string): CachedTrace | undefined {
    return this.entries.get(uri);
  }

  /** Forgets a closed document. */
  delete(uri: string): void {
    this.entries.delete(uri);
  }
}
