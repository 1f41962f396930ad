// End-to-end check of the Ftrace side panel in offline VS Code: Call Tree expanded a few levels and Hot Functions on the seed, the status bar item, and the "Show Slowest Calls…" quick pick, with PNG screenshots.
/* global document -- the page.evaluate callbacks run in the browser */
import { focusEditor, openWorkbench, runCommand, tidyLayout, waitForTokens } from '../vscode/workbench.mjs';

/** The rows of the view pane titled `title` (e.g. 'Call Tree'). */
function paneRows(page, title) {
  return page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: title }) }).locator('.monaco-list-row');
}

/**
 * Waits for a row of `title`'s pane whose text matches `text` (and `desc`, when given), scrolling the
 * pane down (the list is virtual: rows out of view are not in the DOM); returns its locator.
 */
async function row(page, title, text, desc) {
  let r = paneRows(page, title).filter({ hasText: text });
  if (desc) r = r.filter({ hasText: desc });
  r = r.first();
  const list = page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: title }) }).locator('.monaco-list').first();
  for (let i = 0; i < 20 && !(await r.isVisible()); i++) {
    await paneRows(page, title).first().waitFor({ state: 'visible', timeout: 20000 });
    const box = await list.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, 66);
    await page.waitForTimeout(100);
  }
  await r.waitFor({ state: 'visible', timeout: 20000 });
  return r;
}

/**
 * Expands a collapsed tree row by clicking its twistie; waits until the row (found again each time:
 * the virtual list reuses its row elements when the view refreshes) says expanded, clicking again
 * when a refresh of the tree took the first click's effect away.
 */
async function expand(r) {
  const deadline = Date.now() + 15000;
  while ((await r.getAttribute('aria-expanded')) !== 'true') {
    if (Date.now() > deadline) throw new Error(`the row ${JSON.stringify(await r.innerText())} did not expand in 15 s`);
    await r.locator('.monaco-tl-twistie').click();
    for (let t = 0; t < 30 && (await r.getAttribute('aria-expanded')) !== 'true'; t++) await r.page().waitForTimeout(100);
  }
}

/** Visible text of the rows of a pane, one line per row ("label  description"). */
async function rowsText(page, title) {
  return (await paneRows(page, title).allInnerTexts()).map((t) => t.replace(/\s*\n\s*/g, '  ').trim());
}

/**
 * Runs the panel checks on the seed in an already started (dark) code-server.
 * ctx: { browser, server, ctx: { workspace, extensionPath, verbose }, seedFile, seedLine, outDir, shots, check, assert, failureShot }.
 */
