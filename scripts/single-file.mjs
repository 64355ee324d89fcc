// Builds lrlab.html: the whole page in one file that opens from disk with no server (for teachers
// who mail it or work offline). Everything is inlined: the CSS, Chart.js, the page's modules
// bundled by esbuild, and the worker bundled with the wasm module and the wasm itself as base64.
//
//   node scripts/single-file.mjs [--wasm-dir build/wasm] [--out build/lrlab.html]
//
// How the pieces run from file:// (see docs/toolchain.md#running-from-file):
// - The worker cannot be loaded from a file:// path (origin "null"), so its bundle travels as a
//   non-executed data block (<script type="text/plain">) and web/single/blob-worker.js starts it
//   from a Blob URL, as a classic worker (a module worker from a Blob URL fails on file://).
// - The wasm goes in as base64 and is handed to the Emscripten module as `wasmBinary`, so the
//   loader never fetches anything. This is the same module the served page loads (no third link
//   of the wasm with -sSINGLE_FILE), and it needs no connect-src at all.
// - Content-Security-Policy: the page's own policy allows no inline code, and a file opened from
//   disk has no server to send headers, so lrlab.html carries its own <meta> policy that allows
//   exactly its inline script(s) and style by their sha256 hashes ('unsafe-inline' is never
//   used), plus 'wasm-unsafe-eval' and blob: workers. The worker inherits this policy.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const wasmDir = resolve(option('--wasm-dir', process.env.LRLAB_WASM_DIR ?? join(root, 'build', 'wasm')));
const out = resolve(option('--out', join(root, 'build', 'lrlab.html')));

const modulePath = join(wasmDir, 'web', 'lrlab.mjs');
const wasmPath = join(wasmDir, 'web', 'lrlab.wasm');
const wasmBase64 = readFileSync(wasmPath).toString('base64');

// The worker imports '../gen/lrlab.mjs' (served from the wasm build); here that import becomes a
// small wrapper that gives the real module its binary from the inlined base64.
const inlineWasm = {
  name: 'lrlab-inline-wasm',
  setup(b) {
    b.onResolve({ filter: /\/gen\/lrlab\.mjs$/ }, () => ({ path: 'lrlab-inline', namespace: 'lrlab' }));
    b.onResolve({ filter: /^lrlab-real$/ }, () => ({ path: modulePath }));
    b.onLoad({ filter: /^lrlab-inline$/, namespace: 'lrlab' }, () => ({
      resolveDir: root,
      contents: `
import createReal from 'lrlab-real';
const base64 = ${JSON.stringify(wasmBase64)};
function bytes() {
  const text = atob(base64);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}
// locateFile: the loader otherwise resolves 'lrlab.wasm' against import.meta.url, which a Blob
// URL cannot be a base for; with wasmBinary given, the name is never fetched.
export default (options = {}) => createReal({ ...options, wasmBinary: bytes(), locateFile: (name) => name });
`,
    }));
  },
};

// The page is an inline module script (it awaits at top level); the worker is a classic script
// (Chromium refuses a module worker from a Blob URL on a file:// page), so its bundle is an IIFE,
// where import.meta.url means nothing: the Emscripten loader then finds its wasm through
// locateFile and wasmBinary (above) instead.
async function bundle(entry, { format = 'esm', plugins = [] } = {}) {
  const result = await build({
    entryPoints: [join(root, entry)], bundle: true, format, minify: true, write: false,
    target: 'chrome110', legalComments: 'none', plugins, logLevel: 'warning',
    define: format === 'iife' ? { 'import.meta.url': '""' } : {},
  });
  return result.outputFiles[0].text;
}

// Inline text may not close its element early: "</script" or "</style" inside would. In JS it can
// only occur inside strings, regexps or comments, where "<\/" means the same.
function safeInline(text, tag) {
  // "<!--" would switch the HTML parser into its escaped script state: refuse rather than guess.
  if (text.includes('<!--')) throw new Error(`single-file: "<!--" in inline ${tag} text`);
  return text.replace(new RegExp(`</(${tag})`, 'gi'), '<\\/$1');
}
const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

