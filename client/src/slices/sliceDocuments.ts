// Slice documents: read-only virtual ftrace documents (scheme ftrace-slice) holding part of a trace, with their line map to the full trace.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { mapSliceLine, parseSliceUri, SLICE_SCHEME, SliceLineRequest, SliceRequest, type LineMap, type SliceResult } from '../../../server/src/protocol';
import { send } from '../shared/requests';
import { lineNamesOf, PLAIN_LINE_NAMES, type LineNames } from './lineNames';

/** What the client keeps of an opened slice. */
export interface SliceInfo {
  /** The full trace. */
  readonly source: vscode.Uri;
  readonly title: string;
  readonly lineMap: readonly number[];
  readonly focusLine: number;
  readonly truncated: Extract<SliceResult, { ok: true }>['truncated'];
}

/** TextDocumentContentProvider of `ftrace-slice:` URIs over the server's `ftrace/slice`. */
export class SliceDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly infos = new Map<string, SliceInfo>();
  /** Line maps being fetched for slices this session has not cut yet (one request per slice). */
  private readonly fetching = new Map<string, Promise<SliceInfo | undefined>>();
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly client: LanguageClient) {
    this.subs.push(
      vscode.workspace.registerTextDocumentContentProvider(SLICE_SCHEME, this),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.scheme !== SLICE_SCHEME) return;
        this.infos.delete(d.uri.toString());
        this.fetching.delete(d.uri.toString());
      }),
    );
  }

  /** The slice's text from the server (a comment line saying why when it cannot be cut). */
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const parsed = parseSliceUri(uri.toString());
    if (parsed === undefined) return '# ftrace-lens: this is not a valid slice address.\n';
    let r: SliceResult | null;
    try {
      r = await send(this.client, SliceRequest, { uri: parsed.source, spec: parsed.spec });
    } catch (e) {
      // ContentModified: the full trace changed on disk and is being read again.
      r = { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
    if (r === null) r = { ok: false, message: `${decodeURIComponent(parsed.source.slice(parsed.source.lastIndexOf('/') + 1))} is no longer open: open it again to cut slices from it.` };
    if (!r.ok) {
      void vscode.window.showWarningMessage(`Ftrace Lens: ${r.message}`);
      return `# ftrace-lens: ${r.message}\n`;
    }
    this.infos.set(uri.toString(), { source: vscode.Uri.parse(parsed.source), title: r.title, lineMap: r.lineMap, focusLine: r.focusLine, truncated: r.truncated });
    return r.text;
  }

  /** What is known of an opened slice. */
  info(uri: vscode.Uri): SliceInfo | undefined {
    return this.infos.get(uri.toString());
  }

  /**
   * How views name the lines of document `uri`: for a slice, full-trace lines through its line map
   * (asked of the server once when this session has not cut the slice itself; a slice whose map
   * cannot be had names every line a slice line); for any other document, its own line numbers.
   */
  async lineNames(uri: vscode.Uri): Promise<LineNames> {
    return uri.scheme === SLICE_SCHEME ? lineNamesOf(await this.lineMap(uri)) : PLAIN_LINE_NAMES;
  }

  /** The line map of slice `uri` (empty for a slice whose map cannot be had, undefined for any other document); see {@link lineNames}. */
  async lineMap(uri: vscode.Uri): Promise<LineMap | undefined> {
    if (uri.scheme !== SLICE_SCHEME) return undefined;
    const key = uri.toString();
    let info = this.infos.get(key);
    if (info === undefined) {
      let p = this.fetching.get(key);
      if (p === undefined) this.fetching.set(key, (p = this.fetchInfo(uri)));
      info = await p;
    }
    return info?.lineMap ?? [];
  }

  /** Cuts slice `uri` again on the server for its line map (a slice restored before this session asked for it). */
  private async fetchInfo(uri: vscode.Uri): Promise<SliceInfo | undefined> {
    const parsed = parseSliceUri(uri.toString());
    if (parsed === undefined) return undefined;
    const r = await send(this.client, SliceRequest, { uri: parsed.source, spec: parsed.spec }).catch(() => null);
    if (r === null || !r.ok) {
      this.fetching.delete(uri.toString());
      return undefined;
    }
    const info = { source: vscode.Uri.parse(parsed.source), title: r.title, lineMap: r.lineMap, focusLine: r.focusLine, truncated: r.truncated };
    this.infos.set(uri.toString(), info);
    return info;
  }

  /** The full trace and its 0-based line for 0-based `line` of slice `uri` (null line: a line the slice added). */
  async fullLine(uri: vscode.Uri, line: number): Promise<{ source: vscode.Uri; line: number | null } | undefined> {
    const info = this.infos.get(uri.toString());
    if (info !== undefined) return { source: info.source, line: mapSliceLine(info.lineMap, line) };
    // A slice restored by VS Code before this session asked for it: the server knows its map.
    const r = await send(this.client, SliceLineRequest, { uri: uri.toString(), line }).catch(() => null);
    return r === null ? undefined : { source: vscode.Uri.parse(r.source), line: r.line };
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
  }
}
