// Loads syntaxes/ftrace.tmLanguage.json into vscode-textmate (the engine VS Code uses) and renders tokens as readable snapshot text.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import { GRAMMAR_PATH, GRAMMAR_SCOPE } from '../../client/src/shared/ids';

/** Repository root (two levels above this folder). */
export const REPO_ROOT = join(__dirname, '..', '..');

let grammarPromise: Promise<vsctm.IGrammar> | undefined;

/** Loads the ftrace grammar once per process. */
export function loadGrammar(): Promise<vsctm.IGrammar> {
  grammarPromise ??= (async () => {
    const require = createRequire(__filename);
    const wasm = readFileSync(join(require.resolve('vscode-oniguruma'), '..', 'onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
    const onigLib: Promise<vsctm.IOnigLib> = Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    });
    const registry = new vsctm.Registry({
      onigLib,
      loadGrammar: async (scopeName) => {
        if (scopeName !== GRAMMAR_SCOPE) return null;
        const path = join(REPO_ROOT, GRAMMAR_PATH);
        return vsctm.parseRawGrammar(readFileSync(path, 'utf8'), path);
      },
    });
    const grammar = await registry.loadGrammar(GRAMMAR_SCOPE);
    if (!grammar) throw new Error(`grammar ${GRAMMAR_SCOPE} not found`);
    return grammar;
  })();
  return grammarPromise;
}

/** One token: [start, end) in UTF-16 units of the line, and its scopes (root scope first). */
export interface Token {
  start: number;
  end: number;
  scopes: string[];
}

/** Splits text into lines the way VS Code does (\r\n, \n or \r). */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Tokenizes every line of text, carrying the rule stack from line to line. */
export function tokenizeLines(grammar: vsctm.IGrammar, lines: readonly string[]): Token[][] {
  let stack = vsctm.INITIAL;
  const out: Token[][] = [];
  for (const line of lines) {
    const r = grammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    out.push(r.tokens.map((t) => ({ start: t.startIndex, end: Math.min(t.endIndex, line.length), scopes: t.scopes })));
  }
  return out;
}

/**
 * Renders lines and tokens as snapshot text: each line as `>` + the line (JSON-quoted), then one row
 * per non-blank token with its column span, text and scopes (the root scope `text.ftrace` omitted;
 * whitespace-only tokens are left out to keep snapshots readable).
 */
export function renderSnapshot(lines: readonly string[], tokens: readonly Token[][]): string {
  const out: string[] = [];
  lines.forEach((line, i) => {
    out.push(`> ${JSON.stringify(line)}`);
    for (const t of tokens[i] ?? []) {
      if (t.end <= t.start || line.slice(t.start, t.end).trim() === '') continue;
      const scopes = t.scopes.filter((s) => s !== GRAMMAR_SCOPE);
      out.push(`  ${t.start}-${t.end} ${JSON.stringify(line.slice(t.start, t.end))} ${scopes.length ? scopes.join(' ') : '(plain)'}`);
    }
  });
  return out.join('\n') + '\n';
}
