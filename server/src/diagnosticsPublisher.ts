// When a document's diagnostics are computed and published: after an open's first answers, debounced after edits, never after shutdown.
import { DiagnosticSeverity, type Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { hasInterrupts, taskRuns } from './core/index';
import { diagnostics, type DiagnosticOptions } from './service/diagnostics';
import { prepareLines } from './service/lines';
import { rankPolicy } from './service/ranking';
import { runSafe } from './runSafe';
import type { FtraceSettings, SeverityName } from './settings';
import type { CachedTrace } from './traceCache';
import type { BackgroundWork } from './node/backgroundWork';
import { mark } from './node/timing';

/** Delay between the last edit and the diagnostics of the new text (ms). */
const DIAGNOSTICS_DEBOUNCE_MS = 300;
/**
 * Delay of the diagnostics of a newly opened document (ms): the requests a client sends with the
 * didOpen (folding ranges, symbols) are answered first, and the diagnostics reuse their parse.
 * When such a request parses the document, the delay starts again once its answer is queued, so
 * that answer (megabytes of folding ranges on a big trace) is written out before the diagnostics
 * take the thread.
 */
const DIAGNOSTICS_OPEN_DELAY_MS = 50;

const SEVERITY: Record<SeverityName, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Maps user settings onto the diagnostics service's options. */
export function diagnosticOptions(s: FtraceSettings): DiagnosticOptions {
  return {
    thresholdNs: s.diagnostics.slowCallThresholdUs * 1000,
    policy: rankPolicy(s.diagnostics),
    severity: SEVERITY[s.diagnostics.severity],
    maxSlowCalls: s.diagnostics.maxSlowCalls,
    structural: s.diagnostics.structural,
    structuralSeverity: s.diagnostics.structuralSeverity === 'byKind' ? undefined : SEVERITY[s.diagnostics.structuralSeverity],
  };
}

/** An open document and the model of its current version. */
export interface OpenTrace {
  readonly doc: TextDocument;
  readonly trace: CachedTrace;
}

/** What the publisher reads from the server. */
export interface PublisherContext {
  readonly connection: Connection;
  /** The open document `uri` and its model (parsed at most once per version). */
  traceOf(uri: string): OpenTrace | undefined;
  /** The open document's current version, if it is open. */
  versionOf(uri: string): number | undefined;
  settingsFor(uri: string): Promise<FtraceSettings>;
  readonly work: BackgroundWork;
}

/**
 * The parts of a background answer (symbols, diagnostics) that other answers share, each a step
 * of its own (BackgroundWork.parts): the document's line index (a streamed open's whole text is
 * decoded then: ~0.1 s for 9 MB alone, 2-4 times that beside a busy editor) and, for symbols, the
 * model's task runs, for diagnostics the interrupt columns (a pass over the calls: 25-50 ms for
 * 500k; the first hover then need not make them). In code-server a folding request that came as
 * the symbols of an 18.6 MB trace had begun waited 0.7 s for them.
 */
export function sharedParts(traceOf: (uri: string) => OpenTrace | undefined, uri: string, answer: 'symbols' | 'diagnostics'): (() => boolean)[] {
  const on = (fn: (t: OpenTrace) => void) => (): boolean => {
    const t = traceOf(uri);
    if (t !== undefined) fn(t);
    return t !== undefined;
  };
  return [on((t) => prepareLines(t.doc)), on((t) => (answer === 'symbols' ? taskRuns(t.trace.model) : hasInterrupts(t.trace.model)))];
}

/**
 * Publishes each open document's diagnostics once per version, as background work: an open's
 * after its first answers (DIAGNOSTICS_OPEN_DELAY_MS from the parse those answers asked for), an
 * edit's after a pause in typing (DIAGNOSTICS_DEBOUNCE_MS), nothing for a version already replaced
 * and nothing after shutdown (a message begun after the shutdown answer was cut off by the exit
 * that follows: the process exits with its output queued, which left the client's reader holding
 * half a message).
 */
export class DiagnosticsPublisher {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Documents whose diagnostics wait for the open delay (see DIAGNOSTICS_OPEN_DELAY_MS). */
  private readonly openPending = new Set<string>();
  private shutDown = false;

  constructor(private readonly ctx: PublisherContext) {}

  /** True once the server answered shutdown: nothing is sent any more. */
  get stopped(): boolean {
    return this.shutDown;
  }

  /** A model of `uri` was parsed: an open waiting for its delay starts it after the answer that asked is handed to the writer. */
  parsed(uri: string): void {
    if (this.openPending.has(uri)) setImmediate(() => { if (this.openPending.has(uri)) this.schedule(uri, DIAGNOSTICS_OPEN_DELAY_MS); });
  }

  /** The text of `uri` is new: `opened` for the content of a didOpen (soon), else an edit (debounced). */
  changed(uri: string, opened: boolean): void {
    if (opened) {
      this.openPending.add(uri);
      this.schedule(uri, DIAGNOSTICS_OPEN_DELAY_MS);
    } else {
      this.openPending.delete(uri);
      this.schedule(uri, DIAGNOSTICS_DEBOUNCE_MS);
    }
  }

  /** Settings changed: every open document's diagnostics again, at once. */
  refresh(uris: Iterable<string>): void {
    for (const uri of uris) this.schedule(uri, 0);
  }

  /** `uri` was closed: nothing pending for it, and its diagnostics cleared. */
  closed(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.openPending.delete(uri);
    this.ctx.connection.sendDiagnostics({ uri, diagnostics: [] }).catch(() => undefined);
  }

  /** The shutdown request: nothing scheduled runs, nothing is published from now on. */
  shutdown(): void {
    this.shutDown = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private schedule(uri: string, delay: number): void {
    clearTimeout(this.timers.get(uri));
    if (this.shutDown) return;
    this.timers.set(uri, setTimeout(() => {
      this.timers.delete(uri);
      this.openPending.delete(uri);
      this.publish(uri).catch((e: unknown) => {
        // Diagnostics wait for the foreground (BackgroundWork): the connection may be gone by then.
        try {
          this.ctx.connection.console.error(`diagnostics for ${uri} not sent: ${e instanceof Error ? e.message : String(e)}`);
        } catch {
          // Disposed: nobody to tell.
        }
      });
    }, delay));
  }

  private async publish(uri: string): Promise<void> {
    const { ctx } = this;
    if (!(await ctx.work.parts(sharedParts((u) => ctx.traceOf(u), uri, 'diagnostics')))) return;
    const t = ctx.traceOf(uri);
    if (t === undefined) return;
    const opts = diagnosticOptions(await ctx.settingsFor(uri));
    // A newer edit will publish; after shutdown nothing is.
    if (ctx.versionOf(uri) !== t.doc.version || this.shutDown) return;
    const start = performance.now();
    const diags = runSafe(ctx.connection.console, 'diagnostics', [], undefined, () => diagnostics(t.doc, t.trace.model, opts));
    mark('diagnostics computed', { uri, ms: Math.round(performance.now() - start), items: Array.isArray(diags) ? diags.length : undefined });
    if (Array.isArray(diags)) await ctx.connection.sendDiagnostics({ uri, version: t.doc.version, diagnostics: diags });
  }
}
