// End-to-end check in offline VS Code (code-server + Chromium): hover, fold and token colors on the seed and a real multi-CPU trace, with PNG screenshots.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { repoRoot } from '../vscode/installCodeServer.mjs';
import { startE2eRun } from './runSetup.mjs';
import { launchBrowser, linkExtensionForDevelopment, startCodeServer } from '../vscode/codeServer.mjs';
import { activeEditorLanguage, openWorkbench, tidyLayout, waitForTokens } from '../vscode/workbench.mjs';
import { panelChecks } from './panel.mjs';
import { compareChecks } from './compare.mjs';
import { flameChecks } from './flame.mjs';
import { callsOf, contextChecks } from './context.mjs';
import { runIfMain } from '../vscode/runMain.mjs';
import { assert, createChecks } from './checks.mjs';
import { hoverOn, renderedLine, showLine } from './editorPage.mjs';
import { languageDefaultsCheck, tokenColorsCheck } from './editorLooks.mjs';

const THEMES = { dark: 'Default Dark Modern', light: 'Default Light Modern' };

/** Settings for grammar shots: the grammar alone, no inlay hints or slow-call squiggles over it. */
const GRAMMAR_ONLY = {
  'editor.inlayHints.enabled': 'off',
  'ftraceLens.diagnostics.maxSlowCalls': 0,
  'ftraceLens.diagnostics.structural': false,
  '[ftrace]': { 'editor.stickyScroll.enabled': false },
};

// ---------------------------------------------------------------- reporting

const { failureShot, check, failed: failedChecks, summary } = createChecks();

// ---------------------------------------------------------------- traces

/** The seed trace: the first fenced block of fixtures/seed-vfio.md. */
function seedText() {
  const md = readFileSync(join(repoRoot, 'fixtures', 'seed-vfio.md'), 'utf8');
  return /^```[^\n]*\n([\s\S]*?)^```/m.exec(md)[1];
}

/** The full k61-smp4-default capture from ../shared when present, else its 500-line fixture head. */
function smp4Text() {
  const gz = join(repoRoot, '..', 'shared', 'corpus', 'real', 'k61-smp4-default.trace.gz');
  if (process.env.FTRACE_LENS_NO_SHARED !== '1' && existsSync(gz)) return { text: gunzipSync(readFileSync(gz)).toString('utf8'), full: true };
  return { text: readFileSync(join(repoRoot, 'fixtures', 'k61-smp4-default-head.trace'), 'utf8'), full: false };
}

/** Loads the integration suite's independent reader of kernel text (TypeScript) through esbuild. */
async function loadKernelText(runDir) {
  const outfile = join(runDir, 'kernelText.mjs');
  await esbuild.build({ entryPoints: [join(repoRoot, 'test', 'integration', 'kernelText.ts')], outfile, format: 'esm', platform: 'node', bundle: true, logLevel: 'warning' });
  return import(pathToFileURL(outfile).href);
}

/**
 * The most telling window of `height` lines (0-based first line): most CPUs, then context switches and
 * distinct duration marks. On the fixture head (one CPU) it is the window with the most marks.
 */
