// Starts the CLI again with transparent huge pages when its input is big (see hugePages.ts): the parse of a big file then writes its columns with fewer page faults.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { hugePagesTunables } from '../hugePages';

/** Inputs at least this big make the CLI start itself again with the tunable (a Node start costs about 50 ms; the parse of 64 MB, several hundred). */
export const CLI_HUGE_PAGES_BYTES = 64 * 1024 * 1024;

/** True when an argument after the command names a regular file of at least `bytes` bytes. */
export function namesBigFile(argv: readonly string[], bytes: number): boolean {
  return argv.slice(1).some((a) => {
    if (a.startsWith('-')) return false;
    try {
      const st = statSync(a);
      return st.isFile() && st.size >= bytes;
    } catch {
      return false;
    }
  });
}

/**
 * On Linux, when `argv` (the CLI's arguments) names a file of CLI_HUGE_PAGES_BYTES or more and
 * GLIBC_TUNABLES does not choose huge pages yet, runs the same command in a child Node process
 * with the tunable (its output goes straight to this process's stdout and stderr) and returns the
 * child's exit code. Returns undefined when the command should run here: nothing to gain, or the
 * child could not be started, or Node runs with an inspector (the one being debugged must be the
 * one that works). The child finds the tunable set, so it never starts another.
 */
export function relaunchedWithHugePages(argv: readonly string[]): number | undefined {
  const tunables = hugePagesTunables(process.env, process.platform);
  if (tunables === undefined || process.execArgv.some((a) => a.startsWith('--inspect') || a.startsWith('--debug'))) return undefined;
  if (!namesBigFile(argv, CLI_HUGE_PAGES_BYTES)) return undefined;
  const r = spawnSync(process.execPath, [...process.execArgv, process.argv[1], ...argv], {
    stdio: 'inherit',
    env: { ...process.env, GLIBC_TUNABLES: tunables },
  });
  if (r.error !== undefined) return undefined;
  // A child stopped by a signal (Ctrl-C reaches both): end the same way.
  if (r.signal !== null) process.kill(process.pid, r.signal);
  return r.status ?? 2;
}
