// Flame Graph bench: a 1M-call trace from model-ready to the view's first frame, and pan/zoom frame times (p95), in the harness's Chromium.
import { loadavg } from 'node:os';
import { parseTrace } from '../../server/src/core/index';
import { flameData } from '../../server/src/flameRequest';
import { generatedTrace } from '../unit/exportFixtures';
import { LOAD_IN_PAGE, serveFlame } from './flameHarness';

const CALLS = 1_000_000;
const OPEN_TARGET_MS = 1000;
const FRAME_TARGET_MS = 16;
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** The p-th percentile (0..1) of `xs`. */
function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

async function main(): Promise<number> {
  const text = generatedTrace(CALLS, 4);
  const model = parseTrace(text);
  // Model ready as the server has it for its other features: the derived columns computed.
  void model.calls.selfNs;
  void model.calls.childStart;
  let serverMs = 0;
  let wireChars = 0;
  const { url, server } = await serveFlame(() => {
    const t0 = performance.now();
    const r = flameData(model, 1, () => text);
    const json = JSON.stringify(r);
    wireChars = json.length;
    // The extension host: parse the answer and decode the columns into ArrayBuffers (payloadOf).
    const back = JSON.parse(json) as typeof r;
    for (const k of ['startNs', 'durNs', 'level', 'name', 'line', 'flags'] as const) Buffer.from(back[k], 'base64');
    serverMs = performance.now() - t0;
    return back;
  });
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    const load = (await page.evaluate(LOAD_IN_PAGE)) as { decodeMs: number; totalMs: number; firstFrameMs: number };
    const openMs = serverMs + load.firstFrameMs;
    // Pan and zoom: wheel zooms at several points, then drags; one frame awaited after each.
    const frame = (): Promise<unknown> => page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    await page.evaluate(() => { (globalThis as unknown as { __ftraceFlame: { frames: number[] } }).__ftraceFlame.frames.length = 0; });
    const box = { x: 0, y: 40, w: 1400, h: 820 };
    for (let k = 0; k < 60; k++) {
      await page.mouse.move(box.x + ((k * 97) % box.w), box.y + 100 + ((k * 37) % 400));
      await page.mouse.wheel(0, k < 40 ? -240 : 300);
      await frame();
    }
    await page.mouse.move(700, 300);
    await page.mouse.down();
    for (let k = 0; k < 60; k++) {
      await page.mouse.move(700 + Math.sin(k / 5) * 400, 300 + Math.cos(k / 7) * 100);
      await frame();
    }
    await page.mouse.up();
    await page.keyboard.press('0');
    await frame();
    const frames = (await page.evaluate(() => (globalThis as unknown as { __ftraceFlame: { frames: number[] } }).__ftraceFlame.frames.slice())) as number[];
    const p50 = percentile(frames, 0.5);
    const p95 = percentile(frames, 0.95);
    const okOpen = openMs < OPEN_TARGET_MS;
    const okFrames = p95 < FRAME_TARGET_MS;
    console.log(`flame view, ${CALLS.toLocaleString('en-US')}-call generated trace (4 CPUs), load ${loadavg()[0].toFixed(2)}:`);
    console.log(`  open after model ready: ${openMs.toFixed(0)} ms (server columns, base64, JSON both ways and the extension host's decode ${serverMs.toFixed(0)} ms, ${(wireChars / 1e6).toFixed(1)} MB on the wire; webview from the message to its first frame ${load.firstFrameMs.toFixed(0)} ms) ${okOpen ? 'PASS' : 'FAIL'} (< ${OPEN_TARGET_MS} ms)`);
    console.log(`  pan/zoom frames: ${frames.length}, p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms ${okFrames ? 'PASS' : 'FAIL'} (p95 < ${FRAME_TARGET_MS} ms)`);
    return okOpen && okFrames ? 0 : 1;
  } finally {
    await browser.close();
    server.close();
  }
}

main().then((code) => {
  process.exitCode = code;
}, (e: unknown) => {
  console.error(e);
  process.exitCode = 2;
});
