// Hovers in call, task, CPU and time-window slices give full-trace line numbers: the call's lines and the hovered line; the slice's own notes have none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover } from 'vscode-languageserver/node';
import { SliceRequest, mapSliceLine, type SliceResult } from '../../server/src/protocol';
import { LspPair } from './lspPair';
import { fixtureSlices } from './sliceSpecs';

test('hovers in call, task, CPU and time-window slices name full-trace lines; the header notes map to none', async () => {
  const { text, fullLines, specs } = fixtureSlices();
  const uri = 'file:///traces/hover%20me.trace';
  const pair = new LspPair();
  try {
    await pair.initialize();
    const mark = pair.mark();
    const opened = [uri];
    await pair.open(uri, text);
    const hoverAt = async (sliceUri: string, line: number, character: number): Promise<string | null> => {
      const h = await pair.client.sendRequest('textDocument/hover', { textDocument: { uri: sliceUri }, position: { line, character } }) as Hover | null;
      return h === null ? null : (h.contents as { value: string }).value;
    };
    for (const spec of specs) {
      const s = await pair.client.sendRequest(SliceRequest.method, { uri, spec }) as SliceResult;
      assert.ok(s.ok, JSON.stringify(spec));
      await pair.open(s.sliceUri, s.text);
      opened.push(s.sliceUri);
      const lines = s.text.split('\n');
      // A call whose entry and exit are both in the slice: its hover gives both lines in the full trace.
      let checked = false;
      for (let i = 0; i < lines.length && !checked; i++) {
        if (!lines[i].endsWith('{')) continue;
        const md = await hoverAt(s.sliceUri, i, lines[i].length - 3);
        const m = md === null ? null : /lines: ([\d,]+)–([\d,]+) in the full trace \(slice lines (\d+)–(\d+)\)/.exec(md);
        if (m === null) continue;
        const n = (x: string): number => Number(x.replace(/,/g, ''));
        assert.equal(n(m[3]), i + 1, `${spec.kind}: the slice line of the entry`);
        assert.equal(n(m[1]), mapSliceLine(s.lineMap, i)! + 1, `${spec.kind}: the entry's full-trace line`);
        assert.equal(n(m[2]), mapSliceLine(s.lineMap, n(m[4]) - 1)! + 1, `${spec.kind}: the exit's full-trace line`);
        assert.match(md!, new RegExp(`Line ${(mapSliceLine(s.lineMap, i)! + 1).toLocaleString('en-US')} of the full trace \`hover me.trace\``));
        assert.equal(lines[i], fullLines[mapSliceLine(s.lineMap, i)!]);
        checked = true;
      }
      assert.ok(checked, `${spec.kind}: a call with both lines in the slice`);
      // A banner kept for the on-CPU analysis is a full-trace line too.
      const banner = lines.findIndex((l) => l.includes('=>'));
      if (banner >= 0) assert.match((await hoverAt(s.sliceUri, banner, 8)) ?? '', new RegExp(`Line ${(mapSliceLine(s.lineMap, banner)! + 1).toLocaleString('en-US')} of the full trace`));
      const note = lines.findIndex((l) => l.startsWith('# ftrace-lens: '));
      assert.ok(note > 0 && mapSliceLine(s.lineMap, note) === null);
      assert.doesNotMatch((await hoverAt(s.sliceUri, note, 4)) ?? '', /of the full trace/);
    }
    // Let the server finish its answers to the opened documents before closing.
    for (const u of opened) await pair.diagnostics(u, mark);
  } finally {
    await pair.close();
  }
});
