// The whole path: core -> wasm -> worker -> Chart.js, under the strict CSP, with a clean console.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { startBrowser, artifactsDir } from './browser.mjs';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

test('the page loads the wasm module in a worker and draws the spiral data', async () => {
  const { page, problems, close } = await browser.openPage();
  await page.waitForFunction(() => {
    const chart = window.Chart?.getChart(document.getElementById('data-chart'));
    return chart && chart.data.datasets.length === 2 && chart.data.datasets[0].data.length > 0;
  }, null, { timeout: 15000 });
  const counts = await page.evaluate(() =>
    window.Chart.getChart(document.getElementById('data-chart')).data.datasets.map((d) => d.data.length));
  // 512 samples, 20% held out for validation: 410 training points split between the two arms.
  assert.equal(counts[0] + counts[1], 410);
  assert.ok(counts[0] > 150 && counts[1] > 150, `both classes drawn: ${counts}`);
  await page.screenshot({ path: resolve(artifactsDir, 'smoke-1280x720.png') });
  assert.deepEqual(problems, []);
  await close();
});
