// The header of a Content-Length framed message, read exactly as vscode-jsonrpc's reader reads it (so the stdin filter frames every message as the server will).

const CR = 13;
const LF = 10;

/**
 * Finds the end of a header block, byte by byte, with the state machine of vscode-jsonrpc's
 * `AbstractMessageBuffer.tryReadHeaders` (node_modules/vscode-jsonrpc/lib/common/messageBuffer.js):
 * the block ends after the first CR LF CR LF that machine recognises (it is not the same as the
 * first occurrence of those four bytes: `\r\r\n\r\n` does not end a block). The state carries
 * across chunks.
 */
export class HeaderEnd {
  private state = 0;

  /** Offset just after the block's last byte in `chunk`, or -1 when the block goes on past it. */
  scan(chunk: Uint8Array): number {
    let state = this.state;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (c === CR) state = state === 0 ? 1 : state === 2 ? 3 : 0;
      else if (c === LF) {
        if (state === 1) state = 2;
        else if (state === 3) {
          this.state = 0;
          return i + 1;
        } else state = 0;
      } else state = 0;
    }
    this.state = state;
    return -1;
  }

  /** Starts over for the next header. */
  reset(): void {
    this.state = 0;
  }
}

/**
 * The body length vscode-jsonrpc's `ReadableStreamMessageReader` reads after this header block
 * (the bytes up to and including the blank line), or undefined when that reader would not frame
 * the message cleanly: a line without `:` (it throws), no or an empty `content-length`, a value
 * `parseInt` does not read as a non-negative safe integer. As there: the block is decoded as
 * ASCII, keys are compared in lower case without trimming, values are trimmed, and the last of
 * two equal keys wins.
 */
export function contentLength(block: Buffer): number | undefined {
  const lines = block.toString('ascii').split('\r\n');
  const headers = new Map<string, string>();
  for (let i = 0; i < lines.length - 2; i++) {
    const line = lines[i];
    const colon = line.indexOf(':');
    if (colon < 0) return undefined;
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  const value = headers.get('content-length');
  if (!value) return undefined;
  const n = parseInt(value);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}
