// Integration: hovers, folding, inlay hints and slow-call diagnostics on real multi-CPU captures agree with the durations the kernel printed.
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  activate, codeOf, foldingRanges, hoverText, inlayHints, labelOf, openInEditor, realTrace, sameAsPrinted, usAfter, usOf, waitForDiagnostics,
  waitForFolding, waitForHover, writeFile,
} from './helpers';
import { matchPairs, spread, type GraphLine, type Pair } from './kernelText';

/** Captures checked here: the first two in full when ../shared is present, the others from their 500-line fixture heads. */
const TRACES: { name: string; full: boolean }[] = [
  { name: 'k61-smp4-default', full: true }, // 4 CPUs, 6.1 amd64
  { name: 'a61-smp2-irqs-on', full: true }, // arm64, irq arrows
  { name: 'k73-smp2-args', full: false }, // argument lists
  { name: 'b73-smp2-retval', full: false }, // /* ret=… */ comments
  { name: 'k612-smp2-proc-abstime-tail', full: false }, // timestamp, task and tail columns
];

/**
 * `vscode.executeFoldingRangeProvider` caps its answer at the global `editor.foldingMaximumRegions`
 * (5000; it ignores the `[ftrace]` value of 65000 that the editor itself uses), keeping the shallowest.
 */
const LSP_FOLDING_LIMIT = 5000;
const SAMPLES = 25;

/** Does a duration shown by the extension (µs) equal the kernel's printed one, to the four digits shown? */
const same = sameAsPrinted;

