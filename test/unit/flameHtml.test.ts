// The Flame Graph page: a strict Content-Security-Policy, the script by nonce, no inline handlers or styles, no remote resources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flameHtml, makeNonce } from '../../client/src/flame/html';

test('the page allows only the webview origin and the nonce script; no inline handler, style or remote URL', () => {
  const nonce = makeNonce((n) => new Uint8Array(n).fill(7));
  const html = flameHtml('https://file+.vscode-resource.vscode-cdn.net', nonce, 'https://x/flameView.js', 'https://x/flame.css', 'https://x/codicons/codicon.css');
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
  assert.ok(csp !== undefined);
  const rules = new Map(csp.split(';').map((r) => r.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert.deepEqual(rules.get('default-src'), ["'none'"]);
  assert.deepEqual(rules.get('script-src'), [`'nonce-${nonce}'`]);
  for (const k of ['style-src', 'font-src', 'img-src']) assert.deepEqual(rules.get(k), ['https://file+.vscode-resource.vscode-cdn.net'], k);
  assert.doesNotMatch(csp, /unsafe|\*|data:/);
  // Every script carries the nonce; no inline event handler or style attribute.
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  assert.equal(scripts.length, 1);
  assert.match(scripts[0], new RegExp(`nonce="${nonce.replace(/[+/=]/g, '\\$&')}"`));
  assert.doesNotMatch(html, /\son[a-z]+=/i);
  assert.doesNotMatch(html, /\sstyle=/i);
  // The codicon stylesheet the controls look up by id, from the given (extension) URI.
  assert.match(html, /<link rel="stylesheet" href="https:\/\/x\/codicons\/codicon.css" id="vscode-codicon-stylesheet">/);
});
