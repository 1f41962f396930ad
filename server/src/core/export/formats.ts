// The export formats by name, for the CLI and the language server.
import type { TraceModel } from '../model/model';
import type { CallLayout } from './callLayout';
import { chromeTraceChunks } from './chromeTrace';
import { foldedChunks } from './folded';
import { speedscopeChunks } from './speedscope';

/** Export format names. */
export type ExportFormat = 'chrome' | 'speedscope' | 'folded';

/** Every export format, in the order shown to people. */
export const EXPORT_FORMATS: readonly ExportFormat[] = ['chrome', 'speedscope', 'folded'];

/**
 * The export of `model` in `format` as chunks of text. `layout` places the calls in time (unused
 * by `folded`, which has no time axis); `title` names the speedscope file.
 */
export function exportChunks(model: TraceModel, format: ExportFormat, layout: CallLayout, title: string): Iterable<string> {
  switch (format) {
    case 'chrome':
      return chromeTraceChunks(model, layout);
    case 'speedscope':
      return speedscopeChunks(model, layout, title);
    case 'folded':
      return foldedChunks(model);
  }
}

/** One sentence for people: where the export's times come from, and what was derived or adjusted. */
export function clockNote(format: ExportFormat, layout: CallLayout): string {
  // No call has a length (no durations and no timestamps printed): say so, or the export is empty in silence.
  if (layout.order.length > 0 && !(layout.maxNs > layout.minNs)) {
    return format === 'folded'
      ? 'no times in this trace (no durations, no timestamps printed): the folded stacks are empty'
      : 'no times in this trace (no durations, no timestamps printed): every call has length 0';
  }
  if (format === 'folded') return 'folded stacks: self time per call path in ns (no time axis)';
  const clock = layout.source === 'abstime'
    ? 'times are the printed timestamps'
    : 'no timestamps printed: times are reconstructed from the durations in print order per CPU (idle gaps left out)';
  const extra: string[] = [];
  if (layout.derived > 0) extra.push(`${layout.derived} calls without a printed duration span their children`);
  if (layout.adjusted > 0) extra.push(`${layout.adjusted} calls moved or shortened to nest in their parent`);
  return extra.length > 0 ? `${clock}; ${extra.join('; ')}` : clock;
}
