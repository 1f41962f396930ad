// Go to Definition and the source lookups by name: the workspace folders, the tags files, the three requests that read them.
import { ResponseError, type CancellationToken, type Connection, type InitializeParams } from 'vscode-languageserver';
import { FunctionSourceRequest, SourceNamesRequest } from '../protocol';
import { functionSourceParams, positionParams, sourceNamesParams, type ParamsCheck } from '../params';
import type { FtraceSettings } from '../settings';
import type { OpenTrace } from '../diagnosticsPublisher';
import { sourceNames } from '../core/index';
import { definitionAnswer, definitionTarget, sourceLocations } from '../service/definition';
import { findDefinitions, tagsFilesFor, type SourceLookup } from './sourceLookup';
import { pathOfUri } from './diskIndexes';

/** What the adapter lends the source requests (see server.ts). */
export interface SourceHost {
  readonly connection: Connection;
  /** Registers a request handler behind its params check. */
  onChecked<P>(method: string, check: ParamsCheck<P>, fn: (p: P, token: CancellationToken) => unknown): void;
  /** Runs `fn` on the document's current model (`fallback` for unknown documents and errors). */
  withTrace<T>(uri: string, token: CancellationToken, what: string, fallback: T, fn: (t: OpenTrace) => T): T | ResponseError<void>;
  settingsFor(uri: string): Promise<FtraceSettings>;
}

/** The part of the adapter's initialize the source requests need. */
export interface SourceRequests {
  /** Reads the client's definition-link support and the workspace folders. */
  initialize(params: InitializeParams): void;
}

/**
 * Registers `textDocument/definition`, `ftrace/functionSource` and `ftrace/sourceNames`, and
 * follows the workspace folders (`workspace/didChangeWorkspaceFolders`): tags files are looked for
 * at their roots, near the trace and in the `ftraceLens.source.tagsFiles` setting.
 */
export function registerSourceRequests(host: SourceHost): SourceRequests {
  const { connection, onChecked, withTrace, settingsFor } = host;
  const log = connection.console;
  let definitionLinks = false;
  /** The workspace folders' paths (file: URIs only). */
  let folders: string[] = [];

  /** The definitions of `names` in the tags files for `uri` (unreadable files logged), and those files. */
  const lookUp = async (uri: string, names: readonly string[], token: CancellationToken): Promise<{ found: SourceLookup['found']; files: string[] }> => {
    const files = names.length === 0 ? [] : await tagsFilesFor(uri, folders, (await settingsFor(uri)).source.tagsFiles);
    const r = await findDefinitions(names, files, () => token.isCancellationRequested);
    for (const u of r.unreadable) log.warn(`tags file ${u.path} not read: ${u.error}`);
    return { found: r.found, files };
  };

  onChecked('textDocument/definition', positionParams, async (p, token) => {
    const uri = p.textDocument.uri;
    const target = withTrace(uri, token, 'definition', undefined, (t) => definitionTarget(t.doc, t.trace.model, p.position));
    if (target === undefined || target instanceof ResponseError) return target ?? null;
    const { found } = await lookUp(uri, target.names, token);
    return found.length === 0 ? null : definitionAnswer(target, found, definitionLinks);
  });
  // The same lookup by name, for the views and for traces without a document.
  onChecked(FunctionSourceRequest.method, functionSourceParams, async (p, token) => {
    const names = sourceNames(p.name);
    const { found, files } = await lookUp(p.uri, names, token);
    return { names, locations: sourceLocations(found), tagsFiles: files };
  });
  // The names to ask the workspace's symbol providers for, when no tags file knows the function.
  onChecked(SourceNamesRequest.method, sourceNamesParams, (p, token) =>
    withTrace(p.uri, token, 'sourceNames', null, (t) => {
      const target = definitionTarget(t.doc, t.trace.model, { line: p.line, character: p.character });
      return target === undefined ? null : { range: target.origin, names: target.names };
    }));
  connection.onNotification('workspace/didChangeWorkspaceFolders', (p: unknown) => {
    const e = (p as { event?: { added?: unknown; removed?: unknown } } | null)?.event;
    const removed = new Set(folderPaths(e?.removed));
    folders = [...folders.filter((f) => !removed.has(f)), ...folderPaths(e?.added)];
  });

  return {
    initialize(params: InitializeParams): void {
      definitionLinks = params.capabilities.textDocument?.definition?.linkSupport === true;
      folders = folderPaths(params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri }] : []));
    },
  };
}

/** The paths of the `file:` folders in a list of workspace folders (anything else is skipped). */
function folderPaths(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  const out: string[] = [];
  for (const f of list) {
    const uri = (f as { uri?: unknown } | null)?.uri;
    const path = typeof uri === 'string' ? pathOfUri(uri) : undefined;
    if (path !== undefined && !out.includes(path)) out.push(path);
  }
  return out;
}
