// Playwright helpers for the code-server workbench: open a file, wait for tokens, run commands, tidy the layout.
/* global document -- the page.evaluate callbacks run in the browser */
import { remoteUri, workbenchUrl } from './codeServer.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Opens the workbench in a new page with the extension under development loaded and, optionally,
 * a file opened in the editor (1-based `line` is revealed and selected). `timeoutMs` bounds each wait
 * (a trace of hundreds of MB takes longer to load on a busy machine).
 */
export async function openWorkbench(browser, server, { folder, file, line, extensionPath, width = 1400, height = 900, onConsole, timeoutMs = 30000 } = {}) {
  const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
  if (onConsole) page.on('console', (m) => onConsole(`[browser ${m.type()}] ${m.text()}`));
  const payload = [];
  if (extensionPath) payload.push(['extensionDevelopmentPath', remoteUri(server, extensionPath)]);
  if (file) {
    payload.push(['openFile', remoteUri(server, line ? `${file}:${line}` : file)]);
    if (line) payload.push(['gotoLineMode', 'true']);
  }
  await page.goto(workbenchUrl(server, { folder, payload }));
  await page.waitForSelector('.monaco-workbench', { timeout: timeoutMs });
  if (file) await page.waitForSelector('.editor-instance .monaco-editor .view-lines .view-line', { timeout: timeoutMs });
  return page;
}

/** Numbers N of the `mtkN` token classes currently rendered in the active editor's visible lines. */
export async function renderedTokenClasses(page) {
  return page.evaluate(() => {
    const set = new Set();
    for (const span of document.querySelectorAll('.editor-instance .monaco-editor .view-line span[class*="mtk"]')) {
      for (const c of span.classList) if (/^mtk\d+$/.test(c)) set.add(Number(c.slice(3)));
    }
    return [...set].sort((a, b) => a - b);
  });
}

/**
 * Waits until the editor shows tokens other than the default `mtk1` (i.e. a grammar colored the text).
 * Resolves to true when colored, false after timeoutMs (plain text: no grammar for the file).
 */
export async function waitForTokens(page, { timeoutMs = 15000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await renderedTokenClasses(page)).some((n) => n > 1)) return true;
    await sleep(200);
  }
  return false;
}

/** The language shown in the status bar for the active editor, e.g. 'Plain Text' or 'Ftrace'. */
export async function activeEditorLanguage(page) {
  const item = page.locator('[id="status.editor.mode"]');
  return (await item.count()) ? (await item.innerText()).trim() : undefined;
}

/** Opens `name` of the workspace through Quick Open (a file above the open limit shows no text lines to wait for). */
export async function quickOpen(page, name) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await input.fill(name);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible', timeout: 20000 });
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 10000 }).catch(() => {});
}

/** Runs a command by its title through the command palette (F1), e.g. 'View: Close Primary Side Bar'. */
export async function runCommand(page, title) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  // The palette lists the commands enabled when it opened: a command whose `when` context (a
  // trace in focus, say) was set a moment later shows only in a palette opened again.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    // The key can go nowhere (focus left in the frame of a webview just closed: seen once after the
    // Flame Graph's tab was closed): give the focus back to the workbench and press it once more.
    await input.waitFor({ state: 'visible', timeout: 10000 }).catch(async () => {
      await page.evaluate(() => {
        const a = document.activeElement;
        if (a !== null && typeof a.blur === 'function') a.blur();
      });
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: 10000 });
    });
    await input.fill(`>${title}`);
    try {
      await row.waitFor({ state: 'visible', timeout: attempt === 1 ? 5000 : 10000 });
      break;
    } catch (e) {
      if (attempt === 2) throw e;
      await page.keyboard.press('Escape');
      await input.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
    }
  }
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 10000 }).catch(() => {});
}

/** Moves the cursor to a 1-based line with Go to Line (Ctrl+G) and reveals it. */
export async function goToLine(page, line) {
  await focusEditor(page);
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 10000 }).catch(() => {});
}

/**
 * Focuses the active text editor. Focuses its input element (textarea or EditContext div) rather than
 * clicking: once scrolled, the top-left of .view-lines lies above the viewport or under sticky scroll.
 */
export async function focusEditor(page) {
  const input = page.locator('.editor-instance .monaco-editor').first().locator('textarea.inputarea, .native-edit-context').first();
  if (await input.count()) await input.focus();
  else await page.locator('.editor-instance .monaco-editor .view-lines').first().click({ position: { x: 5, y: 5 } });
}

/** Hides what is not the editor: side bar, panel, notification toasts. */
export async function tidyLayout(page, { keepSidebar = false } = {}) {
  if (!keepSidebar && (await page.locator('.part.sidebar').isVisible())) await runCommand(page, 'View: Close Primary Side Bar');
  if (await page.locator('.part.panel').isVisible()) await runCommand(page, 'View: Close Panel');
  if (await page.locator('.part.auxiliarybar').isVisible()) await runCommand(page, 'View: Close Secondary Side Bar');
  await page.evaluate(() => document.querySelectorAll('.notification-toast-container').forEach((e) => e.remove()));
  await page.mouse.move(0, 0); // no hover left behind
}
