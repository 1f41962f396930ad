// Bundles the extension client, the Flame Graph webview script, the language server and the CLI (npm run build; --watch to rebuild on change).
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
};

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js', external: ['vscode'] },
  { entryPoints: ['server/src/node/main.ts'], outfile: 'server/out/main.js' },
  // Worker threads of the server and the CLI that lex big files read from disk (server/src/threads).
  { entryPoints: ['server/src/threads/lexWorker.ts'], outfile: 'server/out/lexWorker.js' },
  {
    entryPoints: ['server/src/cli/main.ts'],
    outfile: 'server/out/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    define: { FTRACE_LENS_VERSION: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
  },
  // The Flame Graph webview's own script: a browser bundle, loaded by nonce under the webview's CSP.
  { entryPoints: ['client/src/flame/webview/main.ts'], outfile: 'client/out/flameView.js', platform: 'browser', format: 'iife', target: 'chrome114' },
];

// The codicon font and its stylesheet for the Flame Graph webview's controls (@vscode-elements), served from the extension's folder.
mkdirSync('client/out/codicons', { recursive: true });
for (const f of ['codicon.css', 'codicon.ttf']) copyFileSync(`node_modules/@vscode/codicons/dist/${f}`, `client/out/codicons/${f}`);

// A real trace head the server parses at start-up to warm up its parser (server/src/node/warmUp.ts).
mkdirSync('server/out', { recursive: true });
copyFileSync('fixtures/k61-smp4-default-head.trace', 'server/out/warm-up.trace');

if (watch) {
  for (const e of entries) {
    const ctx = await esbuild.context({ ...common, ...e });
    await ctx.watch();
  }
} else {
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e })));
}
