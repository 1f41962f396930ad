// Heavy answers nobody is looking at yet (document symbols, diagnostics) wait until the requests a person waits for (status bar, inlay hints, folding, hover) have been answered.
/** Event-loop turns without a foreground request starting or running before background work goes. */
const QUIET_TURNS = 3;
/** Longest a background task waits for the foreground to be quiet (ms): a stream of hovers does not starve it. */
const MAX_WAIT_MS = 400;

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
 * so the messages already read go first; it waits at most `MAX_WAIT_MS`.
 */
export class BackgroundWork {
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

  /** Resolves once the foreground has been quiet for a few event-loop turns (or after `MAX_WAIT_MS`). */
  quiet(): Promise<void> {
    const deadline = performance.now() + MAX_WAIT_MS;
    return new Promise((resolve) => {
      let seen = this.started;
      let calm = 0;
      const look = (): void => {
        if (this.running > 0 || this.started !== seen) {
          seen = this.started;
          calm = 0;
        } else calm++;
        if (calm >= QUIET_TURNS || performance.now() >= deadline) resolve();
        else setImmediate(look);
      };
      setImmediate(look);
    });
  }
}
