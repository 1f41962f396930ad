// Language server adapter: capabilities, document sync, cached parses, settings, one short handler per feature.
import {
  ParameterStructures, RequestType, TextDocumentSyncKind, TextDocuments, type CancellationToken,
  type Connection, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver';
import {
  CallAtRequest, CallTreeRequest, CompareRequest, DOCUMENT_SETTINGS_NOTIFICATION, ErrorOriginRequest, ExportRequest, FlameDataRequest, FunctionStatsRequest, MemoryUsageRequest, SlowestCallsRequest, SummaryRequest, type DocumentParams,
  type FlameDataResult, type CompareResult,
  type Measure, type RankParams, type RequestDef, parseSliceUri,
} from './protocol';
import {
  callAtParams, callTreeParams, documentParams, errorOriginParams, exportParams, functionStatsParams, positionParams, rangeParams, selectionRangeParams,
  slowestCallsParams, summaryParams, textDocumentParams, compareParams, withParams, type ParamsCheck,
} from './params';
import { rejectBadInitialize } from './initializeGuard';
import { runSafe } from './runSafe';
import { ResponseError } from 'vscode-languageserver';
import { DEFAULT_SETTINGS, SETTINGS_SECTION, normaliseSettings, type FtraceSettings } from './settings';
import { TraceCache, type CachedTrace } from './traceCache';
import { documentConfiguration, type StreamedDocuments } from './lazyDocument';
import { callAt, callTree, functionTable, slowest, summary } from './service/customRequests';
import { exportToFile } from './exportFile';
import { memoryUsage } from './memoryUsage';
import { flameData, sourceTimes, textTimes } from './flameRequest';
import { DiagnosticsPublisher, sharedParts, type OpenTrace } from './diagnosticsPublisher';
import { rankPolicy } from './service/ranking';
import type { RankPolicy } from './core/index';
import { foldingRanges } from './service/folding';
import { documentHighlights } from './service/highlight';
import { hover } from './service/hover';
import { errorOrigin } from './service/returnValues';
import { compareAnswer } from './service/compare';
import { registerSourceRequests } from './node/sourceRequests';
import { inlayHints } from './service/inlayHints';
import { selectionRanges } from './service/selectionRange';
import { documentSymbolSteps } from './service/symbols';
import { withFullTraceLine } from './service/slices';
import { registerBigTraces, type ModelSource } from './node/bigTraces';
import { mark, timingOn } from './node/timing';
import { BackgroundWork } from './node/backgroundWork';
import type { DocumentSymbol } from 'vscode-languageserver-types';

/** What the process entry knows of its transport. */
export interface ServerOptions {
  /** Resolves the token texts of didOpens parsed while they arrived (node/streamedOpens.ts). */
  readonly streamed?: StreamedDocuments;
  /** Resolves once the output stream has written everything queued (diagnostics wait for it). */
  readonly outputFlushed?: () => Promise<void>;
  /** Called when a document is opened (the process entry stops its warm-up). */
  readonly onDidOpen?: () => void;
}

/** What the process entry can tell a started server. */
export interface StartedServer {
  /**
   * A didOpen of `uri` is arriving (its first bytes are in, the rest is being parsed): fetch the
   * document's settings now, so that the first answers do not wait for that round trip.
   */
  expectOpen(uri: string): void;
}

/** Wires every handler onto `connection` and starts listening. */
export function startServer(connection: Connection, options: ServerOptions = {}): StartedServer {
  const documents = new TextDocuments(documentConfiguration(options.streamed));
  const log = connection.console;
  const cache = new TraceCache(8, (t) => {
    mark('model ready', { uri: t.uri, version: t.version, parseMs: Math.round(t.parseMs) });
    log.log(`parsed ${t.uri} v${t.version}: ${t.model.lineCount} lines, ${t.model.callCount} calls in ${t.parseMs.toFixed(0)} ms`);
    diags.parsed(t.uri);
  });
  /** Symbols and diagnostics go after the answers a person waits for (see BackgroundWork). */
  const work = new BackgroundWork(options.outputFlushed);
  /** Document symbols per parsed version: VS Code asks twice on open (outline and folding/sticky scroll). */
  const symbolsOf = new WeakMap<CachedTrace, DocumentSymbol[]>();
  let foldingLimit = Number.MAX_SAFE_INTEGER;
  let pullSettings = false;
  let inlayRefresh = false;
  let globalSettings = DEFAULT_SETTINGS;
  const settings = new Map<string, Promise<FtraceSettings>>();

  /** Settings fetched for a document whose didOpen is still arriving (at most a few: one per streamed open). */
  const expected = new Map<string, Promise<FtraceSettings>>();
  const settingsFor = (uri: string): Promise<FtraceSettings> => {
    if (!pullSettings) return Promise.resolve(globalSettings);
    let s = settings.get(uri);
    if (s === undefined) {
      s = expected.get(uri) ?? connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }).then(normaliseSettings, () => DEFAULT_SETTINGS);
      expected.delete(uri);
      // Cache only for open documents (requests for unknown URIs must not grow the map).
      if (documents.get(uri) !== undefined) settings.set(uri, s);
    }
    return s;
  };

  /** The current document and its model (parsed at most once per version). */
  const traceOf = (uri: string): OpenTrace | undefined => {
    const doc = documents.get(uri);
    return doc === undefined ? undefined : { doc, trace: cache.get(doc) };
  };
  const diags = new DiagnosticsPublisher({ connection, traceOf, versionOf: (uri) => documents.get(uri)?.version, settingsFor, work });

  rejectBadInitialize(connection);
  connection.onInitialize((params: InitializeParams): InitializeResult => {
    mark('initialize');
    const caps = params.capabilities;
    foldingLimit = caps.textDocument?.foldingRange?.rangeLimit ?? foldingLimit;
    pullSettings = caps.workspace?.configuration === true;
    inlayRefresh = caps.workspace?.inlayHint?.refreshSupport === true;
    source.initialize(params);
    const init = params.initializationOptions as { settings?: unknown } | undefined;
    if (init?.settings !== undefined) globalSettings = normaliseSettings(init.settings);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        foldingRangeProvider: true,
        hoverProvider: true,
        documentSymbolProvider: { label: 'Ftrace calls' },
        documentHighlightProvider: true,
        selectionRangeProvider: true,
        inlayHintProvider: { resolveProvider: false },
        definitionProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'ftrace-lens', version: '0.1.0' },
    };
  });

  // Settings a client sends with an open (before its didOpen): no round trip for the first answers.
  connection.onNotification(DOCUMENT_SETTINGS_NOTIFICATION, (p: unknown) => {
    const uri = (p as { uri?: unknown } | null)?.uri;
    if (!pullSettings || typeof uri !== 'string') return;
    const s = Promise.resolve(normaliseSettings((p as { settings?: unknown }).settings));
    if (documents.get(uri) !== undefined) settings.set(uri, s);
    else expect(uri, s);
  });

  connection.onDidChangeConfiguration((change) => {
    settings.clear();
    expected.clear();
    const raw = (change.settings as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION];
    if (!pullSettings && raw !== undefined) globalSettings = normaliseSettings(raw);
    diags.refresh(documents.all().map((d) => d.uri));
    if (inlayRefresh && !diags.stopped) void connection.languages.inlayHint.refresh();
  });

  // TextDocuments fires onDidChangeContent right after onDidOpen: publish at once for an open, debounced for edits.
  let opened: string | undefined;
  documents.onDidOpen((e) => {
    opened = e.document.uri;
    options.onDidOpen?.();
    // The answers that need the document's settings should not wait for a round trip to the client.
    void settingsFor(e.document.uri);
    mark('didOpen', { uri: opened, version: e.document.version });
  });
  documents.onDidChangeContent((e) => {
    diags.changed(e.document.uri, e.document.uri === opened);
    opened = undefined;
  });
  documents.onDidClose((e) => {
    cache.delete(e.document.uri);
    settings.delete(e.document.uri);
    diags.closed(e.document.uri);
  });

  // Registered with their method names rather than the library's onHover & co., which read
  // params.workDoneToken before any check: every params shape is checked first (params.ts).
  onChecked('textDocument/foldingRange', textDocumentParams, (p, token) =>
    withTrace(p.textDocument.uri, token, 'folding', [], (t) => foldingRanges(t.trace.model, foldingLimit)));
  onChecked('textDocument/hover', positionParams, (p, token) =>
    withTrace(p.textDocument.uri, token, 'hover', null, (t) => {
      // In a slice document: line numbers of the full trace, and which line of it this is.
      const uri = p.textDocument.uri;
      const full = big.fullTraceLine(uri, p.position.line);
      const h = hover(t.doc, t.trace.model, p.position, fullLines(uri));
      return full === undefined ? h : withFullTraceLine(h, full.line, decodeURIComponent(full.source.slice(full.source.lastIndexOf('/') + 1)));
    }));
  onChecked('textDocument/documentSymbol', textDocumentParams, async (p, token) => {
    const uri = p.textDocument.uri;
    await work.parts(sharedParts(traceOf, uri, 'symbols'));
    const t = traceOf(uri);
    let symbols = t === undefined ? undefined : symbolsOf.get(t.trace);
    if (t !== undefined && symbols === undefined) {
      // In slices (a request that comes meanwhile waits for one), given up when an edit or a
      // cancellation makes them useless (the document must not change under them).
      const { version } = t.doc;
      try {
        const r = await work.steps(documentSymbolSteps(t.doc, t.trace.model, undefined, undefined, fullLines(uri)), () => !token.isCancellationRequested && documents.get(uri)?.version === version);
        if (r.done === true) symbolsOf.set(t.trace, (symbols = r.value));
      } catch (e) {
        log.error(`symbols failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }
    }
    return withTrace(uri, token, 'symbols', [], () => symbols ?? []);
  }, 'background');
  onChecked('textDocument/documentHighlight', positionParams, (p, token) =>
    withTrace(p.textDocument.uri, token, 'highlight', [], (t) => documentHighlights(t.doc, t.trace.model, p.position)));
  onChecked('textDocument/selectionRange', selectionRangeParams, (p, token) =>
    withTrace(p.textDocument.uri, token, 'selectionRange', [], (t) => selectionRanges(t.doc, t.trace.model, p.positions)));
  // Go to Definition, Go to Source and the names for the symbol providers (tags files, workspace folders).
  const source = registerSourceRequests({ connection, onChecked, withTrace, settingsFor });
  onChecked('textDocument/inlayHint', rangeParams, async (p, token) => {
    const s = await settingsFor(p.textDocument.uri);
    return withTrace(p.textDocument.uri, token, 'inlayHints', [], (t) => (s.inlayHints.enabled ? inlayHints(t.doc, t.trace.model, p.range, fullLines(t.doc.uri)) : []));
  });

  // Open documents, and files indexed from disk (ftrace/indexFile) that have no document.
  const big = registerBigTraces(connection, documents, cache);
  connection.onShutdown(() => {
    diags.shutdown();
    big.dispose();
  });
  onCustom(CallTreeRequest, callTreeParams, (t, p, policy) => callTree(t.model, t.version, p, policy));
  onCustom(CallAtRequest, callAtParams, (t, p, policy) => callAt(t.model, t.version, p.line, p.order, policy));
  onCustom(SlowestCallsRequest, slowestCallsParams, (t, p, policy) => slowest(t.model, t.version, p, policy));
  onCustom(FunctionStatsRequest, functionStatsParams, (t, p, policy) => functionTable(t.model, t.version, p, policy));
  onCustom(SummaryRequest, summaryParams, (t, _p, policy) => summary(t.model, t.version, policy));
  // Two traces (open documents or disk indexes) per function, under the ranking of the second's settings.
  onChecked(CompareRequest.method, compareParams, async (p, token) => {
    const s = await settingsFor(p.after).catch(() => DEFAULT_SETTINGS);
    return runSafe<CompareResult | null | ResponseError<void>>(log, 'compare', null, token, () => {
      const a = big.modelFor(p.before);
      const b = big.modelFor(p.after);
      if (a === undefined || b === undefined) return null;
      if (a instanceof ResponseError) return a;
      if (b instanceof ResponseError) return b;
      return compareAnswer(a.model, b.model, p, rankPolicy(s.diagnostics, false));
    });
  });
  // The Flame Graph and exports: an open document's text, else a disk index's lines (the printed timestamps).
  onChecked(FlameDataRequest.method, documentParams, (p, token) =>
    runSafe<FlameDataResult | null | ResponseError<void>>(log, 'flameData', null, token, () => {
      const t = traceOf(p.uri);
      if (t !== undefined) return flameData(t.trace.model, t.doc.version, textTimes(() => t.doc.getText(), t.trace.model));
      const m = big.modelFor(p.uri);
      return m === undefined || m instanceof ResponseError ? (m ?? null) : flameData(m.model, m.version, sourceTimes(m));
    }));
  onChecked(ExportRequest.method, exportParams, async (p, token) => {
    const t = traceOf(p.uri);
    log.log(`export ${p.uri} as ${p.format} to ${p.target}`);
    if (t !== undefined) return exportToFile(t.trace.model, t.doc.version, textTimes(() => t.doc.getText(), t.trace.model), p, token);
    const m = big.modelFor(p.uri);
    return m === undefined || m instanceof ResponseError ? (m ?? null) : exportToFile(m.model, m.version, sourceTimes(m), p, token);
  });

  // Needs the document's text (the return values are read from it, as hovers read their lines).
  onChecked(ErrorOriginRequest.method, errorOriginParams, (p, token) =>
    withTrace(p.uri, token, 'errorOrigin', null, (t) => errorOrigin(t.doc, t.trace.model, p.line)));

  // For benchmarks: what the server holds for a document, by part.
  onChecked(MemoryUsageRequest.method, documentParams, (p, token) => runSafe(log, 'memoryUsage', null, token, () => {
    const doc = documents.get(p.uri);
    return memoryUsage(doc, doc === undefined ? undefined : cache.get(doc).model);
  }));

  /** In a slice document (a read-only part of a trace): its 0-based line -> the full trace's 0-based line (null for the lines the slice adds); undefined elsewhere. */
  function fullLines(uri: string): ((line: number) => number | null) | undefined {
    return parseSliceUri(uri) === undefined ? undefined : (l) => big.fullTraceLine(uri, l)?.line ?? null;
  }

  /** Runs a feature on the document's current model; `fallback` for unknown documents and errors. */
  function withTrace<T>(uri: string, token: CancellationToken, what: string, fallback: T, fn: (t: OpenTrace) => T) {
    return runSafe(log, what, fallback, token, () => {
      const t = traceOf(uri);
      return t === undefined ? fallback : fn(t);
    });
  }

  /**
   * Registers the handler of `method` behind the params check `check` (InvalidParams when it
   * fails). A `background` handler is not counted as work a person waits for (it waits itself).
   */
  function onChecked<P>(method: string, check: ParamsCheck<P>, fn: (p: P, token: CancellationToken) => unknown, priority: 'foreground' | 'background' = 'foreground'): void {
    // byName: params arrive as one value (an array is a wrong shape, not positional arguments).
    const type = new RequestType<unknown, unknown, void>(method, ParameterStructures.byName);
    const checked = (raw: unknown, token: CancellationToken): unknown => withParams(method, check, raw, (p) => fn(p, token));
    const handle = priority === 'foreground' ? (raw: unknown, token: CancellationToken): unknown => work.foreground(() => checked(raw, token)) : checked;
    connection.onRequest(type, (timingOn ? timedHandler(method, handle) : handle) as never);
  }

  /**
   * Registers a custom request (params checked by `check`) answered from the document's newest
   * model (never an older one), or from the file's disk index when no document is open (a
   * ContentModified error once the file changed), with the ranking policy of the document's
   * settings (or "count sleeps and idle" when asked).
   */
  function onCustom<P extends DocumentParams & RankParams & { by?: Measure }, R>(
    def: RequestDef<P, R | null>, check: ParamsCheck<P>, fn: (t: ModelSource, p: P, policy: RankPolicy) => R,
  ): void {
    onChecked(def.method, check, async (p, token) => {
      const s = await settingsFor(p.uri).catch(() => DEFAULT_SETTINGS);
      const policy = rankPolicy(s.diagnostics, p.sleepsAndIdle === true, p.by);
      return runSafe<R | null | ResponseError<void>>(log, def.method, null, token, () => {
        const m = big.modelFor(p.uri);
        return m === undefined || m instanceof ResponseError ? (m ?? null) : fn(m, p, policy);
      });
    });
  }

  documents.listen(connection);
  connection.listen();
  return {
    expectOpen(uri: string): void {
      if (!pullSettings || settings.has(uri) || expected.has(uri)) return;
      expect(uri, connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }).then(normaliseSettings, () => DEFAULT_SETTINGS));
    },
  };

  /** Keeps the settings of a document about to open (bounded: opens announced and never sent cannot grow it). */
  function expect(uri: string, s: Promise<FtraceSettings>): void {
    expected.delete(uri);
    if (expected.size >= 16) expected.delete(expected.keys().next().value!);
    expected.set(uri, s);
  }
}

/** With the timing log on: `handle` marking when it starts and when its answer is ready (ms of work, items). */
function timedHandler(method: string, handle: (raw: unknown, token: CancellationToken) => unknown): (raw: unknown, token: CancellationToken) => unknown {
  return (raw, token) => {
    const uri = (raw as { textDocument?: { uri?: unknown }; uri?: unknown } | null)?.textDocument?.uri ?? (raw as { uri?: unknown } | null)?.uri;
    const start = performance.now();
    mark(`${method} start`, { uri });
    const done = (r: unknown): unknown => {
      mark(`${method} end`, { uri, ms: Math.round(performance.now() - start), items: Array.isArray(r) ? r.length : undefined });
      return r;
    };
    const r = handle(raw, token);
    return r instanceof Promise ? r.then(done) : done(r);
  };
}
