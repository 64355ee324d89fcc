// A small static server for the page: serves the repository root, maps /gen/ to the wasm build's
// web output (the core's module and the page's bundles, made again from web/ when stale), sends
// the right MIME types, and the strict Content-Security-Policy as an HTTP header (a <meta> CSP
// does not reach a Web Worker). Used by scripts/serve.sh and by the e2e tests.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAGE_BUNDLES, bundlePage, bundlesStale } from './bundle-page.mjs';

export const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
  "img-src 'self' data: blob:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; " +
  "base-uri 'none'; form-action 'none'";

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json; charset=utf-8',
};

const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));

function insideOf(root, path) {
  return path === root || path.startsWith(root + sep);
}

// Resolves a URL path to a file, refusing anything outside the served folders.
function resolvePath(urlPath, wasmWebDir) {
  const decoded = decodeURIComponent(urlPath.split('?')[0]);
  if (decoded.startsWith('/gen/')) {
    const file = normalize(join(wasmWebDir, decoded.slice('/gen/'.length)));
    return insideOf(wasmWebDir, file) ? file : null;
  }
  const file = normalize(join(repoRoot, decoded === '/' ? '/index.html' : decoded));
  return insideOf(repoRoot, file) ? file : null;
}

// The page's bundles (gen/boot.js, page.js, worker.js) are made again before one is served if
// they are missing, older than a source under web/ or made from another checkout, so an edit
// shows on reload without a rebuild and the tests never drive stale code. One rebuild per folder
// at a time; a failed one (e.g. a syntax error in web/) answers 500 with esbuild's message.
const rebundling = new Map();
async function freshBundle(file, genDir) {
  if (!Object.values(PAGE_BUNDLES).some((name) => file === join(genDir, name))) return;
  if (!rebundling.has(genDir) && bundlesStale(genDir)) {
    rebundling.set(genDir, bundlePage(genDir).finally(() => rebundling.delete(genDir)));
  }
  await rebundling.get(genDir);
}

export function startServer({ port = 0, host = '127.0.0.1', wasmWebDir } = {}) {
  const genDir = resolve(wasmWebDir ?? join(repoRoot, 'build', 'wasm', 'web'));
  const server = createServer(async (request, response) => {
    let file;
    try {
      file = resolvePath(request.url ?? '/', genDir);
    } catch {
      file = null;  // a malformed %-escape
    }
    try {
      if (file) await freshBundle(file, genDir);
    } catch (error) {
      response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(`the page's bundles could not be made from web/:\n${error.message}\n`);
      return;
    }
    try {
      if (!file || !(await stat(file)).isFile()) throw new Error('not found');
      const body = await readFile(file);
      response.writeHead(200, {
        'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': CSP,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      });
      response.end(body);
    } catch {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('not found\n');
    }
  });
  return new Promise((resolveStart, rejectStart) => {
    server.once('error', rejectStart);
    server.listen(port, host, () => {
      const address = server.address();
      resolveStart({
        url: `http://${host}:${address.port}/`,
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}

// node scripts/server.mjs [--port N] [--gen DIR]
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const { url } = await startServer({
    port: Number(option('--port', process.env.PORT ?? 8080)),
    wasmWebDir: option('--gen', undefined),
  });
  console.log(`lrlab is served at ${url}  (Ctrl+C stops it)`);
}
