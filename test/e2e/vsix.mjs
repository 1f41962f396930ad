// Packaging proof: builds ftrace-lens.vsix with `npm run package`, checks its file list and size, installs it into a fresh code-server and checks language, hover and the Ftrace activity bar entry without the development path.
/* global document -- the page.evaluate callbacks run in the browser */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { inflateRawSync } from 'node:zlib';
import { codeServerEntry, installCodeServer, repoRoot } from '../vscode/installCodeServer.mjs';
import { launchBrowser, startCodeServer } from '../vscode/codeServer.mjs';
import { activeEditorLanguage, openWorkbench, tidyLayout, waitForTokens } from '../vscode/workbench.mjs';
import { runIfMain } from '../vscode/runMain.mjs';
import { assert, createChecks } from './checks.mjs';
import { hoverOn } from './editorPage.mjs';

/** What the .vsix may carry under extension/ (the .vscodeignore allow-list); vsce stores README and CHANGELOG as readme.md, changelog.md and LICENSE as LICENSE.txt. */
const ALLOWED = [
  'package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'LICENSE.txt', 'language-configuration.json',
  'syntaxes/ftrace.tmLanguage.json', 'media/icon.png', 'media/ftrace.svg',
  'client/out/extension.js', 'client/out/flameView.js', 'client/out/codicons/codicon.css', 'client/out/codicons/codicon.ttf', 'media/flame.css', 'server/out/main.js', 'server/out/cli.js', 'server/out/lexWorker.js', 'server/out/warm-up.trace',
];
/** What it must carry. */
const REQUIRED = ALLOWED.filter((f) => f !== 'LICENSE.txt' && f !== 'LICENSE');
const MAX_BYTES = 2 * 1024 * 1024;

const { check, failed: failedChecks, summary } = createChecks();

/** Entries of a zip file (name, sizes, method) read from its central directory; `read(name)` inflates one. */
export function readZip(file) {
  const buf = readFileSync(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file}: not a zip (no end of central directory)`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${n}`);
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    entries.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLen), method, compressed, size, local });
    p += 46 + nameLen + extraLen + commentLen;
  }
  const read = (name) => {
    const e = entries.find((x) => x.name === name);
    if (!e) throw new Error(`${name} is not in ${file}`);
    const start = e.local + 30 + buf.readUInt16LE(e.local + 26) + buf.readUInt16LE(e.local + 28);
    const data = buf.subarray(start, start + e.compressed);
    return e.method === 0 ? data : inflateRawSync(data);
  };
  return { entries, read };
}

function seedText() {
  const md = readFileSync(join(repoRoot, 'fixtures', 'seed-vfio.md'), 'utf8');
  return /^```[^\n]*\n([\s\S]*?)^```/m.exec(md)[1];
}

