// Documents whose model was parsed from the didOpen bytes as they arrived: the text is decoded only when a feature first reads it.
import type { TextDocumentsConfiguration } from 'vscode-languageserver';
import { TextDocument, type Position, type Range } from 'vscode-languageserver-textdocument';
import type { TraceModel } from './core/index';
import type { TextPrefix } from './service/lines';

/** A document parsed while its didOpen arrived (see node/streamedOpens.ts). */
export interface StreamedDocument {
  readonly uri: string;
  readonly version: number;
  readonly model: TraceModel;
  /** Milliseconds spent parsing. */
  readonly parseMs: number;
  /** Decodes the text (once). */
  readonly text: () => string;
  /** Bytes kept for `text` until it is decoded (the message body), when known. */
  readonly heldBytes?: number;
  /** The text up to just after its `lines`-th line feed, when that is much cheaper than the whole (see node/textPrefix.ts). */
  readonly prefix?: (lines: number) => string | undefined;
}

/** Where the server finds the parsed document the token text of a rewritten didOpen stands for. */
export interface StreamedDocuments {
  /** The document `text` stands for (given once), when it is the token for `uri` at `version`. */
  take(text: string, uri: string, version: number): StreamedDocument | undefined;
}

/**
 * A TextDocument that decodes its text on first use and carries its already parsed model. Until
 * then, the first lines can be read without decoding the rest ({@link TextPrefix}: the first
 * inlay hints and hovers of an open need only the top of the trace).
 */
export class LazyTextDocument implements TextDocument, TextPrefix {
  private inner: TextDocument | undefined;
  private source: StreamedDocument | undefined;
  /** The model of this version (for the trace cache: no second parse). */
  readonly parsed: { readonly model: TraceModel; readonly parseMs: number };

  constructor(readonly uri: string, readonly languageId: string, readonly version: number, source: StreamedDocument) {
    this.source = source;
    this.parsed = { model: source.model, parseMs: source.parseMs };
  }

  /** The decoded document, or undefined while the text is not decoded. */
  get decoded(): TextDocument | undefined {
    return this.inner;
  }

  /** Bytes kept for the text while it is not decoded (0 once it is). */
  get heldBytes(): number {
    return this.source?.heldBytes ?? 0;
  }

  /** The decoded document. */
  get doc(): TextDocument {
    if (this.inner === undefined) {
      this.inner = TextDocument.create(this.uri, this.languageId, this.version, this.source!.text());
      this.source = undefined;
    }
    return this.inner;
  }

  textPrefix(lines: number): string | undefined {
    return this.inner === undefined ? this.source?.prefix?.(lines) : undefined;
  }

  get lineCount(): number {
    return this.doc.lineCount;
  }

  getText(range?: Range): string {
    return this.doc.getText(range);
  }

  positionAt(offset: number): Position {
    return this.doc.positionAt(offset);
  }

  offsetAt(position: Position): number {
    return this.doc.offsetAt(position);
  }

  getLineRange(line: number): Range {
    return this.doc.getLineRange(line);
  }

  getEOLCharacters(line: number): string {
    return this.doc.getEOLCharacters(line);
  }
}

/** TextDocuments configuration: plain documents, or lazy ones for tokens that `streamed` resolves. */
export function documentConfiguration(streamed?: StreamedDocuments): TextDocumentsConfiguration<TextDocument> {
  return {
    create(uri, languageId, version, content) {
      const s = streamed?.take(content, uri, version);
      return s === undefined ? TextDocument.create(uri, languageId, version, content) : new LazyTextDocument(uri, languageId, version, s);
    },
    update(document, changes, version) {
      return TextDocument.update(document instanceof LazyTextDocument ? document.doc : document, changes, version);
    },
  };
}
