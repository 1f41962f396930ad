// End-to-end check of per-task context on an interleaved multi-CPU trace: breadcrumbs and sticky scroll, read from the DOM, against `calls --jsonl`.
/* global document -- the page.evaluate callbacks run in the browser */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { goToLine, openWorkbench, tidyLayout, waitForTokens } from '../vscode/workbench.mjs';

/**
 * The CLI's view of a trace: calls by id, the call that owns each 1-based line (entry, leaf or
 * exit line), and the stack key of a call (task, the idle task per CPU, or the CPU).
 */
export function callsOf(repoRoot, file) {
  const r = spawnSync(process.execPath, [join(repoRoot, 'server', 'out', 'cli.js'), 'calls', file, '--jsonl'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`calls --jsonl failed: ${r.stderr}`);
  const calls = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  const owner = new Map();
  for (const c of calls) {
    owner.set(c.line, c);
    if (c.endLine !== null) owner.set(c.endLine, c);
  }
  const key = (c) => (c.pid > 0 ? `pid ${c.pid}` : c.pid === 0 ? `idle ${c.cpu}` : `cpu ${c.cpu}`);
  const path = (c) => {
    const out = [];
    for (let x = c; x; x = x.parent === null ? undefined : calls[x.parent]) out.unshift(x);
    return out;
  };
  /** First 1-based line of the stretch of the same task's lines that holds `line` (lines of no call extend a stretch). */
  const runFirst = (line) => {
    const k = key(owner.get(line));
    let first = line;
    for (let l = line - 1; l >= 1; l--) {
      const c = owner.get(l);
      if (c === undefined) continue;
      if (key(c) !== k) break;
      first = l;
    }
    return first;
  };
  const label = (c) => {
    const on = c.cpu !== null ? ` on CPU ${c.cpu}` : '';
    if (c.pid === 0) return `${c.task ?? '<idle>'}-0${on}`;
    if (c.pid !== null) return `${c.task ?? 'pid'}-${c.pid}${on}`;
    return c.cpu !== null ? `CPU ${c.cpu}` : 'calls';
  };
  return { calls, owner, key, path, runFirst, label };
}

/**
 * Lines to put the cursor on: `wanted` lines inside long stretches of one task that follow a stretch
 * of another task, each with a call open since an earlier stretch (where overlapping whole-call
 * symbols named the wrong task), spread over the trace and over the CPUs.
 */
export function pickContextLines(t, lineCount, wanted = 4) {
  const picked = [];
  const cpus = new Set();
  for (let pass = 0; pass < 2 && picked.length < wanted; pass++) {
    for (let line = 40; line < lineCount && picked.length < wanted; line += 97) {
      const c = t.owner.get(line);
      if (c === undefined || c.depth < 3) continue;
      const first = t.runFirst(line);
      if (first < 2 || line - first < 25) continue;
      const open = t.path(c).some((x) => x.line < first);
      if (!open || (pass === 0 && cpus.has(c.cpu)) || picked.some((p) => Math.abs(p - line) < 2000)) continue;
      picked.push(line);
      cpus.add(c.cpu);
    }
  }
  return picked.sort((a, b) => a - b);
}

/** Breadcrumb labels after the file name, and the sticky lines (number and text), as rendered. */
async function readContext(page) {
  return page.evaluate(() => {
    const crumbs = [...document.querySelectorAll('.breadcrumbs-control .monaco-breadcrumb-item')].map((e) => (e.querySelector('.label-name') ?? e).textContent.trim());
    const widget = document.querySelector('.editor-instance .sticky-widget');
    const nums = widget && widget.style.display !== 'none' ? [...widget.querySelectorAll('.sticky-line-number-inner')].map((e) => Number(e.textContent.trim())) : [];
    const texts = widget && widget.style.display !== 'none' ? [...widget.querySelectorAll('.sticky-line-content')].map((e) => e.textContent.replace(/\u00a0/g, ' ')) : [];
    const bottom = widget && widget.style.display !== 'none' ? widget.getBoundingClientRect().bottom : -Infinity;
    // The first line shown under the sticky lines: the line sticky scroll gives context for.
    const under = [...document.querySelectorAll('.editor-instance .margin-view-overlays .line-numbers')]
      .filter((e) => e.getBoundingClientRect().top >= bottom - 2)
      .map((e) => Number(e.textContent.trim()))
      .filter((n) => n > 0);
    return { crumbs: crumbs.slice(1), sticky: nums.map((n, i) => ({ line: n, text: texts[i] ?? '' })), firstUnder: under.length ? Math.min(...under) : -1 };
  });
}

/**
 * Runs the context checks in a started code-server: opens `file` (an interleaved multi-CPU trace)
 * with breadcrumbs on and sticky scroll as the extension sets it, puts the cursor on each picked
 * line and compares the breadcrumbs and sticky lines with the calls the CLI reports.
 */
export async function contextChecks({ browser, server, ctx, file, rows, repoRoot, check, assert, failureShot }) {
  const t = callsOf(repoRoot, file);
  const lines = pickContextLines(t, rows.length);
  console.log(`  context lines: ${lines.join(', ')}`);
  const page = await openWorkbench(browser, server, { folder: ctx.workspace, file, line: lines[0] ?? 1, extensionPath: ctx.extensionPath, width: 1400, height: 900, onConsole: ctx.verbose ? console.log : undefined });
  failureShot.page = page;
  try {
    await tidyLayout(page);
    assert(await waitForTokens(page, { timeoutMs: 15000 }), 'the trace is not colored');
    await page.locator('.statusbar-item', { hasText: / calls · / }).first().waitFor({ state: 'visible', timeout: 60000 });
    await check(`picked ${lines.length} lines inside stretches of one task with calls open since an earlier stretch`, async () => {
      assert(lines.length >= 3, `only ${lines.length} suitable lines`);
    });
    for (const line of lines) {
      const c = t.owner.get(line);
      const path = t.path(c);
      const first = t.runFirst(line);
      const want = [t.label(t.owner.get(first)), ...path.map((x) => x.name)];
      await check(`line ${line} (${t.label(c)}, depth ${c.depth}): breadcrumbs name its own task and callers`, async () => {
        await goToLine(page, line);
        let got;
        const deadline = Date.now() + 10000;
        do {
          await page.waitForTimeout(300);
          got = await readContext(page);
        } while (Date.now() < deadline && (got.crumbs.length < 2 || got.crumbs[0] !== want[0]));
        assert(got.crumbs.length >= 2, `breadcrumbs: ${JSON.stringify(got.crumbs)}`);
        assert(got.crumbs.length <= want.length, `breadcrumbs ${JSON.stringify(got.crumbs)} deeper than the call path ${JSON.stringify(want)}`);
        assert(JSON.stringify(got.crumbs) === JSON.stringify(want.slice(0, got.crumbs.length)), `breadcrumbs ${JSON.stringify(got.crumbs)}, expected a prefix of ${JSON.stringify(want)}`);
      });
      await check(`line ${line}: the call-stack status item names its task, its call and its depth as the hover gives it`, async () => {
        const name = c.name.length > 48 ? `${c.name.slice(0, 47)}…` : c.name;
        const want = `${t.label(c)} › ${name} · depth ${c.depth}`;
        const item = page.locator('.statusbar-item', { hasText: want }).first();
        await item.waitFor({ state: 'visible', timeout: 10000 }).catch(async () => {
          const shown = await page.locator('.statusbar-item', { hasText: ' › ' }).allInnerTexts();
          throw new Error(`no status item ${JSON.stringify(want)}; shown: ${JSON.stringify(shown)}`);
        });
      });
      await check(`line ${line}: sticky lines are the same task's stretch start and calls open above`, async () => {
        // Sticky scroll falls back to indentation until the document symbols arrive: retry for a while.
        let problem;
        const deadline = Date.now() + 15000;
        for (let scrolls = 0; ; ) {
          const got = await readContext(page);
          problem = stickyProblem(t, rows, got);
          if (problem === '' || Date.now() > deadline) break;
          // The line under the sticky widget must belong to a call (not a banner or blank line): scroll down a little if not.
          if (!t.owner.has(got.firstUnder) && scrolls++ < 8) await page.keyboard.press('Control+Down');
          await page.waitForTimeout(300);
        }
        assert(problem === '', problem);
      });
    }
  } finally {
    await page.close();
  }
}

/** The 1-based line of the context-switch banner just above line `first` that switches to call `c`'s task, or -1. */
function switchLine(rows, first, c) {
  for (let l = first - 1; l >= Math.max(1, first - 4); l--) {
    const text = rows[l - 1];
    const m = /^\s*(\d+)\)\s+\S.*=>\s+\S*?-(\d+)\s*$/.exec(text);
    if (m) return Number(m[2]) === c.pid && (c.pid !== 0 || Number(m[1]) === c.cpu) ? l : -1;
    if (text.trim() !== '' && !/^\s*-{10,}\s*$/.test(text)) return -1;
  }
  return -1;
}

