// Reading VS Code's rendered editor in the end-to-end checks: a line's text, spans and fold control, scrolling to a line, hovers.
/* global document, getComputedStyle -- the page.evaluate callbacks run in the browser */
import { goToLine } from '../vscode/workbench.mjs';
import { assert } from './checks.mjs';

/** Geometry and computed styles of a 1-based line's rendered text (undefined when not rendered). */
export async function renderedLine(page, lineNumber) {
  return page.evaluate((n) => {
    const editor = document.querySelector('.editor-instance .monaco-editor');
    const num = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')].find((e) => e.textContent.trim() === String(n));
    if (!num) return undefined;
    const top = num.parentElement.style.top;
    const line = [...editor.querySelectorAll('.view-lines .view-line')].find((e) => e.style.top === top);
    if (!line) return undefined;
    const spans = [...line.querySelectorAll('span > span')].map((s) => {
      const r = s.getBoundingClientRect();
      const st = getComputedStyle(s);
      return { text: s.textContent.replace(/\u00a0/g, ' '), color: st.color, fontWeight: st.fontWeight, x: r.x, y: r.y, w: r.width, h: r.height };
    });
    const r = line.getBoundingClientRect();
    const folding = [...editor.querySelectorAll('.margin-view-overlays > div')].find((e) => e.style.top === top)?.querySelector('.codicon-folding-expanded, .codicon-folding-collapsed');
    return {
      text: line.textContent.replace(/\u00a0/g, ' '),
      spans,
      box: { x: r.x, y: r.y, w: r.width, h: r.height },
      folding: folding ? { collapsed: folding.classList.contains('codicon-folding-collapsed'), ...(({ x, y, width, height }) => ({ x, y, w: width, h: height }))(folding.getBoundingClientRect()) } : undefined,
    };
  }, lineNumber);
}

/** The rendered span of `line` (1-based) whose text contains `needle`. */
export async function spanOf(page, line, needle) {
  const l = await renderedLine(page, line);
  assert(l, `line ${line} is not rendered`);
  const s = l.spans.find((x) => x.text.includes(needle));
  assert(s, `no span with ${JSON.stringify(needle)} on line ${line}: ${JSON.stringify(l.text)}`);
  return s;
}

/** Scrolls a 1-based line into view (Go to Line) unless it is rendered already; returns its rendering. */
export async function showLine(page, line) {
  let r = await renderedLine(page, line);
  if (r) return r;
  await goToLine(page, line);
  const deadline = Date.now() + 5000;
  while (!(r = await renderedLine(page, line)) && Date.now() < deadline) await page.waitForTimeout(100);
  assert(r, `line ${line} is not rendered after Go to Line`);
  return r;
}

/** Rests the mouse on `needle` of a 1-based line and returns the hover widget's text once it shows. */
export async function hoverOn(page, line, needle) {
  const hover = page.locator('.monaco-editor .monaco-hover:not(.hidden)').filter({ hasText: 'inclusive' }).first();
  // A hover can be dismissed by a repaint of a busy editor (a large trace still decorating):
  // rest the mouse again, up to three times, before giving up.
  for (let attempt = 1; ; attempt++) {
    await page.mouse.move(0, 0);
    const s = await spanOf(page, line, needle);
    await page.mouse.move(s.x + Math.min(s.w / 2, 20) + attempt, s.y + s.h / 2);
    try {
      await hover.waitFor({ state: 'visible', timeout: 10000 });
      return (await hover.innerText()).replace(/\u00a0/g, ' ');
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
}
