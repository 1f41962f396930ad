// Idempotent offline installer of code-server (VS Code server + web workbench) into .vscode-test/code-server/.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const cacheDir = join(repoRoot, '.vscode-test', 'code-server');
export const codeServerDir = join(cacheDir, 'node_modules', 'code-server');
export const codeServerEntry = join(codeServerDir, 'out', 'node', 'entry.js');
const vscodeDir = join(codeServerDir, 'lib', 'vscode');
const stampFile = join(cacheDir, 'installed.json');

/** Debian packages the harness needs: kerberos headers, ripgrep, the browser and CJK fonts. */
export const APT_PACKAGES = ['libkrb5-dev', 'ripgrep', 'chromium', 'fonts-noto-cjk'];
const NATIVE_MODULES = ['kerberos', 'native-watchdog', 'node-pty', '@vscode/spdlog', '@vscode/deviceid'];

const t0 = Date.now();
const log = (msg) => console.log(`[install-code-server +${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

class InstallError extends Error {}

function run(cmd, args, cwd, extraEnv = {}) {
  log(`${cwd === repoRoot ? '' : `(in ${cwd.slice(repoRoot.length + 1) || '.'}) `}${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, {
    cwd,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', ...extraEnv },
  });
  if (r.error) throw new InstallError(`could not start ${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new InstallError(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

function isDebInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/** Installs the missing Debian packages (apt-get update first); no-op when all are present. */
export function ensureAptPackages(packages = APT_PACKAGES) {
  const missing = packages.filter((p) => !isDebInstalled(p));
  if (missing.length === 0) {
    log(`Debian packages present: ${packages.join(', ')}`);
    return;
  }
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new InstallError(`missing Debian packages (${missing.join(', ')}); run as root or: sudo apt-get install -y ${missing.join(' ')}`);
  }
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], repoRoot, env);
  run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], repoRoot, env);
}

function ensureSymlink(dir, name, target) {
  const p = join(dir, name);
  try {
    lstatSync(p);
    return; // present (file or link): leave it
  } catch {
    /* missing */
  }
  symlinkSync(target, p);
  log(`linked ${p.slice(repoRoot.length + 1)} -> ${target}`);
}

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** True when the stamp matches this version and the entry point exists. */
export function isInstalled() {
  if (!existsSync(stampFile) || !existsSync(codeServerEntry)) return false;
  try {
    return JSON.parse(readFileSync(stampFile, 'utf8')).version === CODE_SERVER_VERSION;
  } catch {
    return false;
  }
}

/** Installs code-server into the cache folder, following the manual steps (its postinstall needs the internet). */
export function installCodeServer({ force = false } = {}) {
  ensureAptPackages();
  if (!force && isInstalled()) {
    log(`code-server ${CODE_SERVER_VERSION} already installed in ${cacheDir.slice(repoRoot.length + 1)}`);
    return;
  }
  rmSync(stampFile, { force: true });
  mkdirSync(cacheDir, { recursive: true });
  // Own package.json so npm installs here and never into the repository root.
  const pkgJson = join(cacheDir, 'package.json');
  if (!existsSync(pkgJson)) writeFileSync(pkgJson, JSON.stringify({ name: 'code-server-cache', private: true }, null, 2) + '\n');

  run('npm', ['install', '--ignore-scripts', '--no-save', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], cacheDir);
  run('npm', ['rebuild', 'argon2'], cacheDir);

  run('npm', ['install', '--omit=dev', '--ignore-scripts'], vscodeDir);
  const rg = which('rg');
  if (!rg) throw new InstallError('ripgrep (rg) not found on PATH after installing the Debian package');
  const rgDest = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  mkdirSync(dirname(rgDest), { recursive: true });
  copyFileSync(rg, rgDest);
  chmodSync(rgDest, 0o755);
  log(`copied ${rg} to ${rgDest.slice(repoRoot.length + 1)}`);
  run('npm', ['rebuild', ...NATIVE_MODULES], vscodeDir, { npm_config_yes: 'true' });

  // What code-server's skipped postinstall would have done.
  ensureSymlink(vscodeDir, 'node_modules.asar', 'node_modules');
  ensureSymlink(join(vscodeDir, 'bin', 'remote-cli'), 'code-server', 'code-linux.sh');
  ensureSymlink(join(vscodeDir, 'bin', 'helpers'), 'browser.sh', 'browser-linux.sh');
  run('npm', ['install', '--omit=dev'], join(vscodeDir, 'extensions'));

  if (!existsSync(codeServerEntry)) throw new InstallError(`entry point missing after install: ${codeServerEntry}`);
  writeFileSync(stampFile, JSON.stringify({ version: CODE_SERVER_VERSION, installedAt: new Date().toISOString() }, null, 2) + '\n');
  log(`code-server ${CODE_SERVER_VERSION} installed`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    installCodeServer({ force: process.argv.includes('--force') });
  } catch (e) {
    console.error(`[install-code-server] FAILED: ${e instanceof InstallError ? e.message : e?.stack ?? e}`);
    process.exit(1);
  }
}
