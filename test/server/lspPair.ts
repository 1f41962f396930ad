// Test helper: the language server in-process on one end of an in-memory stream pair, a JSON-RPC client on the other.
import { PassThrough } from 'node:stream';
// Everything from vscode-languageserver/node, which re-exports the protocol and JSON-RPC packages (one direct dependency).
import {
  Message, ProposedFeatures, StreamMessageReader, StreamMessageWriter, createConnection, createMessageConnection,
  type ClientCapabilities, type Connection, type InitializeResult, type LogMessageParams, type MessageConnection,
  type MessageReader, type PublishDiagnosticsParams, type ResponseMessage,
} from 'vscode-languageserver/node';
import { CONNECTION_OPTIONS } from '../../server/src/initializeGuard';
import { startServer } from '../../server/src/server';
import { StreamedOpenFilter, StreamedOpens } from '../../server/src/node/streamedOpens';

/** A notification the client received, in arrival order. */
export interface Received {
  readonly method: string;
  readonly params: unknown;
}

/** A server request the client received (workspace/configuration, refreshes). */
export interface ServerRequest {
  readonly method: string;
  readonly params: unknown;
}

export interface LspPairOptions {
  readonly capabilities?: ClientCapabilities;
  readonly initializationOptions?: unknown;
  /** Workspace folders sent with initialize (none by default). */
  readonly workspaceFolders?: { uri: string; name: string }[];
  /** Answers workspace/configuration items (called per item with its section and scope); may hold the answer back. */
  readonly configuration?: (section: string | undefined, scopeUri: string | undefined) => unknown;
  /** Read the client's bytes through the server's streamed-open filter (as over stdio), from this body size on. */
  readonly streamFrom?: number;
  /** With `streamFrom`: how many parsed documents may wait for the server (default the server's). */
  readonly maxWaiting?: number;
}

/** Default wait for a notification (ms); a stuck server fails the test instead of hanging it. */
const WAIT_MS = 10_000;

