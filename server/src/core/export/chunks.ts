// Collects small strings into chunks of a bounded size, so writers can stream a big export piece by piece.

/** Default chunk size in UTF-16 code units (about 64 KB of ASCII). */
export const CHUNK_CHARS = 1 << 16;

/** Accumulates strings; `take()` returns a full chunk once `full` is true. */
export class ChunkBuffer {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly limit = CHUNK_CHARS) {}

  /** Appends `s`. */
  push(s: string): void {
    this.parts.push(s);
    this.size += s.length;
  }

  /** True when at least `limit` characters are waiting. */
  get full(): boolean {
    return this.size >= this.limit;
  }

  /** The waiting text as one string ('' when nothing waits), and empties the buffer. */
  take(): string {
    const s = this.parts.join('');
    this.parts = [];
    this.size = 0;
    return s;
  }
}
