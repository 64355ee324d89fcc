// Bundles the page's JavaScript for serving: web/page/boot.js, web/page/main.js and web/worker/worker.js, each with
// everything it imports, become gen/boot.js, gen/page.js and gen/worker.js beside the wasm
// module's files (build/wasm/web, served as /gen/). index.html loads boot.js and page.js, and
// they start the worker from worker.js: 12 files reach the page before its first chart instead
// of 72, fetched one import level at a time. In headless Chromium on this machine (quiet,
// interleaved, median of 5 fresh loads, bench/first_chart_probe.mjs --ab-unbundled 1) the first
// chart came at 494 ms instead of 650 ms; on a real server each import level also costs a
// network round trip (docs/performance.md).
//
// The bundles sit one folder below the site's root, as web/ does, so the relative URLs the code
// resolves against its own address (the worker beside the page's script, ../gen/lrlab.mjs and
// lrlab.wasm) mean the same; the lessons and tables are fetched against the page's address.
// The Emscripten glue (../gen/*) stays its own file: the worker imports it as it is.
//
//   node scripts/bundle-page.mjs [--out build/wasm/web] [--no-minify]
// The wasm sub-build runs this (bindings/CMakeLists.txt); scripts/server.mjs runs it again when
// a bundle is missing, older than a source under web/ or made from another checkout, so a served
// page never runs stale code.
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

// Source file -> the name of its bundle in the output folder.
export const PAGE_BUNDLES = { 'web/page/boot.js': 'boot.js', 'web/page/main.js': 'page.js', 'web/worker/worker.js': 'worker.js' };
// Written last, beside the bundles: which checkout they were made from.
const STAMP = 'page-bundles.json';

// Makes the bundles in outDir. Each file is written under a temporary name and renamed, so a
// server reading the folder meanwhile sees the old file or the new one, never half of one.
// `minify: false` keeps the code's own names, for a profile that names functions (bench/).
export async function bundlePage(outDir, { minify = true } = {}) {
  // esbuild is a dev dependency: loaded only when bundling, so serving needs only what npm ci gives.
  const { build } = await import('esbuild');
  const results = await Promise.all(Object.entries(PAGE_BUNDLES).map(([source, name]) => build({
    entryPoints: [join(root, source)], outfile: join(outDir, name), write: false,
    bundle: true, format: 'esm', minify, sourcemap: 'linked', legalComments: 'none',
    // The first versions with module workers, WebAssembly SIMD and WebAssembly exceptions, which
    // the page needs anyway; the target only decides what syntax esbuild lowers.
    target: ['chrome95', 'firefox114', 'safari16.4'],
    external: ['../gen/*'], logLevel: 'silent',
  })));
  const files = results.flatMap((result) => result.outputFiles);
  for (const file of files) writeFileSync(`${file.path}.tmp-${process.pid}`, file.contents);
  for (const file of files) renameSync(`${file.path}.tmp-${process.pid}`, file.path);
  writeFileSync(join(outDir, STAMP), `${JSON.stringify({ root, files: files.map((f) => basename(f.path)) })}\n`);
}

// The newest modification time of what the bundles are made from (web/**/*.js but the
// single-file build's own entry, and this script), in ms.
export function newestPageSource() {
  let newest = statSync(fileURLToPath(import.meta.url)).mtimeMs;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && path !== join(root, 'web', 'single')) walk(path);
      else if (entry.name.endsWith('.js')) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(join(root, 'web'));
  return newest;
}

// True when a bundle in outDir is missing, older than a source, or made from another checkout.
export function bundlesStale(outDir) {
  try {
    if (JSON.parse(readFileSync(join(outDir, STAMP), 'utf8')).root !== root) return true;
  } catch {
    return true;
  }
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
  await bundlePage(outDir, { minify: !process.argv.includes('--no-minify') });
}
