// The page never freezes (docs/spec-page.md#the-page-never-freezes): at top speed with six runs, after tens of thousands of epochs
// per run, Pause still takes effect at once and the page's memory stays bounded, because what the
// page holds and draws per run is bounded by the chart's width, not by the run's length.
// (Speed is measured in bench/page_stress.mjs; the bounds here are generous functional ones.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser } from './browser.mjs';
import { waitReady, linkTo } from './page-helpers.mjs';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

// A small network on a small problem, so epochs are cheap and the history grows fast.
const LINK = linkTo({
  settings: { problem: { name: 'moons', samples: 60 }, model: { hidden: [4] }, batch_size: 64, epochs: 100000 },
  rates: [0.01, 0.03, 0.1, 0.3, 1, 3],
  speed: 0,
});
const EPOCHS = 20000;
// What the page may hold after 6 x 20,000 epochs: the charts' bounded series (6 runs x 3 lines x
// at most 2 x 1024 points), the runs' recent raw values and Chart.js itself come to a few MB over
// the page's own ~10-20 MB; 60 MB leaves room for the garbage collector's slack. Holding every
// point of every epoch (as the page did) takes several times that.
const HEAP_BOUND = 60e6;

// A frozen page never answers: every query gets a deadline, so the test fails with a reason.
function answered(promise, ms, what) {
  let timer;
  const late = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`the page did not answer ${what} within ${ms / 1000} s`)), ms); });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
const counters = (page) => answered(page.$$eval('#run-list .run-progress', (rows) =>
  rows.map((row) => Number(/epoch (\d+)/.exec(row.textContent)?.[1] ?? 0))), 15000, 'a query of the runs\' progress');

test('after 20,000 epochs per run at top speed with six runs, Pause stops every run at once', async () => {
  const { page, problems, close } = await browser.openPage(LINK);
  await waitReady(page);
  assert.equal((await counters(page)).length, 6);
  const deadline = Date.now() + 240000;
  for (let done = await counters(page); Math.min(...done) < EPOCHS; done = await counters(page)) {
    assert.ok(Date.now() < deadline, `only ${Math.min(...done)} epochs per run after 240 s`);
    await new Promise((resolve) => { setTimeout(resolve, 1000); });
  }

  const clicked = Date.now();
  await answered(page.getByRole('button', { name: 'Pause', exact: true }).click({ timeout: 5000 }), 6000, 'a click on Pause');
  // Stopped: the counters no longer move, within a few seconds of the click.
  let last = await counters(page);
  for (;;) {
    await page.waitForTimeout(500);
    const now = await counters(page);
    if (now.every((n, i) => n === last[i])) break;
    last = now;
    assert.ok(Date.now() - clicked < 5000, `still counting ${Date.now() - clicked} ms after Pause: ${now}`);
  }
  await page.waitForTimeout(1000);
  assert.deepEqual(await counters(page), last, 'no epoch after the pause took effect');

  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  assert.ok(usedSize < HEAP_BOUND, `JS heap ${Math.round(usedSize / 1e6)} MB after ${Math.min(...last)} epochs per run`);
  // What is drawn stays bounded: at most two points per bucket per line.
  const longest = await page.evaluate(() => Math.max(...window.Chart.getChart(document.getElementById('loss-chart'))
    .data.datasets.map((d) => d.data.length)));
  assert.ok(longest <= 2 * 1024 + 2, `at most ~2 points per bucket in any line: ${longest}`);
  assert.deepEqual(problems, []);
  await close();
});
