// Growable typed-array columns for the compact model (amortised doubling, trimmed when the parse ends).

type TypedArray = Int32Array | Int16Array | Uint8Array | Float64Array;
type TypedArrayCtor<T extends TypedArray> = { new (length: number): T };

/** An append-only column backed by a typed array. */
export class Column<T extends TypedArray> {
  data: T;
  length = 0;

  constructor(private readonly ctor: TypedArrayCtor<T>, capacity = 1024) {
    this.data = new ctor(capacity);
  }

  /** Appends a value and returns its index. */
  push(v: number): number {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length] = v;
    return this.length++;
  }

  /** Makes room for at least `n` elements. */
  grow(n: number): void {
    if (n <= this.data.length) return;
    const next = new this.ctor(Math.max(n, this.data.length * 2));
    next.set(this.data as never);
    this.data = next;
  }

  /** A copy holding exactly the pushed elements (releases the spare capacity). */
  trimmed(): T {
    if (this.length === this.data.length) return this.data;
    const out = new this.ctor(this.length);
    out.set(this.data.subarray(0, this.length) as never);
    return out;
  }
}
