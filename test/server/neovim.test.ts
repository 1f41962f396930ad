// A client nobody here wrote: headless Neovim's built-in LSP client against `node server/out/main.js --stdio`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SERVER = join(ROOT, 'server', 'out', 'main.js');
const SCRIPT = join(__dirname, 'nvim', 'lsp_check.lua');
const SEED = join(ROOT, 'fixtures', 'seed-vfio.md');
/** Whole-run limit: a stuck nvim (or server) is killed, and the test fails instead of hanging. */
const NVIM_TIMEOUT_MS = 60_000;

/** `nvim --version` first line, or undefined when nvim is not on PATH. */
function nvimVersion(): string | undefined {
  const r = spawnSync('nvim', ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return r.error === undefined && r.status === 0 ? r.stdout.split('\n')[0] : undefined;
}

const version = nvimVersion();
// Locally a missing nvim skips (visibly); CI installs neovim, so there it must run.
const skip = version === undefined && !process.env.CI ? 'nvim not on PATH (apt-get install neovim); skipped outside CI' : false;

interface NvimResult {
  steps: string[];
  error?: string;
  exit?: { code: number; signal: number };
  capabilities?: { hover: unknown; folding: unknown; sync: unknown };
  folding?: { startLine: number; endLine: number }[] | null;
  hover?: { contents: { kind: string; value: string } | string; range?: { start: { line: number } } } | null;
  hover_line?: number;
  definition?: ({ targetUri: string; targetSelectionRange: { start: { line: number; character: number } } } | { uri: string; range: { start: { line: number; character: number } } })[] | null;
  diagnostics?: { lnum: number; severity: number; message: string }[];
}

test(`neovim ${version ?? '(missing)'}: folding ranges, hover, definition and diagnostics from the server over stdio`, { skip, timeout: NVIM_TIMEOUT_MS + 10_000 }, async () => {
  assert.ok(version !== undefined, 'CI is set but nvim is not on PATH: install neovim (apt-get install -y neovim) in the CI image');
  assert.ok(/^NVIM v(0\.([7-9]|\d\d)|[1-9])/.test(version), `need Neovim 0.7 or newer, found ${version}`);
  assert.ok(existsSync(SERVER), `${SERVER} is missing: run npm run build first`);
  const dir = mkdtempSync(join(tmpdir(), 'ftrace-nvim-'));
  try {
    const trace = join(dir, 'seed-vfio.trace');
    const out = join(dir, 'result.json');
    copyFileSync(SEED, trace);
    // A tags file beside the trace (Neovim's root_dir, the server's workspace folder) and the source it names.
    mkdirSync(join(dir, 'drivers', 'vfio'), { recursive: true });
    writeFileSync(join(dir, 'drivers', 'vfio', 'vfio_iommu_type1.c'), '#include <linux/vfio.h>\n\nstatic int vfio_iommu_type1_attach_group(void *iommu_data,\n\t\tstruct iommu_group *iommu_group, enum vfio_group_type type)\n{\n');
    writeFileSync(join(dir, 'tags'), '!_TAG_FILE_SORTED\t1\t/0=unsorted, 1=sorted, 2=foldcase/\nvfio_iommu_type1_attach_group\tdrivers/vfio/vfio_iommu_type1.c\t/^static int vfio_iommu_type1_attach_group(void *iommu_data,$/;"\tf\n');
    const env = {
      ...process.env,
      FTRACE_NODE: process.execPath,
      FTRACE_SERVER: SERVER,
      FTRACE_TRACE: trace,
      FTRACE_HOVER_NEEDLE: 'vfio_iommu_type1_attach_group [vfio_iommu_type1]() {',
      FTRACE_OUT: out,
      XDG_CONFIG_HOME: join(dir, 'config'),
      XDG_DATA_HOME: join(dir, 'data'),
      XDG_STATE_HOME: join(dir, 'state'),
      XDG_CACHE_HOME: join(dir, 'cache'),
    };
    const run = await new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) => {
      execFile('nvim', ['--headless', '--clean', '-n', '-i', 'NONE', '-c', `luafile ${SCRIPT.replace(/([ \\])/g, '\\$1')}`],
        { env, cwd: dir, timeout: NVIM_TIMEOUT_MS, killSignal: 'SIGKILL', encoding: 'utf8' },
        (err, _stdout, stderr) => resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : null, signal: err?.signal ?? null, stderr }));
    });
    assert.ok(run.signal === null, `nvim killed by ${run.signal} (timeout ${NVIM_TIMEOUT_MS} ms?); stderr: ${run.stderr}`);
    assert.ok(existsSync(out), `nvim wrote no result (exit ${run.code}); stderr: ${run.stderr}`);
    const r = JSON.parse(readFileSync(out, 'utf8')) as NvimResult;
    assert.equal(r.error, undefined, `Lua error after steps [${r.steps.join(', ')}]: ${r.error}`);
    assert.deepEqual(r.steps, ['started', 'initialized', 'folding', 'hover', 'definition', 'diagnostics', 'stopped']);
    const def = r.definition?.[0];
    const where = def === undefined ? undefined : 'targetUri' in def ? { uri: def.targetUri, start: def.targetSelectionRange.start } : { uri: def.uri, start: def.range.start };
    assert.equal(r.definition?.length, 1, JSON.stringify(r.definition));
    assert.match(where?.uri ?? '', /\/drivers\/vfio\/vfio_iommu_type1\.c$/);
    assert.deepEqual(where?.start, { line: 2, character: 11 });
    assert.deepEqual(r.exit, { code: 0, signal: 0 }, 'server exits cleanly after shutdown/exit');
    assert.equal(r.capabilities?.hover, true);

    const lines = readFileSync(SEED, 'utf8').split('\n');
    const first = lines.findIndex((l) => l.includes('vfio_fops_unl_ioctl [vfio]() {'));
    const ioctl = lines.findIndex((l, i) => i > first && l.includes('vfio_fops_unl_ioctl [vfio]() {'));
    const close = lines.findIndex((l) => l.trim() === '1) # 2680.276 us |  }');
    assert.ok(r.folding?.some((f) => f.startLine === ioctl && f.endLine === close - 1),
      `no fold ${ioctl}-${close - 1} in ${JSON.stringify(r.folding?.slice(0, 5))}…`);

    const contents = r.hover?.contents;
    const text = typeof contents === 'string' ? contents : contents?.value ?? '';
    assert.match(text, /inclusive: 2\.672 ms/);
    assert.match(text, /self: 6\.945 µs/);
    assert.equal(r.hover?.range?.start.line, r.hover_line);

    assert.ok(r.diagnostics?.some((d) => d.message.startsWith('Slow call: vprintk_default')), JSON.stringify(r.diagnostics?.map((d) => d.message)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
