// Whether this platform stores a 32-bit word's lowest-addressed byte in its low bits, for the readers that compare bytes a word at a time.

/** True on x64 and arm64 (every platform VS Code runs on); the word readers fall back to byte loops otherwise. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
