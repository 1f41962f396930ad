// Entry of the harness self-test suite: VS Code calls run() in the extension host (offline runner or test-electron).
import * as vscode from 'vscode';
import { runMochaInVsCode } from '../mochaInVsCode';

/** Runs every *.test.js next to this file. */
export function run(): Promise<void> {
  return runMochaInVsCode({ testsRoot: __dirname, vscodeVersion: vscode.version });
}
