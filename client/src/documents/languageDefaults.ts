// Re-applies the [ftrace] configuration defaults to traces VS Code opened before it knew them (a trace restored or opened as the workbench starts).
import * as vscode from 'vscode';
import { LANGUAGE_ID } from '../shared/ids';
import { whileChangingLanguage } from './detectTraces';

/**
 * True when `editor` shows an ftrace document with indentation options other than the `[ftrace]`
 * configuration gives (`editor.detectIndentation` false, `editor.tabSize`, `editor.insertSpaces`):
 * the sign that its model took its options from Plain Text.
 *
 * Why this happens (read in the workbench of VS Code 1.100 / code-server 4.100.3, and seen there: a
 * trace opened as the workbench starts kept "Spaces: 4" and bracket pair colors in 2 of 4 runs):
 *
 * 1. A file restored or opened as the workbench starts gets its text model before the extension's
 *    contributions are registered, so as Plain Text. The model's options (indentation, bracket pair
 *    colorization) are computed by the ModelService, for the model's language, in two places only:
 *    when the model's language changes (old language's options against the new one's) and on a
 *    configuration change event for which `affectsConfiguration('editor', { overrideIdentifier:
 *    <the model's language> })` is true.
 * 2. The `languages` and `configurationDefaults` contributions are handled in the same pass, but the
 *    `configurationDefaults` handler only queues its registration (`queueMicrotask`). So the model
 *    can switch to `ftrace` first: its options for `ftrace` then equal Plain Text's (no `[ftrace]`
 *    defaults yet) and nothing changes.
 * 3. When the `[ftrace]` defaults are then registered, the default configuration model is updated in
 *    place before the configuration service compares it with "the previous" one, which is the same
 *    object: the change event names the key `[ftrace]` but none of the `editor.*` keys under it, so
 *    `affectsConfiguration('editor', { overrideIdentifier: 'ftrace' })` is false and the ModelService
 *    skips the model (microsoft/vscode#240410, open: "affectsConfiguration does not support
 *    overrides properly", about the `[markdown]` defaults; #231224 fixed the editor widget's side of
 *    it, not the model's). Any later change of an `editor` setting under `[ftrace]` does re-apply them.
 *
 * An extension cannot reach the model's options otherwise: `TextEditor.options` sets the indentation
 * but not bracket pair colorization, and writing a setting to cause a change event would edit the
 * user's settings. A language change made once the defaults are known recomputes all of them, so
 * that is what {@link watchLanguageDefaults} does, once, for the documents open at activation. With
 * a settings cache from an earlier start (VS Code caches the configuration defaults) the defaults
 * are known before the model switches language and nothing needs re-applying.
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
