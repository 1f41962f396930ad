// Integration: the Flame Graph view opens beside the seed and a 4-CPU capture, draws their calls, and follows the active trace.
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activatePanel, openInEditor, realTrace, seedTraceText, writeFile } from './helpers';

const SHOW = 'ftraceLens.showFlameGraph';

/** Waits for the view's next first frame (of any version) after `act` runs. */
async function rendered(api: Awaited<ReturnType<typeof activatePanel>>, act: () => Thenable<unknown> | Promise<unknown>): Promise<{ version: number; ms: number; boxes: number }> {
  let sub: vscode.Disposable | undefined;
  const wait = new Promise<{ version: number; ms: number; boxes: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the Flame Graph view drew nothing within 30 s')), 30000);
    sub = api.flame.onRendered((r) => {
      clearTimeout(timer);
      resolve(r);
    });
  });
  try {
    await act();
    return await wait;
  } finally {
    sub?.dispose();
  }
}

suite('Flame Graph view', () => {
  test('opens beside the seed and draws its calls; follows the active trace', async () => {
    const api = await activatePanel();
    const seed = writeFile('flame-seed.trace', seedTraceText());
    const doc = await openInEditor(seed);
    await api.ready;
    const first = await rendered(api, () => vscode.commands.executeCommand(SHOW));
    assert.equal(first.version, doc.version);
    assert.ok(first.boxes > 0, 'nothing drawn');
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === 'Flame Graph: flame-seed.trace');
    assert.ok(tab, 'no Flame Graph tab');
    assert.ok(tab.group.viewColumn !== vscode.window.tabGroups.all.find((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === seed.toString()))?.viewColumn, 'the view is not beside the trace');
    // Another trace becomes active: the view loads it.
    const smp4 = writeFile('flame-smp4.trace', realTrace('k61-smp4-default', false).text);
    const next = await rendered(api, () => openInEditor(smp4));
    assert.ok(next.boxes > 0);
    assert.ok(vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.label === 'Flame Graph: flame-smp4.trace'));
  });
});
