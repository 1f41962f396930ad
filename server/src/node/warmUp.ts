// Parses a small real trace once at start-up, so the parser's hot paths are compiled before the first big document arrives.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JsonTraceBuilder, parseTrace } from '../core/index';
import { foldingRanges } from '../service/folding';

/** The sample beside the bundle (esbuild.mjs copies it there from fixtures/). */
export const WARM_UP_SAMPLE = 'warm-up.trace';
/** Copies of the sample per pass, and passes: enough lines for the optimising compiler to take over. */
const COPIES = 20;
const PASSES = 3;

/**
 * Runs the sample through both parse paths (text, and JSON bytes as a streamed didOpen) and the
 * folding service. Returns the milliseconds it took, or undefined when the sample is missing.
 * Real trace text matters: a synthetic one left the first real parse as slow as with no warm-up.
 */
export function warmUp(dir = __dirname): number | undefined {
  let sample: string;
  try {
    sample = readFileSync(join(dir, WARM_UP_SAMPLE), 'utf8');
  } catch {
    return undefined;
  }
  const start = performance.now();
  const text = sample.repeat(COPIES);
  const json = Buffer.from(JSON.stringify(text), 'utf8');
  for (let pass = 0; pass < PASSES; pass++) {
    const b = new JsonTraceBuilder();
    for (let s = 1; s < json.length - 1; s += 65536) b.feedJson(json.subarray(s, Math.min(s + 65536, json.length - 1)), json.length - 1 - s);
    const model = b.finishJson();
    if (model !== undefined) foldingRanges(model, 65000);
    foldingRanges(parseTrace(text), 65000);
  }
  return performance.now() - start;
}
