// Shared helpers of the VS Code integration suite: activation, fixtures in the workspace, bounded waits on editor events.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import * as vscode from 'vscode';
import type { CallJson } from '../../server/src/cli/report';

/** publisher.name from package.json. */
export const EXTENSION_ID = 'ftrace-lens.ftrace-lens';

/** What the extension's activate() returns (client/src/extension.ts); only `ready` is used here. */
export interface FtraceLensApi {
  readonly ready: Promise<void>;
}

/** The extension under development; fails the test when VS Code did not load it. */
export function extension(): vscode.Extension<FtraceLensApi> {
  const ext = vscode.extensions.getExtension<FtraceLensApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not loaded (${vscode.extensions.all.length} extensions)`);
  return ext;
}

/** Activates the extension (if needed) and waits until its language server is running. */
export async function activate(): Promise<FtraceLensApi> {
  const api = await extension().activate();
  assert.ok(api && typeof api.ready?.then === 'function', 'activate() should return { ready }');
  // The language server starts with the first open trace: open one so that `ready` can resolve.
  await vscode.workspace.openTextDocument(writeFile('activate/first.trace', ' 0)   1.000 us    |  f();\n'));
  await api.ready;
  return api;
}

/** The repository root (the runners may pass a symlink to it as extensionDevelopmentPath). */
export function repoRoot(): string {
  return fs.realpathSync(extension().extensionPath);
}

/**
 * Folder of the full real captures (`../shared/corpus/real` beside the repository), or undefined when
 * absent or when FTRACE_LENS_NO_SHARED=1 (to prove the suite passes on the fixtures alone).
 */
export function sharedCorpus(): string | undefined {
  if (process.env.FTRACE_LENS_NO_SHARED === '1') return undefined;
  const dir = path.join(path.dirname(repoRoot()), 'shared', 'corpus', 'real');
  return fs.existsSync(dir) ? dir : undefined;
}

let scratch: string | undefined;

/** A folder for the suite's files: inside the open workspace folder when there is one, else a temp folder. */
export function workDir(): string {
  if (scratch === undefined) {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    scratch = folder ? path.join(folder, 'ftrace-lens-it') : fs.mkdtempSync(path.join(os.tmpdir(), 'ftrace-lens-it-'));
    fs.mkdirSync(scratch, { recursive: true });
  }
  return scratch;
}

/** Writes `text` to `relPath` under workDir() and returns its URI. */
export function writeFile(relPath: string, text: string | Buffer): vscode.Uri {
  const file = path.join(workDir(), relPath);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return vscode.Uri.file(file);
}

/** The seed trace: the first fenced block of fixtures/seed-vfio.md (shell prompt included, as pasted). */
export function seedTraceText(): string {
  const md = fs.readFileSync(path.join(repoRoot(), 'fixtures', 'seed-vfio.md'), 'utf8');
  const m = /^```[^\n]*\n([\s\S]*?)^```/m.exec(md);
  assert.ok(m, 'seed-vfio.md has no fenced block');
  return m[1];
}

/**
 * A real capture: with `full`, the whole one from ../shared when present (gunzipped); otherwise (or
 * without ../shared) the fixture holding its first 500 lines.
 */
export function realTrace(name: string, full: boolean): { text: string; full: boolean } {
  const shared = full ? sharedCorpus() : undefined;
  const gz = shared && path.join(shared, `${name}.trace.gz`);
  if (gz && fs.existsSync(gz)) return { text: zlib.gunzipSync(fs.readFileSync(gz)).toString('utf8'), full: true };
  return { text: fs.readFileSync(path.join(repoRoot(), 'fixtures', `${name}-head.trace`), 'utf8'), full: false };
}

/** Opens a document in an editor (so folding, hovers and inlay hints run as for a user). */
export async function openInEditor(uri: vscode.Uri): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** Options of {@link waitFor}. */
export interface WaitOptions {
  /** Give up after this long (ms). */
  timeoutMs?: number;
  /** Events that may make the condition true; each firing triggers a new attempt at once. */
  events?: vscode.Event<unknown>[];
}

/**
 * Bounded retry: calls `probe` until it returns something other than undefined. Between attempts it
 * waits for one of `events` or a backoff (50 ms doubling to 1 s), whichever comes first; fails with
 * `what` and the last error after timeoutMs. Not a fixed sleep: it returns as soon as the answer is there.
 */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, opts: WaitOptions = {}): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 15000);
  let delay = 50;
  let last: unknown;
  for (let attempt = 1; ; attempt++) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
      last = undefined;
    } catch (e) {
      last = e;
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      const why = last instanceof Error ? `: ${last.message}` : '';
      throw new Error(`timed out after ${attempt} attempts waiting for ${what}${why}`);
    }
    await new Promise<void>((resolve) => {
      const subs: vscode.Disposable[] = [];
      const done = () => {
        clearTimeout(timer);
        subs.forEach((s) => s.dispose());
        resolve();
      };
      const timer = setTimeout(done, Math.min(delay, left));
      for (const ev of opts.events ?? []) subs.push(ev(done));
    });
    delay = Math.min(delay * 2, 1000);
  }
}

/** A diagnostic's code as a string (the server sends plain string codes). */
export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** Waits until the diagnostics of `uri` satisfy `ok` (re-checked on every onDidChangeDiagnostics). */
export function waitForDiagnostics(uri: vscode.Uri, what: string, ok: (d: vscode.Diagnostic[]) => boolean, timeoutMs = 20000): Promise<vscode.Diagnostic[]> {
  return waitFor(what, () => {
    const d = vscode.languages.getDiagnostics(uri);
    return ok(d) ? d : undefined;
  }, { timeoutMs, events: [vscode.languages.onDidChangeDiagnostics] });
}

/** The text of the hovers at a position (all providers' Markdown joined). */
export async function hoverText(uri: vscode.Uri, pos: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos);
  return (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

/** Waits until the hover at `pos` contains `needle` (the server answers once the document is synced). */
export function waitForHover(uri: vscode.Uri, pos: vscode.Position, needle: string | RegExp, timeoutMs = 15000): Promise<string> {
  return waitFor(`hover at ${pos.line + 1}:${pos.character + 1} containing ${needle}`, async () => {
    const t = await hoverText(uri, pos);
    return (typeof needle === 'string' ? t.includes(needle) : needle.test(t)) ? t : undefined;
  }, { timeoutMs });
}

/** Folding ranges from every provider for the document. */
export async function foldingRanges(uri: vscode.Uri): Promise<vscode.FoldingRange[]> {
  return (await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', uri)) ?? [];
}

/** Waits until the folding provider has answered with at least one range. */
export function waitForFolding(uri: vscode.Uri, timeoutMs = 15000): Promise<vscode.FoldingRange[]> {
  return waitFor('folding ranges', async () => {
    const r = await foldingRanges(uri);
    return r.length > 0 ? r : undefined;
  }, { timeoutMs });
}

/** Inlay hints in a range of lines (0-based, inclusive). */
export async function inlayHints(uri: vscode.Uri, first: number, last: number): Promise<vscode.InlayHint[]> {
  const range = new vscode.Range(first, 0, last, Number.MAX_SAFE_INTEGER);
  return (await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', uri, range)) ?? [];
}

/** An inlay hint's label as text. */
export function labelOf(h: vscode.InlayHint): string {
  return typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('');
}

/** The settings target that tests write to: the workspace when a folder is open, else the user settings. */
export function settingsTarget(): vscode.ConfigurationTarget {
  return vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
}

/** Sets (or with undefined, removes) an `ftraceLens.*` setting. */
export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('ftraceLens').update(key, value, settingsTarget());
}

/** 0-based index of the first line at or after `from` that contains `needle`; fails when there is none. */
export function lineOf(doc: vscode.TextDocument, needle: string, from = 0): number {
  for (let i = from; i < doc.lineCount; i++) if (doc.lineAt(i).text.includes(needle)) return i;
  assert.fail(`no line containing ${JSON.stringify(needle)} after line ${from + 1}`);
}

/** Position of the first character of `word` on `line`. */
export function posOf(doc: vscode.TextDocument, line: number, word: string): vscode.Position {
  const c = doc.lineAt(line).text.indexOf(word);
  assert.ok(c >= 0, `${JSON.stringify(word)} not on line ${line + 1}`);
  return new vscode.Position(line, c);
}

const UNIT_US: Record<string, number> = { ns: 1e-3, 'µs': 1, ms: 1e3, s: 1e6 };

/** µs from a duration as the extension shows it (`393 ns`, `6.945 µs`, `2.672 ms`, `187.6 s`), or NaN. */
export function usOf(text: string): number {
  const m = /^\s*(-?[\d.]+) (ns|µs|ms|s)\b/.exec(text);
  return m ? Number(m[1]) * UNIT_US[m[2]] : NaN;
}

/** The duration after `label: ` in a hover (e.g. `inclusive: 2.672 ms`), in µs, or NaN. */
export function usAfter(text: string, label: string): number {
  const m = new RegExp(`${label}: ([\\d.]+ (?:ns|µs|ms|s))\\b`).exec(text);
  return m ? usOf(m[1]) : NaN;
}

/**
 * Does a duration shown by the extension (µs, read back with {@link usOf}) equal the kernel's
 * printed one? Shown durations have four significant digits (below 1 µs: whole ns), so they may
 * differ by half a unit of their last digit.
 */
export function sameAsPrinted(shownUs: number, printedUs: number): boolean {
  const a = Math.abs(printedUs);
  const half = a < 1 ? 0.0005 : 0.5 * 10 ** (Math.floor(Math.log10(a)) - 3);
  return Math.abs(shownUs - printedUs) <= half * 1.0001 + 1e-9;
}

// ---------------------------------------------------------------- panel and commands (commands.test.ts, panel.test.ts)

/** The whole API of client/src/extension.ts (ready, client, callTree), typed from the client's own declaration. */
export type PanelApi = import('../../client/src/extension').FtraceLensApi;

/**
 * Activates the extension and returns its whole API without waiting for `ready`: the language server
 * starts with the first open trace, so callers open one and then await `api.ready`.
 */
export async function activatePanel(): Promise<PanelApi> {
  const api = (await extension().activate()) as unknown as PanelApi;
  assert.ok(api && typeof api.ready?.then === 'function', 'activate() should return { ready }');
  return api;
}

/** The large real capture (`../shared/corpus/large/k61-smp2-large.trace.gz`), or undefined when absent or FTRACE_LENS_NO_SHARED=1. */
export function sharedLargeTrace(): string | undefined {
  const dir = sharedCorpus();
  const gz = dir && path.join(path.dirname(dir), 'large', 'k61-smp2-large.trace.gz');
  return gz && fs.existsSync(gz) ? gz : undefined;
}

/** One call as printed by the CLI (`calls --jsonl`, `report --json` slowest); lines are 1-based. */
export type CliCall = CallJson;

/**
 * Runs the built CLI (`server/out/cli.js`) with the extension host's own runtime (Node, or Electron as
 * Node) and resolves to its stdout. Asynchronous, so the extension host keeps serving while it runs.
 */
export function runCli(args: string[]): Promise<string> {
  const cli = path.join(repoRoot(), 'server', 'out', 'cli.js');
  assert.ok(fs.existsSync(cli), `${cli} is missing: run npm run build`);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } }, (err, stdout, stderr) => {
      if (err) reject(new Error(`ftrace-lens ${args.join(' ')}: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/**
 * The server's time order (Call Tree "Order by Time", Go to Longest Child) with the default
 * ranking: the CLI's `rankedUs` first (on-CPU time; inclusive when the off-CPU time is unknown),
 * then the calls it sets aside (the idle task's, sleeps of unknown on-CPU time) by inclusive time,
 * then untimed calls; trace order on ties.
 */
export function serverTimeOrder(cs: readonly CliCall[]): CliCall[] {
  const key = (c: CliCall): number => (c.rankedUs !== null ? 2e12 + c.rankedUs : c.inclusiveUs !== null ? 1e12 + c.inclusiveUs : -1);
  return [...cs].sort((a, b) => key(b) - key(a) || a.id - b.id);
}

/** `ftrace-lens calls FILE --jsonl`, parsed. */
export async function cliCalls(file: string): Promise<CliCall[]> {
  return (await runCli(['calls', file, '--jsonl'])).split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as CliCall);
}

