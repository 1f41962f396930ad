// Which of VS Code's large-file regimes a trace falls in, and what to say about it (pure: no vscode import, unit-tested).

/** Above this many bytes VS Code turns off tokenization, folding and inlay hints (VS Code 1.100 `textModel.ts`, 20 MB). */
export const LARGE_FILE_BYTES = 20 * 1024 * 1024;
/** Above this many lines the same (VS Code 1.100 `textModel.ts`, 300,000). */
export const LARGE_FILE_LINES = 300_000;
/** Above this many bytes VS Code does not give the document to extensions at all (`_MODEL_SYNC_LIMIT`, 50 MB). */
export const SYNC_LIMIT_BYTES = 50 * 1024 * 1024;

/**
 * `normal`: every editor feature; `large`: synchronized, but VS Code turned off colors, folding and
 * inlay hints; `tooBig`: not synchronized with extensions (no language features in the editor).
 */
export type Regime = 'normal' | 'large' | 'tooBig';

/**
 * The regime of a file of `bytes` bytes and `lines` lines (undefined when not known, as for a file
 * VS Code did not synchronize). VS Code compares characters; a trace is ASCII, so bytes are characters.
 */
export function regimeOf(bytes: number, lines?: number): Regime {
  if (bytes > SYNC_LIMIT_BYTES) return 'tooBig';
  if (bytes > LARGE_FILE_BYTES || (lines !== undefined && lines > LARGE_FILE_LINES)) return 'large';
  return 'normal';
}

/** `31.0 MB`, `1.42 GB` (powers of 1000, as people read file sizes). */
export function formatSize(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${Math.round(bytes / 1e3)} KB`;
}

/** Why VS Code treats the file as large: `588,540 lines`, `31.0 MB`, or both. */
function why(bytes: number, lines: number | undefined): string {
  const parts: string[] = [];
  if (lines !== undefined && lines > LARGE_FILE_LINES) parts.push(`${lines.toLocaleString('en-US')} lines (over 300,000)`);
  if (bytes > LARGE_FILE_BYTES) parts.push(`${formatSize(bytes)} (over 20 MB)`);
  return parts.join(' and ');
}

/** The plain message about a trace in `regime` (`name` is the file's base name): the status bar item's tooltip ({@link regimeNotice} is the notification's). */
export function regimeMessage(regime: Regime, name: string, bytes: number, lines?: number): string | undefined {
  if (regime === 'large') {
    return `${name} has ${why(bytes, lines)}, so VS Code turned off its colors, folding and inlay hints. ` +
      'Hovers, diagnostics, the Call Tree and the commands still work. "Restore Editor Features" reopens it with all of them (uses more editor memory); a slice opens any part as a small trace with every feature.';
  }
  if (regime === 'tooBig') {
    return `${name} is ${formatSize(bytes)}: above 50 MB VS Code shows it as plain text and gives it to no extension, so there are no colors, folds, hovers, inlay hints or diagnostics in this editor. ` +
      'Ftrace Lens reads it from disk instead: the Call Tree, Hot Functions, Jump to Slowest Call and the status bar work on it, and a slice opens any call, task, CPU or time window as a small trace with every feature.';
  }
  return undefined;
}

/**
 * The notification's short form of {@link regimeMessage} (a toast is 450 px wide and shows a few
 * lines: the buttons "Restore Editor Features", "Always Restore", "Open Slice…" or "Show Call Tree",
 * "Jump to Slowest", "Open Slice…" say the rest; the status bar item's tooltip keeps the long form).
 */
export function regimeNotice(regime: Regime, name: string, bytes: number, lines?: number): string | undefined {
  if (regime === 'large') {
    return `${name} has ${why(bytes, lines)}: VS Code turned off its colors, folding and inlay hints. Hovers, the Call Tree and the commands still work; restore the rest, or open a slice with every feature.`;
  }
  if (regime === 'tooBig') {
    return `${name} is ${formatSize(bytes)}: above 50 MB VS Code shows it as plain text and gives it to no extension. Ftrace Lens reads it from disk for the Call Tree and Jump to Slowest Call; a slice opens any part with every feature.`;
  }
  return undefined;
}

/** Short status bar text for the regime (after the trace's own summary). */
export function regimeBadge(regime: Regime): string | undefined {
  return regime === 'large' ? '$(warning) large file: no colors/folding' : regime === 'tooBig' ? '$(warning) over 50 MB: read from disk' : undefined;
}
