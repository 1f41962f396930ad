// A TraceBuilder that also takes plain call lines lexed apart (rows of a LexedChunk), in line order with the lines it parses itself.
import { TraceBuilder } from './callTreeBuilder';
import { LEX_ROW, type LexedChunk } from './chunkLexer';
import { PasteKind } from './lineFields';

// As the indexer and the CLI decode: a byte-order mark stays in the text.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** A {@link TraceBuilder} fed text and lexed rows in line order (see {@link applyRows}). */
export class RowBuilder extends TraceBuilder {
  /** True when the next plain call line may be recorded from its row (the fast path would read it: not inside a comment or pasted text). */
  get takesRows(): boolean {
    return !this.inComment && this.paste === PasteKind.None;
  }

  /** Records a plain call line from its row, as the fast path's `simple` branch does; `name` is this builder's id, `bytes` the line's length (ASCII). */
  recordRow(kind: number, cpu: number, depth: number, name: number, durationNs: number, stepNs: number, bytes: number): void {
    const f = this.f;
    f.kind = kind;
    f.cpu = cpu;
    f.pid = -1;
    f.depth = depth;
    f.durationNs = durationNs;
    f.durationStepNs = stepNs;
    f.tailStart = -1;
    this.st.lineName = name;
    this.charsDone += bytes;
    this.recordCall();
  }

  /** This builder's id of `name`. */
  nameId(name: string): number {
    return this.interner.idOf(name, 0, name.length);
  }
}

/**
 * Feeds the chunk `bytes` (whole lines; nothing unfinished before it) to `b` from its rows:
 * `row(pos, n)` is called before each row line (chunk offset, length), a row line is recorded
 * (or, inside a comment, parsed from its text), and each run of other lines goes to `other(s, e)`
 * (chunk offsets). Returns the first non-null answer of `other` (the rest is then not fed), else null.
 */
export function applyRows<S>(b: RowBuilder, bytes: Uint8Array, lexed: LexedChunk, other: (s: number, e: number) => S | null, row?: (pos: number, n: number) => void): S | null {
  const rows = lexed.rows;
  const names = lexed.names;
  const ids = new Int32Array(names.length).fill(-1);
  let pos = 0;
  for (let i = 0; i < lexed.count; i++) {
    const r = i * LEX_ROW;
    const kind = rows[r];
    const n = rows[r + 5];
    if (kind < 0) {
      const stop = other(pos, pos + n);
      if (stop !== null) return stop;
    } else {
      row?.(pos, n);
      if (b.takesRows) {
        const local = rows[r + 3];
        let name = -1;
        if (local >= 0) {
          name = ids[local];
          if (name < 0) name = ids[local] = b.nameId(names[local]);
        }
        b.recordRow(kind, rows[r + 1], rows[r + 2], name, lexed.durationNs[i], rows[r + 4], n);
      } else b.feed(decoder.decode(bytes.subarray(pos, pos + n)));
    }
    pos += n;
  }
  return null;
}
