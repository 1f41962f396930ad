// Drops the didChangeConfiguration the client library sends as it starts: this server pulls its settings, and behind a trace's didOpen that notification delayed the first answers.
import type { StaticFeature } from 'vscode-languageclient/node';

/**
 * vscode-languageclient's configuration feature sends a didChangeConfiguration while the client
 * starts, for servers that take their settings pushed. This server pulls every document's
 * settings (workspace/configuration, and ftrace/documentSettings right before each didOpen), so
 * the notification says nothing new to it; but when a trace is open before the extension starts
 * (the open activates it), the library sends that didOpen first and the notification behind it,
 * and the server, told the settings had changed, dropped the ones it had just been given, asked
 * for them again while the status bar's and the inlay hints' answers waited for the round trip
 * (0.13–0.32 s in code-server, the extension host busy with the open) and asked VS Code for the
 * inlay hints again.
 *
 * Registered after the library's features, this one is initialized after them (the library
 * initializes features in the order they were registered, then start() resolves): until then
 * {@link StartupSettings.starting} is true and the middleware drops the notification. A setting
 * changed during those milliseconds is not lost: whatever the server pulls is read when it asks.
 * A restart of the server starts over (clear, then initialize again).
 */
export class StartupSettings implements StaticFeature {
  private started = false;

  /** True while the client starts (its features not all initialized yet). */
  get starting(): boolean {
    return !this.started;
  }

  fillClientCapabilities(): void {}

  initialize(): void {
    this.started = true;
  }

  getState(): { kind: 'static' } {
    return { kind: 'static' };
  }

  clear(): void {
    this.started = false;
  }
}