async function main() {
  const { values } = parseArgs({ options: { keep: { type: 'boolean', default: false }, verbose: { type: 'boolean', default: false }, 'no-package': { type: 'boolean', default: false } } });
  const t0 = Date.now();
  const vsix = join(repoRoot, 'ftrace-lens.vsix');
  installCodeServer();
  mkdirSync(join(repoRoot, '.vscode-test', 'runs'), { recursive: true });
  const runDir = mkdtempSync(join(repoRoot, '.vscode-test', 'runs', 'vsix-'));

  console.log('package');
  await check('npm run package builds ftrace-lens.vsix offline', async () => {
    if (values['no-package']) return assert(existsSync(vsix), `${vsix} is missing`);
    rmSync(vsix, { force: true });
    const r = spawnSync('npm', ['run', 'package'], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, npm_config_offline: 'true' } });
    if (values.verbose || r.status !== 0) console.log(`${r.stdout}\n${r.stderr}`.replace(/^/gm, '      '));
    assert(r.status === 0, `npm run package exited with ${r.status}`);
    assert(existsSync(vsix), 'no ftrace-lens.vsix after npm run package');
  });
  if (!existsSync(vsix)) return finish(t0, runDir, values.keep);

  let manifest;
  await check('the .vsix holds only the bundled code and what VS Code reads, under 2 MB', async () => {
    const size = statSync(vsix).size;
    const { entries, read } = readZip(vsix);
    const names = entries.map((e) => e.name).filter((n) => !n.endsWith('/'));
    const ext = names.filter((n) => n.startsWith('extension/')).map((n) => n.slice('extension/'.length)).map((n) => (/^(readme|changelog)\.md$/i.test(n) ? n.toUpperCase().replace('.MD', '.md') : n));
    const outside = names.filter((n) => !n.startsWith('extension/') && n !== 'extension.vsixmanifest' && n !== '[Content_Types].xml');
    const extra = ext.filter((n) => !ALLOWED.includes(n));
    const missing = REQUIRED.filter((n) => !ext.includes(n));
    console.log(`      ${names.length} files, ${(size / 1024).toFixed(0)} KiB: ${ext.join(', ')}`);
    assert(outside.length === 0, `unexpected files outside extension/: ${outside.join(', ')}`);
    assert(extra.length === 0, `unexpected files: ${extra.join(', ')}`);
    assert(missing.length === 0, `missing files: ${missing.join(', ')}`);
    assert(ext.includes('LICENSE') || ext.includes('LICENSE.txt'), 'no LICENSE');
    assert(!names.some((n) => /node_modules|\/src\/|\.ts$|\.map$|^extension\/test\/|^extension\/fixtures\//.test(n)), 'node_modules, sources, maps, tests or fixtures in the package');
    assert(size < MAX_BYTES, `${size} bytes (limit ${MAX_BYTES})`);
    manifest = JSON.parse(read('extension/package.json').toString('utf8'));
    assert(manifest.main === './client/out/extension.js', `main is ${manifest.main}`);
    const main = read('extension/client/out/extension.js').toString('utf8');
    assert(!/sourceMappingURL=/.test(main), 'the production bundle links a source map');
  });

  console.log('install into a fresh code-server');
  const extensionsDir = join(runDir, 'extensions');
  const userDataDir = join(runDir, 'user-data');
  await check('code-server --install-extension installs the .vsix', async () => {
    const r = spawnSync(process.execPath, [codeServerEntry, '--install-extension', vsix, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir], {
      encoding: 'utf8', env: { ...process.env, EXTENSIONS_GALLERY: '{"serviceUrl":""}' }, timeout: 120000,
    });
    if (values.verbose || r.status !== 0) console.log(`${r.stdout}\n${r.stderr}`.replace(/^/gm, '      '));
    assert(r.status === 0, `--install-extension exited with ${r.status}`);
    const dirs = existsSync(extensionsDir) ? readdirSync(extensionsDir) : [];
    const want = `${manifest?.publisher ?? 'ftrace-lens'}.${manifest?.name ?? 'ftrace-lens'}-${manifest?.version ?? ''}`;
    assert(dirs.some((d) => d.startsWith(want)), `no ${want}* in ${extensionsDir}: ${dirs.join(', ')}`);
    const installed = join(extensionsDir, dirs.find((d) => d.startsWith(want)));
    assert(existsSync(join(installed, 'server', 'out', 'main.js')), 'the installed extension has no server/out/main.js');
  });

  const workspace = join(runDir, 'workspace');
  mkdirSync(workspace, { recursive: true });
  const seed = seedText();
  const seedFile = join(workspace, 'seed-vfio.trace');
  writeFileSync(seedFile, seed);
  const attach = seed.split('\n').findIndex((l) => l.includes('vfio_iommu_type1_attach_group [vfio_iommu_type1]() {')) + 1;

  let server;
  let browser;
  try {
    server = await startCodeServer({ workspace, userDataDir, extensionsDir, settings: { 'workbench.colorTheme': 'Default Dark Modern', 'editor.minimap.enabled': false }, verbose: values.verbose });
    browser = await launchBrowser();
    // No extensionDevelopmentPath: only what --install-extension put in the extensions dir.
    const page = await openWorkbench(browser, server, { folder: workspace, file: seedFile, line: attach + 8, onConsole: values.verbose ? console.log : undefined });
    await tidyLayout(page);
    await check('the installed extension: the seed opens as "ftrace function graph"', async () => {
      const deadline = Date.now() + 30000;
      let lang;
      while (Date.now() < deadline && !/ftrace function graph/i.test((lang = await activeEditorLanguage(page)) ?? '')) await page.waitForTimeout(200);
      assert(/ftrace function graph/i.test(lang ?? ''), `status bar language is ${lang}`);
      assert(await waitForTokens(page, { timeoutMs: 15000 }), 'the grammar did not color the seed');
    });
    await check('the installed extension: hovering vfio_iommu_type1_attach_group shows its inclusive time (2.672 ms)', async () => {
      await page.locator('.statusbar-item', { hasText: / calls · / }).first().waitFor({ state: 'visible', timeout: 60000 });
      const span = page.locator('.editor-instance .view-line span span', { hasText: 'vfio_iommu_type1_attach_group' }).first();
      await span.waitFor({ state: 'visible', timeout: 10000 });
      // The shared hover helper rests the mouse again when the first move only created VS Code's
      // hover contribution or a repaint dismissed the hover (one move failed here once in CI).
      const text = await hoverOn(page, attach, 'vfio_iommu_type1_attach_group');
      assert(/inclusive: 2\.672 ms/.test(text), text);
      await page.screenshot({ path: join(runDir, 'vsix-hover.png') });
    });
    await check('the installed extension: the Ftrace activity bar entry opens the Call Tree', async () => {
      await page.mouse.move(0, 0);
      const entry = page.locator('.part.activitybar .action-item a[aria-label^="Ftrace"], .part.activitybar .action-item[aria-label^="Ftrace"]').first();
      await entry.waitFor({ state: 'visible', timeout: 10000 });
      await entry.click();
      const tree = page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: 'Call Tree' }) }).locator('.monaco-list-row', { hasText: 'qemu-kv-17653' }).first();
      await tree.waitFor({ state: 'visible', timeout: 20000 });
      const ids = await page.evaluate(() => [...document.querySelectorAll('.part.activitybar .action-item a, .part.activitybar .action-item')].map((e) => e.getAttribute('aria-label')).filter(Boolean));
      assert(ids.some((l) => l.startsWith('Ftrace')), `activity bar: ${ids.join(', ')}`);
    });
    await page.close();
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
  }
  return finish(t0, runDir, values.keep);
}

function finish(t0, runDir, keep) {
  const failed = failedChecks();
  if (!keep && failed === 0) rmSync(runDir, { recursive: true, force: true });
  else console.log(`run folder kept: ${runDir}`);
  console.log(`${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return summary();
}

runIfMain(import.meta.url, main);
