// Serves the Flame Graph webview bundle outside VS Code (a stand-in for acquireVsCodeApi and the theme variables) with a trace's flame data, for the bench and quick looks.
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FlameDataResult } from '../../server/src/protocol';
import { flameHtml } from '../../client/src/flame/html';

const root = join(__dirname, '..', '..');

/** Dark Modern's values of the variables the view reads. */
const DARK_VARS = `--vscode-editor-background:#1f1f1f;--vscode-editor-foreground:#cccccc;--vscode-foreground:#cccccc;--vscode-focusBorder:#0078d4;
--vscode-charts-green:#89d185;--vscode-charts-blue:#3794ff;--vscode-charts-yellow:#cca700;--vscode-charts-orange:#d18616;--vscode-charts-red:#f14c4c;
--vscode-charts-purple:#b180d7;--vscode-charts-foreground:#cccccc;--vscode-editor-font-family:monospace;--vscode-editor-font-size:12px;--vscode-font-size:13px;
--vscode-editorHoverWidget-background:#202020;--vscode-editorHoverWidget-border:#454545;--vscode-input-background:#313131;--vscode-input-foreground:#cccccc;
--vscode-button-background:#0078d4;--vscode-button-foreground:#ffffff;--vscode-button-secondaryBackground:#313131;--vscode-button-secondaryForeground:#cccccc;`;

/** Starts a server for the harness page with `data` as /data.json; resolves to its URL. */
export async function serveFlame(data: () => FlameDataResult): Promise<{ url: string; server: Server }> {
  const body = flameHtml("'self'", 'bench', '/flameView.js', '/flame.css')
    .replace('<script nonce="bench"', `<script nonce="bench">window.__posted=[];window.acquireVsCodeApi=()=>({postMessage:(m)=>window.__posted.push(m)});for(const d of ${JSON.stringify(DARK_VARS.replace(/\n/g, ''))}.split(';')){const k=d.indexOf(':');if(k>0)document.documentElement.style.setProperty(d.slice(0,k),d.slice(k+1));}</script>\n<script nonce="bench"`)
    .replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/, `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'self'; connect-src 'self'; script-src 'nonce-bench'">`);
  const server = createServer((req, res) => {
    const send = (type: string, b: string | Buffer): void => {
      res.writeHead(200, { 'content-type': type });
      res.end(b);
    };
    if (req.url === '/') send('text/html', body);
    else if (req.url === '/flameView.js') send('text/javascript', readFileSync(join(root, 'client', 'out', 'flameView.js')));
    else if (req.url === '/flame.css') send('text/css', readFileSync(join(root, 'media', 'flame.css')));
    else if (req.url === '/data.json') send('application/json', JSON.stringify(data()));
    else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

/** In the page: fetch /data.json, decode as the extension does, post it to the view; resolves to the ms from fetched to first frame. */
export const LOAD_IN_PAGE = `(async () => {
  const r = await fetch('/data.json');
  const d = await r.json();
  const t0 = performance.now();
  const buf = (s) => { const bin = atob(s); const u = new Uint8Array(bin.length); for (let i = 0; i < bin.length; i++) u[i] = bin.charCodeAt(i); return u.buffer; };
  const payload = { title: 'bench', version: d.version, count: d.count, clock: d.clock, names: d.names, lanes: d.lanes,
    startNs: buf(d.startNs), durNs: buf(d.durNs), level: buf(d.level), name: buf(d.name), line: buf(d.line), flags: buf(d.flags) };
  const decoded = performance.now() - t0;
  window.postMessage({ type: 'data', payload }, '*', [payload.startNs, payload.durNs, payload.level, payload.name, payload.line, payload.flags]);
  await new Promise((res) => { const check = () => window.__posted.some((m) => m.type === 'rendered') ? res() : setTimeout(check, 5); check(); });
  return { decodeMs: decoded, totalMs: performance.now() - t0, firstFrameMs: window.__ftraceFlame.firstFrameMs };
})()`;
