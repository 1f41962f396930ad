// End-to-end checks of the extension's notices in offline VS Code: every button of the large-file notices is whole (1400-px window), and past the open confirmation limit (its default) Jump to Slowest Call says why the line is not shown and, after "Raise for Workspace", selects it.
/* global document, window -- the page.evaluate callbacks run in the browser */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { repoRoot } from '../vscode/installCodeServer.mjs';
import { startE2eRun } from './runSetup.mjs';
import { launchBrowser, linkExtensionForDevelopment, startCodeServer } from '../vscode/codeServer.mjs';
import { openWorkbench, quickOpen, runCommand } from '../vscode/workbench.mjs';
import { runIfMain } from '../vscode/runMain.mjs';
import { assert, createChecks } from './checks.mjs';
import { countLines, makeTrace } from './bigTraceFiles.mjs';
import { cursorLine, toast } from './workbenchState.mjs';

const { failureShot, check, summary } = createChecks();

/** The buttons of a toast: text, and whether the text is cut (wider than the button shows). */
async function toastButtons(note) {
  return note.evaluate((el) => [...el.querySelectorAll('.notification-list-item-buttons-container .monaco-button')].map((b) => {
    // The label may be the button itself or a child span: measure every element that holds text.
    const parts = [b, ...b.querySelectorAll('*')];
    const cut = parts.some((e) => e.scrollWidth > e.clientWidth + 0.5 && e.clientWidth > 0);
    // Shown: its middle is on screen and not covered (a toast whose message is too long scrolls its buttons out of view, under the next toast).
    const r = b.getBoundingClientRect();
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    const shown = r.width > 0 && r.bottom <= window.innerHeight && top !== null && b.contains(top);
    return { text: b.textContent.trim(), cut, shown, scroll: b.scrollWidth, client: b.clientWidth };
  }));
}

/** Asserts the toast's buttons are `expected` (at most three), each label whole and in view; returns them. */
async function assertWholeButtons(note, expected) {
  // Toasts slide in and VS Code lays them out again when another arrives (its own large-file toast
  // comes at about the same time): wait up to 15 s for the layout to settle with every button shown.
  let buttons = await toastButtons(note);
  for (const t0 = Date.now(); Date.now() - t0 < 15000 && !(buttons.length > 0 && buttons.every((b) => b.shown && !b.cut));) {
    await note.page().waitForTimeout(500);
    buttons = await toastButtons(note);
  }
  const box = await note.evaluate((el) => `toast ${el.clientHeight}/${el.scrollHeight} px high`);
  console.log(`    buttons: ${buttons.map((b) => `"${b.text}" ${b.client}/${b.scroll} px${b.shown ? '' : ' (hidden)'}`).join(', ')}`);
  assert(buttons.length > 0 && buttons.length <= 3, `want 1 to 3 buttons, got ${buttons.length}`);
  assert(buttons.every((b) => !b.cut), `cut buttons: ${buttons.filter((b) => b.cut).map((b) => b.text).join(', ')}`);
  assert(buttons.every((b) => b.shown), `buttons out of view or covered: ${buttons.filter((b) => !b.shown).map((b) => b.text).join(', ')} (${box})`);
  assert(JSON.stringify(buttons.map((b) => b.text)) === JSON.stringify(expected), `buttons ${JSON.stringify(buttons.map((b) => b.text))}, want ${JSON.stringify(expected)}`);
  return buttons;
}

/** Command-line entry: `--only large|huge` runs one part. */
async function main() {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: join(repoRoot, 'test-results', 'e2e-notices') },
      only: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '900' },
    },
  });
  return runNoticeChecks(values);
}

