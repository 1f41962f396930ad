// Language server adapter: document sync, one cached parse per document version, feature handlers.
import { TextDocuments, type Connection, type InitializeResult } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseTrace, type TraceModel } from './core/index';
import { foldingRanges } from './service/folding';

/** Wires every handler onto `connection` and starts listening. */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const cache = new Map<string, { version: number; model: TraceModel }>();
  let foldingLimit = Number.MAX_SAFE_INTEGER;

  const modelOf = (uri: string): TraceModel | undefined => {
    const doc = documents.get(uri);
    if (doc === undefined) return undefined;
    const hit = cache.get(uri);
    if (hit !== undefined && hit.version === doc.version) return hit.model;
    const model = parseTrace(doc.getText());
    cache.set(uri, { version: doc.version, model });
    return model;
  };

  connection.onInitialize((params): InitializeResult => {
    foldingLimit = params.capabilities.textDocument?.foldingRange?.rangeLimit ?? foldingLimit;
    return {
      capabilities: { textDocumentSync: 1, foldingRangeProvider: true },
      serverInfo: { name: 'ftrace-lens' },
    };
  });
  connection.onFoldingRanges((p) => {
    const model = modelOf(p.textDocument.uri);
    return model === undefined ? [] : foldingRanges(model, foldingLimit);
  });
  documents.onDidClose((e) => cache.delete(e.document.uri));
  documents.listen(connection);
  connection.listen();
}