const workerJs = safeInline(await bundle('web/worker/worker.js', { format: 'iife', plugins: [inlineWasm] }), 'script');
const mainJs = safeInline(await bundle('web/single/entry.js'), 'script');
// Without its source-map comment: there is no map file beside lrlab.html.
const chartJs = safeInline(readFileSync(join(root, 'node_modules/chart.js/dist/chart.umd.min.js'), 'utf8')
  .replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'), 'script');

// Data files the page fetches at run time (the guided lessons' JSON, the built-in datasets' CSV,
// data/*.csv, about 420 KB), carried in a JSON data block
// that web/single/inline-files.js serves to fetch(). "<" is written as \u003c so nothing in the
// block can close its element.
const dataFiles = {};
for (const [dir, extension] of [['lessons', '.json'], ['data', '.csv']]) {
  if (!existsSync(join(root, dir))) continue;
  for (const name of readdirSync(join(root, dir)).filter((n) => n.endsWith(extension)).sort()) {
    dataFiles[`${dir}/${name}`] = readFileSync(join(root, dir, name), 'utf8');
  }
}
const filesJson = JSON.stringify(dataFiles).replace(/</g, '\\u003c');

let html = readFileSync(join(root, 'index.html'), 'utf8');
// Each replacement must find its tag: a changed index.html fails the build loudly here.
function replaceOnce(pattern, replacement, what) {
  const matches = html.match(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`));
  if (!matches || matches.length !== 1) throw new Error(`single-file: expected one ${what} in index.html, found ${matches?.length ?? 0}`);
  html = html.replace(pattern, () => replacement);
}

const stylesheets = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)">\s*\n?/g)];
if (!stylesheets.length) throw new Error('single-file: no stylesheet links in index.html');
const css = safeInline(stylesheets.map((m) => readFileSync(join(root, m[1]), 'utf8')).join('\n'), 'style');
for (const [index, m] of stylesheets.entries()) html = html.replace(m[0], index === 0 ? '<style>__CSS__</style>\n  ' : '');

const csp = [
  "default-src 'none'",
  `script-src ${sha256(chartJs)} ${sha256(mainJs)} 'wasm-unsafe-eval'`,
  `style-src ${sha256(css)}`,
  'img-src data: blob:', 'worker-src blob:', "connect-src 'none'", "object-src 'none'",
  "base-uri 'none'", "form-action 'none'",
].join('; ');
replaceOnce(/<meta http-equiv="Content-Security-Policy"[^>]*>/, `<meta http-equiv="Content-Security-Policy"\n        content="${csp}">`, 'CSP meta');
// web/page/boot.js starts the worker early from a file; here the bundled main module starts it.
replaceOnce(/ *<script type="module" async src="gen\/boot\.js"><\/script>\n/, '', 'boot script');
replaceOnce(/<script src="node_modules\/chart\.js\/dist\/chart\.umd\.js"><\/script>/, '<script>__CHART__</script>', 'Chart.js script');
replaceOnce(/<script type="module" src="gen\/page\.js"><\/script>/,
  '<script type="text/plain" id="lrlab-worker-source">__WORKER__</script>\n' +
  '  <script type="application/json" id="lrlab-files">__FILES__</script>\n  <script type="module">__MAIN__</script>', 'main module script');
// Placeholders are filled last, with functions, so no "$" in the code is read as a pattern.
html = html.replace('__CSS__', () => css).replace('__CHART__', () => chartJs)
  .replace('__WORKER__', () => workerJs).replace('__FILES__', () => filesJson).replace('__MAIN__', () => mainJs);

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, html);
const kb = (n) => `${Math.round(n / 1024)} KB`;
console.log(`wrote ${out} (${kb(Buffer.byteLength(html))}: page ${kb(mainJs.length)}, Chart.js ${kb(chartJs.length)}, ` +
  `worker + wasm ${kb(workerJs.length)}, ${Object.keys(dataFiles).length} data files)`);
