// speedscope's own importers (its npm package, in Chromium) open the CLI's three exports of the seed: profiles, totals and per-function times as speedscope shows them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseTrace } from '../../server/src/core/index';
import { root, seedText } from './exportFixtures';

/** The page's DOM as the evaluate callbacks below use it (they run in Chromium). */
declare const document: {
  querySelectorAll(selector: string): ArrayLike<{ children: ArrayLike<{ textContent: string | null }> }> & Iterable<{ children: ArrayLike<{ textContent: string | null }> & Iterable<{ textContent: string | null }> }>;
  body: { innerText: string };
};

const speedscopeHtml = join(root, 'node_modules', 'speedscope', 'dist', 'release', 'index.html');
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const cli = join(root, 'server', 'out', 'cli.js');
// Locally a missing Chromium skips (visibly); CI installs it, so there it must run.
const skip = !existsSync(chromiumPath) && !process.env.CI ? `${chromiumPath} missing (apt-get install chromium); skipped outside CI` : false;

/** speedscope's time format for a value in ns (its TimeFormatter: 2 decimals, minutes as m:ss). */
function speedscopeTime(ns: number): string {
  if (ns >= 60e9) {
    const s = ns / 1e9;
    return `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
  }
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(2)}s`;
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)}ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)}µs`;
  return `${ns.toFixed(2)}ns`;
}

interface Shown {
  log: string[];
  errors: string[];
  /** Rows of the profile list: name → total weight. */
  profiles: Map<string, string>;
  /** Sandwich rows of the shown profile: symbol → [total, self] (without the share). */
  rows: Map<string, [string, string]>;
  text: string;
}

test('speedscope opens the chrome, speedscope and folded exports of the seed with the right times', { skip, timeout: 120_000 }, async () => {
  assert.ok(existsSync(speedscopeHtml), 'speedscope missing: it is a devDependency (npm ci)');
  assert.ok(existsSync(cli), `${cli} missing: run npm run build`);
  const dir = mkdtempSync(join(tmpdir(), 'ftrace-lens-speedscope-'));
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--allow-file-access-from-files'] });
  try {
    const trace = join(dir, 'seed.trace');
    writeFileSync(trace, seedText());
    const model = parseTrace(seedText());
    /** Exports with the built CLI and opens the file as speedscope's own CLI does (`speedscope FILE`). */
    const open = async (format: string, name: string, nextProfile: boolean): Promise<Shown> => {
      const out = join(dir, name);
      const r = spawnSync(process.execPath, [cli, 'export', trace, '--format', format, '--output', out], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const loader = join(dir, `${name}.load.js`);
      writeFileSync(loader, `speedscope.loadFileFromBase64(${JSON.stringify(name)}, ${JSON.stringify(readFileSync(out).toString('base64'))})`);
      const page = await browser.newPage({ viewport: { width: 1200, height: 3000 } });
      const log: string[] = [];
      const errors: string[] = [];
      page.on('console', (m) => log.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('dialog', (d) => {
        errors.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
      await page.goto(`${pathToFileURL(speedscopeHtml).href}#localProfilePath=${loader}&view=sandwich`);
      await page.waitForFunction(() => document.querySelectorAll('tr').length > 2 || document.body.innerText.includes('Something went wrong'), undefined, { timeout: 30_000 });
      if (nextProfile) {
        const before = await page.evaluate(() => document.body.innerText);
        await page.keyboard.press('n');
        await page.waitForFunction((b) => document.body.innerText !== b, before, { timeout: 10_000 });
      }
      const table = await page.evaluate(() => [...document.querySelectorAll('tr')].map((tr) => [...tr.children].map((c) => c.textContent ?? '')));
      const text = await page.evaluate(() => document.body.innerText);
      await page.close();
      const profiles = new Map<string, string>();
      const rows = new Map<string, [string, string]>();
      for (const cells of table) {
        if (cells.length === 3 && /^\d+$/.test(cells[0])) profiles.set(cells[1], cells[2]);
        else if (cells.length === 3 && cells[0] !== 'Total') rows.set(cells[2], [cells[0].replace(/ \(.*\)$/, ''), cells[1].replace(/ \(.*\)$/, '')]);
      }
      return { log, errors, profiles, rows, text };
    };

    const fn = (name: string): { totalNs: number; selfNs: number } => {
      const id = model.names.indexOf(name);
      assert.ok(id >= 0, name);
      return { totalNs: model.functions.totalNs[id], selfNs: model.functions.selfNs[id] };
    };
    const attach = fn('vfio_iommu_type1_attach_group [vfio_iommu_type1]');
    // The qemu task's top-level calls: everything but the sleeping `schedule` of ksoftirqd.
    let qemuNs = 0;
    for (let id = 0; id < model.callCount; id++) if (model.calls.parent[id] < 0 && model.calls.pid[id] === 17653) qemuNs += model.calls.inclusiveNs.at(id);

    // speedscope's own format: two evented profiles, exact times.
    const s = await open('speedscope', 'seed.speedscope.json', true);
    assert.deepEqual(s.errors, []);
    assert.ok(s.log.includes('Importing as speedscope json file'), s.log.join('\n'));
    assert.deepEqual([...s.profiles], [['CPU 1 · ksoftir-18', speedscopeTime(187566289e3)], ['CPU 1 · qemu-kv-17653', speedscopeTime(qemuNs)]]);
    assert.match(s.text, /CPU 1 · qemu-kv-17653 \(2\/2\)/);
    assert.deepEqual(s.rows.get('vfio_iommu_type1_attach_group [vfio_iommu_type1]'), [speedscopeTime(attach.totalNs), speedscopeTime(attach.selfNs)]);
    const printk = fn('vprintk_default');
    assert.deepEqual(s.rows.get('vprintk_default'), [speedscopeTime(printk.totalNs), speedscopeTime(printk.selfNs)]);
    for (const name of model.names) if (name !== 'schedule') assert.ok(s.rows.has(name), `${name} not in speedscope's sandwich`);

    // Folded stacks: one profile of weights in ns (speedscope prints them as plain numbers).
    const f = await open('folded', 'seed.folded.txt', false);
    assert.deepEqual(f.errors, []);
    assert.ok(f.log.includes('Importing as collapsed stack format'), f.log.join('\n'));
    const plain = (ns: number): string => Math.round(ns).toLocaleString('en-US');
    assert.deepEqual(f.rows.get('vfio_iommu_type1_attach_group [vfio_iommu_type1]'), [plain(attach.totalNs), plain(attach.selfNs)]);
    assert.deepEqual(f.rows.get('schedule'), [plain(187566289e3), plain(187566289e3)]);
    for (const name of model.names) assert.ok(f.rows.has(name), `${name} not in speedscope's sandwich`);

    // Trace Event JSON: speedscope's Trace Event importer, one profile per thread named by the metadata events.
    const c = await open('chrome', 'seed.trace.json', true);
    assert.deepEqual(c.errors, []);
    assert.ok(c.log.includes('Importing as Trace Event Format profile'), c.log.join('\n'));
    assert.deepEqual([...c.profiles.keys()], ['CPU 1 (pid 1), ksoftir-18 (tid 18)', 'CPU 1 (pid 1), qemu-kv-17653 (tid 17653)']);
    assert.equal(c.profiles.get('CPU 1 (pid 1), ksoftir-18 (tid 18)'), speedscopeTime(187566289e3));
    for (const name of model.names) if (name !== 'schedule') assert.ok(c.rows.has(name), `${name} not in speedscope's sandwich`);
    // Leaves that never touch a same-named neighbour keep their exact time.
    assert.deepEqual(c.rows.get('vprintk_default'), [speedscopeTime(printk.totalNs), speedscopeTime(printk.selfNs)]);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
