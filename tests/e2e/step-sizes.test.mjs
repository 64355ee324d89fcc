// Adaptive optimizers: the per-parameter step-size chart appears for Adagrad (not for plain SGD)
// and its median shrinks over the run, as Adagrad's accumulated squared gradients only grow.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser } from './browser.mjs';
import { linkTo, waitReady } from './page-helpers.mjs';
import { byRole, chartData } from './views-helpers.mjs';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

test('Adagrad: the step-size chart appears and its median decreases over time', async () => {
  const settings = { optimizer: { name: 'sgd' }, batch_size: 32, epochs: 20 };
  const sgd = await browser.openPage(linkTo({ settings, rates: [0.05, 0.5], speed: 0 }));
  await waitReady(sgd.page);
  assert.ok(await sgd.page.locator('#step-size-chart').isHidden(), 'no per-parameter chart for plain SGD');
  assert.ok(await sgd.page.locator('#step-size-empty').isVisible());
  // Switching to Adagrad shows the chart (the runs go on from where they are).
  await sgd.page.getByRole('combobox', { name: 'Optimizer', exact: true }).selectOption('adagrad');
  await sgd.page.locator('#step-size-chart').waitFor({ state: 'visible', timeout: 5000 });
  assert.ok(await sgd.page.locator('#step-size-empty').isHidden());
  assert.deepEqual(sgd.problems, []);
  await sgd.close();

  // Adagrad from the first step.
  const { page, problems, close } = await browser.openPage(linkTo({
    settings: { ...settings, optimizer: { name: 'adagrad' } }, rates: [0.05, 0.5], speed: 0,
  }));
  await waitReady(page);
  await page.locator('#step-size-chart').waitFor({ state: 'visible', timeout: 5000 });
  // 20 epochs of 13 mini-batches at full speed.
  await page.waitForFunction(() => {
    const chart = window.Chart.getChart(document.getElementById('step-size-chart'));
    const medians = chart.data.datasets.filter((d) => d.lrlab?.role === 'median');
    return medians.length === 2 && medians.every((d) => d.data.length >= 200);
  }, null, { timeout: 20000 });
  const data = await chartData(page, 'step-size-chart');
  for (const median of byRole(data, 'median')) {
    const ys = median.points.map((p) => p.y);
    assert.ok(ys.every((y) => Number.isFinite(y) && y > 0));
    assert.ok(ys.at(-1) < 0.98 * ys[0], `median step falls: ${ys[0]} -> ${ys.at(-1)}`);
    const half = ys[Math.floor(ys.length / 2)];
    assert.ok(ys.at(-1) < half && half < ys[0], 'and keeps falling');
    // Adagrad's per-parameter step can only shrink; the median over parameters nearly so.
    let rises = 0;
    for (let i = 1; i < ys.length; i++) if (ys[i] > ys[i - 1] * 1.05) rises++;
    assert.ok(rises < ys.length * 0.05, `${rises} rises in ${ys.length} steps`);
  }
  const [low, high] = byRole(data, 'median');
  assert.ok(high.points[0].y > low.points[0].y, 'the higher rate takes larger steps');
  // The band: min <= median <= max at every step.
  const mins = byRole(data, 'min');
  const maxs = byRole(data, 'max');
  for (const [i, median] of byRole(data, 'median').entries()) {
    median.points.forEach((p, k) => {
      assert.ok(mins[i].points[k].y <= p.y * (1 + 1e-12) && p.y <= maxs[i].points[k].y * (1 + 1e-12));
    });
  }
  assert.deepEqual(problems, []);
  await close();
});
