// Serves the Flame Graph webview bundle outside VS Code (a stand-in for acquireVsCodeApi and the theme variables) with a trace's flame data, for the bench and quick looks.
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FlameDataResult } from '../../server/src/protocol';
import { flameHtml } from '../../client/src/flame/html';

/** The repository root: the first folder up from here with a package.json (the bench also runs bundled from test/bench/out). */
function repoRoot(): string {
  let d = __dirname;
  while (!existsSync(join(d, 'package.json')) && dirname(d) !== d) d = dirname(d);
  return d;
}

const root = repoRoot();

/** Dark Modern's values of the variables the view reads. */
const DARK_VARS = `--vscode-editor-background:#1f1f1f;--vscode-editor-foreground:#cccccc;--vscode-foreground:#cccccc;--vscode-focusBorder:#0078d4;
--vscode-charts-green:#89d185;--vscode-charts-blue:#3794ff;--vscode-charts-yellow:#cca700;--vscode-charts-orange:#d18616;--vscode-charts-red:#f14c4c;
--vscode-charts-purple:#b180d7;--vscode-charts-foreground:#cccccc;--vscode-editor-font-family:monospace;--vscode-editor-font-size:12px;--vscode-font-size:13px;
--vscode-editorHoverWidget-background:#202020;--vscode-editorHoverWidget-border:#454545;--vscode-input-background:#313131;--vscode-input-foreground:#cccccc;
--vscode-button-background:#0078d4;--vscode-button-foreground:#ffffff;--vscode-button-secondaryBackground:#313131;--vscode-button-secondaryForeground:#cccccc;`;

/** Starts a server for the harness page with the answer `data().r` as /data.json and its buffer as /data.bin; resolves to its URL. */
export async function serveFlame(data: () => { r: FlameDataResult; buffer: ArrayBuffer }): Promise<{ url: string; server: Server }> {
  const body = flameHtml("'self'", 'bench', '/flameView.js', '/flame.css', '/codicons/codicon.css')
    .replace('<script nonce="bench"', `<script nonce="bench">window.__posted=[];window.acquireVsCodeApi=()=>({postMessage:(m)=>window.__posted.push(m)});for(const d of ${JSON.stringify(DARK_VARS.replace(/\n/g, ''))}.split(';')){const k=d.indexOf(':');if(k>0)document.documentElement.style.setProperty(d.slice(0,k),d.slice(k+1));}</script>\n<script nonce="bench"`)
    .replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/, `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'self'; font-src 'self'; connect-src 'self'; script-src 'nonce-bench'">`);
  const server = createServer((req, res) => {
    const send = (type: string, b: string | Buffer): void => {
      res.writeHead(200, { 'content-type': type });
      res.end(b);
    };
    if (req.url === '/') send('text/html', body);
    else if (req.url === '/flameView.js') send('text/javascript', readFileSync(join(root, 'client', 'out', 'flameView.js')));
    else if (req.url === '/flame.css') send('text/css', readFileSync(join(root, 'media', 'flame.css')));
    else if (req.url === '/codicons/codicon.css') send('text/css', readFileSync(join(root, 'client', 'out', 'codicons', 'codicon.css')));
    else if (req.url?.startsWith('/codicons/codicon.ttf')) send('font/ttf', readFileSync(join(root, 'client', 'out', 'codicons', 'codicon.ttf')));
    else if (req.url === '/data.json') send('application/json', JSON.stringify({ ...data().r, file: undefined, data: undefined }));
    else if (req.url === '/data.bin') send('application/octet-stream', Buffer.from(data().buffer));
    else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

/** In the page: fetch the answer and its buffer, post them to the view as the extension does (the buffer transferred); resolves to the ms from the message to the first frame. */
export const LOAD_IN_PAGE = `(async () => {
  const d = await (await fetch('/data.json')).json();
  const buffer = await (await fetch('/data.bin')).arrayBuffer();
  const payload = { title: 'bench', version: d.version, count: d.count, clock: d.clock, names: d.names, lanes: d.lanes, taskInfo: d.taskInfo, columns: d.columns, buffer };
  const t0 = performance.now();
  window.postMessage({ type: 'data', payload }, '*', [buffer]);
  await new Promise((res) => { const check = () => window.__posted.some((m) => m.type === 'rendered') ? res() : setTimeout(check, 5); check(); });
  return { totalMs: performance.now() - t0, firstFrameMs: window.__ftraceFlame.firstFrameMs, parts: window.__ftraceFlame.firstFrameParts };
})()`;
