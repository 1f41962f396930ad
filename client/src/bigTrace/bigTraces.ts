// Watches every trace tab, knows its large-file regime, says once what VS Code turned off and what to do (notification + status bar item), indexes traces past 50 MB from disk.
import * as vscode from 'vscode';
import { firstLanguageOf } from '../documents/detectTraces';
import { Commands, LANGUAGE_ID, SETTINGS_SECTION, Settings, Views } from '../shared/ids';
import type { TraceFocus } from '../shared/traceFocus';
import type { DiskIndexes } from './diskIndex';
import { formatSize, regimeBadge, regimeMessage, regimeNotice } from './regime';
import { restoreEditorFeatures } from './restoreFeatures';
import { inspectTraceFile, syncedDocument, tabUri, textTabUris, type TraceFile } from './traceFiles';

/** An action offered for a regime: its title in the options list, its command and, for the notification, a short button label. */
interface Action {
  readonly title: string;
  readonly command: string;
  readonly args?: unknown[];
  /** The notification's button (a verb and an object: a toast 450 px wide cuts longer labels); absent: not a button. */
  readonly button?: string;
}

/** The notification's buttons: VS Code shows at most three in a toast (more go behind a gear, long ones are cut). */
const MAX_BUTTONS = 3;
/** Pseudo-command of the "Open Slice…" button: a pick of the slice commands. */
const PICK_SLICE = 'ftraceLens.internal.pickSlice';

/** Knows the regime of each open trace and tells people about it. */
export class BigTraces implements vscode.Disposable {
  private readonly files = new Map<string, TraceFile>();
  /** Large files reopened with every editor feature (until their tabs close). */
  private readonly restored = new Set<string>();
  /** Large files VS Code gave every editor feature when it made their model (`editor.largeFileOptimizations` off), until their tabs close. */
  private readonly keptByEditor = new Set<string>();
  private readonly restoring = new Set<string>();
  /** The restores queued or running, one after the other. */
  private restores: Promise<void> = Promise.resolve();
  /** Large files restored on their own because of the setting, since they were opened. */
  private readonly autoTried = new Set<string>();
  /** Files whose regime was announced in a notification this session. */
  private readonly told = new Set<string>();
  private readonly item = vscode.window.createStatusBarItem('ftraceLens.regime', vscode.StatusBarAlignment.Left, 49);
  private readonly subs: vscode.Disposable[] = [];
  private scanning: Promise<void> = Promise.resolve();

  constructor(private readonly disk: DiskIndexes, private readonly focus: TraceFocus, private readonly output: vscode.LogOutputChannel, private readonly ready: Promise<void>) {
    this.item.name = 'Ftrace Lens: large trace';
    this.subs.push(
      this.item,
      vscode.window.tabGroups.onDidChangeTabs(() => this.scan()),
      vscode.workspace.onDidOpenTextDocument(() => this.scan()),
      focus.onDidChange(() => this.updateItem()),
      disk.onDidChange(() => this.updateItem()),
      vscode.commands.registerCommand(Commands.restoreEditorFeatures, (uri?: vscode.Uri) => this.restore(uri)),
      vscode.commands.registerCommand(Commands.bigTraceOptions, (uri?: vscode.Uri) => this.showOptions(uri)),
    );
    this.scan();
  }

  /** The regime facts of `uri`, when it is an open trace. */
  file(uri: vscode.Uri): TraceFile | undefined {
    return this.files.get(uri.toString());
  }

  /** True when `uri` was reopened with every editor feature and is still open. */
  featuresRestored(uri: vscode.Uri): boolean {
    return this.restored.has(uri.toString());
  }

  /** True when `uri` is large but VS Code kept its colors, folding and inlay hints (the setting was off when it opened). */
  featuresKeptByEditor(uri: vscode.Uri): boolean {
    return this.keptByEditor.has(uri.toString());
  }

  /** Finds new trace tabs, forgets closed ones (serialized: events come in bursts). */
  scan(): Promise<void> {
    this.scanning = this.scanning.then(() => this.doScan()).catch((e: unknown) => this.output.error(`big traces: ${e instanceof Error ? e.message : String(e)}`));
    return this.scanning;
  }

