// npm start: builds the extension and opens a trace with it in VS Code (desktop `code` if present, else VS Code in the browser).
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const demo = join(root, '.vscode-test', 'demo');

/** Runs a command in the repository, exiting on failure. */
function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** The trace to open: the argument, else copies of the seed and a 4-CPU capture in a demo folder. */
function traceToOpen() {
  const arg = process.argv[2];
  if (arg !== undefined) {
    if (!existsSync(arg)) {
      console.error(`npm start: ${arg}: no such file`);
      process.exit(2);
    }
    return resolve(arg);
  }
  mkdirSync(demo, { recursive: true });
  // The seed is a Markdown paste; as .trace it opens in the ftrace language.
  copyFileSync(join(root, 'fixtures', 'seed-vfio.md'), join(demo, 'seed-vfio.trace'));
  copyFileSync(join(root, 'fixtures', 'k61-smp4-default-head.trace'), join(demo, 'k61-smp4-default-head.trace'));
  return join(demo, 'seed-vfio.trace');
}

run(process.execPath, [join(root, 'esbuild.mjs')]);
const file = traceToOpen();
const hasCode = spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
if (hasCode) {
  spawn('code', ['--new-window', `--extensionDevelopmentPath=${root}`, dirname(file), file], { stdio: 'ignore', detached: true }).unref();
  console.log(`Opened ${basename(file)} in VS Code with Ftrace Lens loaded from ${root}.`);
  process.exit(0);
}

console.log('`code` is not on PATH: starting VS Code in the browser (code-server, installed into .vscode-test/ on first use)…');
run(process.execPath, [join(root, 'test', 'vscode', 'installCodeServer.mjs')]);
const { startCodeServer, linkExtensionForDevelopment, remoteUri, workbenchUrl } = await import('../test/vscode/codeServer.mjs');
const runDir = join(root, '.vscode-test', 'start');
const server = await startCodeServer({
  workspace: dirname(file),
  userDataDir: join(runDir, 'user-data'),
  extensionsDir: join(runDir, 'extensions'),
  settings: {
    'workbench.colorTheme': 'Default Dark Modern',
    // Open traces up to 4 GB without the "file is very large: Open Anyway" page (remote default: 100 MB,
    // code-server asked at 16 MB). Past 50 MB Ftrace Lens reads the file from disk anyway.
    'workbench.editorLargeFileConfirmation': 4096,
  },
});
const ext = linkExtensionForDevelopment(root, runDir);
const url = workbenchUrl(server, {
  folder: dirname(file),
  payload: [['extensionDevelopmentPath', remoteUri(server, ext)], ['openFile', remoteUri(server, file)]],
});
console.log(`\nOpen this URL in a browser on this machine (Ctrl+C stops the server):\n\n  ${url}\n`);
const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
