// "Compare with Another Trace…": the trace in focus against a baseline (another open trace, or a file), per function, shown as a read-only table.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CompareRequest, type CompareResult, type CompareSort } from '../../../server/src/protocol';
import type { DiskIndexes } from '../bigTrace/diskIndex';
import { inspectTraceFile, syncedDocument, textTabUris } from '../bigTrace/traceFiles';
import { isWarmUpDocument } from '../documents/rendererWarmUp';
import { Commands, LANGUAGE_ID } from '../shared/ids';
import type { TraceFocus } from '../shared/traceFocus';
import { send } from '../shared/requests';

/** Scheme of the comparison documents (read-only, plain text, never synchronized with the server). */
export const COMPARE_SCHEME = 'ftrace-compare';

/** The name a trace goes by in the picker and the comparison's title. */
function nameOf(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1) || uri.toString();
}

/** Holds the comparison texts, one per comparison document. */
class ComparisonDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private count = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? 'This comparison is gone: run Ftrace: Compare with Another Trace… again.\n';
  }

  /** A new document URI holding `text`, titled after the two traces. */
  add(before: vscode.Uri, after: vscode.Uri, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: COMPARE_SCHEME, path: `/${nameOf(after)} vs ${nameOf(before)}.txt`, query: String(++this.count) });
    this.texts.set(uri.toString(), text);
    return uri;
  }

  /** Forgets a closed comparison. */
  closed(uri: vscode.Uri): void {
    this.texts.delete(uri.toString());
  }
}

interface BaselinePick extends vscode.QuickPickItem {
  readonly uri?: vscode.Uri;
}

/**
 * Makes `uri` a trace the server holds: an ftrace document already open, a file of up to 50 MB
 * opened as a document (shown nowhere; the language client sends it, VS Code closes it later), or
 * a bigger one indexed from disk ('indexed': the caller frees that index when no tab shows the
 * file). Resolves to false (after saying why) when it is no trace or could not be read.
 */
async function ensureTrace(uri: vscode.Uri, disk: DiskIndexes): Promise<boolean | 'indexed'> {
  const open = syncedDocument(uri);
  if (open?.languageId === LANGUAGE_ID || disk.version(uri) !== undefined) return true;
  const file = await inspectTraceFile(uri);
  if (file === undefined) {
    void vscode.window.showErrorMessage(`Ftrace Lens: ${nameOf(uri)} is no ftrace function_graph trace.`);
    return false;
  }
  if (file.regime === 'tooBig') return (await disk.index(file, 'to compare: ')).kind === 'ready' ? 'indexed' : false;
  const doc = await vscode.workspace.openTextDocument(uri);
  if (doc.languageId !== LANGUAGE_ID) await vscode.languages.setTextDocumentLanguage(doc, LANGUAGE_ID);
  return true;
}

/** The traces the server holds that can be the baseline of `current`: ftrace documents (slices too), and tabs past 50 MB read from disk. */
export function baselineChoices(current: vscode.Uri, disk: DiskIndexes): vscode.Uri[] {
  const key = current.toString();
  const docs = vscode.workspace.textDocuments.filter((d) => d.languageId === LANGUAGE_ID && !isWarmUpDocument(d.uri)).map((d) => d.uri);
  const fromDisk = textTabUris().filter((u) => disk.version(u) !== undefined);
  return [...docs, ...fromDisk].filter((u) => u.toString() !== key);
}

/** Asks for the baseline: another open trace, or a file. */
async function pickBaseline(current: vscode.Uri, disk: DiskIndexes): Promise<vscode.Uri | undefined> {
  const open: BaselinePick[] = baselineChoices(current, disk).map((u) => ({ label: nameOf(u), description: vscode.workspace.asRelativePath(u, true), uri: u }));
  const items: BaselinePick[] = [...open, ...(open.length > 0 ? [{ label: '', kind: vscode.QuickPickItemKind.Separator }] : []), { label: '$(folder-opened) Choose a File…', alwaysShow: true }];
  const pick = await vscode.window.showQuickPick(items, { title: `Compare ${nameOf(current)} with… (the baseline, before the change)`, matchOnDescription: true });
  if (pick === undefined) return undefined;
  if (pick.uri !== undefined) return pick.uri;
  const files = await vscode.window.showOpenDialog({
    title: `Compare ${nameOf(current)} with`,
    openLabel: 'Compare',
    canSelectMany: false,
    defaultUri: current.scheme === 'file' ? vscode.Uri.joinPath(current, '..') : undefined,
  });
  return files?.[0];
}

/**
 * Registers the command and the comparison documents. Arguments (tests, keybindings): the
 * baseline's URI, the trace's URI (default: the trace in focus) and the sort.
 */
export function registerCompareCommand(client: LanguageClient, focus: TraceFocus, disk: DiskIndexes): vscode.Disposable {
  const docs = new ComparisonDocuments();
  return vscode.Disposable.from(
    vscode.workspace.registerTextDocumentContentProvider(COMPARE_SCHEME, docs),
    vscode.workspace.onDidCloseTextDocument((d) => d.uri.scheme === COMPARE_SCHEME && docs.closed(d.uri)),
    vscode.commands.registerCommand(Commands.compareTraces, (before?: vscode.Uri, after?: vscode.Uri, sortBy?: CompareSort) => compare(client, focus, disk, docs, before, after, sortBy)),
  );
}

/** Runs the comparison and shows it; resolves to the server's answer (undefined when cancelled or failed). */
async function compare(client: LanguageClient, focus: TraceFocus, disk: DiskIndexes, docs: ComparisonDocuments, before?: vscode.Uri, after?: vscode.Uri, sortBy?: CompareSort): Promise<CompareResult | undefined> {
  const current = after ?? focus.current()?.uri;
  if (current === undefined) {
    void vscode.window.showInformationMessage('Open an ftrace trace to compare it with another.');
    return undefined;
  }
  const baseline = before ?? (await pickBaseline(current, disk));
  if (baseline === undefined) return undefined;
  const held = await ensureTrace(baseline, disk);
  if (held === false) return undefined;
  try {
    const r = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Comparing ${nameOf(current)} with ${nameOf(baseline)}…`, cancellable: true },
      (_, token) => send(client, CompareRequest, { before: baseline.toString(), after: current.toString(), sortBy }, token),
    );
    if (r === null) {
      void vscode.window.showWarningMessage('Ftrace Lens: a trace of the comparison is not open in the language server; nothing compared.');
      return undefined;
    }
    const doc = await vscode.workspace.openTextDocument(docs.add(baseline, current, r.text));
    await vscode.window.showTextDocument(doc, { preview: false });
    return r;
  } catch (e) {
    void vscode.window.showErrorMessage(`Ftrace Lens: comparison failed: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  } finally {
    // An index read only for this comparison: its memory goes back unless a tab shows the file meanwhile.
    if (held === 'indexed' && !textTabUris().some((u) => u.toString() === baseline.toString())) disk.forget(baseline);
  }
}
