// Parser benchmark entry (npm run bench): bundles measure.ts with the core like the shipped server and runs it with plain node.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serverEnv, serverEnvNote } from './benchEnv';

const REPO = resolve(__dirname, '..', '..');

/**
 * Runs the measurement from an esbuild bundle in a child `node --expose-gc`: the parser and the
 * newline scans are then compiled as they ship (const enums inlined), not through tsx's per-file
 * transpile, where every cross-file const enum read is a property load.
 */
async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'ftrace-lens-bench-'));
  try {
    const outfile = join(dir, 'measure.js');
    try {
      const esbuild = await import('esbuild');
      await esbuild.build({
        entryPoints: [join(__dirname, 'measure.ts')],
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        outfile,
        logLevel: 'warning',
      });
    } catch (e) {
      console.error(`bench: could not bundle test/bench/measure.ts: ${String(e).split('\n')[0]}`);
      return 1;
    }
    console.log(serverEnvNote());
    const r = spawnSync(process.execPath, ['--expose-gc', outfile], {
      stdio: 'inherit',
      env: serverEnv({ FTRACE_LENS_REPO: REPO, FTRACE_LENS_BUNDLED: '1' }),
    });
    return r.status ?? 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
