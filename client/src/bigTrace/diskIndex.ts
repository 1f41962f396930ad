// Traces past 50 MB: asks the server to index them from disk (progress and cancel in a notification), follows their state (stale, failed, closed).
import * as vscode from 'vscode';
import { WorkDoneProgress, type LanguageClient, type WorkDoneProgressBegin, type WorkDoneProgressEnd, type WorkDoneProgressReport } from 'vscode-languageclient/node';
import { CloseIndexRequest, INDEX_STATE_NOTIFICATION, IndexFileRequest, type IndexFileResult, type IndexStateParams } from '../../../server/src/protocol';
import { formatSize } from './regime';
import type { TraceFile } from './traceFiles';

/** Where a disk index stands. */
export type DiskIndexState =
  | { readonly kind: 'indexing' }
  | { readonly kind: 'ready'; readonly result: Extract<IndexFileResult, { ok: true }> }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'stale'; readonly message: string };

let tokens = 0;

/** The disk indexes of this window's big traces, by URI string. */
export class DiskIndexes implements vscode.Disposable {
  private readonly states = new Map<string, DiskIndexState>();
  private readonly files = new Map<string, TraceFile>();
  private readonly running = new Map<string, Promise<DiskIndexState>>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Fires with the URI whose state changed. */
  readonly onDidChange = this.changed.event;
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly client: LanguageClient, private readonly output: vscode.LogOutputChannel) {
    this.subs.push(this.changed);
  }

  /** Listens to the server's `ftrace/indexState` (call once the client is running). */
  listen(): void {
    this.subs.push(this.client.onNotification(INDEX_STATE_NOTIFICATION, (p: IndexStateParams) => this.onServerState(p)));
  }

  /** The state of `uri`, undefined when it was never indexed. */
  state(uri: vscode.Uri): DiskIndexState | undefined {
    return this.states.get(uri.toString());
  }

  /** The file `uri` as measured when its indexing started. */
  file(uri: vscode.Uri): TraceFile | undefined {
    return this.files.get(uri.toString());
  }

  /** True when `uri` is a big trace this window reads from disk (in any state). */
  has(uri: vscode.Uri): boolean {
    return this.states.has(uri.toString());
  }

  /** The index generation of a ready index (the `version` of the server's answers). */
  version(uri: vscode.Uri): number | undefined {
    const s = this.state(uri);
    return s?.kind === 'ready' ? s.result.generation : undefined;
  }

  /**
   * Indexes `file` (once: a second call while running joins the first), showing progress in a
   * cancellable notification. Resolves to the final state; never rejects.
   */
  index(file: TraceFile, why = ''): Promise<DiskIndexState> {
    const key = file.uri.toString();
    const running = this.running.get(key);
    if (running !== undefined) return running;
    this.files.set(key, file);
    this.set(file.uri, { kind: 'indexing' });
    const p = this.run(file, why).then((s) => {
      this.running.delete(key);
      // A tab closed meanwhile (forget() ran): keep the answer out of the table.
      if (this.files.has(key)) this.set(file.uri, s);
      return s;
    });
    this.running.set(key, p);
    return p;
  }

  /** Frees the index of `uri` (its last tab closed). */
  forget(uri: vscode.Uri): void {
    const key = uri.toString();
    if (!this.states.has(key)) return;
    this.states.delete(key);
    this.files.delete(key);
    void this.client.sendRequest(CloseIndexRequest.method, { uri: key }).catch(() => undefined);
    this.changed.fire(uri);
  }

  private async run(file: TraceFile, why: string): Promise<DiskIndexState> {
    const title = `Ftrace Lens: ${why}reading ${file.name} (${formatSize(file.bytes)}) from disk`;
    const t0 = Date.now();
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, cancel) => {
      const token = `ftraceLens.index.${process.pid}.${++tokens}`;
      let done = 0;
      const onProgress = this.client.onProgress(WorkDoneProgress.type, token, (v: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd) => {
        if (v.kind === 'end') return;
        const pct = typeof v.percentage === 'number' ? v.percentage : undefined;
        progress.report({ message: v.message, increment: pct !== undefined && pct > done ? pct - done : undefined });
        if (pct !== undefined && pct > done) done = pct;
      });
      try {
        const r = await this.client.sendRequest<IndexFileResult>(IndexFileRequest.method, { uri: file.uri.toString(), workDoneToken: token }, cancel);
        if (cancel.isCancellationRequested) return this.cancelled(file);
        if (!r.ok) {
          this.output.warn(`${file.name}: not indexed (${r.reason}): ${r.message}`);
          void vscode.window.showErrorMessage(`Ftrace Lens: ${r.message}`);
          return { kind: 'failed', message: r.message };
        }
        this.output.info(`${file.name}: indexed from disk, ${r.lines} lines, ${r.calls} calls in ${Date.now() - t0} ms (generation ${r.generation})`);
        return { kind: 'ready', result: r };
      } catch (e) {
        if (cancel.isCancellationRequested) return this.cancelled(file);
        const msg = e instanceof Error ? e.message : String(e);
        this.output.error(`${file.name}: indexing failed: ${msg}`);
        void vscode.window.showErrorMessage(`Ftrace Lens could not read ${file.name}: ${msg}`);
        return { kind: 'failed', message: msg };
      } finally {
        onProgress.dispose();
      }
    });
  }

  private cancelled(file: TraceFile): DiskIndexState {
    this.output.info(`${file.name}: indexing cancelled`);
    void vscode.window.showInformationMessage(`Ftrace Lens: reading ${file.name} was cancelled; the Call Tree and commands do not cover it.`, 'Read It Again').then((a) => {
      if (a !== undefined) void this.index(file);
    });
    return { kind: 'cancelled' };
  }

  private onServerState(p: IndexStateParams): void {
    const file = this.files.get(p.uri);
    if (file === undefined || p.state !== 'stale' || this.running.has(p.uri)) return;
    const message = p.message ?? `${file.name} changed on disk.`;
    this.output.info(`${file.name}: stale: ${message}`);
    this.set(file.uri, { kind: 'stale', message });
    // Never answer from a stale index: read the file again (the progress notification says why).
    void vscode.workspace.fs.stat(file.uri).then(
      (st) => this.index({ ...file, bytes: st.size, mtime: st.mtime }, 'changed on disk: re-'),
      () => void vscode.window.showWarningMessage(`Ftrace Lens: ${message} It can no longer be read; the Call Tree no longer covers it.`),
    );
  }

  private set(uri: vscode.Uri, s: DiskIndexState): void {
    this.states.set(uri.toString(), s);
    this.changed.fire(uri);
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
  }
}
