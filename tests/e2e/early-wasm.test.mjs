// The core's .wasm is fetched and compiled from the page's first script (web/page/boot.js, bundled as
// gen/boot.js) and handed to the training worker (web/worker/wasm-early-module.js), not requested by the
// worker only after its own scripts and the module's JS glue have loaded: the order of the page's
// requests shows which.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser } from './browser.mjs';
import { firstChartDrawn, waitReady } from './page-helpers.mjs';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

test('the .wasm is requested before the worker has its JS glue, once, and the worker trains with it', async () => {
  const { page, problems, close } = await browser.openPage('about:blank');
  const events = [];
  let charted = false;
  page.on('request', (r) => { if (!charted) events.push(`requested ${new URL(r.url()).pathname}`); });
  page.on('requestfinished', (r) => { if (!charted) events.push(`received ${new URL(r.url()).pathname}`); });
  await page.goto(browser.url);
  await waitReady(page);
  await firstChartDrawn(page);
  charted = true;

  // The training worker's requests: up to the sweep's helper workers (started once the first chart
  // is drawn, each loading the module itself), which request worker.js again.
  const helpersAt = events.indexOf('requested /gen/worker.js', events.indexOf('requested /gen/worker.js') + 1);
  const training = helpersAt < 0 ? events : events.slice(0, helpersAt);
  const wasmRequests = training.filter((e) => e === 'requested /gen/lrlab.wasm');
  assert.equal(wasmRequests.length, 1, `the training worker's module came from one .wasm request: ${events.join(', ')}`);
  const wasmAt = events.indexOf('requested /gen/lrlab.wasm');
  const glueAt = events.indexOf('received /gen/lrlab.mjs');
  assert.ok(glueAt >= 0, `the worker loaded the glue: ${events.join(', ')}`);
  assert.ok(wasmAt < glueAt, `the .wasm was requested before the glue arrived: ${events.join(', ')}`);
  assert.ok(events.indexOf('requested /gen/boot.js') < wasmAt);
  assert.deepEqual(problems, []);
  await close();
});
