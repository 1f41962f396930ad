// The environment of the bench processes that stand for the server or the CLI: as the client starts the server (huge pages on Linux, see server/src/hugePages.ts).
import { withHugePages } from '../../server/src/hugePages';

/** Set to 1 to measure without the huge-pages tunable (the figures before it, for comparison). */
export const NO_HUGE_PAGES_ENV = 'FTRACE_LENS_BENCH_NO_HUGE_PAGES';

/** process.env plus `extra`, with the GLIBC_TUNABLES the client gives the server unless NO_HUGE_PAGES_ENV is 1. */
export function serverEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  return process.env[NO_HUGE_PAGES_ENV] === '1' ? env : withHugePages(env, process.platform);
}

/** One line for a bench's header: how its server-like processes were started. */
export function serverEnvNote(): string {
  const t = serverEnv().GLIBC_TUNABLES;
  return t === undefined ? 'server-like processes: no GLIBC_TUNABLES' : `server-like processes: GLIBC_TUNABLES=${t}, as the client starts the server (${NO_HUGE_PAGES_ENV}=1 to measure without)`;
}
