// Go to Definition on a function name: the server's answer from tags files, else the workspace's symbol providers (clangd, C/C++) asked with the names the server gives.
import * as vscode from 'vscode';
import type { LanguageClient, ProvideDefinitionSignature } from 'vscode-languageclient/node';
import { SourceNamesRequest } from '../../../server/src/protocol';
import { send } from '../shared/requests';

/** Symbol kinds a function's definition has in C language servers. */
const FUNCTION_KINDS = new Set([vscode.SymbolKind.Function, vscode.SymbolKind.Method]);
/** Definitions offered at most (a peek list longer than this helps nobody). */
const MAX_LINKS = 20;

function empty(r: vscode.Definition | vscode.LocationLink[] | null | undefined): boolean {
  return r === null || r === undefined || (Array.isArray(r) && r.length === 0);
}

/**
 * The workspace symbols named exactly as the first of `names` that any symbol provider knows
 * (functions only, none in `exclude`), at most MAX_LINKS; [] when none does.
 */
export async function workspaceDefinitions(names: readonly string[], exclude: vscode.Uri | undefined, token?: vscode.CancellationToken): Promise<vscode.Location[]> {
  for (const name of names) {
    const symbols = await vscode.commands.executeCommand<vscode.SymbolInformation[] | undefined>('vscode.executeWorkspaceSymbolProvider', name);
    if (token?.isCancellationRequested === true) return [];
    const found = (symbols ?? [])
      .filter((s) => s.name === name && FUNCTION_KINDS.has(s.kind) && s.location.uri.toString() !== exclude?.toString())
      .slice(0, MAX_LINKS)
      .map((s) => s.location);
    if (found.length > 0) return found;
  }
  return [];
}

/**
 * The definition middleware: the server's answer (tags files) when it has one; otherwise, for the
 * function at the position, the workspace symbols named exactly as one of the server's names for
 * it (the first name that any provider knows), functions only, outside ftrace documents.
 */
export async function definitionWithSymbols(
  client: () => LanguageClient | undefined,
  document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken, next: ProvideDefinitionSignature,
): Promise<vscode.Definition | vscode.LocationLink[] | null | undefined> {
  const r = await next(document, position, token);
  const c = client();
  if (!empty(r) || token.isCancellationRequested || c === undefined) return r;
  const target = await send(c, SourceNamesRequest, { uri: document.uri.toString(), line: position.line, character: position.character }, token);
  if (target === null || token.isCancellationRequested) return r;
  const origin = new vscode.Range(target.range.start.line, target.range.start.character, target.range.end.line, target.range.end.character);
  const found = await workspaceDefinitions(target.names, document.uri, token);
  return found.length === 0 ? r : found.map((l): vscode.LocationLink => ({ originSelectionRange: origin, targetUri: l.uri, targetRange: l.range }));
}