  private async doScan(): Promise<void> {
    const open = textTabUris();
    const keys = new Set(open.map((u) => u.toString()));
    for (const [key, f] of this.files) {
      if (keys.has(key)) continue;
      this.files.delete(key);
      this.keptByEditor.delete(key);
      if (!this.restoring.has(key)) {
        this.restored.delete(key);
        this.autoTried.delete(key);
      }
      if (f.regime === 'tooBig') this.disk.forget(f.uri);
    }
    for (const uri of open) {
      const key = uri.toString();
      const known = this.files.get(key);
      // Re-measure a synced file whose line count VS Code only now gave (the tab shows before the document).
      if (known !== undefined && (known.lines !== undefined || known.regime === 'tooBig')) continue;
      const f = await inspectTraceFile(uri);
      if (f === undefined) continue;
      // Up to 50 MB VS Code gives the document (and its line count) soon: decide then.
      if (f.regime !== 'tooBig' && f.lines === undefined) continue;
      this.files.set(key, f);
      // Read now, right after VS Code made the model: that is when VS Code read the setting too
      // (a restore of this file turns it off itself: that file counts as restored).
      const kept = f.regime === 'large' && !this.restoring.has(key) && editorKeepsFeatures(f.uri);
      if (kept) this.keptByEditor.add(key);
      this.output.info(`${f.name}: ${formatSize(f.bytes)}${f.lines !== undefined ? `, ${f.lines} lines` : ''}: regime ${f.regime}${kept ? ' (editor.largeFileOptimizations is off: VS Code kept every editor feature)' : ''}`);
      if (f.regime === 'tooBig' && !this.disk.has(uri)) void this.ready.then(() => this.disk.index(f), () => undefined);
      if (f.regime !== 'normal' && !kept) this.announce(f);
    }
    this.updateItem();
  }

  /** Says once per file and session what VS Code turned off and what to do; or restores at once when the setting says so. */
  private announce(f: TraceFile): void {
    const key = f.uri.toString();
    if (f.regime === 'large' && vscode.workspace.getConfiguration(SETTINGS_SECTION, f.uri).get<boolean>('largeFiles.restoreEditorFeatures') === true) {
      // Once per opening: a restore that could not help (VS Code kept the model) is not tried again until the file is closed.
      if (!this.autoTried.has(key)) {
        this.autoTried.add(key);
        void this.restore(f.uri);
      }
      return;
    }
    if (this.told.has(key)) return;
    this.told.add(key);
    const message = regimeNotice(f.regime, f.name, f.bytes, f.lines);
    if (message === undefined) return;
    const buttons = this.buttons(f);
    void vscode.window.showWarningMessage(`Ftrace Lens: ${message}`, ...buttons.map((a) => a.button!)).then((pick) => {
      const a = buttons.find((x) => x.button === pick);
      if (a !== undefined) void this.run(a, f);
    });
  }

  /** The notification's buttons for `f` (at most {@link MAX_BUTTONS}, each with a short label). */
  private buttons(f: TraceFile): Action[] {
    const slice: Action = { title: 'Open a Slice (Call, Task, CPU or Time Window) as Trace…', command: PICK_SLICE, button: 'Open Slice…' };
    return [...this.actions(f).filter((a) => a.button !== undefined), slice].slice(0, MAX_BUTTONS);
  }

  /** Runs action `a` for `f`. */
  private async run(a: Action, f: TraceFile): Promise<void> {
    if (a.command === PICK_SLICE) return this.showOptions(f.uri, true);
    await vscode.commands.executeCommand(a.command, ...(a.args ?? []));
  }

  /** What can be done for `f`, most useful first. */
  private actions(f: TraceFile): Action[] {
    if (f.regime === 'large') {
      return [
        { title: 'Restore Editor Features', command: Commands.restoreEditorFeatures, args: [f.uri], button: 'Restore Editor Features' },
        { title: 'Always Restore (Setting)', command: 'workbench.action.openSettings', args: [Settings.restoreEditorFeatures], button: 'Always Restore' },
        { title: 'Open Call as Trace', command: Commands.openCallAsTrace },
        { title: 'Open Task as Trace…', command: Commands.openTaskAsTrace },
        { title: 'Open CPU as Trace…', command: Commands.openCpuAsTrace },
        { title: 'Open Time Window as Trace…', command: Commands.openTimeWindowAsTrace },
      ];
    }
    return [
      { title: 'Show Call Tree', command: `${Views.callTree}.focus`, button: 'Show Call Tree' },
      { title: 'Jump to Slowest Call', command: Commands.jumpToSlowestCall, button: 'Jump to Slowest' },
      { title: 'Open Task as Trace…', command: Commands.openTaskAsTrace },
      { title: 'Open CPU as Trace…', command: Commands.openCpuAsTrace },
      { title: 'Open Time Window as Trace…', command: Commands.openTimeWindowAsTrace },
    ];
  }

  /** The active tab's trace when it is large or too big. */
  private activeBig(uri?: vscode.Uri): TraceFile | undefined {
    const u = uri ?? this.focus.current()?.uri ?? tabUri(vscode.window.tabGroups.activeTabGroup.activeTab);
    const f = u && this.files.get(u.toString());
    return f !== undefined && f.regime !== 'normal' ? f : undefined;
  }

