// Parses a small real trace at start-up, in short steps that give way to real work, so the parser's hot paths are compiled before the first big document arrives.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { JsonTraceBuilder, TraceBuilder, type TraceModel } from '../core/index';
import { foldingRanges } from '../service/folding';
import { summary } from '../service/customRequests';
import { diagnostics } from '../service/diagnostics';
import { hover } from '../service/hover';
import { inlayHints } from '../service/inlayHints';
import { documentSymbols } from '../service/symbols';
import { diagnosticOptions } from '../diagnosticsPublisher';
import { DEFAULT_SETTINGS } from '../settings';

/** The sample beside the bundle (esbuild.mjs copies it there from fixtures/). */
export const WARM_UP_SAMPLE = 'warm-up.trace';
/** Copies of the sample per pass, and passes: enough lines for the optimising compiler to take over. */
const COPIES = 20;
const PASSES = 3;
/** Bytes of JSON (characters of text) fed per step: a step takes a few ms, so an LSP message never waits long behind one. */
const STEP_BYTES = 65536;

/**
 * The first answers on an open, one step each: their code is compiled before a real trace asks
 * (cold, the first document symbols answer on a 10 MB trace took several times as long as the
 * second on the same model).
 */
function* firstAnswers(doc: TextDocument, model: TraceModel): Generator<void, void, void> {
  const lines = { start: { line: 0, character: 0 }, end: { line: 120, character: 0 } };
  foldingRanges(model, 65000);
  yield;
  summary(model, doc.version);
  yield;
  inlayHints(doc, model, lines);
  yield;
  for (let line = 0; line < Math.min(model.lineCount, 60); line += 3) hover(doc, model, { line, character: 40 });
  yield;
  documentSymbols(doc, model);
  yield;
  diagnostics(doc, model, diagnosticOptions(DEFAULT_SETTINGS));
  yield;
}

/**
 * The warm-up as steps: runs the sample through both parse paths (text, and JSON bytes as a
 * streamed didOpen) and the services that answer an open, yielding after each short piece of
 * work. Yields nothing when the sample is missing.
 * Real trace text matters: a synthetic one left the first real parse as slow as with no warm-up.
 */
export function* warmUpSteps(dir = __dirname): Generator<void, void, void> {
  let sample: string;
  try {
    sample = readFileSync(join(dir, WARM_UP_SAMPLE), 'utf8');
  } catch {
    return;
  }
  const text = sample.repeat(COPIES);
  const json = Buffer.from(JSON.stringify(text), 'utf8');
  for (let pass = 0; pass < PASSES; pass++) {
    const b = new JsonTraceBuilder();
    for (let s = 1; s < json.length - 1; s += STEP_BYTES) {
      b.feedJson(json.subarray(s, Math.min(s + STEP_BYTES, json.length - 1)), json.length - 1 - s);
      yield;
    }
    const model = b.finishJson();
    yield;
    // Each pass on its own document (services cache per document and model).
    if (model !== undefined) yield* firstAnswers(TextDocument.create(`warm-up:${pass}`, 'ftrace', 1, text), model);
    const t = new TraceBuilder();
    for (let s = 0; s < text.length; s += STEP_BYTES) {
      t.feed(text.slice(s, s + STEP_BYTES));
      yield;
    }
    yield* firstAnswers(TextDocument.create(`warm-up:${pass}`, 'ftrace', 2, text), t.finish());
  }
}

/** Runs every step at once; returns the milliseconds it took, or undefined when the sample is missing. */
export function warmUp(dir = __dirname): number | undefined {
  const start = performance.now();
  let steps = 0;
  for (const _ of warmUpSteps(dir)) steps++;
  return steps === 0 ? undefined : performance.now() - start;
}

/** How a background warm-up ended. */
export interface WarmUpOutcome {
  /** Milliseconds of work (steps only, not the waits between them). */
  readonly workMs: number;
  /** Milliseconds from the start to the end. */
  readonly wallMs: number;
  /** True when it ran to the end; false when `stop` ended it or there was no sample. */
  readonly done: boolean;
}

/** How long the input must have been idle before the next step (ms): messages come in bursts. */
export const IDLE_INPUT_MS = 100;

/**
 * Runs the warm-up one step per event-loop turn (`setImmediate`), and only while no message has
 * arrived for {@link IDLE_INPUT_MS} (`lastInput()`, a `performance.now()` time): a burst of
 * messages (initialized, settings, an open and the requests that follow it) is answered with no
 * warm-up step between its messages. Gives up as soon as `stop()` is true (a trace is being
 * opened: its own parse warms the parser, and a warm-up beside it would only share the CPU).
 */
export function warmUpInBackground(stop: () => boolean, done: (o: WarmUpOutcome) => void, lastInput: () => number = () => -Infinity, dir = __dirname): void {
  const steps = warmUpSteps(dir);
  const start = performance.now();
  let workMs = 0;
  let any = false;
  const step = (): void => {
    if (stop()) return done({ workMs, wallMs: performance.now() - start, done: false });
    // Ask for the last input first, then read the clock: never judge idle on a clock read before it.
    const last = lastInput();
    const idleFor = performance.now() - last;
    if (idleFor < IDLE_INPUT_MS) return void setTimeout(step, IDLE_INPUT_MS - idleFor);
    const t0 = performance.now();
    const r = steps.next();
    workMs += performance.now() - t0;
    if (r.done === true) return done({ workMs, wallMs: performance.now() - start, done: any });
    any = true;
    setImmediate(step);
  };
  setImmediate(step);
}
