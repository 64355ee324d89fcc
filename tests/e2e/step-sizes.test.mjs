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

// Issue 29: Lion's step is the rate for every parameter, so under warmup-stable-decay (per step)
// the step-size chart draws the schedule itself, min = median = max, and says why. Expected rates
// from Hägele et al.'s definition with the schedule's settings as the page holds them.
test('Lion with warmup-stable-decay: the step-size line is the schedule, and the chart says so', async () => {
  const { page, problems, close } = await browser.openPage(linkTo({
    // 80 positions: warm-up over 4, decay over the last 16, then the final rate (the run takes 84).
    settings: { optimizer: { name: 'lion' }, schedule: { name: 'wsd', granularity: 'step', total_steps: 80 }, batch_size: 64, epochs: 12 },
    rates: [0.001], speed: 0,
  }));
  await waitReady(page);
  await page.waitForFunction(() => /epoch 12 of 12/.test(document.querySelector('#run-list > li .run-progress')?.textContent ?? ''), null, { timeout: 30000 });
  const schedule = await page.evaluate(() => window.__lrlab.model.get().state.settings.schedule);
  const n = schedule.total_steps;
  const [w, d] = [Math.floor(schedule.warmup_fraction * n), Math.floor(schedule.decay_fraction * n)];
  const wsd = (s) => {
    if (s < w) return 0.001 * (schedule.start_factor + (1 - schedule.start_factor) * s / w);
    if (s < n - d) return 0.001;
    if (s >= n) return 0.001 * schedule.final_fraction;
    return 0.001 * (schedule.final_fraction + (1 - schedule.final_fraction) * (1 - Math.sqrt((s - (n - d)) / d)));
  };
  // Every update of the run drawn (12 epochs of the training split's mini-batches).
  const updates = await page.evaluate(() => {
    const { state, runs } = window.__lrlab.model.get();
    return runs.get(state.runs[0].key).updates;
  });
  assert.ok(updates > 80, `${updates} updates: every phase of the schedule`);
  await page.waitForFunction((count) => window.Chart.getChart(document.getElementById('step-size-chart'))
    .data.datasets.find((ds) => ds.lrlab?.role === 'median')?.data.length === count, updates, { timeout: 10000 });
  const data = await chartData(page, 'step-size-chart');
  const [median] = byRole(data, 'median');
  // Update t (1-based) took the rate at position t - 1.
  for (const { x, y } of median.points) assert.ok(Math.abs(y - wsd(x - 1)) <= 1e-12 * wsd(x - 1), `update ${x}: ${y} against ${wsd(x - 1)}`);
  for (const role of ['min', 'max']) {
    const [band] = byRole(data, role);
    if (band) band.points.forEach((p, i) => assert.equal(p.y, median.points[i].y, `${role} = median at update ${p.x}`));
  }
  assert.match(await page.locator('#step-size-note').textContent(), /Every parameter takes the same step here/);
  assert.deepEqual(problems, []);
  await close();
});
