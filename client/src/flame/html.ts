// The Flame Graph webview's HTML: a strict Content-Security-Policy, the script by nonce, no inline handlers or styles.

/** A random nonce for the script tag (base64 of 16 random bytes). */
export function makeNonce(random: (n: number) => Uint8Array): string {
  return btoa(String.fromCharCode(...random(16)));
}

/** The page for `cspSource` (the webview's resource origin), with the script and style URIs given. */
export function flameHtml(cspSource: string, nonce: string, scriptUri: string, styleUri: string): string {
  const csp = [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${styleUri}">
<title>Flame Graph</title>
</head>
<body>
<div id="toolbar" role="toolbar" aria-label="Flame graph">
  <button id="mode-timeline" aria-pressed="true" title="Calls along time per CPU and task (1)">Timeline</button>
  <button id="mode-flame" aria-pressed="false" title="Identical call paths merged, widest first (2)">Flame Graph</button>
  <button id="mode-sandwich" aria-pressed="false" title="Callers and callees of the selected function (3)">Sandwich</button>
  <label>Color <select id="color" aria-label="Color by"><option value="duration">by duration class</option><option value="module">by module</option><option value="cpu">by CPU state</option></select></label>
  <input id="search" type="search" placeholder="Search function names (/)" aria-label="Search function names">
  <span id="matches" aria-live="polite"></span>
  <button id="reset" title="Show everything (0)">Reset Zoom</button>
</div>
<div id="stage"><canvas id="canvas" tabindex="0" aria-label="Flame graph canvas: wheel or +/- to zoom, drag or arrows to pan, click to reveal the call"></canvas><div id="tooltip" role="tooltip" hidden></div></div>
<div id="statusbar"><span id="status">Loading…</span><div id="legend" aria-label="Colors"></div></div>
<script nonce="${nonce}" src="${scriptUri}"></script>
</body>
</html>`;
}