/** Why the sticky lines of `got` are wrong for the line under them (empty when right). */
function stickyProblem(t, rows, got) {
  const v = got.firstUnder;
  const owner = t.owner.get(v);
  if (!owner) return `line ${v} under the sticky lines belongs to no call`;
  const vFirst = t.runFirst(v);
  // A stretch may start at the banner that switches to its task (` 1)  <idle>-0  =>  sh-123`).
  const banner = switchLine(rows, vFirst, owner);
  const allowed = new Set([vFirst, ...(banner > 0 ? [banner] : []), ...t.path(owner).filter((x) => x.line >= vFirst && x.line < v).map((x) => x.line)]);
  if (got.sticky.length === 0 && v !== vFirst) return `no sticky lines above line ${v} (its stretch starts at ${vFirst})`;
  for (const s of got.sticky) {
    if (!allowed.has(s.line)) return `sticky line ${s.line} ${JSON.stringify(s.text.trim())} is not ${t.label(owner)}'s stretch start (${vFirst}) nor a call open at line ${v}: allowed ${[...allowed].join(', ')}`;
    // The sticky line may carry the entry's inlay hint after the text.
    if (!s.text.startsWith(rows[s.line - 1].trimEnd())) return `sticky line ${s.line} shows ${JSON.stringify(s.text)}`;
  }
  if (!got.sticky.every((s, i) => i === 0 || s.line > got.sticky[i - 1].line)) return `sticky lines out of order: ${got.sticky.map((s) => s.line).join(', ')}`;
  return '';
}
