// The whole path: core -> wasm -> worker -> Chart.js, under the strict CSP (sent as a header, so
// it reaches the worker too), with a clean console.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser } from './browser.mjs';
import { waitReady, firstChartDrawn } from './page-helpers.mjs';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

test('the page loads the wasm module in a worker and draws the core\'s first epochs', async () => {
  const { page, problems, close } = await browser.openPage();
  await waitReady(page);
  await firstChartDrawn(page, 10000);
  assert.equal(await page.evaluate(() => typeof window.WebAssembly), 'object');
  assert.deepEqual(problems, []);
  await close();
});