/** `ftrace-lens report FILE --json`, parsed (only the fields the tests read). */
export async function cliReport(file: string): Promise<{ calls: number; slowest: CliCall[] }> {
  return JSON.parse(await runCli(['report', file, '--json'])) as { calls: number; slowest: CliCall[] };
}

/** Waits until the active editor shows `uri` with its cursor on 0-based `line`; returns the editor. */
export function waitForCursorLine(uri: vscode.Uri, line: number, what: string, timeoutMs = 10000): Promise<vscode.TextEditor> {
  return waitFor(what, () => {
    const e = vscode.window.activeTextEditor;
    return e !== undefined && e.document.uri.toString() === uri.toString() && e.selection.active.line === line ? e : undefined;
  }, { timeoutMs, events: [vscode.window.onDidChangeTextEditorSelection, vscode.window.onDidChangeActiveTextEditor] });
}

/** Puts the cursor of `editor` at the first non-blank character of 0-based `line`. */
export function placeCursor(editor: vscode.TextEditor, line: number): void {
  const c = editor.document.lineAt(line).firstNonWhitespaceCharacterIndex;
  editor.selection = new vscode.Selection(line, c, line, c);
}

/** Absolute path of a file in fixtures/. */
export function fixturePath(name: string): string {
  return path.join(repoRoot(), 'fixtures', name);
}
