// The page loads its code as a few bundles (scripts/bundle-page.mjs: gen/boot.js, gen/page.js,
// gen/worker.js beside the core's glue and Chart.js), not as ~70 module files fetched one import
// level at a time; and the server makes the bundles again when they are missing or older than
// web/, so a served page never runs stale code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startBrowser } from './browser.mjs';
import { firstChartDrawn, waitReady } from './page-helpers.mjs';
import { startServer } from '../../scripts/server.mjs';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

test('the page and its training worker run from a handful of script files', async () => {
  const { page, problems, close } = await browser.openPage('about:blank');
  const scripts = new Set();
  let charted = false;
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (!charted && /\.m?js$/.test(path)) scripts.add(path);
  });
  await page.goto(browser.url);
  await waitReady(page);
  await firstChartDrawn(page);
  charted = true;
  // boot.js, Chart.js, page.js, the worker's bundle and the core's glue.
  assert.ok(scripts.size <= 6, `${scripts.size} script files before the first chart: ${[...scripts].join(', ')}`);
  for (const bundle of ['/gen/boot.js', '/gen/page.js', '/gen/worker.js']) {
    assert.ok(scripts.has(bundle), `${bundle} was loaded: ${[...scripts].join(', ')}`);
  }
  assert.deepEqual(problems, []);
  await close();
});

test('a missing bundle is made from web/ before it is served', async () => {
  const genDir = mkdtempSync(join(tmpdir(), 'lrlab-gen-'));
  const server = await startServer({ port: 0, wasmWebDir: genDir });
  try {
    for (const name of ['page.js', 'worker.js', 'boot.js']) {
      const response = await fetch(`${server.url}gen/${name}`);
      assert.equal(response.status, 200, name);
      assert.match(response.headers.get('content-type'), /javascript/);
      assert.ok((await response.text()).length > 100, `${name} has the page's code`);
      assert.ok(statSync(join(genDir, name)).size > 100, `${name} was written to the build folder`);
    }
    // The worker's bundle imports the core's glue from gen/, as web/worker/worker.js does.
    assert.match(await (await fetch(`${server.url}gen/worker.js`)).text(), /["']\.\.\/gen\/lrlab\.mjs["']/);
  } finally {
    await server.close();
    rmSync(genDir, { recursive: true, force: true });
  }
});

test('a bundle older than web/, or made from another checkout, is made again before it is served', async () => {
  const genDir = mkdtempSync(join(tmpdir(), 'lrlab-gen-'));
  const server = await startServer({ port: 0, wasmWebDir: genDir });
  const root = resolve(new URL('../..', import.meta.url).pathname);
  const stale = '// a stale bundle\n';
  const plant = (stampRoot, when) => {
    for (const name of ['page.js', 'worker.js', 'boot.js']) {
      writeFileSync(join(genDir, name), stale);
      utimesSync(join(genDir, name), when, when);
    }
    writeFileSync(join(genDir, 'page-bundles.json'), JSON.stringify({ root: stampRoot }));
  };
  try {
    plant(root, new Date('2001-01-01'));  // this checkout, but older than every source
    assert.notEqual(await (await fetch(`${server.url}gen/page.js`)).text(), stale, 'older than web/');
    plant('/some/other/checkout', new Date());  // newer than the sources, made elsewhere
    assert.notEqual(await (await fetch(`${server.url}gen/worker.js`)).text(), stale, 'another checkout');
    // Fresh bundles of this checkout are served as they are.
    const served = await (await fetch(`${server.url}gen/page.js`)).text();
    assert.equal(await (await fetch(`${server.url}gen/page.js`)).text(), served);
  } finally {
    await server.close();
    rmSync(genDir, { recursive: true, force: true });
  }
});