for (const { name, full: fullWanted } of TRACES) {
  suite(`real trace ${name}`, function () {
    let uri: vscode.Uri;
    let doc: vscode.TextDocument;
    let pairs: Pair[];
    let lines: (GraphLine | undefined)[];
    let sample: Pair[];
    let label = '';

    suiteSetup(async function () {
      this.timeout(120000);
      await activate();
      const t = realTrace(name, fullWanted);
      label = t.full ? 'full capture' : 'fixture head';
      uri = writeFile(`real/${name}.trace`, t.text);
      doc = await openInEditor(uri);
      ({ pairs, lines } = matchPairs(doc.getText()));
      const timed = pairs.filter((p) => !Number.isNaN(p.exit.us));
      const slowest = [...timed].sort((a, b) => b.exit.us - a.exit.us).slice(0, 5);
      sample = [...new Set([...spread(timed, SAMPLES), ...slowest])];
      const cpus = [...new Set(sample.map((p) => p.entry.cpu))].sort();
      label += `: ${doc.lineCount} lines, ${pairs.length} matched calls, ${sample.length} sampled on CPUs ${cpus.join(',')}`;
      assert.ok(sample.length >= 10, `only ${sample.length} matched calls with a duration`);
    });

    suiteTeardown(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    test('opens as ftrace', function () {
      this.test!.title += ` (${label})`;
      assert.equal(doc.languageId, 'ftrace');
    });

    test('the hover of a matched entry and of its exit shows the printed duration', async () => {
      const first = sample[0];
      await waitForHover(uri, new vscode.Position(first.entry.line, first.entry.column + 1), 'inclusive', 60000);
      for (const { entry, exit } of sample) {
        for (const pos of [new vscode.Position(entry.line, entry.column + 1), new vscode.Position(exit.line, exit.column)]) {
          const md = await hoverText(uri, pos);
          const shown = usAfter(md, 'inclusive');
          assert.ok(same(shown, exit.us), `line ${pos.line + 1} (${entry.name}, printed ${exit.us} us on line ${exit.line + 1}): hover says ${shown}\n${md}`);
          assert.match(md, new RegExp(`CPU: ${entry.cpu}\\b`));
        }
      }
    });

    test('the hover of a leaf shows its printed duration', async () => {
      const leaves = spread(lines.filter((g): g is GraphLine => g?.kind === 'leaf' && !Number.isNaN(g.us)), 10);
      assert.ok(leaves.length > 0);
      for (const g of leaves) {
        const md = await hoverText(uri, new vscode.Position(g.line, g.column + 1));
        assert.ok(same(usAfter(md, 'inclusive'), g.us), `line ${g.line + 1}: printed ${g.us}\n${md}`);
      }
    });

    test('folding ranges of matched calls end on the line before the exit', async function () {
      const ranges = await waitForFolding(uri, 60000);
      const byStart = new Map(ranges.map((r) => [r.start, r.end]));
      const limited = ranges.length >= LSP_FOLDING_LIMIT;
      this.test!.title += limited ? ` (${ranges.length} ranges: the command's global foldingMaximumRegions cap)` : ` (${ranges.length} ranges)`;
      let folded = 0;
      for (const { entry, exit } of pairs) {
        if (exit.line - entry.line < 2) continue;
        const end = byStart.get(entry.line);
        if (end === undefined && limited) continue;
        assert.equal(end, exit.line - 1, `call ${entry.name} on line ${entry.line + 1}, exit on line ${exit.line + 1}`);
        folded++;
      }
      assert.ok(folded >= 10, `only ${folded} matched calls fold`);
      assert.deepEqual(await foldingRanges(uri), ranges, 'a second request gives the same ranges');
    });

    test('the inlay hint of a matched entry starts with the printed duration', async () => {
      for (const { entry, exit } of sample) {
        if (exit.line === entry.line) continue;
        const hints = await inlayHints(uri, entry.line, entry.line);
        assert.equal(hints.length, 1, `line ${entry.line + 1}`);
        assert.ok(same(usOf(labelOf(hints[0])), exit.us), `line ${entry.line + 1}: "${labelOf(hints[0])}" vs printed ${exit.us}`);
        assert.equal(hints[0].position.character, doc.lineAt(entry.line).text.length);
      }
    });

    test('slow-call diagnostics quote the printed durations and respect the threshold', async () => {
      const slowPrinted = pairs.some((p) => p.exit.us >= 1000) || lines.some((g) => g?.kind === 'leaf' && g.us >= 1000);
      const diags = await waitForDiagnostics(uri, 'diagnostics', (d) => !slowPrinted || d.some((x) => codeOf(x) === 'slow-call'), 60000);
      const slow = diags.filter((d) => codeOf(d) === 'slow-call');
      assert.ok(slow.length <= 100, `${slow.length} slow calls (maxSlowCalls is 100)`);
      const exitOf = new Map(pairs.map((p) => [p.entry.line, p.exit]));
      let compared = 0;
      for (const d of diags.filter((x) => codeOf(x) === 'slow-call' || codeOf(x) === 'slow-call-ancestor')) {
        // `took X on-CPU` / `f (X on-CPU) is slow`; when the task was switched out inside the call, the
        // printed inclusive time follows: `(Y inclusive, …` / `(X on-CPU, Y inclusive)`; a call whose
        // off-CPU time is unknown is ranked by, and named with, its inclusive time: `(Y inclusive)`.
        const m = /took ([\d.]+ (?:ns|µs|ms|s))\b|\(([\d.]+ (?:ns|µs|ms|s))(?: on-CPU| inclusive)?(?:, [\d.]+ (?:ns|µs|ms|s) inclusive)?\) is slow/.exec(d.message);
        assert.ok(m, d.message);
        const shown = usOf(m[1] ?? m[2]);
        assert.ok(shown >= 1000, d.message);
        const inclusive = /([\d.]+ (?:ns|µs|ms|s)) inclusive/.exec(d.message);
        const g = lines[d.range.start.line];
        const printed = g?.kind === 'entry' ? exitOf.get(g.line)?.us : g?.us;
        if (printed === undefined || Number.isNaN(printed)) continue;
        const quoted = inclusive !== null ? usOf(inclusive[1]) : shown;
        assert.ok(same(quoted, printed), `line ${d.range.start.line + 1}: "${d.message}" but the kernel printed ${printed} us`);
        assert.ok(shown <= printed || same(shown, printed), `line ${d.range.start.line + 1}: on-CPU above the printed time: ${d.message}`);
        compared++;
      }
      if (slowPrinted) assert.ok(compared > 0, 'no slow-call diagnostic sits on a line whose duration was printed');
      const firstGraph = lines.find((g) => g !== undefined);
      if (firstGraph?.kind === 'exit') {
        assert.ok(diags.some((d) => codeOf(d) === 'missing-entry' && d.range.start.line === firstGraph.line), 'the trace starts mid-call: its first exit has no entry');
      }
    });
  });
}
