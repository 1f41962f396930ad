// Messages between the extension host and the Flame Graph webview (both sides import these types).
import type { FlameColumnOffsets, LineMap } from '../../../server/src/protocol';

/** The document's calls: one transferable buffer of columns (offsets and layouts: FlameDataResult in the protocol). */
export interface FlamePayload {
  readonly title: string;
  readonly version: number;
  readonly count: number;
  readonly clock: 'abstime' | 'durations';
  readonly names: readonly string[];
  readonly lanes: readonly { label: string; first: number; count: number }[];
  /** The trace says which task ran: off-CPU time is known (else sleeps are only probable). */
  readonly taskInfo: boolean;
  readonly columns: FlameColumnOffsets;
  readonly buffer: ArrayBuffer;
  /** For a slice, its line map to the full trace (tooltips name full-trace lines); absent for any other document. */
  readonly lineMap?: LineMap;
}

/** Host → webview. */
export type ToWebview =
  | { readonly type: 'data'; readonly payload: FlamePayload }
  | { readonly type: 'status'; readonly text: string }
  /** The editor's cursor is in the call whose first line is `line` (0-based), or in none (-1). */
  | { readonly type: 'highlight'; readonly line: number };

/** Webview → host. */
export type FromWebview =
  | { readonly type: 'ready' }
  /** Reveal 0-based `line` of the trace in the editor. */
  | { readonly type: 'reveal'; readonly line: number }
  /** The first frame of a payload was drawn `ms` after it arrived. */
  | { readonly type: 'rendered'; readonly version: number; readonly ms: number; readonly boxes: number };
