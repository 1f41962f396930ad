// CLI and API: screenshot a trace opened in offline VS Code (code-server) with this extension loaded, in a given theme.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { installCodeServer, repoRoot } from './installCodeServer.mjs';
import { launchBrowser, linkExtensionForDevelopment, startCodeServer } from './codeServer.mjs';
import { activeEditorLanguage, openWorkbench, renderedTokenClasses, tidyLayout, waitForTokens } from './workbench.mjs';
import { runIfMain } from './runMain.mjs';

export { launchBrowser, startCodeServer } from './codeServer.mjs';
export * from './workbench.mjs';

/**
 * Starts code-server with the repository as extension under development, opens `file` in `theme`,
 * waits for colored tokens and saves a PNG. Returns what was seen, for callers that assert on it.
 * @returns {Promise<{out: string, colored: boolean, language: string | undefined, tokenClasses: number[], ms: number}>}
 */
export async function takeScreenshot({ file, out, theme = 'Default Dark Modern', line, width = 1400, height = 900, folder, keepSidebar = false, settings = {}, tokenTimeoutMs = 10000, verbose = false }) {
  const t0 = Date.now();
  file = resolve(file);
  out = resolve(out);
  if (!existsSync(file)) throw new Error(`no such file: ${file}`);
  const runsDir = join(repoRoot, '.vscode-test', 'runs');
  mkdirSync(runsDir, { recursive: true });
  const runDir = mkdtempSync(join(runsDir, 'shot-'));
  let server;
  let browser;
  try {
    server = await startCodeServer({
      workspace: folder,
      userDataDir: join(runDir, 'user-data'),
      extensionsDir: join(runDir, 'extensions'),
      settings: { 'workbench.colorTheme': theme, 'editor.minimap.enabled': false, ...settings },
      verbose,
    });
    browser = await launchBrowser();
    const page = await openWorkbench(browser, server, {
      folder,
      file,
      line,
      extensionPath: linkExtensionForDevelopment(repoRoot, runDir),
      width,
      height,
      onConsole: verbose ? console.log : undefined,
    });
    await tidyLayout(page, { keepSidebar });
    const colored = await waitForTokens(page, { timeoutMs: tokenTimeoutMs });
    await page.mouse.move(0, 0);
    await page.waitForTimeout(300); // let the last layout pass and cursor paint settle
    mkdirSync(dirname(out), { recursive: true });
    await page.screenshot({ path: out });
    return { out, colored, language: await activeEditorLanguage(page), tokenClasses: await renderedTokenClasses(page), ms: Date.now() - t0 };
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
    rmSync(runDir, { recursive: true, force: true });
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      file: { type: 'string' },
      out: { type: 'string' },
      theme: { type: 'string', default: 'Default Dark Modern' },
      line: { type: 'string' },
      width: { type: 'string', default: '1400' },
      height: { type: 'string', default: '900' },
      folder: { type: 'string' },
      sidebar: { type: 'boolean', default: false },
      'require-colors': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    },
  });
  if (!values.file || !values.out) {
    console.error('usage: node test/vscode/screenshot.mjs --file <trace> --out <png> [--theme "Default Dark Modern"] [--line N] [--width 1400 --height 900] [--folder DIR] [--sidebar] [--require-colors] [--verbose]');
    return 2;
  }
  installCodeServer();
  const r = await takeScreenshot({
    file: values.file,
    out: values.out,
    theme: values.theme,
    line: values.line ? Number(values.line) : undefined,
    width: Number(values.width),
    height: Number(values.height),
    folder: values.folder && resolve(values.folder),
    keepSidebar: values.sidebar,
    verbose: values.verbose,
  });
  console.log(`saved ${r.out} in ${(r.ms / 1000).toFixed(1)} s; language ${r.language ?? '?'}; token classes ${r.tokenClasses.join(',')}${r.colored ? '' : ' (plain text: no grammar colored the file)'}`);
  return !r.colored && values['require-colors'] ? 1 : 0;
}

runIfMain(import.meta.url, main);