/** Runs the checks; returns the exit code. */
export async function runNoticeChecks(values) {
  const { outDir, runDir } = startE2eRun(values, 'e2e-notices-');
  const extensionPath = linkExtensionForDevelopment(repoRoot, runDir);
  failureShot.dir = runDir;
  const shot = (page, name) => page.screenshot({ path: join(outDir, name) });
  const base = { 'workbench.colorTheme': 'Default Dark Modern', 'editor.minimap.enabled': false, 'breadcrumbs.enabled': false };
  let browser;
  const servers = [];
  // Each part has its own workspace (a workspace setting written by one must not reach the other).
  const server = async (name, settings) => {
    const workspace = join(runDir, `workspace-${name}`);
    mkdirSync(workspace, { recursive: true });
    const s = await startCodeServer({ workspace, userDataDir: join(runDir, `user-data-${name}`), extensionsDir: join(runDir, 'extensions'), verbose: values.verbose, settings: { ...base, ...settings } });
    servers.push(s);
    return { s, workspace };
  };
  const open = (s, workspace, file) => openWorkbench(browser, s, { folder: workspace, file, extensionPath, width: 1400, height: 900, timeoutMs: 120000 });
  try {
    browser = await launchBrowser();
    if (values.only !== 'huge') {
      // 300k lines to 50 MB: the limit raised as in the other checks, so the text shows.
      const { s, workspace } = await server('large', { 'workbench.editorLargeFileConfirmation': 4096 });
      const file = join(workspace, 'large-31mb.trace');
      const bytes = await makeTrace(file, 31_000_000, 31_000_000);
      console.log(`large: ${(bytes / 1e6).toFixed(1)} MB, ${await countLines(file)} lines`);
      const page = await open(s, workspace, file);
      failureShot.page = page;
      await check('300k lines to 50 MB: the notice has at most three buttons, each label whole in a 1400-px window', async () => {
        const note = toast(page, /turned off its colors, folding and inlay hints/);
        await note.waitFor({ state: 'visible', timeout: 60000 });
        await page.mouse.move(0, 0);
        await assertWholeButtons(note, ['Restore Editor Features', 'Always Restore', 'Open Slice…']);
        await shot(page, 'notice-large.png');
      });
      await check('"Open Slice…" offers the slice commands', async () => {
        await toast(page, /turned off its colors/).locator('.monaco-button', { hasText: 'Open Slice…' }).click();
        const rows = page.locator('.quick-input-widget .monaco-list-row');
        await rows.first().waitFor({ state: 'visible', timeout: 10000 });
        const labels = await rows.allInnerTexts();
        assert(labels.some((l) => l.includes('Open Task as Trace')) && labels.some((l) => l.includes('Open Time Window as Trace')), `pick: ${labels.join(' | ')}`);
        assert(!labels.some((l) => l.includes('Restore')), `pick has more than slices: ${labels.join(' | ')}`);
        await page.keyboard.press('Escape');
      });
      await page.close();
    }
    if (values.only !== 'large') {
      // Past 50 MB with workbench.editorLargeFileConfirmation at its default (10 MB in a remote window).
      const { s, workspace } = await server('huge', {});
      const file = join(workspace, 'huge.trace');
      const bytes = await makeTrace(file, 125_000_000);
      const report = JSON.parse(execFileSync(process.execPath, [join(repoRoot, 'server', 'out', 'cli.js'), 'report', file, '--json'], { encoding: 'utf8', maxBuffer: 1 << 28 }));
      const slowest = report.slowest[0];
      console.log(`huge: ${(bytes / 1e6).toFixed(1)} MB; slowest call ${slowest.name} on line ${slowest.line}`);
      const page = await open(s, workspace, undefined);
      failureShot.page = page;
      await quickOpen(page, 'huge.trace');
      await check('past 50 MB: VS Code shows its placeholder; the notice has at most three buttons, each label whole', async () => {
        await page.getByText('not displayed in the text editor because it is very large', { exact: false }).first().waitFor({ state: 'visible', timeout: 60000 });
        const note = toast(page, /above 50 MB VS Code shows it as plain text/);
        await note.waitFor({ state: 'visible', timeout: 60000 });
        await page.mouse.move(0, 0);
        await assertWholeButtons(note, ['Show Call Tree', 'Jump to Slowest', 'Open Slice…']);
        await shot(page, 'notice-huge.png');
      });
      await check('past the open limit: Jump to Slowest Call says why the line is not shown, "Raise for Workspace" shows it selected', async () => {
        await page.locator('.statusbar-item', { hasText: / calls · / }).first().waitFor({ state: 'visible', timeout: 240000 });
        await page.evaluate(() => document.querySelectorAll('.notification-toast-container').forEach((e) => e.remove()));
        await runCommand(page, 'Ftrace: Jump to Slowest Call');
        const note = toast(page, /is above workbench\.editorLargeFileConfirmation/);
        await note.waitFor({ state: 'visible', timeout: 30000 });
        const text = (await note.innerText()).replace(/\s+/g, ' ');
        assert(text.includes('workbench.editorLargeFileConfirmation (10 MB)') && text.includes(`line ${slowest.line.toLocaleString('en-US')}`), `notice: ${text}`);
        await assertWholeButtons(note, ['Raise for Workspace', 'Raise for User']);
        await page.mouse.move(0, 0);
        await shot(page, 'notice-open-limit.png');
        await note.locator('.monaco-button', { hasText: 'Raise for Workspace' }).click();
        const deadline = Date.now() + 60000;
        let at;
        while (Date.now() < deadline && (at = await cursorLine(page)) !== slowest.line) await page.waitForTimeout(300);
        assert(at === slowest.line, `status bar line ${at}, want ${slowest.line}`);
        const selected = await page.locator('.editor-instance .monaco-editor .selected-text').count();
        assert(selected > 0, 'no selection drawn in the editor');
        await page.mouse.move(0, 0);
        await shot(page, 'notice-open-limit-after.png');
      });
      await page.close();
    }
  } finally {
    await browser?.close().catch(() => {});
    for (const s of servers) await s.stop().catch(() => {});
  }
  return summary();
}

runIfMain(import.meta.url, main);
