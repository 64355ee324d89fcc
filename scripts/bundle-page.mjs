// Bundles the page's JavaScript for serving: web/boot.js, web/main.js and web/worker.js, each with
// everything it imports, become gen/boot.js, gen/page.js and gen/worker.js beside the wasm
// module's files (build/wasm/web, served as /gen/). index.html loads these three instead of
// ~70 module files fetched one import level at a time: in headless Chromium on this machine
// (quiet, median of 5 fresh loads, bench/first_chart_probe.mjs) the first chart came at 570 ms
// instead of 680 ms, and every level of the import waterfall also costs a network round trip
// on a real server (docs/performance.md).
//
// The bundles sit one folder below the site's root, as web/ does, so the page's relative URLs
// (the worker beside the page's script, ../gen/lrlab.mjs and .wasm, ../data/) mean the same.
// The Emscripten glue (../gen/*) stays its own file: the worker imports it as it is.
//
//   node scripts/bundle-page.mjs [--out build/wasm/web]
// The wasm sub-build runs this (bindings/CMakeLists.txt); scripts/server.mjs runs it again when
// a source under web/ is newer than the bundles, so a served page never runs stale code.
import { build } from 'esbuild';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

// Source file -> the name of its bundle in the output folder.
export const PAGE_BUNDLES = { 'web/boot.js': 'boot.js', 'web/main.js': 'page.js', 'web/worker.js': 'worker.js' };

export async function bundlePage(outDir) {
  await Promise.all(Object.entries(PAGE_BUNDLES).map(([source, name]) => build({
    entryPoints: [join(root, source)], outfile: join(outDir, name),
    bundle: true, format: 'esm', minify: true, sourcemap: 'linked', legalComments: 'none',
    // Browsers with module workers, WebAssembly SIMD and exception handling (what the core needs).
    target: ['chrome95', 'firefox100', 'safari15.2'],
    external: ['../gen/*'], logLevel: 'warning',
  })));
}

// The newest modification time of the page's sources (web/**/*.js), in ms.
export function newestPageSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.js')) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(join(root, 'web'));
  return newest;
}

// True when a bundle in outDir is missing or older than a page source.
export function bundlesStale(outDir) {
  const newest = newestPageSource();
  return Object.values(PAGE_BUNDLES).some((name) => {
    try {
      return statSync(join(outDir, name)).mtimeMs < newest;
    } catch {
      return true;
    }
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--out');
  const outDir = resolve(i >= 0 ? process.argv[i + 1] : join(root, 'build', 'wasm', 'web'));
  await bundlePage(outDir);
}
