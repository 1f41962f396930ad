// What the end-to-end checks read off VS Code's workbench: editor features shown (colors, fold controls, inlay hints), toasts, the cursor line, side bar rows, the renderer's heap.
/* global document -- the page.evaluate callbacks run in the browser */
import { renderedTokenClasses } from '../vscode/workbench.mjs';

/** State of what a person sees in the active editor: colored tokens, fold controls, inlay hints. */
export async function editorFeatures(page) {
  const tokens = (await renderedTokenClasses(page)).some((n) => n > 1);
  return page.evaluate((colored) => {
    const ed = document.querySelector('.editor-instance .monaco-editor');
    if (!ed) return { colored, folds: 0, hints: 0 };
    const folds = ed.querySelectorAll('.margin-view-overlays .codicon-folding-expanded, .margin-view-overlays .codicon-folding-collapsed').length;
    const hints = [...ed.querySelectorAll('.view-lines .view-line')].filter((l) => /\{\s*\S.*· self /.test(l.textContent.replace(/\u00a0/g, ' '))).length;
    return { colored, folds, hints };
  }, tokens);
}

/**
 * The screen the active editor shows: its first and last line numbers (1-based, as rendered), the
 * fold controls in its margin, and how many of its lines open a call (`name() {`).
 */
export async function editorScreen(page) {
  return page.evaluate(() => {
    const ed = document.querySelector('.editor-instance .monaco-editor');
    const box = ed?.querySelector('.overflow-guard')?.getBoundingClientRect();
    if (!ed || !box) return { first: 0, last: 0, folds: 0, opens: 0 };
    // Only what lies inside the editor's box counts (a line scrolled half out still does).
    const inside = (e) => { const r = e.getBoundingClientRect(); return r.bottom > box.top + 1 && r.top < box.bottom - 1; };
    const numbers = [...ed.querySelectorAll('.margin-view-overlays .line-numbers')].filter(inside).map((e) => Number(e.textContent.trim())).filter((n) => n > 0);
    const folds = [...ed.querySelectorAll('.margin-view-overlays .codicon-folding-expanded, .margin-view-overlays .codicon-folding-collapsed')].filter(inside).length;
    const opens = [...ed.querySelectorAll('.view-lines .view-line')].filter(inside).filter((l) => /\)\s*\{/.test(l.textContent.replace(/\u00a0/g, ' '))).length;
    return { first: numbers.length ? Math.min(...numbers) : 0, last: numbers.length ? Math.max(...numbers) : 0, folds, opens };
  });
}

/** Waits until `ok(features)`; returns { features, ms } or throws after timeoutMs. */
export async function waitFeatures(page, ok, timeoutMs, what) {
  const t0 = Date.now();
  let f;
  while (Date.now() - t0 < timeoutMs) {
    f = await editorFeatures(page);
    if (ok(f)) return { features: f, ms: Date.now() - t0 };
    await page.waitForTimeout(150);
  }
  throw new Error(`${what}: still ${JSON.stringify(f)} after ${timeoutMs} ms`);
}

/** The renderer's JS heap after a forced garbage collection (MB). */
export async function heapMb(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize / 1e6;
}

/** A visible notification toast whose text matches `re`. */
export function toast(page, re) {
  return page.locator('.notifications-toasts .notification-toast').filter({ hasText: re }).first();
}

/** The 1-based cursor line shown in the status bar ("Ln 12, Col 3"). */
export async function cursorLine(page) {
  const t = await page.locator('[id="status.editor.selection"]').innerText().catch(() => '');
  const m = /Ln (\d+)/.exec(t);
  return m ? Number(m[1]) : undefined;
}

/** The rows of the side bar pane titled `title`. */
export function paneRows(page, title) {
  return page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: title }) }).locator('.monaco-list-row');
}
