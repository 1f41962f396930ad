// "Restore Editor Features": reopens a trace of 300,000 lines up to 50 MB with colors, folding and inlay hints.
import * as vscode from 'vscode';
import { LANGUAGE_ID } from '../shared/ids';
import { syncedDocument, tabUri } from './traceFiles';

/** How long to wait for VS Code to drop the old text model after its tabs closed. */
const DISPOSE_TIMEOUT_MS = 5000;

/**
 * VS Code decides once, when it creates a file's text model, whether the file is "large"
 * (`editor.largeFileOptimizations`, read for the model's language). So: set that setting to false
 * for the ftrace language (and for the language VS Code first gave the file, when it was opened as
 * Plain Text or Log) in the user settings, close the file's tabs so that its model goes, reopen it
 * where it was with the same selection, then put the settings back as they were. Leaving the
 * setting off for good would also make VS Code tokenize traces of gigabytes in its window.
 * Resolves to true when the file was reopened with a fresh model.
 */
export async function restoreEditorFeatures(uri: vscode.Uri, firstLanguage: string | undefined, output: vscode.LogOutputChannel): Promise<boolean> {
  const key = uri.toString();
  if (syncedDocument(uri) === undefined) return false;
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs.filter((t) => tabUri(t)?.toString() === key));
  const column = tabs.find((t) => t.isActive)?.group.viewColumn ?? tabs[0]?.group.viewColumn ?? vscode.ViewColumn.Active;
  const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === key);
  const selection = editor?.selection;
  const languages = [...new Set([LANGUAGE_ID, firstLanguage ?? LANGUAGE_ID])];
  const previous = languages.map((languageId) => {
    const cfg = vscode.workspace.getConfiguration('editor', { languageId });
    return { cfg, value: cfg.inspect<boolean>('largeFileOptimizations')?.globalLanguageValue };
  });
  const t0 = Date.now();
  try {
    for (const p of previous) await p.cfg.update('largeFileOptimizations', false, vscode.ConfigurationTarget.Global, true);
    const tSet = Date.now();
    const gone = modelGone(uri);
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true);
    const wasGone = await gone;
    output.info(`${uri.path}: restore: settings written in ${tSet - t0} ms, old model ${wasGone ? 'gone' : 'still there'} ${Date.now() - tSet} ms later`);
    if (!wasGone) {
      // An extension opened the document itself (workspace.openTextDocument): VS Code keeps such
      // models up to about three minutes after their last editor closed, and the old decision with them.
      output.warn(`${uri.fsPath}: VS Code kept the old model after its tabs closed; reopened without new editor features`);
      void vscode.window.showWarningMessage(`Ftrace Lens: VS Code kept ${uri.path.slice(uri.path.lastIndexOf('/') + 1)} loaded after its editor closed (an extension holds it open), so it came back without colors and folding. Close it and try again in a few minutes, or open a slice.`);
    }
    // The new model made its decision when it was created: once extensions see the document again, the
    // settings can go back. That is often seconds before showTextDocument resolves (VS Code first sends
    // the whole text to the extension host, then waits for the editor), and it may not resolve at all
    // when the window goes away meanwhile.
    const opened = documentOpened(uri);
    const shown = vscode.window.showTextDocument(uri, { viewColumn: column, selection, preview: false });
    shown.then(() => output.info(`${uri.path}: editor shown ${Date.now() - t0} ms after the restore began`),
      (e: unknown) => output.warn(`${uri.path}: showing the reopened editor failed: ${e instanceof Error ? e.message : String(e)}`));
    const document = await Promise.race([opened.promise, shown.then((e) => e.document)]).finally(() => opened.dispose());
    // A trace saved as .txt or .log comes back as Plain Text or Log: switch it again, as on its first
    // open (the trace detection may switch it at the same time: then this document is already closed).
    if (document.languageId !== LANGUAGE_ID && !document.isClosed) {
      await Promise.resolve(vscode.languages.setTextDocumentLanguage(document, LANGUAGE_ID)).catch((e: unknown) => {
        if (syncedDocument(uri)?.languageId !== LANGUAGE_ID) output.warn(`${uri.path}: could not set the ftrace language again: ${e instanceof Error ? e.message : String(e)}`);
      });
    }
    if (wasGone) output.info(`${uri.path}: reopened with editor features on in ${Date.now() - t0} ms`);
    return wasGone;
  } finally {
    for (const p of previous) await p.cfg.update('largeFileOptimizations', p.value, vscode.ConfigurationTarget.Global, true);
  }
}

/** A promise of the next document of `uri` VS Code gives to extensions (never resolves unless one opens; dispose when done). */
function documentOpened(uri: vscode.Uri): { promise: Promise<vscode.TextDocument>; dispose(): void } {
  const key = uri.toString();
  let sub: vscode.Disposable | undefined;
  const promise = new Promise<vscode.TextDocument>((resolve) => {
    sub = vscode.workspace.onDidOpenTextDocument((d) => {
      if (d.uri.toString() === key) resolve(d);
    });
  });
  return { promise, dispose: () => sub?.dispose() };
}

/** Resolves to true once VS Code closed the document of `uri` (its model is gone), false after a timeout. */
function modelGone(uri: vscode.Uri): Promise<boolean> {
  const key = uri.toString();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      sub.dispose();
      resolve(false);
    }, DISPOSE_TIMEOUT_MS);
    const sub = vscode.workspace.onDidCloseTextDocument((d) => {
      if (d.uri.toString() !== key) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(true);
    });
  });
}
