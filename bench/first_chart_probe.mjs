// What the first chart waits for: opens the page in a fresh headless Chromium context (nothing
// cached) and prints, in ms after navigation starts, when the page's main files were requested and
// received (main thread and the training worker), when the worker's core answered, and when the
// loss chart first held points. Medians over --loads page loads, with the load average.
//
// With --ab OTHER_BOOT_JS, every other load is served that file as the page's boot script instead
// (e.g. an older version, `git show REV:web/page/boot.js > /tmp/boot-old.js`), so the two are compared
// interleaved, under the same load. With --ab-unbundled 1, every other load is the page as its
// sources (index.html loading web/page/boot.js and web/page/main.js, ~70 module files) instead of the
// bundles scripts/bundle-page.mjs makes (gen/boot.js, gen/page.js, gen/worker.js).
//
// usage: node bench/first_chart_probe.mjs [--wasm-dir build/wasm] [--loads 5]
//                                         [--ab FILE | --ab-unbundled 1]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/server.mjs';
import { baseChromiumArgs, chromiumVersion, cpuMs, loadAverage, ownChromiumProcesses } from './chromium_info.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
  (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []));
const wasmDir = resolve(args['wasm-dir'] ?? 'build/wasm');
const loads = Number(args.loads ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// The files whose timing tells the story, by the end of their URL.
const watched = ['boot.js', 'chart.umd.js', 'gen/page.js', 'web/page/main.js', 'worker.js', 'gen/lrlab.mjs', 'gen/lrlab.wasm'];

const server = await startServer({ port: 0, wasmWebDir: resolve(wasmDir, 'web') });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: baseChromiumArgs });
const variants = args.ab || args['ab-unbundled'] ? ['page', 'ab'] : ['page'];
const abBoot = args.ab ? readFileSync(args.ab, 'utf8') : null;
// index.html as it would load the page's sources directly.
const unbundledIndex = readFileSync(resolve('index.html'), 'utf8')
  .replace('src="gen/boot.js"', 'src="web/page/boot.js"').replace('src="gen/page.js"', 'src="web/page/main.js"');
const rowsOf = { page: [], ab: [] };
console.log(`${await chromiumVersion()}; load ${loadAverage()}`);
try {
  for (let i = 0; i < loads * variants.length; i++) {
    const variant = variants[i % variants.length];
    const context = await browser.newContext();
    if (variant === 'ab' && abBoot) {
      await context.route('**/gen/boot.js', (route) => route.fulfill({ body: abBoot, contentType: 'text/javascript' }));
    }
    if (variant === 'ab' && !abBoot) {
      await context.route(server.url, (route) => route.fulfill({ body: unbundledIndex, contentType: 'text/html' }));
      // The sources resolve the worker and the core's files as the bundles do, beside themselves in
      // gen/ (web/page/boot.js: ./worker.js, ../gen/lrlab.wasm): sent where the sources are.
      const moved = (to) => (route) => route.fulfill({ status: 302, headers: { location: to(new URL(route.request().url())) } });
      await context.route('**/web/page/worker.js', moved(() => '/web/worker/worker.js'));
      await context.route('**/web/gen/**', moved((url) => url.pathname.replace('/web/gen/', '/gen/')));
    }
    const page = await context.newPage();
    const row = {};
    let t0 = 0;
    const key = (url) => watched.find((w) => url.split('?')[0].endsWith(w));
    page.on('request', (r) => { const k = key(r.url()); if (k && !(`${k} requested` in row)) row[`${k} requested`] = Date.now() - t0; });
    let requests = 0;
    page.on('requestfinished', (r) => {
      if (!row['first chart (performance.now)']) {
        requests += 1;
        row[`last of the page's files received`] = Date.now() - t0;
        row['files received before the chart (count)'] = requests;
      }
    });
    page.on('requestfinished', (r) => { const k = key(r.url()); if (k && !(`${k} received` in row)) row[`${k} received`] = Date.now() - t0; });
    // CPU time of this browser's processes from navigation to the chart, by process type: what the
    // load costs whatever share of the loaded machine it got (a new renderer counts from zero).
    const cpuBefore = new Map(ownChromiumProcesses().map((p) => [p.pid, cpuMs([p.pid])]));
    t0 = Date.now();
    await page.goto(server.url);
    await page.waitForFunction(() => {
      const chart = window.Chart?.getChart(document.getElementById('loss-chart'));
      return chart?.data.datasets.some((d) => d.data.length > 0);
    }, null, { timeout: 30000, polling: 'raf' });
    row['first chart (performance.now)'] = await page.evaluate(() => performance.now());
    for (const p of ownChromiumProcesses()) {
      const k = `CPU ms until the chart: ${p.type}`;
      row[k] = (row[k] ?? 0) + cpuMs([p.pid]) - (cpuBefore.get(p.pid) ?? 0);
    }
    // The views after the first chart: when each first holds points (the landscape's contours and
    // paths, the sweep's first rates), by the page's clock.
    for (const [what, id] of [['landscape drawn', 'landscape-chart'], ['sweep: first points', 'sweep-chart']]) {
      await page.waitForFunction((canvasId) => window.Chart?.getChart(document.getElementById(canvasId))
        ?.data.datasets.some((d) => d.data.length > 0), id, { timeout: 30000, polling: 'raf' });
      row[`${what} (performance.now)`] = await page.evaluate(() => performance.now());
    }
    rowsOf[variant].push(row);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
for (const variant of variants) {
  const rows = rowsOf[variant];
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  keys.sort((a, b) => median(rows.map((r) => r[a] ?? Infinity)) - median(rows.map((r) => r[b] ?? Infinity)));
  const name = variant === 'page' ? 'the page as it is' : abBoot ? `boot.js from ${args.ab}` : 'the page unbundled (web/page/main.js)';
  console.log(`${name}: ms after navigation, ` +
    `median of ${rows.length} fresh loads (each load's figures in brackets):`);
  for (const k of keys) {
    const xs = rows.map((r) => r[k]).filter((x) => x !== undefined);
    console.log(`  ${k.padEnd(30)} ${String(Math.round(median(xs))).padStart(6)}   [${xs.map((x) => Math.round(x)).join(' ')}]`);
  }
}
console.log(`load after: ${loadAverage()}`);
