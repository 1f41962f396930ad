// What a trace's editor looks like in the end-to-end checks: the grammar's colors in the default themes and the [ftrace] editor defaults.
/* global document -- the page.evaluate callbacks run in the browser */
import { assert } from './checks.mjs';
import { showLine, spanOf } from './editorPage.mjs';

/**
 * Colors the grammar should get in the default themes (docs/grammar.md, from VS Code's theme-defaults):
 * the duration classes by kernel mark. `$` (over 1 s) is also bold.
 */
const EXPECTED = {
  dark: { plain: 'rgb(181, 206, 168)', plus: 'rgb(86, 156, 214)', bang: 'rgb(206, 145, 120)', hash: 'rgb(244, 71, 71)' },
  light: { plain: 'rgb(9, 134, 88)', plus: 'rgb(4, 81, 165)', bang: 'rgb(163, 21, 21)', hash: 'rgb(205, 49, 49)' },
};

/**
 * The editor of a trace opened through the workbench payload (so before the extension's
 * contributions are registered) ends up with the `[ftrace]` defaults: the status bar shows
 * "Spaces: 2" (tabSize 2, detectIndentation off) and no `)` or `}` carries a bracket pair
 * colorization class (the `)` of the CPU column showed as a red unmatched bracket).
 */
export async function languageDefaultsCheck(page) {
  const read = () => page.evaluate(() => ({
    indentation: document.querySelector('[id="status.editor.indentation"]')?.textContent?.trim(),
    brackets: [...document.querySelectorAll('.editor-instance .view-lines .view-line span')].filter((s) => [...s.classList].some((c) => /^bracket-highlighting-\d+$|^unexpected-closing-bracket$/.test(c))).map((s) => s.textContent),
    cpuColumns: [...document.querySelectorAll('.editor-instance .view-lines .view-line')].filter((l) => /^\s*\d+\)/.test(l.textContent.replace(/\u00a0/g, ' '))).length,
  }));
  let got = await read();
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline && (got.indentation !== 'Spaces: 2' || got.brackets.length > 0)) {
    await page.waitForTimeout(250);
    got = await read();
  }
  assert(got.cpuColumns > 5, `only ${got.cpuColumns} rendered lines with a CPU column`);
  assert(got.indentation === 'Spaces: 2', `status bar indentation: ${got.indentation}`);
  assert(got.brackets.length === 0, `bracket pair colorization on ${got.brackets.length} spans: ${JSON.stringify(got.brackets.slice(0, 5))}`);
}

/** Checks the rendered colors of the seed's durations against EXPECTED[theme]: plain, `+`, `!`, `#`, and `$` bold. */
export async function tokenColorsCheck(page, theme, seedLine) {
  const want = EXPECTED[theme];
  const cases = [
    ['plain', ' 0.055 us', '0.055'],
    ['plus', '+ 37.680 us', '37.680'],
    ['bang', '! 207.127 us', '207.127'],
    ['hash', '# 2680.276 us', '2680.276'],
  ];
  const seen = {};
  const errors = [];
  for (const [cls, needle, number] of cases) {
    const line = seedLine(needle);
    await showLine(page, line);
    const s = await spanOf(page, line, number);
    seen[cls] = s.color;
    if (s.color !== want[cls]) errors.push(`${cls} (${needle.trim()}): ${s.color}, expected ${want[cls]}`);
  }
  const dollar = seedLine('$ 187566289 us');
  await showLine(page, dollar);
  const d = await spanOf(page, dollar, '187566289');
  if (!(Number(d.fontWeight) >= 600 || d.fontWeight === 'bold')) errors.push(`$ duration is not bold (font-weight ${d.fontWeight})`);
  if (d.color !== want.hash) errors.push(`$ duration color ${d.color}, expected ${want.hash}`);
  if (new Set(Object.values(seen)).size !== 4) errors.push(`the four duration classes should differ: ${JSON.stringify(seen)}`);
  assert(errors.length === 0, errors.join('\n'));
}
