// Heavy answers nobody is looking at yet (document symbols, diagnostics) wait until the requests a person waits for (status bar, inlay hints, folding, hover) have been answered.
/** Event-loop turns without a foreground request starting or running before background work goes. */
const QUIET_TURNS = 3;
/**
 * And for at least this long (ms): an answer is written a few turns after its handler returns
 * (vscode-jsonrpc's writer queues each message behind a `setImmediate` and awaits each write), so
 * turns alone let a long background task start before the answers are on the wire.
 */
const QUIET_MS = 30;
/** Longest a background task waits for the foreground to be quiet (ms): a stream of hovers does not starve it. */
const MAX_WAIT_MS = 400;
/** A part of a background task that held the thread longer than this (ms) is followed by another {@link BackgroundWork.turn}. */
const PART_MS = 5;

/**
 * Foreground/background order for request handlers on the server's one thread.
 *
 * When a trace opens, VS Code sends the document symbols request (the outline, breadcrumbs and
 * sticky scroll) with the folding, inlay-hint and status bar requests, and diagnostics are due
 * right after the parse. Symbols and diagnostics take the longest (hundreds of ms on a 10 MB
 * trace, and the first to ask pays for the model's lazily computed parts), and vscode-jsonrpc
 * handles messages one per event-loop turn in arrival order, so the cheap requests a person waits
 * for queued behind them. A background task here first lets `QUIET_TURNS` turns pass in which no
 * foreground request starts or is still running (an answer awaiting the client's settings counts),
 * and at least `QUIET_MS` have passed, so the messages already read go first and their answers are
 * written; it waits at most `MAX_WAIT_MS`.
 */
export class BackgroundWork {
  /**
   * @param outputFlushed resolves once the protocol stream has taken what was written (see
   * outputFlushed.ts); without it {@link turn} is {@link quiet}.
   */
  constructor(private readonly outputFlushed?: () => Promise<void>) {}

  /** Foreground requests started and not answered yet. */
  private running = 0;
  /** Foreground requests started so far (a change means activity since the last look). */
  private started = 0;

  /** Runs a foreground handler, counting it while it runs (a promise counts until it settles). */
  foreground<T>(run: () => T): T {
    this.started++;
    this.running++;
    let result: T;
    try {
      result = run();
    } catch (e) {
      this.running--;
      throw e;
    }
    if (result instanceof Promise) {
      result.then(() => this.running--, () => this.running--);
    } else this.running--;
    return result;
  }

  /**
   * Resolves when a background task may take the thread: the foreground is quiet ({@link quiet}),
   * then the answers it wrote (megabytes of folding ranges) have gone out. In that order: a request
   * answered while waiting for quiet is still being written when quiet resolves, and a diagnostics
   * pass of a 10 MB trace taken then (~200 ms) held the rest of a 293k-range folding answer in
   * the output buffer.
   */
  async turn(): Promise<void> {
    await this.quiet();
    await this.outputFlushed?.();
  }

  /**
   * Runs `parts` in order, each after a {@link turn} (the first always, the next ones when the part
   * before held the thread for more than PART_MS): a request that comes while a heavy background
   * answer is being prepared waits for the part under way, not for the whole answer. A part that
   * returns false ends the sequence (its document went away); resolves to false then.
   */
  async parts(parts: readonly (() => boolean)[]): Promise<boolean> {
    let held = Infinity;
    for (const part of parts) {
      if (held > PART_MS) await this.turn();
      const start = performance.now();
      if (!part()) return false;
      held = performance.now() - start;
    }
    if (held > PART_MS) await this.turn();
    return true;
  }

  /**
   * Runs `steps` to the end in slices of about PART_MS, with a {@link turn} between slices, so a
   * request that comes meanwhile waits for one slice; gives up when `alive()` turns false after a
   * turn (its document changed, its request was cancelled). The iterator's last result, or
   * `{ done: false }` when it gave up.
   */
  async steps<T>(steps: Iterator<void, T, void>, alive: () => boolean): Promise<IteratorResult<void, T>> {
    for (;;) {
      const start = performance.now();
      do {
        const r = steps.next();
        if (r.done === true) return r;
      } while (performance.now() - start <= PART_MS);
      await this.turn();
      if (!alive()) return { done: false, value: undefined };
    }
  }

  /** Resolves once the foreground has been quiet for a few event-loop turns (or after `MAX_WAIT_MS`). */
  quiet(): Promise<void> {
    const deadline = performance.now() + MAX_WAIT_MS;
    return new Promise((resolve) => {
      let seen = this.started;
      let calm = 0;
      let calmSince = performance.now();
      const look = (): void => {
        const now = performance.now();
        if (this.running > 0 || this.started !== seen) {
          seen = this.started;
          calm = 0;
          calmSince = now;
        } else calm++;
        if ((calm >= QUIET_TURNS && now - calmSince >= QUIET_MS) || now >= deadline) resolve();
        else if (calm >= QUIET_TURNS) setTimeout(look, QUIET_MS - (now - calmSince));
        else setImmediate(look);
      };
      setImmediate(look);
    });
  }
}
