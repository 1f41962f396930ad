// Has the editor load the ftrace grammar and language configuration before a trace opens: one hidden, empty ftrace document at activation.
import * as vscode from 'vscode';
import { LANGUAGE_ID } from '../shared/ids';

/** Scheme of the warm-up document (never shown, never sent to the language server). */
export const WARM_UP_SCHEME = 'ftrace-lens-warm-up';

/** The warm-up document's URI (`.trace`: VS Code gives it the ftrace language by its name). */
export const WARM_UP_URI = vscode.Uri.from({ scheme: WARM_UP_SCHEME, path: '/warm-up.trace' });

/** True for the warm-up document (the language client's middleware leaves it out). */
export function isWarmUpDocument(uri: vscode.Uri): boolean {
  return uri.scheme === WARM_UP_SCHEME;
}

/**
 * Opens an empty ftrace document in the background so that the window loads the language's
 * TextMate grammar and its language configuration now, not when the first trace opens.
 *
 * VS Code loads both lazily, the first time a model of the language exists, and reads them from
 * the extension's files asynchronously (over the remote connection in code-server, behind the
 * megabytes of the trace being handed to the extension host). A trace opened before they arrive
 * shows its text uncolored; when the configuration then registers, VS Code recomputes folding,
 * cancels the folding request in flight, and meanwhile computes indentation folding for the
 * whole document on the window's thread (hundreds of ms on a 10 MB trace). The document has no
 * editor and no text; VS Code disposes of it when it has been unused for a while. Failures are
 * logged only: this is an optimisation.
 */
export function warmUpRenderer(output?: vscode.LogOutputChannel): vscode.Disposable {
  const provider = vscode.workspace.registerTextDocumentContentProvider(WARM_UP_SCHEME, { provideTextDocumentContent: () => '' });
  void Promise.resolve(vscode.workspace.openTextDocument(WARM_UP_URI))
    .then((doc) => (doc.languageId === LANGUAGE_ID ? doc : vscode.languages.setTextDocumentLanguage(doc, LANGUAGE_ID)))
    .then(undefined, (e: unknown) => output?.warn(`editor warm-up: ${e instanceof Error ? e.message : String(e)}`));
  return provider;
}
