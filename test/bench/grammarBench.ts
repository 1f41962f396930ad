// Grammar timing: 100k-character adversarial lines and 1 MB of binary through vscode-textmate (target: well under 1 s each).
import { LONG_LINES, binaryMegabyte } from '../grammar/adversarial';
import { loadGrammar, splitLines, tokenizeLines } from '../grammar/tokenize';

const TARGET_MS = 1000;

/** Best of three runs of fn, in ms. */
function best(fn: () => void): number {
  let min = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    fn();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

async function main(): Promise<void> {
  const grammar = await loadGrammar();
  const rows: [string, number][] = [];
  for (const [name, line] of Object.entries(LONG_LINES)) rows.push([`100k line: ${name}`, best(() => tokenizeLines(grammar, [line]))]);
  const binary = binaryMegabyte();
  const lines = splitLines(binary);
  rows.push(['1 MB binary, as lines', best(() => tokenizeLines(grammar, lines))]);
  rows.push(['1 MB binary, as one line', best(() => tokenizeLines(grammar, [binary.replace(/[\r\n]/g, ' ')]))]);
  console.log('grammar (vscode-textmate), best of 3');
  for (const [name, ms] of rows) console.log(`  ${name.padEnd(52)} ${ms.toFixed(1).padStart(8)} ms`);
  const worst = Math.max(...rows.map((r) => r[1]));
  console.log(`slowest ${worst.toFixed(0)} ms (target < ${TARGET_MS} ms): ${worst < TARGET_MS ? 'PASS' : 'FAIL'}`);
}

void main();
