// End-to-end check of "Compare with Another Trace…" in offline VS Code: two captures of vfs_read opened as a person would, the baseline picked in the quick pick, the table read off the rendered editor, with a PNG screenshot.
/* global document -- the page.evaluate callbacks run in the browser */
import { activeEditorLanguage, openWorkbench, quickOpen, runCommand, tidyLayout } from '../vscode/workbench.mjs';
import { renderedLine } from './editorPage.mjs';

/** The rendered text of the active editor's lines 1..n (those on screen). */
async function visibleLines(page, n) {
  const out = [];
  for (let i = 1; i <= n; i++) out.push((await renderedLine(page, i))?.text ?? '');
  return out;
}

/** The title of the active editor tab. */
function activeTabTitle(page) {
  return page.evaluate(() => document.querySelector('.tabs-container .tab.active')?.getAttribute('aria-label') ?? '');
}

/**
 * `before` and `after` are file names in the workspace (the 6.1 and 7.3 captures of vfs_read);
 * `afterFile` is the path of `after`, to open the workbench on.
 */
export async function compareChecks({ browser, server, ctx, before, after, afterFile, outDir, shots, check, assert, failureShot }) {
  const page = await openWorkbench(browser, server, { folder: ctx.workspace, file: afterFile, line: 1, extensionPath: ctx.extensionPath, width: 1500, height: 900, onConsole: ctx.verbose ? console.log : undefined });
  failureShot.page = page;
  try {
    await tidyLayout(page);
    await check('Compare with Another Trace…: the baseline from the quick pick of open traces, the table in a read-only editor', async () => {
      // The baseline open in a tab too, then the trace in question in front again.
      await quickOpen(page, before);
      await page.locator('.tabs-container .tab.active', { hasText: before }).waitFor({ state: 'visible', timeout: 15000 });
      await quickOpen(page, after);
      await page.locator('.tabs-container .tab.active', { hasText: after }).waitFor({ state: 'visible', timeout: 15000 });
      assert(/ftrace/i.test((await activeEditorLanguage(page)) ?? ''), 'the trace opens as ftrace');
      await runCommand(page, 'Ftrace: Compare with Another Trace…');
      const qp = page.locator('.quick-input-widget');
      await qp.locator('.quick-input-title', { hasText: `Compare ${after} with` }).waitFor({ state: 'visible', timeout: 10000 });
      const items = (await qp.locator('.monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
      assert(items.some((t) => t.startsWith(before)), `the open baseline is offered: ${items.join(' | ')}`);
      assert(items.some((t) => t.includes('Choose a File…')), `a file can be chosen: ${items.join(' | ')}`);
      assert(!items.some((t) => t.startsWith(after)), `the trace itself is not offered: ${items.join(' | ')}`);
      await qp.locator('.monaco-list-row', { hasText: before }).first().click();
      const title = `${after} vs ${before}.txt`;
      await page.locator('.tabs-container .tab.active', { hasText: title }).waitFor({ state: 'visible', timeout: 20000 });
      const lines = await visibleLines(page, 12);
      assert(lines[0] === `before: ${before}`, `first line: ${lines[0]}`);
      const vfsRead = lines.find((l) => l.trimEnd().endsWith(' vfs_read')) ?? '';
      assert(/^\s+10\.47 ms\s+6\.501 ms\s+-3\.965 ms\s+-37\.9%/.test(vfsRead), `vfs_read row: ${vfsRead} (lines: ${lines.join(' / ')})`);
      assert(lines.some((l) => l.includes('Functions by change in total time, largest first (times on-CPU; idle left out)')), lines.join(' / '));
      // Read-only, plain text: not a trace, so no trace features on it.
      assert(!/ftrace/i.test((await activeEditorLanguage(page)) ?? ''), 'the comparison is not an ftrace document');
      assert((await activeTabTitle(page)).length > 0, 'the tab has a title');
      await page.mouse.move(0, 0);
      await page.evaluate(() => document.querySelectorAll('.notification-toast-container').forEach((e) => e.remove()));
      const file = `${outDir}/compare-dark.png`;
      await page.screenshot({ path: file });
      shots.push(file);
    });
  } finally {
    await page.close();
  }
}
