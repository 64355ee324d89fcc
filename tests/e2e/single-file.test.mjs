// The single-file build: scripts/single-file.mjs is run here (no earlier manual step), and the
// lrlab.html it writes, opened from disk as file:// with no server, loads the core, trains and
// draws every chart, under its own CSP, with a clean console.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { artifactsDir, startBrowser } from './browser.mjs';
import { waitReady, lossDatasets } from './page-helpers.mjs';
import { waitSweepDone } from './views-helpers.mjs';

let browser;
const out = join(artifactsDir, 'lrlab.html');
before(async () => {
  const wasmDir = resolve(process.env.LRLAB_WASM_DIR ?? 'build/wasm');
  await promisify(execFile)(process.execPath, ['scripts/single-file.mjs', '--wasm-dir', wasmDir, '--out', out]);
  browser = await startBrowser();
});
after(async () => { await browser?.close(); });

test('lrlab.html opened from disk trains and draws', async () => {
  const html = await readFile(out, 'utf8');
  assert.ok(!/<script[^>]*\ssrc=/.test(html) && !/<link[^>]*stylesheet/.test(html), 'nothing loaded from outside the file');
  const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1] ?? '';
  assert.match(csp, /script-src 'sha256-[^']+' 'sha256-[^']+' 'wasm-unsafe-eval'/, 'inline scripts allowed by hash only');
  assert.doesNotMatch(csp, /unsafe-inline|'unsafe-eval'/);

  const { page, problems, close } = await browser.openPage(pathToFileURL(out).href);
  await waitReady(page);
  // Three training curves, each past 20 epochs (an empty chart right after ready is not "drawn").
  await page.waitForFunction(() => {
    const train = window.Chart.getChart(document.getElementById('loss-chart')).data.datasets
      .filter((d) => d.lrlab?.role === 'train');
    return train.length === 3 && train.every((d) => d.data.length > 20);
  }, null, { timeout: 20000 });
  const train = (await lossDatasets(page)).filter((d) => d.role === 'train');
  assert.equal(train.length, 3, 'the default view\'s three runs');
  await waitSweepDone(page);
  await page.waitForFunction(() => window.Chart.getChart(document.getElementById('landscape-chart'))
    .data.datasets.some((d) => d.lrlab?.role === 'path' && d.data.length > 3), null, { timeout: 10000 });
  // The lessons' JSON, which the served page fetches, is answered from inside the file.
  const index = await page.evaluate(() => fetch('lessons/index.json').then((response) => response.json()));
  assert.ok(Array.isArray(index.chapters) && index.chapters.length > 0, 'the lessons travel inside lrlab.html');
  await page.screenshot({ path: join(artifactsDir, 'single-file.png') });
  assert.deepEqual(problems, []);
  await close();
});
