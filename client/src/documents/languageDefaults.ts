// Re-applies the [ftrace] configuration defaults to traces VS Code opened before it knew them (a trace restored or opened as the workbench starts).
import * as vscode from 'vscode';
import { LANGUAGE_ID } from '../shared/ids';
import { whileChangingLanguage } from './detectTraces';

/**
 * True when `editor` shows an ftrace document with indentation options other than the `[ftrace]`
 * configuration gives (`editor.detectIndentation` false, `editor.tabSize`, `editor.insertSpaces`):
 * the sign that its model took its options from Plain Text.
 *
 * Why this happens: a file opened as the workbench starts gets its model before the extension's
 * contributions are registered, so as Plain Text (detected indentation, bracket pair colorization on).
 * When the `ftrace` language registers, VS Code switches the model to it and recomputes the model's
 * options, but the `[ftrace]` entries of `configurationDefaults` are not registered yet; their later
 * registration does not reach the open model, so it keeps "Spaces: 4" and colorizes the `)` of the
 * CPU column as an unmatched bracket. A language change made once the defaults are known recomputes
 * them correctly.
 */
export function hasStaleOptions(editor: vscode.TextEditor): boolean {
  const doc = editor.document;
  if (doc.languageId !== LANGUAGE_ID) return false;
  const cfg = vscode.workspace.getConfiguration('editor', doc);
  if (cfg.get<boolean>('detectIndentation') !== false) return false;
  const { tabSize, insertSpaces } = editor.options;
  return tabSize !== cfg.get<number>('tabSize') || insertSpaces !== cfg.get<boolean>('insertSpaces');
}

/** Switches `doc` to Plain Text and back, so that VS Code recomputes its model options with the `[ftrace]` defaults. */
async function reapply(doc: vscode.TextDocument): Promise<void> {
  await whileChangingLanguage(doc.uri, async () => {
    const plain = await vscode.languages.setTextDocumentLanguage(doc, 'plaintext');
    await vscode.languages.setTextDocumentLanguage(plain, LANGUAGE_ID);
  });
}

/** What {@link watchLanguageDefaults} returns. */
export interface LanguageDefaultsWatch extends vscode.Disposable {
  /**
   * Resolves once the documents shown at activation are re-applied (at once when none needed it):
   * start the language client after it, so that it never sees their short Plain Text spell.
   */
  readonly settled: Promise<void>;
}

/**
 * Re-applies the `[ftrace]` defaults to the documents open at activation (the ones a starting
 * workbench may have opened before the defaults were registered): each is looked at once, when an
 * editor first shows it, and switched to Plain Text and back when that editor has stale options
 * ({@link hasStaleOptions}). Documents opened later are left alone, and so is an indentation someone
 * chose. `onReapplied` is told each document re-applied (tests, logs).
 */
export function watchLanguageDefaults(output?: vscode.LogOutputChannel, onReapplied?: (uri: vscode.Uri) => void): LanguageDefaultsWatch {
  const pending = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
  const look = (editors: readonly vscode.TextEditor[]): Promise<void>[] => {
    const done: Promise<void>[] = [];
    for (const editor of editors) {
      const key = editor.document.uri.toString();
      if (!pending.delete(key) || !hasStaleOptions(editor)) continue;
      done.push(
        reapply(editor.document).then(
          () => {
            output?.info(`re-applied the [ftrace] editor defaults to ${key} (opened before the extension's contributions were registered)`);
            onReapplied?.(editor.document.uri);
          },
          (e: unknown) => output?.warn(`could not re-apply the [ftrace] defaults to ${key}: ${e instanceof Error ? e.message : String(e)}`),
        ),
      );
    }
    if (pending.size === 0) sub.dispose();
    return done;
  };
  const sub = vscode.window.onDidChangeVisibleTextEditors((editors) => void look(editors));
  const settled = Promise.all(look(vscode.window.visibleTextEditors)).then(() => undefined);
  return { settled, dispose: () => sub.dispose() };
}
