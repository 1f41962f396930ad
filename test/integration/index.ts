// Entry of the integration suite: VS Code calls run() in the extension host (offline runner or @vscode/test-electron).
import * as vscode from 'vscode';
import { runMochaInVsCode } from '../vscode/mochaInVsCode';

/** Runs every *.test.js next to this file (mocha TDD UI); rejects when a test fails. */
export function run(): Promise<void> {
  return runMochaInVsCode({ testsRoot: __dirname, vscodeVersion: vscode.version, timeoutMs: 60000, grep: process.env.FTRACE_LENS_TEST_GREP || undefined });
}
