// Runs a script's main() when the file is run directly (not imported), exiting with its code.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Calls `main` (returning an exit code) when `moduleUrl` (import.meta.url) is the script node was started with. */
export function runIfMain(moduleUrl, main) {
  if (!process.argv[1] || resolve(process.argv[1]) !== fileURLToPath(moduleUrl)) return;
  main().then(
    (code) => process.exit(code),
    (e) => {
      console.error(`FAILED: ${e?.stack ?? e}`);
      process.exit(1);
    },
  );
}
