// Named checks for the end-to-end scripts: each runs, is reported (✓/✗), and a failure never stops the others.

/**
 * A fresh set of checks. `failureShot` ({ page, dir }, filled in by the caller once a page is open)
 * makes a failed check save a screenshot of that page.
 */
export function createChecks() {
  const results = [];
  const failureShot = { page: undefined, dir: undefined };
  async function check(title, fn) {
    const t0 = Date.now();
    try {
      await fn();
      results.push({ title, ok: true });
      console.log(`  ✓ ${title} (${Date.now() - t0} ms)`);
    } catch (e) {
      results.push({ title, ok: false });
      const png = failureShot.page && failureShot.dir && `${failureShot.dir}/failure-${results.length}.png`;
      if (png) await failureShot.page.screenshot({ path: png }).catch(() => {});
      console.log(`  ✗ ${title}\n${String(e?.stack ?? e).replace(/^/gm, '      ')}${png ? `\n      screenshot: ${png}` : ''}`);
    }
  }
  return {
    results,
    failureShot,
    check,
    /** Number of failed checks. */
    failed: () => results.filter((r) => !r.ok).length,
    /** Prints the tally; the exit code (0 only when checks ran and all passed). */
    summary() {
      const failed = results.filter((r) => !r.ok).length;
      console.log(`${results.length - failed} passed, ${failed} failed`);
      return failed === 0 && results.length > 0 ? 0 : 1;
    },
  };
}

/** Throws `message` unless `cond`. */
export function assert(cond, message) {
  if (!cond) throw new Error(message);
}
