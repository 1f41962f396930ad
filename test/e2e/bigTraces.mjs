// End-to-end checks of big traces in offline VS Code: the large-file notice and its remedy (300k lines to 50 MB), a trace past 50 MB read from disk, slices; with PNG screenshots and the editor's cost.
/* global document, window -- the page.evaluate callbacks run in the browser */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../vscode/installCodeServer.mjs';
import { startE2eRun } from './runSetup.mjs';
import { launchBrowser, linkExtensionForDevelopment, startCodeServer } from '../vscode/codeServer.mjs';
import { focusEditor, goToLine, openWorkbench, runCommand } from '../vscode/workbench.mjs';
import { runIfMain } from '../vscode/runMain.mjs';
import { assert, createChecks } from './checks.mjs';
import { countLines, makeTrace } from './bigTraceFiles.mjs';
import { cursorLine, editorFeatures, editorScreen, heapMb, paneRows, toast, waitFeatures } from './workbenchState.mjs';

const { failureShot, check, failed: failedChecks, summary } = createChecks();

/** Runs the CLI's report on `file`: its call count and slowest calls (1-based lines). */
async function cliReport(file) {
  const { execFileSync } = await import('node:child_process');
  const out = execFileSync(process.execPath, [join(repoRoot, 'server', 'out', 'cli.js'), 'report', file, '--json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return JSON.parse(out);
}

/** A trace past 50 MB: notice, indexing with progress and cancel, panel, Jump to Slowest Call, a slice with every feature. */
async function hugeChecks({ server, open, workspace, shot, bench }) {
  const huge = join(workspace, 'huge.trace');
  const bytes = await makeTrace(huge, 125_000_000);
  console.log(`past 50 MB: ${(bytes / 1e6).toFixed(1)} MB`);
  const report = await cliReport(huge);
  const slowest = report.slowest[0];
  console.log(`  CLI: slowest call ${slowest.name} on line ${slowest.line}`);
  const s = await server('huge');
  const page = await open(s, huge);
  failureShot.page = page;
  await check('past 50 MB: a notification says what VS Code turned off and reading from disk shows progress; Cancel stops it and "Read It Again" restarts it', async () => {
    await toast(page, /above 50 MB VS Code shows it as plain text/).waitFor({ state: 'visible', timeout: 60000 });
    const progress = toast(page, /reading huge\.trace .* from disk/);
    await progress.waitFor({ state: 'visible', timeout: 30000 });
    const t0 = Date.now();
    await progress.locator('.monaco-button', { hasText: 'Cancel' }).click();
    const again = toast(page, /was cancelled/);
    await again.waitFor({ state: 'visible', timeout: 20000 });
    await page.locator('.statusbar-item', { hasText: 'not read' }).first().waitFor({ state: 'visible', timeout: 10000 });
    await again.locator('.monaco-button', { hasText: 'Read It Again' }).click();
    const t1 = Date.now();
    await page.locator('.statusbar-item', { hasText: / calls · / }).first().waitFor({ state: 'visible', timeout: 240000 });
    bench.hugeIndexMs = Date.now() - t1;
    console.log(`    cancelled after ${t1 - t0} ms; indexed in ${bench.hugeIndexMs} ms`);
  });
  await check('past 50 MB: the status bar counts the calls the CLI counts', async () => {
    const t = (await page.locator('.statusbar-item', { hasText: / calls · / }).first().innerText()).replace(/\s+/g, ' ');
    assert(t.includes(`${report.calls.toLocaleString('en-US')} calls`), `status bar: ${t}; the CLI counts ${report.calls} calls`);
  });
  await check('past 50 MB: the Call Tree and Hot Functions fill', async () => {
    const entry = page.locator('.part.activitybar .action-item a[aria-label^="Ftrace"], .part.activitybar .action-item[aria-label^="Ftrace"]').first();
    await entry.click();
    await paneRows(page, 'Call Tree').filter({ hasText: 'top-level call' }).first().waitFor({ state: 'visible', timeout: 30000 });
    await paneRows(page, 'Hot Functions').filter({ hasText: 'self' }).first().waitFor({ state: 'visible', timeout: 30000 });
    await page.evaluate(() => document.querySelectorAll('.notification-toast-container').forEach((e) => e.remove()));
  });
  await check('past 50 MB: the Flame Graph draws every call of the file read from disk, and a click opens its line', async () => {
    await page.locator('.tabs-container .tab', { hasText: 'huge.trace' }).first().click();
    await runCommand(page, 'Ftrace: Show Flame Graph');
    let frame;
    const deadline = Date.now() + 120000;
    while (frame === undefined && Date.now() < deadline) {
      for (const f of page.frames()) if (await f.$('#canvas').catch(() => null)) frame = f;
      if (frame === undefined) await page.waitForTimeout(300);
    }
    assert(frame !== undefined, 'no Flame Graph webview');
    const calls = `${report.calls.toLocaleString('en-US')} calls`;
    await frame.waitForFunction((c) => document.getElementById('status')?.textContent?.includes(c) && window.__ftraceFlame?.firstFrameMs >= 0, calls, { timeout: 120000 });
    bench.hugeFlameFirstFrameMs = await frame.evaluate(() => window.__ftraceFlame.firstFrameMs);
    console.log(`    flame view: ${calls}, first frame ${bench.hugeFlameFirstFrameMs.toFixed(0)} ms after the data arrived`);
    await shot(page, 'flame-big-50mb-dark.png');
    // A box of the first lane's top row (lane header 18 px, then the row): hover names its line, a click opens it.
    const x = await frame.evaluate(() => {
      const c = document.getElementById('canvas');
      const y = Math.round(27 * (c.width / c.clientWidth));
      const d = c.getContext('2d').getImageData(0, y, c.width, 1).data;
      const bg = (i) => d[i] === d[0] && d[i + 1] === d[1] && d[i + 2] === d[2];
      for (let i = 4; i + 12 < d.length; i += 4) if (!bg(i) && !bg(i + 4) && !bg(i + 8)) return (i / 4 + 1) / (c.width / c.clientWidth);
      return -1;
    });
    assert(x >= 0, 'no box in the first row');
    const box = await frame.locator('#canvas').boundingBox();
    await page.mouse.move(box.x + x - 1, box.y + 27);
    await page.mouse.move(box.x + x, box.y + 27);
    await frame.locator('#tooltip:not([hidden])').waitFor({ state: 'visible', timeout: 10000 });
    const tip = await frame.locator('#tooltip').innerText();
    const want = Number(/line (\d+)/.exec(tip)?.[1]);
    assert(want > 0, tip);
    await page.mouse.click(box.x + x, box.y + 27);
    const until = Date.now() + 30000;
    let ln;
    while (Date.now() < until && (ln = await cursorLine(page)) !== want) await page.waitForTimeout(200);
    assert(ln === want, `the click on the box of line ${want} put the cursor on line ${ln}`);
    // Close the view (its tab is also named after huge.trace) and go back to the trace for the checks below.
    await page.locator('.tabs-container .tab', { hasText: 'Flame Graph: huge.trace' }).locator('.codicon-close').click();
    await page.locator('.tabs-container .tab', { hasText: 'huge.trace' }).first().click();
  });
  await check('past 50 MB: Jump to Slowest Call selects the slowest call\'s line in VS Code\'s editor', async () => {
    await runCommand(page, 'Ftrace: Jump to Slowest Call');
    const deadline = Date.now() + 20000;
    let line;
    while (Date.now() < deadline && (line = await cursorLine(page)) !== slowest.line) await page.waitForTimeout(200);
    assert(line === slowest.line, `cursor on line ${line}, the CLI's slowest call is on line ${slowest.line}`);
    const sel = await page.locator('[id="status.editor.selection"]').innerText();
    assert(/selected/.test(sel), `the line is not selected: ${sel}`);
    await page.mouse.move(0, 0);
    await shot(page, 'big-50mb.png');
  });
  await check('past 50 MB: "Open Call as Trace" from the Call Tree opens a slice with colors, folds and a hover giving the full-trace line', async () => {
    // Jump to Slowest Call revealed and selected the slowest call in the Call Tree: open that one.
    const call = paneRows(page, 'Call Tree').and(page.locator('.selected')).first();
    await call.waitFor({ state: 'visible', timeout: 20000 });
    // Rows read `<time>  <name>` (the time first, so it stays visible in a narrow side bar).
    const label = (await call.locator('.label-name').first().innerText()).trim();
    const name = label.replace(/^\S+ \S+\s{2}/, '');
    assert(name === slowest.name, `selected row ${label}, slowest call ${slowest.name}`);
    await call.click({ button: 'right' });
    const item = page.locator('.context-view .action-label', { hasText: 'Open Call as Trace' }).first();
    await item.hover();
    await item.click();
    // A menu that opened near the bottom of the side bar can miss the click: choose the item by keyboard then.
    if (await item.isVisible().catch(() => false)) {
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
    }
    await page.locator('.tabs-container .tab.active', { hasText: 'huge.trace' }).waitFor({ state: 'visible', timeout: 10000 });
    const f = await waitFeatures(page, (x) => x.colored && x.folds > 0, 60000, 'slice features');
    // Read-only: typing changes nothing (VS Code says it cannot edit a read-only editor).
    await focusEditor(page);
    await page.keyboard.type('zz');
    await page.waitForTimeout(300);
    const first = await page.evaluate(() => [...document.querySelectorAll('.editor-instance .monaco-editor .view-lines .view-line')].map((l) => l.textContent.replace(/\u00a0/g, ' ')).join('\n'));
    assert(!first.includes('zz'), 'typing changed the slice');
    await page.keyboard.press('Escape');
    console.log(`    slice: ${JSON.stringify(f.features)}`);
    // Hover a leaf call just below the entry line (a short hover) and read the full-trace line number.
    const target = await page.evaluate((fn) => {
      const ed = document.querySelector('.editor-instance .monaco-editor');
      const lines = [...ed.querySelectorAll('.view-lines .view-line')].sort((x, y) => parseFloat(x.style.top) - parseFloat(y.style.top));
      const text = (l) => l.textContent.replace(/\u00a0/g, ' ');
      const entry = lines.findIndex((l) => text(l).includes(`${fn}() {`));
      const leaf = lines.slice(entry + 1).find((l) => /\w+\(\);/.test(text(l)));
      const span = leaf && [...leaf.querySelectorAll('span > span')].find((x) => /\w{3,}/.test(x.textContent) && !/us|\d/.test(x.textContent));
      if (!span) return undefined;
      const r = span.getBoundingClientRect();
      return { x: r.x + Math.min(r.width / 2, 20), y: r.y + r.height / 2, text: text(leaf) };
    }, slowest.name);
    assert(target, `no leaf call below ${slowest.name}() { in the slice`);
    await page.mouse.move(target.x, target.y);
    const hover = page.locator('.monaco-editor .monaco-hover:not(.hidden)').filter({ hasText: 'of the full trace' }).first();
    await hover.waitFor({ state: 'visible', timeout: 15000 });
    const text = await hover.innerText();
    const m = /Line ([\d,]+) of the full trace/.exec(text);
    assert(m, text);
    assert(Number(m[1].replace(/,/g, '')) > slowest.line, `${target.text.trim()}: full-trace line ${m[1]} should follow the call's entry on line ${slowest.line}`);
    assert(text.includes('Reveal in Full Trace'), text);
    await page.waitForTimeout(200);
    await shot(page, 'big-slice.png');
    // The hover's link goes back to the line in the 160 MB trace, in VS Code's own editor.
    await hover.locator('a', { hasText: 'Reveal in Full Trace' }).click();
    const want = Number(m[1].replace(/,/g, ''));
    const deadline = Date.now() + 20000;
    let line;
    while (Date.now() < deadline && (line = await cursorLine(page)) !== want) await page.waitForTimeout(200);
    assert(line === want, `Reveal in Full Trace: cursor on line ${line}, expected ${want}`);
    await page.locator('.tabs-container .tab.active', { hasText: 'huge.trace' }).waitFor({ state: 'visible', timeout: 5000 });
  });
  await check('past 50 MB: a second window on the same file reads it too (each window has its own extension host and server)', async () => {
    const second = await open(s, huge);
    try {
      await second.locator('.statusbar-item', { hasText: / calls · / }).first().waitFor({ state: 'visible', timeout: 240000 });
      const b = (await second.locator('.statusbar-item', { hasText: / calls · / }).first().innerText()).replace(/\s+/g, ' ');
      assert(b.includes(`${report.calls.toLocaleString('en-US')} calls`), `second window: ${b}; the CLI counts ${report.calls} calls`);
    } finally {
      await second.close();
    }
  });
  await page.close();
  await s.stop();
}

/** Command-line entry: parses the options, runs the checks, returns the exit code. */
async function main() {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: join(repoRoot, 'test-results', 'e2e-big') },
      docs: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      only: { type: 'string' }, // 'large' | 'huge'
      timeout: { type: 'string', default: '900' },
    },
  });
  return (await runBigTraceChecks(values)).code;
}

