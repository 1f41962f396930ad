// Line maps of the slices the server cut, by slice document (bounded), for hovers and "Reveal in Full Trace".
import { mapSliceLine, parseSliceUri, type SliceSpec } from '../protocol';

/** A slice's source, spec and line map. */
export interface SliceMapEntry {
  readonly source: string;
  readonly spec: SliceSpec;
  readonly lineMap: readonly number[];
}

/** Key of a slice independent of how its URI was encoded: the decoded source and spec. */
function keyOf(source: string, spec: SliceSpec): string {
  return JSON.stringify([source, spec]);
}

/** The line maps of the newest slices (least recently used dropped beyond `capacity`). */
export class SliceMaps {
  private readonly entries = new Map<string, SliceMapEntry>();

  constructor(private readonly capacity = 16) {}

  /** Remembers the line map of the slice `spec` of `source`. */
  remember(source: string, spec: SliceSpec, lineMap: readonly number[]): void {
    const key = keyOf(source, spec);
    this.entries.delete(key);
    this.entries.set(key, { source, spec, lineMap });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  /** The entry for a slice document URI, or undefined when the URI is no slice or its map is not known. */
  get(sliceUri: string): SliceMapEntry | undefined {
    const p = parseSliceUri(sliceUri);
    if (p === undefined) return undefined;
    const key = keyOf(p.source, p.spec);
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  /** The full-trace line of 0-based `line` of the slice document, null when it has none, undefined when the map is not known. */
  fullLine(sliceUri: string, line: number): number | null | undefined {
    const e = this.get(sliceUri);
    return e === undefined ? undefined : mapSliceLine(e.lineMap, line);
  }
}
