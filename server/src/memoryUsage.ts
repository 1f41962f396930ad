// What the server holds for an open document, by part (model columns, names, text, line index), next to the process's memory: the answer of ftrace/memoryUsage.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { modelBytesByPart, type TraceModel } from './core/index';
import { LazyTextDocument } from './lazyDocument';
import type { MemoryUsageResult } from './protocol';
import { lineIndexBytes as serviceLineIndexBytes } from './service/lines';

/** Heap bytes of a string: 16-byte header, 1 byte per character (2 when any is beyond Latin-1). */
function stringBytes(s: string): number {
  let wide = false;
  for (let i = 0; i < s.length && !wide; i++) wide = s.charCodeAt(i) > 255;
  return 16 + s.length * (wide ? 2 : 1);
}

/**
 * Bytes of the line indexes of `doc`: the services' own (service/lines.ts) and the line offsets a
 * TextDocument builds on its first position lookup: an array of small
 * integers, 8 bytes per element in a 64-bit Node without pointer compression. Read from the
 * library's private field (vscode-languageserver-textdocument's FullTextDocument); 0 when absent.
 */
function lineIndexBytes(doc: TextDocument, shown: TextDocument): number {
  const offsets = (doc as unknown as { _lineOffsets?: unknown })._lineOffsets;
  return serviceLineIndexBytes(shown) + (Array.isArray(offsets) ? 16 + offsets.length * 8 : 0);
}

/** The memory report for `doc` (undefined: not open) and its model. */
export function memoryUsage(doc: TextDocument | undefined, model: TraceModel | undefined): MemoryUsageResult {
  const m = process.memoryUsage();
  const proc = { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers };
  const glibcTunables = process.env.GLIBC_TUNABLES ?? null;
  if (doc === undefined || model === undefined) return { process: proc, glibcTunables, document: null };
  const text = doc instanceof LazyTextDocument ? doc.decoded : doc;
  return {
    process: proc,
    glibcTunables,
    document: {
      lines: model.lineCount,
      model: modelBytesByPart(model),
      text: text === undefined ? (doc as LazyTextDocument).heldBytes : stringBytes(text.getText()),
      textDecoded: text !== undefined,
      lineIndex: text === undefined ? 0 : lineIndexBytes(text, doc),
    },
  };
}
