// The page keeps per-run data only for the runs it shows: runs added and removed again and again
// (or replaced by a lesson's) leave nothing behind in the page model's per-run containers. The
// 30-minute soak (bench/soak.mjs) grew the page's heap by about 0.2 MB a minute because the
// step sizes of every run ever made stayed in the model.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser } from './browser.mjs';
import { linkTo, waitReady } from './page-helpers.mjs';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

// The keys each per-run container of the page model holds, beside the runs the page shows.
const kept = (page) => page.evaluate(() => {
  const model = window.__lrlab.model.get();
  return {
    runs: model.state.runs.map((run) => run.key).sort(),
    records: [...model.runs.records.keys()].sort(),
    stepSizes: [...model.experiments.stepSizes.sizes.series.keys()].sort(),
  };
});

test('runs added and removed leave no records or step sizes behind', async () => {
  // Short full-speed runs with mini-batches: every run records step sizes within a moment.
  const { page, problems, close } = await browser.openPage(linkTo({ settings: { epochs: 40, batch_size: 32 }, speed: 0 }));
  await waitReady(page);
  const shown = (await kept(page)).runs.length;
  for (let cycle = 1; cycle <= 6; cycle++) {
    await page.getByRole('button', { name: 'Add a run' }).click();
    // The new run has trained and sent its step sizes before it goes.
    await page.waitForFunction((count) => {
      const model = window.__lrlab.model.get();
      const key = model.state.runs[count]?.key;
      return key && model.experiments.stepSizes.sizes.get(key)?.median.length > 0;
    }, shown, { timeout: 20000 });
    await page.getByRole('button', { name: `Remove run ${shown + 1}` }).click();
    await page.waitForFunction((count) => window.__lrlab.model.get().state.runs.length === count, shown);
    const now = await kept(page);
    assert.equal(now.runs.length, shown);
    assert.deepEqual(now.records, now.runs, `cycle ${cycle}: records of the runs shown only`);
    assert.deepEqual(now.stepSizes, now.runs, `cycle ${cycle}: step sizes of the runs shown only`);
  }
  assert.deepEqual(problems, []);
  await close();
});

test('a hidden step-size chart lets go of the series the page still writes', async () => {
  // Adam shows the chart; plain SGD hides it while the runs go on recording step sizes. Chart.js
  // queues one change per element pushed into a dataset it draws until its next update, and a
  // hidden chart is not updated: holding the live series, it queued one per recorded update.
  const { page, problems, close } = await browser.openPage(linkTo({
    settings: { optimizer: { name: 'adam' }, epochs: 3000, batch_size: 32 }, rates: [0.01], speed: 60,
  }));
  await waitReady(page);
  const stepChart = () => page.evaluate(() => {
    const chart = window.Chart.getChart(document.getElementById('step-size-chart'));
    return { datasets: chart.data.datasets.length, queued: chart._dataChanges.length };
  });
  await page.waitForFunction(() => window.Chart.getChart(document.getElementById('step-size-chart')).data.datasets.length > 0,
    null, { timeout: 20000 });
  await page.getByRole('combobox', { name: 'Optimizer', exact: true }).selectOption('sgd');
  await page.locator('#step-size-chart').waitFor({ state: 'hidden' });
  const key = await page.evaluate(() => window.__lrlab.model.get().state.runs[0].key);
  const recorded = () => page.evaluate((k) => window.__lrlab.model.get().experiments.stepSizes.sizes.get(k).seen, key);
  const before = await recorded();
  await page.waitForFunction(([k, n]) => window.__lrlab.model.get().experiments.stepSizes.sizes.get(k).seen > n + 200, [key, before],
    { timeout: 20000 });
  const hidden = await stepChart();
  assert.ok(hidden.queued <= 3, `changes queued by the hidden chart: ${hidden.queued}`);
  assert.equal(hidden.datasets, 0, 'the hidden chart draws nothing');
  // Back to Adam: the chart draws the runs again.
  await page.getByRole('combobox', { name: 'Optimizer', exact: true }).selectOption('adam');
  await page.waitForFunction(() => window.Chart.getChart(document.getElementById('step-size-chart')).data.datasets.length === 3,
    null, { timeout: 20000 });
  assert.deepEqual(problems, []);
  await close();
});
