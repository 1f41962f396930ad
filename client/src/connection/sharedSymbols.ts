// One document-symbols answer per document version: VS Code asks twice when a trace opens (outline and breadcrumbs, sticky scroll).
import * as vscode from 'vscode';

/** What the symbols provider gives VS Code (the language client's result). */
type Symbols = vscode.SymbolInformation[] | vscode.DocumentSymbol[] | null | undefined;

/**
 * Shares the document symbols of a document version between the requests VS Code makes for it.
 *
 * On a 10 MB trace the answer is about 1.3 MB of JSON; each request has the server write it, the
 * extension host read and convert it, at the moment the other answers of an open (folding, inlay
 * hints, status bar) are on their way. A request for a version that is being fetched or was
 * fetched gets the same symbols; a request whose shared answer came back empty (cancelled)
 * fetches its own. Entries go when the document closes or changes version.
 */
export class SharedSymbols implements vscode.Disposable {
  private readonly byUri = new Map<string, { version: number; symbols: Promise<Symbols> }>();
  private readonly sub = vscode.workspace.onDidCloseTextDocument((d) => this.byUri.delete(d.uri.toString()));

  /** The symbols of `document` at its current version: shared, or from `fetch` (which must not be shared with other versions). */
  async get(document: vscode.TextDocument, fetch: () => Promise<Symbols>): Promise<Symbols> {
    const key = document.uri.toString();
    const version = document.version;
    const known = this.byUri.get(key);
    if (known !== undefined && known.version === version) {
      const shared = await known.symbols.catch(() => undefined);
      if (shared !== null && shared !== undefined) return shared;
    }
    const symbols = fetch();
    this.byUri.set(key, { version, symbols });
    const result = await symbols.catch((e: unknown) => {
      if (this.byUri.get(key)?.symbols === symbols) this.byUri.delete(key);
      throw e;
    });
    // An empty (cancelled) answer is not kept: the next request asks again.
    if ((result === null || result === undefined) && this.byUri.get(key)?.symbols === symbols) this.byUri.delete(key);
    return result;
  }

  dispose(): void {
    this.sub.dispose();
    this.byUri.clear();
  }
}
