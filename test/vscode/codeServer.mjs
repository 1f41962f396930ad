// Starts code-server (offline VS Code) on a free loopback port and launches headless Debian Chromium for it.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { codeServerEntry, isInstalled } from './installCodeServer.mjs';

/** Settings that keep the workbench quiet and deterministic (no welcome page, tips, telemetry, trust prompts, updates). */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'window.commandCenter': false,
  'editor.cursorBlinking': 'solid',
  'files.simpleDialog.enable': true,
};

/** Chromium flags that work as root, headless, with no network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/** Debian's Chromium; CHROMIUM_PATH overrides it. */
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Asks the kernel for a free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts code-server. Writes `settings` (over QUIET_SETTINGS) into userDataDir/User/settings.json first.
 * Resolves once HTTP answers; stop() always kills the whole process tree.
 * @returns {Promise<{url: string, port: number, host: string, stop: () => Promise<void>, output: () => string}>}
 */
export async function startCodeServer({ workspace, userDataDir, extensionsDir, settings = {}, env = {}, timeoutMs = 30000, verbose = false } = {}) {
  if (!isInstalled()) throw new Error('code-server is not installed: run `node test/vscode/installCodeServer.mjs` first');
  if (!userDataDir || !extensionsDir) throw new Error('startCodeServer needs userDataDir and extensionsDir');
  userDataDir = resolve(userDataDir);
  extensionsDir = resolve(extensionsDir);
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2) + '\n');
  // An empty config file of our own, so code-server never writes one into the user's home.
  const configFile = join(userDataDir, 'code-server.yaml');
  writeFileSync(configFile, '');

  const host = '127.0.0.1';
  const port = await freePort();
  const args = [
    codeServerEntry,
    '--config', configFile,
    '--auth', 'none',
    '--bind-addr', `${host}:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
  ];
  if (workspace) args.push(resolve(workspace));

  const child = spawn(process.execPath, args, {
    detached: true, // own process group, so stop() can kill the extension host and helpers too
    stdio: ['ignore', 'pipe', 'pipe'],
    // No extension gallery: these machines have no internet, and tests must not depend on one.
    env: { EXTENSIONS_GALLERY: '{"serviceUrl":""}', ...process.env, ...env },
  });
  let output = '';
  const onData = (chunk) => {
    output += chunk;
    if (verbose) process.stdout.write(`[code-server] ${chunk}`);
  };
  child.stdout.setEncoding('utf8').on('data', onData);
  child.stderr.setEncoding('utf8').on('data', onData);
  let exited = false;
  const exitPromise = new Promise((r) => child.on('exit', (code, signal) => { exited = true; r({ code, signal }); }));

  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      /* already gone */
    }
  };
  const onParentExit = () => killGroup('SIGKILL');
  process.on('exit', onParentExit);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', onParentExit);
    killGroup('SIGTERM');
    const done = await Promise.race([exitPromise.then(() => true), sleep(5000).then(() => false)]);
    killGroup('SIGKILL'); // the extension host and pty host may outlive the server; kill the group regardless
    if (!done) await Promise.race([exitPromise, sleep(2000)]);
  };

  const url = `http://${host}:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`code-server exited before answering HTTP:\n${output}`);
    }
    try {
      const r = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer on ${url} within ${timeoutMs} ms:\n${output}`);
    }
    await sleep(100);
  }
  return { url, port, host, stop, output: () => output };
}

/** Launches headless Chromium through playwright-core with the flags that work here. */
export async function launchBrowser({ headless = true, args = [] } = {}) {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: chromiumPath, headless, args: [...CHROMIUM_ARGS, ...args] });
}

/**
 * Links the extension under development into runDir and returns the link's path, to pass as
 * extensionDevelopmentPath. Passing the repository root itself would make the workbench, which in
 * development mode prefers themes found under that path, find every built-in theme of the
 * code-server copy in .vscode-test/ and switch to Light+, ignoring workbench.colorTheme.
 */
export function linkExtensionForDevelopment(extensionPath, runDir) {
  const link = join(resolve(runDir), 'extension-under-development');
  mkdirSync(resolve(runDir), { recursive: true });
  rmSync(link, { force: true });
  symlinkSync(resolve(extensionPath), link);
  return link;
}

/** A `vscode-remote://host:port/abs/path` URI for a path on this machine, as the workbench payload expects. */
export function remoteUri(server, absPath) {
  const p = resolve(absPath).split('/').map(encodeURIComponent).join('/');
  return `vscode-remote://${server.host}:${server.port}${p}`;
}

/** The workbench URL for a folder (or an empty window) with a `payload` of [key, value] pairs. */
export function workbenchUrl(server, { folder, payload = [] } = {}) {
  const q = [folder ? `folder=${encodeURIComponent(resolve(folder))}` : 'ew=true'];
  if (payload.length) q.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `${server.url}/?${q.join('&')}`;
}
