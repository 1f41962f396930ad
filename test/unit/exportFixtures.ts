// Shared inputs of the export tests: the seed trace, real fixtures, and a generated trace of any size.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrace, type TraceModel } from '../../server/src/core/index';
import { layoutCalls, lineTimesOfText, type CallLayout } from '../../server/src/core/export/index';

export const root = join(__dirname, '..', '..');

/** The trace of fixtures/seed-vfio.md (its first fenced block). */
export function seedText(): string {
  const md = readFileSync(join(root, 'fixtures', 'seed-vfio.md'), 'utf8');
  return /^```[^\n]*\n([\s\S]*?)^```/m.exec(md)![1];
}

/** A fixture's text. */
export function fixture(name: string): string {
  return readFileSync(join(root, 'fixtures', name), 'utf8');
}

/** Model and layout (timestamps read from the text) of `text`. */
export function modelAndLayout(text: string): { model: TraceModel; layout: CallLayout } {
  const model = parseTrace(text);
  return { model, layout: layoutCalls(model, lineTimesOfText(model, text)) };
}

/**
 * A kernel-format trace of about `calls` calls on `cpus` CPUs: nested entries with leaves, with
 * durations consistent with nesting (names f0..f49, tasks t-100..).
 */
export function generatedTrace(calls: number, cpus = 4, names: readonly string[] = []): string {
  const lines: string[] = ['# tracer: function_graph', '#', '# CPU  DURATION                  FUNCTION CALLS', '# |     |   |                     |   |   |   |'];
  const pool = names.length > 0 ? names : Array.from({ length: 50 }, (_, i) => `f${i}`);
  let n = 0;
  let k = 0;
  while (n < calls) {
    const cpu = k % cpus;
    const pad = (s: string): string => s.padEnd(14);
    // A three-level call: outer { mid { leaf; leaf; } leaf; }
    const a = pool[k % pool.length];
    const b = pool[(k * 7 + 3) % pool.length];
    const c = pool[(k * 13 + 5) % pool.length];
    lines.push(` ${cpu})  ${pad('')} |  ${a}() {`);
    lines.push(` ${cpu})  ${pad('')} |    ${b}() {`);
    lines.push(` ${cpu})  ${pad('0.250 us')} |      ${c}();`);
    lines.push(` ${cpu})  ${pad('0.125 us')} |      ${a}();`);
    lines.push(` ${cpu})  ${pad('1.000 us')} |    }`);
    lines.push(` ${cpu})  ${pad('0.500 us')} |    ${c}();`);
    lines.push(` ${cpu})  ${pad('2.000 us')} |  }`);
    n += 5;
    k++;
  }
  return lines.join('\n') + '\n';
}