/**
 * Runs the checks (`only`: 'large' or 'huge' for one part) and returns the exit code and the
 * editor's cost in the 300k-line..50 MB regime after the remedy next to a 10 MB trace
 * (`bench`: ms from the click to colors, fold controls and inlay hints; renderer heap MB).
 */
export async function runBigTraceChecks(values) {
  values = { out: join(repoRoot, 'test-results', 'e2e-big'), timeout: '900', ...values };
  const { outDir, runDir } = startE2eRun(values, 'e2e-big-');
  const workspace = join(runDir, 'workspace');
  mkdirSync(workspace, { recursive: true });
  const extensionPath = linkExtensionForDevelopment(repoRoot, runDir);
  failureShot.dir = runDir;
  const shots = [];
  const shot = async (page, name) => { const f = join(outDir, name); await page.screenshot({ path: f }); shots.push(f); };
  const bench = {};

  let browser;
  const servers = [];
  const server = async (name, settings = {}) => {
    const s = await startCodeServer({
      workspace, userDataDir: join(runDir, `user-data-${name}`), extensionsDir: join(runDir, 'extensions'), verbose: values.verbose,
      settings: { 'workbench.colorTheme': 'Default Dark Modern', 'editor.minimap.enabled': false, 'editor.fontSize': 14, 'editor.lineHeight': 19, 'breadcrumbs.enabled': false, 'workbench.editorLargeFileConfirmation': 4096, 'editor.showFoldingControls': 'always', ...settings },
    });
    servers.push(s);
    return s;
  };
  const open = (s, file) => openWorkbench(browser, s, { folder: workspace, file, extensionPath, width: 1400, height: 900, onConsole: values.verbose ? console.log : undefined, timeoutMs: 120000 });

  try {
    browser = await launchBrowser();
    if (values.only !== 'huge') {
      // ---------------------------------------------------------------- 300k lines to 50 MB
      const large = join(workspace, 'large-31mb.trace');
      const bytes = await makeTrace(large, 31_000_000, 31_000_000);
      const lines = await countLines(large);
      const ten = join(workspace, 'ten-10mb.trace');
      await makeTrace(ten, 10_000_000, 10_000_000);
      console.log(`large regime: ${(bytes / 1e6).toFixed(1)} MB, ${lines} lines`);
      const s = await server('large');
      let page = await open(s, large);
      failureShot.page = page;
      await check('a 300k-line trace: VS Code turned colors and folding off, and a notification says so with "Restore Editor Features"', async () => {
        assert(lines > 300_000, `only ${lines} lines`);
        const note = toast(page, /turned off its colors, folding and inlay hints/);
        await note.waitFor({ state: 'visible', timeout: 60000 });
        const f = await editorFeatures(page);
        assert(!f.colored && f.folds === 0 && f.hints === 0, `VS Code should have turned features off: ${JSON.stringify(f)}`);
        await note.locator('.monaco-button', { hasText: 'Restore Editor Features' }).waitFor({ state: 'visible', timeout: 5000 });
        await page.locator('.statusbar-item', { hasText: 'large file' }).first().waitFor({ state: 'visible', timeout: 10000 });
        await page.mouse.move(0, 0);
        await shot(page, 'big-large-before.png');
      });
      await check('"Restore Editor Features" brings back colors, fold controls and inlay hints', async () => {
        const t0 = Date.now();
        await toast(page, /turned off its colors/).locator('.monaco-button', { hasText: 'Restore Editor Features' }).click();
        const colors = await waitFeatures(page, (f) => f.colored, 60000, 'colors after the remedy');
        bench.largeColorsMs = Date.now() - t0;
        await waitFeatures(page, (f) => f.folds > 0, 60000, 'fold controls after the remedy');
        bench.largeFoldsMs = Date.now() - t0;
        const hints = await waitFeatures(page, (f) => f.hints > 0, 60000, 'inlay hints after the remedy');
        bench.largeHintsMs = Date.now() - t0;
        console.log(`    remedy: colors ${bench.largeColorsMs} ms, folds ${bench.largeFoldsMs} ms, inlay hints ${bench.largeHintsMs} ms (${JSON.stringify(hints.features)}; first ${colors.ms} ms)`);
        // The status bar follows the restore: the badge that said VS Code turned colors and folding off goes.
        await page.locator('.statusbar-item', { hasText: 'editor features restored' }).first().waitFor({ state: 'visible', timeout: 20000 });
        const stale = await page.locator('.statusbar-item', { hasText: 'no colors/folding' }).count();
        assert(stale === 0, 'the status bar still says "large file: no colors/folding" after the restore');
        bench.largeHeapMb = await heapMb(page);
        await page.mouse.move(0, 0);
        await page.evaluate(() => document.querySelectorAll('.notification-toast-container').forEach((e) => e.remove()));
        await shot(page, 'big-large.png');
      });
      await check('after the remedy the first screen shows fold controls, and so does every screen further down that opens a call (the folding limit keeps one in every 32 lines)', async () => {
        // The first screen: the top of the file, never scrolled (the trace starts inside calls whose entries were not recorded).
        const top = await editorScreen(page);
        assert(top.first === 1, `the editor was scrolled: its first line is ${top.first}`);
        assert(top.folds > 0, `no fold control on the first screen (lines ${top.first}-${top.last}, ${top.opens} of them open a call)`);
        // Screens spread over the file (Go to Line puts the line mid-screen); the fold controls are drawn a moment after the scroll.
        const bare = [];
        for (let i = 1; i <= 12; i++) {
          const line = Math.round((lines * i) / 13);
          await goToLine(page, line);
          let sc = await editorScreen(page);
          for (let t = 0; t < 20 && (sc.folds === 0 || sc.first > line || sc.last < line); t++) {
            await page.waitForTimeout(150);
            sc = await editorScreen(page);
          }
          if (sc.opens > 0 && sc.folds === 0) bare.push(`${sc.first}-${sc.last} (${sc.opens} calls open there)`);
        }
        console.log(`    first screen: lines ${top.first}-${top.last}, ${top.folds} fold controls; 12 screens further down: ${12 - bare.length} with fold controls`);
        assert(bare.length === 0, `screens with calls but no fold control: ${bare.join(', ')}`);
      });
      await page.close();
      // A trace that starts 18 calls deep (the 4-CPU capture head's body, repeated): past the folding
      // limit, its first screen's calls were printed deeper than thousands of calls further down.
      const deep = join(workspace, 'deep-start.trace');
      await makeTrace(deep, 31_000_000, 31_000_000, { fixture: true });
      const deepLines = await countLines(deep);
      page = await open(s, deep);
      failureShot.page = page;
      await check(`a ${deepLines}-line trace that starts 18 calls deep shows fold controls on its first screen after the remedy`, async () => {
        assert(deepLines > 300_000, `only ${deepLines} lines`);
        await toast(page, /turned off its colors/).locator('.monaco-button', { hasText: 'Restore Editor Features' }).click({ timeout: 60000 });
        await waitFeatures(page, (f) => f.colored && f.hints > 0, 60000, 'colors and inlay hints after the remedy');
        let top = await editorScreen(page);
        for (let t = 0; t < 40 && top.folds === 0; t++) {
          await page.waitForTimeout(250);
          top = await editorScreen(page);
        }
        await page.mouse.move(0, 0);
        await page.evaluate(() => document.querySelectorAll('.notification-toast-container').forEach((e) => e.remove()));
        await shot(page, 'big-deep-start.png');
        console.log(`    first screen: lines ${top.first}-${top.last}, ${top.opens} open a call, ${top.folds} fold controls`);
        assert(top.first === 1, `the editor was scrolled: its first line is ${top.first}`);
        assert(top.folds > 0, `no fold control on the first screen (lines ${top.first}-${top.last}, ${top.opens} of them open a call)`);
      });
      await page.close();
      // The same measures for a 10 MB trace, which VS Code opens with every feature.
      page = await open(s, ten);
      failureShot.page = page;
      await check('a 10 MB trace (for comparison) opens with colors and fold controls', async () => {
        const t0 = Date.now();
        await waitFeatures(page, (f) => f.colored, 60000, 'colors');
        bench.tenColorsMs = Date.now() - t0;
        await waitFeatures(page, (f) => f.folds > 0, 60000, 'fold controls');
        bench.tenFoldsMs = Date.now() - t0;
        await waitFeatures(page, (f) => f.hints > 0, 60000, 'inlay hints');
        bench.tenHintsMs = Date.now() - t0;
        bench.tenHeapMb = await heapMb(page);
      });
      await page.close();
      await s.stop();
    }
    if (values.only !== 'large') await hugeChecks({ server, open, workspace, shot, bench });
  } finally {
    await browser?.close().catch(() => {});
    for (const s of servers) await s.stop();
  }
  console.log(`editor cost: ${JSON.stringify(bench)}`);
  console.log(`screenshots: ${shots.map((f) => f.replace(`${repoRoot}/`, '')).join(', ')}`);
  const failed = failedChecks();
  if (values.docs && failed === 0) for (const f of shots) if (!f.includes('-before')) copyFileSync(f, join(repoRoot, 'docs', f.split('/').pop()));
  if (!values.keep && failed === 0) rmSync(runDir, { recursive: true, force: true });
  else console.log(`run folder kept: ${runDir}`);
  return { code: summary(), bench };
}

runIfMain(import.meta.url, main);