export async function panelChecks({ browser, server, ctx, seedFile, seedLine, outDir, shots, check, assert, failureShot }) {
  const attach = seedLine('vfio_iommu_type1_attach_group [vfio_iommu_type1]() {');
  const page = await openWorkbench(browser, server, { folder: ctx.workspace, file: seedFile, line: attach, extensionPath: ctx.extensionPath, width: 1600, height: 1000, onConsole: ctx.verbose ? console.log : undefined });
  failureShot.page = page;
  try {
    await tidyLayout(page);
    assert(await waitForTokens(page, { timeoutMs: 15000 }), 'the seed is not colored');
    const status = page.locator('.statusbar-item', { hasText: / calls · / }).first();
    await status.waitFor({ state: 'visible', timeout: 60000 });

    await check('the status bar item shows the calls and the slowest call of the seed', async () => {
      const text = (await status.innerText()).replace(/\s+/g, ' ').trim();
      assert(text.includes('calls') && text.includes('slowest'), `status bar item: ${JSON.stringify(text)}`);
      assert(/\b118 calls\b/.test(text), `the seed has 118 calls: ${text}`);
      // Slow means on-CPU: the vfio ioctl, not ksoftirqd's 187 s sleep in schedule().
      assert(/slowest 2\.68 ms on-CPU/.test(text), `the slowest call is the vfio ioctl's 2680.276 us on-CPU: ${text}`);
    });

    await check('the Ftrace activity bar entry opens the Call Tree and Hot Functions views', async () => {
      const entry = page.locator('.part.activitybar .action-item a[aria-label^="Ftrace"], .part.activitybar .action-item[aria-label^="Ftrace"]').first();
      await entry.waitFor({ state: 'visible', timeout: 10000 });
      await entry.click();
      await page.locator('.part.sidebar .pane-header', { hasText: 'Call Tree' }).first().waitFor({ state: 'visible', timeout: 10000 });
      await page.locator('.part.sidebar .pane-header', { hasText: 'Hot Functions' }).first().waitFor({ state: 'visible', timeout: 10000 });
      // A wider side bar, so the descriptions (times, shares) fit.
      const sash = page.locator('.part.sidebar + .monaco-sash, .monaco-sash.vertical').filter({ visible: true }).first();
      const box = await page.locator('.part.sidebar').boundingBox();
      if (box && (await sash.count())) {
        await page.mouse.move(box.x + box.width, box.y + box.height / 2);
        await page.mouse.down();
        await page.mouse.move(box.x + 620, box.y + box.height / 2, { steps: 5 });
        await page.mouse.up();
      }
    });

    await check('the Call Tree shows the seed\'s tasks and expands down to printk → vprintk_func', async () => {
      // ksoftirqd's one call is the 187.6 s orphan schedule(): all of it switched out, none of it work.
      await row(page, 'Call Tree', 'ksoftir-18', 'on-CPU 0 ns of 187.6 s · 1 top-level call');
      const group = await row(page, 'Call Tree', 'qemu-kv-17653', '3 top-level calls');
      await expand(group);
      const ioctl = await row(page, 'Call Tree', 'vfio_fops_unl_ioctl [vfio]', '2.68 ms');
      await expand(ioctl);
      const at = await row(page, 'Call Tree', 'vfio_iommu_type1_attach_group', '2.672 ms');
      await expand(at);
      const printk = await row(page, 'Call Tree', /ms\s+printk(?!_)/, '1.97 ms');
      await expand(printk);
      await row(page, 'Call Tree', 'vprintk_func', '1.97 ms');
      const rows = await rowsText(page, 'Call Tree');
      // The time leads the label, so a narrow side bar that cuts the row still shows it.
      assert(rows.some((t) => /^2\.672 ms\s+vfio_iommu_type1_attach_group.*self 6\.945 µs/.test(t)), `attach_group row lacks its times: ${rows.join(' | ')}`);
    });

    await check('Hot Functions lists the seed\'s functions by on-CPU self time', async () => {
      const first = await row(page, 'Hot Functions', 'vprintk_default');
      const text = (await first.innerText()).replace(/\s+/g, ' ');
      assert(/self on-CPU 1\.969 ms/.test(text), `vprintk_default row: ${text}`);
      const rows = await rowsText(page, 'Hot Functions');
      assert(rows.length >= 5, `only ${rows.length} hot functions`);
      assert(rows[0].startsWith('vprintk_default'), `the hottest function should be vprintk_default: ${rows[0]}`);
      await page.mouse.move(0, 0);
      await page.evaluate(() => document.querySelectorAll('.notification-toast-container').forEach((e) => e.remove()));
      const file = `${outDir}/panel-dark.png`;
      await page.screenshot({ path: file });
      shots.push(file);
    });

    await check('"Show Slowest Calls…" opens a quick pick of the slowest calls, slowest first, and previews the one under the cursor', async () => {
      await focusEditor(page);
      await runCommand(page, 'Ftrace: Show Slowest Calls…');
      const qp = page.locator('.quick-input-widget');
      await qp.locator('.quick-input-title', { hasText: 'Slowest calls' }).waitFor({ state: 'visible', timeout: 10000 });
      const rows = qp.locator('.monaco-list-row');
      await rows.nth(4).waitFor({ state: 'visible', timeout: 10000 });
      const first = (await rows.nth(0).innerText()).replace(/\s+/g, ' ');
      assert(first.includes('2.68 ms on-CPU') && first.includes('vfio_fops_unl_ioctl'), `first item: ${first}`);
      const second = (await rows.nth(1).innerText()).replace(/\s+/g, ' ');
      assert(second.includes('2.672 ms on-CPU') && second.includes('vfio_iommu_type1_attach_group'), `second item: ${second}`);
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      // The third (printk, line 142) is previewed: the editor's cursor line moves there.
      const line = seedLine('printk() {');
      await page.locator('[id="status.editor.selection"]', { hasText: `Ln ${line},` }).waitFor({ state: 'visible', timeout: 10000 });
      const file = `${outDir}/quickpick-dark.png`;
      await page.screenshot({ path: file });
      shots.push(file);
      await page.keyboard.press('Escape');
      await qp.waitFor({ state: 'hidden', timeout: 10000 });
    });
  } finally {
    await page.close();
  }
}