function pickWindow(rows, height) {
  let best = { score: -1, first: 0 };
  for (let s = 0; s + height <= rows.length; s += 4) {
    const cpus = new Set();
    const marks = new Set();
    let banners = 0;
    for (let i = s; i < s + height; i++) {
      const m = /^\s*(\d+)\) ([+!#*@$])? /.exec(rows[i]);
      if (m) {
        cpus.add(m[1]);
        if (m[2]) marks.add(m[2]);
      }
      if (rows[i].includes('=>')) banners++;
    }
    const score = cpus.size * 5 + Math.min(banners, 1) * 2 + marks.size * 2;
    if (score > best.score) best = { score, first: s };
  }
  return best.first;
}

/**
 * The slowest on-CPU multi-line call (not the idle task's) whose fold is crossed by a call of
 * another CPU that starts before it and ends inside it, with that call; undefined when none is.
 * Lines are 1-based (`calls --jsonl`).
 */
function crossedSlowCall(calls) {
  const folds = calls.filter((c) => c.endLine !== null && c.endLine > c.line + 1);
  const work = folds.filter((c) => !c.idle && c.onCpuUs !== null && c.offCpuUs === 0).sort((a, b) => b.onCpuUs - a.onCpuUs);
  for (const call of work.slice(0, 200)) {
    const by = folds.find((o) => o.cpu !== call.cpu && o.line < call.line && o.endLine - 1 >= call.line && o.endLine < call.endLine);
    if (by !== undefined) return { call, by };
  }
  return undefined;
}

/** Opens a file in a fresh workbench page with the layout tidied and tokens rendered. */
async function openTrace(browser, server, ctx, { file, line, width = 1400, height = 900 }) {
  const t0 = Date.now();
  const page = await openWorkbench(browser, server, { folder: ctx.workspace, file, line, extensionPath: ctx.extensionPath, width, height, onConsole: ctx.verbose ? console.log : undefined });
  failureShot.page = page;
  await tidyLayout(page);
  assert(await waitForTokens(page, { timeoutMs: 15000 }), `${file}: no colored tokens (the grammar did not apply)`);
  // Readiness: the extension's status bar item shows the parsed trace's call count once the server answered.
  await page.locator('.statusbar-item', { hasText: / calls · / }).first().waitFor({ state: 'visible', timeout: 60000 });
  console.log(`  (opened ${file.split('/').pop()} in ${Date.now() - t0} ms)`);
  return page;
}

// ---------------------------------------------------------------- main

async function main() {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: join(repoRoot, 'test-results', 'e2e') },
      docs: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '900' },
      only: { type: 'string' }, // 'panel', 'flame' or 'context': only those checks (test/e2e/panel.mjs, flame.mjs, context.mjs); 'features': the editor checks and grammar shots here
    },
  });
  const t0 = Date.now();
  const { outDir, runDir } = startE2eRun(values, 'e2e-');
  const workspace = join(runDir, 'workspace');
  mkdirSync(workspace, { recursive: true });
  const ctx = { workspace, extensionPath: linkExtensionForDevelopment(repoRoot, runDir), verbose: values.verbose };
  failureShot.dir = runDir;

  const { matchPairs } = await loadKernelText(runDir);
  const seed = seedText();
  const seedFile = join(workspace, 'seed-vfio.trace');
  writeFileSync(seedFile, seed);
  const seedRows = seed.split('\n');
  const seedLine = (needle, from = 0) => seedRows.findIndex((l, i) => i >= from && l.includes(needle)) + 1; // 1-based
  const smp4 = smp4Text();
  const smp4File = join(workspace, 'k61-smp4-default.trace');
  writeFileSync(smp4File, smp4.text);
  const smp4Rows = smp4.text.split('\n');
  // Two captures of vfs_read (kernels 6.1 and 7.3) for Compare with Another Trace.
  const compareBefore = '6.1-vfs_read.trace';
  const compareAfter = '7.3-vfs_read.trace';
  copyFileSync(join(repoRoot, 'fixtures', 'k61-smp2-graphfn-vfs_read-depth5.trace'), join(workspace, compareBefore));
  copyFileSync(join(repoRoot, 'fixtures', 'b73-smp2-graphfn-vfs_read-retval.trace'), join(workspace, compareAfter));
  const windowFirst = pickWindow(smp4Rows, 44); // 0-based
  console.log(`seed: ${seedRows.length} lines; k61-smp4-default (${smp4.full ? 'full capture' : 'fixture head'}): ${smp4Rows.length} lines, window from line ${windowFirst + 1}`);

  const shots = [];
  const shot = async (page, name) => {
    await page.mouse.move(0, 0);
    const file = join(outDir, name);
    await page.screenshot({ path: file });
    shots.push(file);
  };
  /** The 1-based line to open a page at so that the window starts at the top (the workbench centers that line). */
  const windowCenter = (height) => windowFirst + 1 + Math.floor((height - 95) / 19 / 2);

  let browser;
  const servers = [];
  const server = async (name, settings) => {
    const s = await startCodeServer({
      workspace,
      userDataDir: join(runDir, `user-data-${name}`),
      extensionsDir: join(runDir, 'extensions'),
      settings: { 'editor.minimap.enabled': false, 'editor.fontSize': 14, 'editor.lineHeight': 19, 'breadcrumbs.enabled': false, ...settings },
      verbose: values.verbose,
    });
    servers.push(s);
    return s;
  };
  try {
    browser = await launchBrowser();

    // ---- the Flame Graph view (test/e2e/flame.mjs), dark, light and High Contrast
    if (values.only === undefined || values.only === 'flame') {
      for (const [key, theme] of Object.entries({ ...THEMES, hc: 'Default High Contrast' })) {
        console.log(`flame view (${theme})`);
        const flameServer = await server(`flame-${key}`, { 'workbench.colorTheme': theme });
        await flameChecks({ browser, server: flameServer, ctx, seedFile, seedLine, smp4File, outDir, shots, check, assert, failureShot, suffix: key });
        await flameServer.stop();
      }
    }

    // ---- the Ftrace side panel, status bar item and slowest-calls picker (test/e2e/panel.mjs)
    if (values.only === undefined || values.only === 'panel') {
      console.log('panel (Default Dark Modern)');
      const panelServer = await server('panel', { 'workbench.colorTheme': THEMES.dark });
      await panelChecks({ browser, server: panelServer, ctx, seedFile, seedLine, outDir, shots, check, assert, failureShot });
      await panelServer.stop();
    }

    // ---- Compare with Another Trace (test/e2e/compare.mjs)
    if (values.only === undefined || values.only === 'compare') {
      console.log('compare (Default Dark Modern)');
      const compareServer = await server('compare', { 'workbench.colorTheme': THEMES.dark });
      await compareChecks({ browser, server: compareServer, ctx, before: compareBefore, after: compareAfter, afterFile: join(workspace, compareAfter), outDir, shots, check, assert, failureShot });
      await compareServer.stop();
    }

    // ---- per-task context: breadcrumbs and sticky scroll on the interleaved 4-CPU trace (test/e2e/context.mjs)
    if (values.only === undefined || values.only === 'context') {
      console.log(`context (k61-smp4-default, ${smp4.full ? 'full capture' : 'fixture head'})`);
      const contextServer = await server('context', { 'workbench.colorTheme': THEMES.dark, 'breadcrumbs.enabled': true });
      await contextChecks({ browser, server: contextServer, ctx, file: smp4File, rows: smp4Rows, repoRoot, check, assert, failureShot });
      await contextServer.stop();
    }

    // ---- features in the dark theme
    editorChecks: {
    if (values.only !== undefined && values.only !== 'features') break editorChecks;
    console.log('features (Default Dark Modern)');
    const dark = await server('dark', { 'workbench.colorTheme': THEMES.dark });
    const attach = seedLine('vfio_iommu_type1_attach_group [vfio_iommu_type1]() {');
    const ioctl = seedLine('vfio_fops_unl_ioctl [vfio]() {', seedLine('vfio_fops_unl_ioctl [vfio]() {'));
    let page = await openTrace(browser, dark, ctx, { file: seedFile, line: attach + 8, width: 1400, height: 900 });
    await check('the seed opens with the ftrace language', async () => {
      const lang = await activeEditorLanguage(page);
      assert(/ftrace/i.test(lang ?? ''), `status bar language is ${lang}`);
    });
    await check('the [ftrace] defaults apply to a trace opened as the workbench starts: "Spaces: 2", no bracket pair colors', async () => {
      await languageDefaultsCheck(page);
    });
    await check('hovering vfio_iommu_type1_attach_group shows 2.672 ms inclusive, 6.945 µs self', async () => {
      const text = await hoverOn(page, attach, 'vfio_iommu_type1_attach_group');
      assert(text.includes('inclusive: 2.672 ms'), text);
      assert(text.includes('self: 6.945 µs'), text);
      await page.waitForTimeout(200); // the hover fades in; let it finish painting before the shot
      await page.screenshot({ path: join(outDir, 'hover-dark.png') });
      shots.push(join(outDir, 'hover-dark.png'));
    });
    await check('folding the second vfio_fops_unl_ioctl hides its subtree up to its 2680.276 us exit', async () => {
      await page.mouse.move(0, 0);
      await page.keyboard.press('Escape');
      await showLine(page, seedLine('vfio_iommu_type1_open [vfio_iommu_type1]() {', ioctl));
      const before = await showLine(page, ioctl);
      assert(before?.folding && !before.folding.collapsed, `line ${ioctl} has no expanded folding control`);
      const inside = seedLine('vfio_iommu_type1_open [vfio_iommu_type1]() {', ioctl);
      assert(await renderedLine(page, inside), `line ${inside} should be rendered before folding`);
      await page.mouse.move(before.folding.x + before.folding.w / 2, before.folding.y + before.folding.h / 2);
      await page.mouse.click(before.folding.x + before.folding.w / 2, before.folding.y + before.folding.h / 2);
      const exit = seedLine('1) # 2680.276 us |  }');
      const deadline = Date.now() + 10000;
      let after;
      while (Date.now() < deadline && !(after = await renderedLine(page, ioctl))?.folding?.collapsed) await page.waitForTimeout(100);
      assert(after?.folding?.collapsed, `line ${ioctl} is not collapsed`);
      assert(!(await renderedLine(page, inside)), `line ${inside} is still rendered`);
      assert((await renderedLine(page, exit - 1)) === undefined, `line ${exit - 1} (last folded line) is still rendered`);
      const exitLine = await renderedLine(page, exit);
      assert(exitLine && Math.abs(exitLine.box.y - (after.box.y + after.box.h)) < 2, 'the exit line follows the folded entry line');
      await shot(page, 'fold.png');
    });
    await check('token colors in Default Dark Modern follow the duration marks', async () => {
      await page.mouse.move(0, 0);
      await tokenColorsCheck(page, 'dark', seedLine);
    });
    await page.close();

    const { pairs } = matchPairs(smp4.text);
    // An entry near the top of the window, so the hover opens below it over the rest of the window.
    const inWindow = pairs.filter((p) => p.entry.line >= windowFirst + 5 && p.entry.line < windowFirst + 14 && !Number.isNaN(p.exit.us) && p.exit.line > p.entry.line);
    page = await openTrace(browser, dark, ctx, { file: smp4File, line: windowCenter(900) });
    await check('a real multi-CPU trace: hovering an entry shows the duration printed on its exit', async () => {
      assert(inWindow.length > 0, 'no matched call in the window');
      const p = [...inWindow].sort((a, b) => b.exit.us - a.exit.us)[0];
      const text = await hoverOn(page, p.entry.line + 1, p.entry.name);
      const m = /inclusive: ([\d.]+) (ns|µs|ms|s)\b/.exec(text);
      const shown = m ? Number(m[1]) * { ns: 1e-3, 'µs': 1, ms: 1e3, s: 1e6 }[m[2]] : NaN;
      // Four significant digits are shown: equal to the printed value within half a unit of the last one.
      const half = p.exit.us < 1 ? 0.0005 : 0.5 * 10 ** (Math.floor(Math.log10(p.exit.us)) - 3);
      assert(Math.abs(shown - p.exit.us) <= half * 1.0001, `hover on line ${p.entry.line + 1} (${p.entry.name}) says ${shown}, the kernel printed ${p.exit.us} on line ${p.exit.line + 1}`);
      assert(text.includes(`CPU: ${p.entry.cpu}`), text);
      await page.waitForTimeout(200);
      await page.screenshot({ path: join(outDir, 'hover-smp4-dark.png') });
      shots.push(join(outDir, 'hover-smp4-dark.png'));
    });
    await page.close();
    // The slowest on-CPU call whose fold an earlier-starting call of another CPU crosses (VS Code keeps only nested folds).
    const crossed = crossedSlowCall(callsOf(repoRoot, smp4File).calls);
    if (crossed === undefined) console.log('  (no slow call crossed by another CPU\'s call in this trace: fold check skipped)');
    else {
      page = await openTrace(browser, dark, ctx, { file: smp4File, line: crossed.call.line });
      await check(`a real multi-CPU trace: ${crossed.call.name} on line ${crossed.call.line} (${(crossed.call.onCpuUs / 1000).toFixed(2)} ms on-CPU) folds, although ${crossed.by.name} of CPU ${crossed.by.cpu} (line ${crossed.by.line}) crosses it`, async () => {
        let at;
        const deadline = Date.now() + 20000;
        while (Date.now() < deadline && !(at = await renderedLine(page, crossed.call.line))?.folding) await page.waitForTimeout(200);
        assert(at?.folding && !at.folding.collapsed, `line ${crossed.call.line} has no folding control`);
        await page.mouse.click(at.folding.x + at.folding.w / 2, at.folding.y + at.folding.h / 2);
        let after;
        const until = Date.now() + 10000;
        while (Date.now() < until && !(after = await renderedLine(page, crossed.call.line))?.folding?.collapsed) await page.waitForTimeout(100);
        assert(after?.folding?.collapsed, `line ${crossed.call.line} did not fold`);
        await page.screenshot({ path: join(outDir, 'fold-smp4-dark.png') });
        shots.push(join(outDir, 'fold-smp4-dark.png'));
      });
      await page.close();
    }

    // ---- grammar screenshots, dark and light
    for (const [key, theme] of Object.entries(THEMES)) {
      console.log(`grammar (${theme})`);
      const s = await server(`grammar-${key}`, { 'workbench.colorTheme': theme, ...GRAMMAR_ONLY });
      // Lines 130-182: the printk chain (# over 1 ms), the detach group (! over 100 µs) and the 2680.276 µs exit.
      page = await openTrace(browser, s, ctx, { file: seedFile, line: seedRows.length - 26, width: 1100, height: 1100 });
      await check(`seed in ${theme}: duration colors`, async () => {
        await shot(page, `grammar-seed-${key}.png`); // first: the color check scrolls
        await tokenColorsCheck(page, key, seedLine);
      });
      await page.close();
      page = await openTrace(browser, s, ctx, { file: smp4File, line: windowCenter(960), width: 1400, height: 960 });
      await check(`k61-smp4-default in ${theme}: colored`, async () => {
        assert((await renderedLine(page, windowFirst + 1)) !== undefined, `line ${windowFirst + 1} not in view`);
        await shot(page, `grammar-smp4-${key}.png`);
      });
      await page.close();
      await s.stop();
    }
    } // editorChecks
  } finally {
    await browser?.close().catch(() => {});
    for (const s of servers) await s.stop();
  }

  const failed = failedChecks();
  console.log(`screenshots: ${shots.map((f) => f.replace(`${repoRoot}/`, '')).join(', ')}`);
  if (values.docs && failed === 0) {
    for (const f of shots) copyFileSync(f, join(repoRoot, 'docs', f.split('/').pop()));
    console.log('copied to docs/');
  }
  if (!values.keep && failed === 0) rmSync(runDir, { recursive: true, force: true });
  else console.log(`run folder kept: ${runDir}`);
  console.log(`${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return summary();
}

runIfMain(import.meta.url, main);
