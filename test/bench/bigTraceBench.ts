// Big-trace benchmark entry (npm run bench): writes a ~1 GB trace into the temp directory (copies of the corpus's large capture end to end), bundles bigTraceMeasure.ts and the lex worker and runs it on that file, then deletes it.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { serverEnv, serverEnvNote } from './benchEnv';

const REPO = resolve(__dirname, '..', '..');
const LARGE = resolve(REPO, '..', 'shared', 'corpus', 'large', 'k61-smp2-large.trace.gz');
/** Size of the generated trace (FTRACE_LENS_BIG_BYTES overrides it for a quick look). */
const BYTES = Number(process.env.FTRACE_LENS_BIG_BYTES ?? 1e9);

async function main(): Promise<number> {
  if (!existsSync(LARGE)) {
    console.log(`big-trace bench: ${LARGE} not found: skipped`);
    return 0;
  }
  const dir = mkdtempSync(join(tmpdir(), 'ftrace-lens-big-'));
  try {
    const free = statfsSync(dir).bavail * statfsSync(dir).bsize;
    if (free < BYTES * 1.2) {
      console.log(`big-trace bench: ${(free / 1e9).toFixed(1)} GB free in ${tmpdir()}, ${(BYTES * 1.2 / 1e9).toFixed(1)} GB needed: skipped`);
      return 0;
    }
    const copy = gunzipSync(readFileSync(LARGE));
    const trace = join(dir, 'big.trace');
    const fd = openSync(trace, 'w');
    let n = 0;
    let copies = 0;
    try {
      while (n < BYTES) {
        for (let p = 0; p < copy.length; ) p += writeSync(fd, copy, p, copy.length - p);
        n += copy.length;
        copies++;
      }
    } finally {
      closeSync(fd);
    }
    const outfile = join(dir, 'bigTraceMeasure.js');
    const esbuild = await import('esbuild');
    await esbuild.build({
      entryPoints: [join(__dirname, 'bigTraceMeasure.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile, logLevel: 'warning',
    });
    // The lex worker beside the bundle, as server/out holds it beside main.js and cli.js.
    await esbuild.build({
      entryPoints: [join(REPO, 'server', 'src', 'threads', 'lexWorker.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: join(dir, 'lexWorker.js'), logLevel: 'warning',
    });
    console.log(serverEnvNote());
    const r = spawnSync(process.execPath, ['--expose-gc', outfile, trace, `${copies} copies of ${LARGE.slice(LARGE.lastIndexOf('/') + 1)}`], { stdio: 'inherit', env: serverEnv() });
    return r.status ?? 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code), (e: unknown) => {
  console.error(e);
  process.exit(1);
});
