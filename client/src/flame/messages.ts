// Messages between the extension host and the Flame Graph webview (both sides import these types).

/** The document's calls as transferable buffers (see FlameDataResult in the protocol for their layouts). */
export interface FlamePayload {
  readonly title: string;
  readonly version: number;
  readonly count: number;
  readonly clock: 'abstime' | 'durations';
  readonly names: readonly string[];
  readonly lanes: readonly { label: string; first: number; count: number }[];
  readonly startNs: ArrayBuffer;
  readonly durNs: ArrayBuffer;
  readonly level: ArrayBuffer;
  readonly name: ArrayBuffer;
  readonly line: ArrayBuffer;
  readonly flags: ArrayBuffer;
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
