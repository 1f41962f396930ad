// Remedy benchmark (part of npm run bench:editor): in real VS Code (code-server + Chromium), the cost of a trace of 300k+ lines (~31 MB) after "Restore Editor Features", next to a 10 MB trace VS Code opens with every feature.
import { runBigTraceChecks } from '../e2e/bigTraces.mjs';

const { code, bench: b } = await runBigTraceChecks({ only: 'large', out: 'test-results/bench-editor' });
const row = (metric, large, ten) => console.log(`${metric.padEnd(52)} ${String(large).padStart(14)} ${String(ten).padStart(14)}`);
const ms = (v) => (v === undefined ? 'n/a' : `${(v / 1000).toFixed(1)} s`);
const mb = (v) => (v === undefined ? 'n/a' : `${v.toFixed(0)} MB`);
console.log('\nEditor benchmark (one run; on a shared 2-core machine the times are noisy)');
row('metric', '588k lines/31 MB', '10 MB');
row('-'.repeat(52), '-'.repeat(14), '-'.repeat(14));
row('open (large: click on the remedy) → colors', ms(b.largeColorsMs), ms(b.tenColorsMs));
row('open (large: click on the remedy) → fold controls', ms(b.largeFoldsMs), ms(b.tenFoldsMs));
row('open (large: click on the remedy) → inlay hints', ms(b.largeHintsMs), ms(b.tenHintsMs));
row('window renderer JS heap after GC', mb(b.largeHeapMb), mb(b.tenHeapMb));
process.exit(code);
