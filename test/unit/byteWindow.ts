// Test helper: a byte window as the parser's fast path holds one (the bytes, then zero padding, with its 32-bit view).
export function windowOf(bytes: number[]): { b: Uint8Array; w: Int32Array } {
  const cap = (bytes.length + 64 + 3) & ~3;
  const b = new Uint8Array(cap);
  b.set(bytes);
  return { b, w: new Int32Array(b.buffer, 0, cap >> 2) };
}
