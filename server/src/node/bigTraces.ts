// Big-trace requests on the connection: ftrace/indexFile (progress, cancel), closeIndex, slice, sliceLine; models for URIs without a document; full-trace lines for slice hovers.
import {
  LSPErrorCodes, ResponseError, WorkDoneProgress, type CancellationToken, type Connection, type TextDocuments,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { closeSync, openSync, readSync } from 'node:fs';
import { FileLines, type LineSource, type TraceModel } from '../core/index';
import {
  CloseIndexRequest, INDEX_STATE_NOTIFICATION, IndexFileRequest, SliceLineRequest, SliceRequest, mapSliceLine, parseSliceUri,
  validSpec, type IndexFileParams, type IndexFileResult, type SliceLineParams, type SliceLineResult, type SliceParams,
  type SliceResult, type SliceSpec,
} from '../protocol';
import { documentLines, sliceAnswer } from '../service/slices';
import type { TraceCache } from '../traceCache';
import { DiskIndexes, IndexCancelled } from './diskIndexes';
import type { IndexProgress } from './fileIndexer';
import { SliceMaps } from './sliceMaps';

/** A model to answer from: an open document's or a disk index's, with where its line text comes from. */
export interface ModelSource {
  readonly model: TraceModel;
  /** Document version or index generation. */
  readonly version: number;
  /** Opens the line text (close it when done). */
  lines(): LineSource & { close?(): void };
}

/** What the big-trace part gives the rest of the server. */
export interface BigTraces {
  /** The model for `uri`: its open document's, else its disk index's; a ContentModified error when the index is stale; undefined when there is none. */
  modelFor(uri: string): ModelSource | ResponseError<void> | undefined;
  /** For a slice document: the full trace's file name and the full-trace line of 0-based `line` (null when the line has none); undefined for other documents. */
  fullTraceLine(uri: string, line: number): { readonly source: string; readonly line: number | null } | undefined;
  dispose(): void;
}

/** Percent and words of an indexing's progress. */
function progressText(p: IndexProgress): { percentage: number; message: string } {
  const mb = (b: number): string => (b >= 1 << 30 ? `${(b / (1 << 30)).toFixed(1)} GB` : `${(b / (1 << 20)).toFixed(0)} MB`);
  const lines = p.lines >= 1e6 ? `${(p.lines / 1e6).toFixed(1)}M` : p.lines.toLocaleString('en-US');
  return { percentage: p.total > 0 ? Math.floor((100 * p.bytes) / p.total) : 100, message: `${mb(p.bytes)} of ${mb(p.total)}, ${lines} lines` };
}

/** Registers the big-trace requests; `docModel` gives an open document's model. */
export function registerBigTraces(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  cache: TraceCache,
): BigTraces {
  const log = connection.console;
  const disk = new DiskIndexes({
    state: (p) => { connection.sendNotification(INDEX_STATE_NOTIFICATION, p).catch(() => undefined); },
    log: (m) => log.log(m),
  });
  const maps = new SliceMaps();

  const modelFor = (uri: string): ModelSource | ResponseError<void> | undefined => {
    const doc = documents.get(uri);
    if (doc !== undefined) {
      const t = cache.get(doc);
      return { model: t.model, version: doc.version, lines: () => documentLines(doc, t.model) };
    }
    const found = disk.lookup(uri);
    if (found === undefined) return undefined;
    if ('stale' in found) return new ResponseError(LSPErrorCodes.ContentModified, found.stale);
    const t = found.trace;
    return {
      model: t.model,
      version: t.generation,
      lines: () => {
        const fd = openSync(t.path, 'r');
        const src = new FileLines((b, o, n, pos) => readSync(fd, b, o, n, pos), t.checkpoints, t.model.lineCount, t.bytes);
        return { lineCount: src.lineCount, text: (l: number) => src.text(l), close: () => closeSync(fd) };
      },
    };
  };

  /** Cuts a slice and remembers its line map. */
  const cut = (source: string, spec: SliceSpec): SliceResult | ResponseError<void> | null => {
    const m = modelFor(source);
    if (m === undefined || m instanceof ResponseError) return m ?? null;
    const lines = m.lines();
    let r: SliceResult;
    try {
      r = sliceAnswer(source, m.model, lines, m.version, spec);
    } finally {
      lines.close?.();
    }
    if (r.ok) maps.remember(source, spec, r.lineMap);
    return r;
  };

  connection.onRequest(IndexFileRequest.method, async (p: IndexFileParams, token: CancellationToken): Promise<IndexFileResult | ResponseError<void>> => {
    if (typeof p?.uri !== 'string') return new ResponseError(LSPErrorCodes.RequestFailed, 'uri expected');
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    const name = p.uri.slice(p.uri.lastIndexOf('/') + 1);
    let report: (v: { percentage: number; message: string }) => void;
    let done: () => void;
    if (p.workDoneToken !== undefined) {
      const wt = p.workDoneToken;
      void connection.sendProgress(WorkDoneProgress.type, wt, { kind: 'begin', title: `Indexing ${decodeURIComponent(name)}`, cancellable: true, percentage: 0 });
      report = (v) => { void connection.sendProgress(WorkDoneProgress.type, wt, { kind: 'report', ...v }); };
      done = () => { void connection.sendProgress(WorkDoneProgress.type, wt, { kind: 'end' }); };
    } else {
      const r = await connection.window.createWorkDoneProgress();
      r.begin(`Indexing ${decodeURIComponent(name)}`, 0, undefined, true);
      r.token.onCancellationRequested(() => abort.abort());
      report = (v) => r.report(v.percentage, v.message);
      done = () => r.done();
    }
    let last = 0;
    const onProgress = (pr: IndexProgress): void => {
      const now = performance.now();
      if (now - last < 100 && pr.bytes < pr.total) return;
      last = now;
      report(progressText(pr));
    };
    try {
      return await disk.index(p.uri, abort.signal, onProgress);
    } catch (e) {
      if (e instanceof IndexCancelled) return new ResponseError(LSPErrorCodes.RequestCancelled, 'indexing cancelled');
      throw e;
    } finally {
      sub.dispose();
      done();
    }
  });

  connection.onRequest(CloseIndexRequest.method, (p: { uri: string }) => typeof p?.uri === 'string' && disk.close(p.uri));

  const onSlice = (p: SliceParams): SliceResult | ResponseError<void> | null => {
    if (typeof p?.uri !== 'string' || !validSpec(p.spec)) return new ResponseError(LSPErrorCodes.RequestFailed, 'uri and a valid spec expected');
    try {
      return cut(p.uri, p.spec);
    } catch (e) {
      log.error(`slice failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return { ok: false, message: `the slice could not be read: ${e instanceof Error ? e.message : String(e)}` };
    }
  };
  connection.onRequest(SliceRequest.method, onSlice as never);

  const fullTraceLine = (uri: string, line: number): { source: string; line: number | null } | undefined => {
    const p = parseSliceUri(uri);
    if (p === undefined) return undefined;
    let known = maps.fullLine(uri, line);
    if (known === undefined) {
      // Not cut by this server (it restarted): cut it again for its map.
      const r = cut(p.source, p.spec);
      known = r !== null && !(r instanceof ResponseError) && r.ok ? mapSliceLine(r.lineMap, line) : null;
    }
    return { source: p.source, line: known };
  };

  connection.onRequest(SliceLineRequest.method, (p: SliceLineParams): SliceLineResult | null => {
    if (typeof p?.uri !== 'string' || !Number.isInteger(p.line)) return null;
    try {
      return fullTraceLine(p.uri, p.line) ?? null;
    } catch (e) {
      log.error(`sliceLine failed: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    }
  });

  return { modelFor, fullTraceLine, dispose: () => disk.dispose() };
}
