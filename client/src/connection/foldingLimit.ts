// Tells the server the folding limit VS Code really applies to traces (the client library always claims 5000).
import * as vscode from 'vscode';
import type { ClientCapabilities, StaticFeature } from 'vscode-languageclient/node';
import { LANGUAGE_ID } from '../shared/ids';

/**
 * vscode-languageclient announces `foldingRange.rangeLimit: 5000` whatever the editor allows; the
 * server would then keep only 5000 of the calls that fold although `editor.foldingMaximumRegions`
 * for traces is 65000. This feature, registered after the built-in ones, puts the real value in.
 */
export class FoldingLimitFeature implements StaticFeature {
  fillClientCapabilities(caps: ClientCapabilities): void {
    const limit = vscode.workspace.getConfiguration('editor', { languageId: LANGUAGE_ID }).get<number>('foldingMaximumRegions');
    const folding = caps.textDocument?.foldingRange;
    if (folding !== undefined && typeof limit === 'number' && limit > 0) folding.rangeLimit = limit;
  }

  initialize(): void {}

  getState(): { kind: 'static' } {
    return { kind: 'static' };
  }

  clear(): void {}
}