  private updateItem(): void {
    const f = this.activeBig(tabUri(vscode.window.tabGroups.activeTabGroup.activeTab));
    if (f === undefined) return void this.item.hide();
    const s = this.disk.state(f.uri);
    const kept = !this.restored.has(f.uri.toString()) && this.keptByEditor.has(f.uri.toString());
    if (this.restored.has(f.uri.toString()) || kept) {
      this.item.text = kept ? '$(check) large trace: every editor feature' : '$(check) large trace: editor features restored';
      this.item.tooltip = kept
        ? `${f.name} has colors, folding and inlay hints: \`editor.largeFileOptimizations\` was off when it opened (otherwise VS Code turns them off above 300,000 lines or 20 MB). They cost editor memory.`
        : `${f.name} was reopened with colors, folding and inlay hints (VS Code turns them off above 300,000 lines or 20 MB). They cost editor memory; closing and reopening the file turns them off again.`;
      this.item.command = undefined;
      this.item.backgroundColor = undefined;
      this.item.show();
      return;
    }
    const badge = regimeBadge(f.regime) ?? '';
    const state = f.regime !== 'tooBig' || s === undefined ? '' : s.kind === 'indexing' ? ' (reading…)' : s.kind === 'stale' ? ' (changed on disk)' : s.kind === 'failed' ? ' (unreadable)' : s.kind === 'cancelled' ? ' (not read)' : '';
    this.item.text = `${badge}${state}`;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendText(regimeMessage(f.regime, f.name, f.bytes, f.lines) ?? '');
    if (s?.kind === 'failed' || s?.kind === 'stale') md.appendText(`\n\n${s.message}`);
    md.appendMarkdown('\n\nClick for what to do.');
    this.item.tooltip = md;
    this.item.command = { command: Commands.bigTraceOptions, title: 'What to do', arguments: [f.uri] };
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    this.item.show();
  }

  /** What to do for the active big trace (or `uri`), as a pick; `slicesOnly`: the slice commands alone. */
  private async showOptions(uri?: vscode.Uri, slicesOnly = false): Promise<void> {
    const f = this.activeBig(uri);
    if (f === undefined) return void vscode.window.showInformationMessage('Ftrace: the active trace is small enough for every editor feature.');
    const s = this.disk.state(f.uri);
    const slices: string[] = [Commands.openCallAsTrace, Commands.openTaskAsTrace, Commands.openCpuAsTrace, Commands.openTimeWindowAsTrace];
    const actions = this.actions(f).filter((a) => !slicesOnly || slices.includes(a.command));
    if (!slicesOnly && (s?.kind === 'cancelled' || s?.kind === 'failed')) actions.unshift({ title: 'Read It from Disk Again', command: Commands.bigTraceOptions, args: ['reindex', f.uri] });
    const title = slicesOnly ? 'Open a slice of the trace as a small trace with every editor feature' : regimeMessage(f.regime, f.name, f.bytes, f.lines)?.split('. ')[0];
    const pick = await vscode.window.showQuickPick(actions.map((a) => ({ label: a.title, action: a })), { title });
    if (pick === undefined) return;
    if (pick.action.args?.[0] === 'reindex') return void this.disk.index(f);
    await vscode.commands.executeCommand(pick.action.command, ...(pick.action.args ?? []));
  }

  private async restore(uri?: vscode.Uri): Promise<void> {
    const f = this.activeBig(uri);
    if (f === undefined || f.regime !== 'large' || this.keptByEditor.has(f.uri.toString())) {
      void vscode.window.showInformationMessage(f?.regime === 'tooBig'
        ? 'Ftrace: past 50 MB VS Code gives the file to no extension, whatever the settings; open a slice (Open Call, Task, CPU or Time Window as Trace) for every editor feature.'
        : 'Ftrace: the active trace already has every editor feature.');
      return;
    }
    if (syncedDocument(f.uri) === undefined) return;
    const key = f.uri.toString();
    if (this.restoring.has(key)) return;
    this.restoring.add(key);
    const run = async (): Promise<void> => {
      try {
        if (await restoreEditorFeatures(f.uri, firstLanguageOf(f.uri), this.output)) this.restored.add(key);
      } finally {
        this.restoring.delete(key);
        this.updateItem();
      }
    };
    // One restore at a time: each turns the user setting off, then puts it back once its document
    // reopened; two at once (a workspace restoring several large traces with the setting on) could
    // put it back before the other file's model was made.
    const done = this.restores.then(run, run);
    this.restores = done.catch(() => undefined);
    return done;
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
  }
}

/**
 * True when VS Code kept every editor feature for the large file `uri`: `editor.largeFileOptimizations`
 * is off for the language VS Code made its model with (Plain Text or Log for a trace the extension
 * switched to ftrace afterwards). VS Code reads it only then, so this holds when read at that time.
 */
function editorKeepsFeatures(uri: vscode.Uri): boolean {
  const languageId = firstLanguageOf(uri) ?? syncedDocument(uri)?.languageId ?? LANGUAGE_ID;
  return vscode.workspace.getConfiguration('editor', { uri, languageId }).get<boolean>('largeFileOptimizations') === false;
}
