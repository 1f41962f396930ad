// Compiles a VS Code test suite folder (index.ts + *.test.ts) into <folder>/out with esbuild, for runOffline.mjs or test-electron.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

/** Bundles each entry (index.ts and every *.test.ts under dir, out/ excluded) as CommonJS; vscode and packages stay external. */
export async function buildSuite(dir) {
  dir = resolve(dir);
  const entryPoints = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => !f.split('/').includes('out') && (f === 'index.ts' || f.endsWith('.test.ts')))
    .map((f) => join(dir, f));
  if (!entryPoints.some((f) => f.endsWith('/index.ts'))) throw new Error(`${dir} has no index.ts exporting run()`);
  await esbuild.build({
    entryPoints,
    outdir: join(dir, 'out'),
    outbase: dir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  return join(dir, 'out', 'index.js');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node test/vscode/buildSuite.mjs <suite folder>');
    process.exit(2);
  }
  try {
    console.log(`built ${await buildSuite(dir)}`);
  } catch (e) {
    console.error(e?.message ?? e);
    process.exit(1);
  }
}
