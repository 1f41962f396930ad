// The Flame Graph webview's HTML: a strict Content-Security-Policy, the script by nonce, no inline handlers or styles.

/** A random nonce for the script tag (base64 of 16 random bytes). */
export function makeNonce(random: (n: number) => Uint8Array): string {
  return btoa(String.fromCharCode(...random(16)));
}

/**
 * The page for `cspSource` (the webview's resource origin), with the script and style URIs given;
 * `codiconUri` is the codicon stylesheet (its font beside it) that the controls' icons
 * (@vscode-elements) look up by the id `vscode-codicon-stylesheet`.
 */
export function flameHtml(cspSource: string, nonce: string, scriptUri: string, styleUri: string, codiconUri: string): string {
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
<link rel="stylesheet" href="${codiconUri}" id="vscode-codicon-stylesheet">
<title>Flame Graph</title>
</head>
<body>
<div id="toolbar" role="toolbar" aria-label="Flame graph">
  <vscode-toolbar-button id="mode-timeline" icon="graph-line" toggleable checked label="Timeline" title="Calls along time per CPU and task (1)">Timeline</vscode-toolbar-button>
  <vscode-toolbar-button id="mode-flame" icon="flame" toggleable label="Flame Graph" title="Identical call paths merged, widest first (2)">Flame Graph</vscode-toolbar-button>
  <vscode-toolbar-button id="mode-sandwich" icon="split-vertical" toggleable label="Sandwich" title="Callers and callees of the selected function (3)">Sandwich</vscode-toolbar-button>
  <vscode-single-select id="color" aria-label="Color by" title="Color by"><vscode-option value="duration" selected>Color by duration class</vscode-option><vscode-option value="module">Color by module</vscode-option><vscode-option value="cpu">Color by CPU state</vscode-option></vscode-single-select>
  <vscode-textfield id="search" type="search" placeholder="Search function names (/)" aria-label="Search function names"><vscode-icon slot="content-before" name="search"></vscode-icon></vscode-textfield>
  <span id="matches" aria-live="polite"></span>
  <vscode-toolbar-button id="reset" icon="screen-normal" label="Reset Zoom" title="Show everything (0)"></vscode-toolbar-button>
</div>
<div id="stage"><canvas id="canvas" tabindex="0" aria-label="Flame graph canvas: wheel or +/- to zoom, drag or arrows to pan, click to reveal the call"></canvas><div id="tooltip" role="tooltip" hidden></div></div>
<div id="statusbar"><span id="status">Loading…</span><div id="legend" aria-label="Colors"></div></div>
<script nonce="${nonce}" src="${scriptUri}"></script>
</body>
</html>`;
}