/** A connected client/server pair; `close()` disposes both ends. */
export class LspPair {
  readonly client: MessageConnection;
  readonly received: Received[] = [];
  readonly serverRequests: ServerRequest[] = [];
  /** Responses to {@link sendRaw} requests (ids starting with `raw-`), which bypass the client. */
  readonly rawResponses: ResponseMessage[] = [];
  /** What the streamed-open filter reported (with `streamFrom`). */
  readonly filterLogs: string[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly streams: PassThrough[];
  private readonly up: PassThrough;
  private readonly serverConnection: Connection;

  constructor(readonly options: LspPairOptions = {}) {
    const up = new PassThrough(); // client -> server
    const down = new PassThrough(); // server -> client
    this.streams = [up, down];
    // Readers/writers rather than raw streams: with raw streams the library exits the process when they end.
    const opens = new StreamedOpens(options.maxWaiting);
    const log = (m: string): void => { this.filterLogs.push(m); };
    const input = options.streamFrom === undefined ? up : up.pipe(new StreamedOpenFilter(opens, { minBytes: options.streamFrom, log }));
    this.serverConnection = createConnection(ProposedFeatures.all, new StreamMessageReader(input), new StreamMessageWriter(down), CONNECTION_OPTIONS);
    startServer(this.serverConnection, options.streamFrom === undefined ? {} : { streamed: opens });
    this.up = up;
    const reader = new StreamMessageReader(down);
    const tapped: MessageReader = {
      onError: reader.onError,
      onClose: reader.onClose,
      onPartialMessage: reader.onPartialMessage,
      listen: (callback) => reader.listen((m) => {
        if (Message.isResponse(m) && typeof m.id === 'string' && m.id.startsWith('raw-')) {
          this.rawResponses.push(m);
          for (const w of [...this.waiters]) w();
        } else callback(m);
      }),
      dispose: () => reader.dispose(),
    };
    this.client = createMessageConnection(tapped, new StreamMessageWriter(up));
    this.client.onNotification((method: string, params: unknown) => {
      this.received.push({ method, params });
      for (const w of [...this.waiters]) w();
    });
    this.client.onRequest((method: string, params: unknown) => {
      this.serverRequests.push({ method, params });
      for (const w of [...this.waiters]) w();
      if (method === 'workspace/configuration') {
        const items = (params as { items: { section?: string; scopeUri?: string }[] }).items;
        return Promise.all(items.map(async (i) => (await this.options.configuration?.(i.section, i.scopeUri)) ?? null));
      }
      return null;
    });
    this.client.listen();
  }

  /** initialize + initialized; processId null so the server sets up no parent-process watchdog. */
  async initialize(): Promise<InitializeResult> {
    const result = await this.client.sendRequest('initialize', {
      processId: null,
      rootUri: null,
      capabilities: this.options.capabilities ?? {},
      initializationOptions: this.options.initializationOptions,
      ...(this.options.workspaceFolders === undefined ? {} : { workspaceFolders: this.options.workspaceFolders }),
    }) as InitializeResult;
    await this.client.sendNotification('initialized', {});
    return result;
  }

  async open(uri: string, text: string, version = 1): Promise<void> {
    await this.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'ftrace', version, text } });
  }

  /** Index of the next notification to arrive (a mark for {@link waitFor}). */
  mark(): number {
    return this.received.length;
  }

  /** The first notification at or after index `from` matching `method` and `pred`, waiting for it if needed. */
  waitFor<T>(method: string, pred: (p: T) => boolean = () => true, from = 0, timeoutMs = WAIT_MS): Promise<T> {
    return this.waitUntil(() => {
      for (let i = from; i < this.received.length; i++) {
        const r = this.received[i];
        if (r.method === method && pred(r.params as T)) return r.params as T;
      }
      return undefined;
    }, `${method} (after #${from})`, timeoutMs);
  }

  /** Diagnostics for `uri` published at or after index `from`. */
  diagnostics(uri: string, from = 0, pred: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    return this.waitFor<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (p) => p.uri === uri && pred(p), from);
  }

  /** The first server request matching `method` and `pred`. */
  async waitForServerRequest<T>(method: string, pred: (p: T) => boolean = () => true): Promise<T> {
    const r = await this.waitUntil(() => this.serverRequests.find((x) => x.method === method && pred(x.params as T)), `server request ${method}`, WAIT_MS);
    return r.params as T;
  }

  /**
   * Writes JSON-RPC messages to the server in one chunk, so the server reads them all before it dispatches
   * any (e.g. a request and its $/cancelRequest). Call only while the client has nothing in flight.
   */
  sendRaw(messages: readonly object[]): void {
    this.up.write(Buffer.concat(messages.flatMap((m) => {
      const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...m }), 'utf8');
      return [Buffer.from(`Content-Length: ${body.byteLength}\r\n\r\n`, 'ascii'), body];
    })));
  }

  /** Writes bytes to the server as they are, cut into writes at `cuts` (sorted offsets): a client's stdin, chunked as a pipe might. */
  writeBytes(bytes: Buffer, cuts: readonly number[] = []): void {
    let s = 0;
    for (const c of [...cuts, bytes.length]) {
      if (c > s) this.up.write(bytes.subarray(s, c));
      s = Math.max(s, c);
    }
  }

  /** The response to raw request `id`. */
  rawResponse(id: string): Promise<ResponseMessage> {
    return this.waitUntil(() => this.rawResponses.find((r) => r.id === id), `response to ${id}`, WAIT_MS);
  }

  /** window/logMessage texts received so far. */
  logs(): string[] {
    return this.received.filter((r) => r.method === 'window/logMessage').map((r) => (r.params as LogMessageParams).message);
  }

  private waitUntil<T>(probe: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const v = probe();
        if (v === undefined) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(v);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; received: ${this.received.map((r) => r.method).join(', ')}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** shutdown, then dispose both ends (no `exit`: in-process it would end the test runner). */
  async close(): Promise<void> {
    try {
      await this.client.sendRequest('shutdown');
    } finally {
      this.client.dispose();
      this.serverConnection.dispose();
      for (const s of this.streams) s.destroy();
    }
  }
}
