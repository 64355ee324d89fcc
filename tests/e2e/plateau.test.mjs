// ReduceLROnPlateau on a problem whose validation loss levels off: the chart shows a reduction
// marker, and the learning-rate series drops by the factor right after it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifactsDir, startBrowser } from './browser.mjs';
import { waitReady, runSeries, linkTo } from './page-helpers.mjs';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

test('a plateau cut is marked and the rate drops by the factor', async () => {
  const factor = 0.5;
  const link = linkTo({
    settings: { problem: { name: 'linear' }, plateau: { enabled: true, patience: 2, factor }, epochs: 120 },
    rates: [0.05], speed: 0,
  });
  const { page, problems, close } = await browser.openPage(link);
  await waitReady(page);
  await page.waitForFunction(() => window.Chart.getChart(document.getElementById('loss-chart')).data.datasets
    .some((d) => d.lrlab?.role === 'plateau' && d.data.length > 0), null, { timeout: 10000 });
  const { plateau, lr } = await runSeries(page, 0);
  assert.ok(plateau.length >= 1, 'at least one reduction marker');
  const rateAt = new Map(lr);
  const [x] = plateau[0];
  // The marker sits where the cut takes effect: the rate drawn from x on is the old one * factor.
  assert.ok(Math.abs(rateAt.get(x) / rateAt.get(x - 1) - factor) < 1e-12,
    `rate ${rateAt.get(x - 1)} -> ${rateAt.get(x)} at x = ${x}`);
  assert.ok(await page.getByRole('heading', { name: 'Plateau callback' }).isVisible());
  assert.deepEqual(problems, []);
  await close();
});

// What the loss chart's rate axis and plateau markers hold: {markers: [{count, label}], cuts: the
// run list's count, axis: {min, max, title, labels: the ticks' texts}}.
async function rateView(page) {
  return page.evaluate(() => {
    const chart = window.Chart.getChart(document.getElementById('loss-chart'));
    const markers = chart.data.datasets.filter((d) => d.lrlab?.role === 'plateau').flatMap((d) => d.data.map((p) => ({ count: p.count, label: p.label ?? null })));
    const floor = chart.data.datasets.filter((d) => d.lrlab?.role === 'min-lr').flatMap((d) => d.data);
    const lr = chart.scales.lr;
    const rates = chart.data.datasets.filter((d) => d.lrlab?.role === 'lr').flatMap((d) => d.data.map((p) => p.y));
    return {
      markers, floor,
      cuts: Number(document.querySelector('#run-list .plateau-state')?.dataset.cuts),
      axis: { min: lr.min, max: lr.max, title: lr.options.title.text, labels: lr.ticks.map((t) => t.label).filter((l) => l !== '' && l !== undefined) },
      rates,
    };
  });
}

test('dense plateau cuts are one marker with a count, and the rate axis stops at a floor', async () => {
  // min_delta 10: no epoch counts as an improvement, so patience 5 cuts every 5 epochs: about 59
  // cuts by ×0.1 in 300 epochs, the rate from 0.5 to about 1e-59.
  const link = linkTo({
    settings: { plateau: { enabled: true, monitor: 'loss', patience: 5, factor: 0.1, min_delta: 10 }, epochs: 300 },
    rates: [0.5], speed: 0,
  });
  const { page, problems, close } = await browser.openPage(link);
  await waitReady(page);
  await page.waitForFunction(() => /epoch 300 of 300/.test(document.querySelector('#run-list .run-progress')?.textContent ?? ''), null, { timeout: 30000 });
  await page.waitForTimeout(500);  // the plateau readout's next poll
  const view = await rateView(page);
  assert.ok(view.cuts >= 50, `many cuts: ${view.cuts}`);
  assert.equal(view.markers.reduce((sum, m) => sum + m.count, 0), view.cuts, 'every cut is counted by a marker');
  assert.ok(view.markers.length <= 3, `merged into a few markers: ${JSON.stringify(view.markers)}`);
  assert.ok(view.markers.some((m) => m.count > 40 && m.label === `${m.count} cuts`), JSON.stringify(view.markers));
  // The lowest rate drawn is far under the axis: it stops 6 decades under its top.
  assert.ok(Math.min(...view.rates) < 1e-40, `the rate fell to ${Math.min(...view.rates)}`);
  assert.ok(view.axis.min >= view.axis.max / 1e6 * (1 - 1e-9), `axis ${view.axis.min} to ${view.axis.max}`);
  assert.equal(view.axis.labels[0], '< 1e-6', `the lowest label says the rate falls under it: ${view.axis.labels}`);
  assert.ok(view.axis.labels.length >= 3 && view.axis.labels.length <= 8, `readable ticks: ${view.axis.labels}`);
  await page.locator('figure.chart-card').first().screenshot({ path: join(artifactsDir, 'plateau-dense.png') }).catch(() => {});
  assert.deepEqual(problems, []);
  await close();
});

test('the rate axis says min_lr where the rate reached it; a constant rate has an axis with room and ticks', async () => {
  const link = linkTo({
    settings: { plateau: { enabled: true, monitor: 'loss', patience: 5, factor: 0.1, min_delta: 10, min_lr: 1e-4 }, epochs: 100 },
    rates: [0.5], speed: 0,
  });
  const { page, problems, close } = await browser.openPage(link);
  await waitReady(page);
  await page.waitForFunction(() => /epoch 100 of 100/.test(document.querySelector('#run-list .run-progress')?.textContent ?? ''), null, { timeout: 30000 });
  const view = await rateView(page);
  assert.equal(view.floor.length, 1, JSON.stringify(view.floor));
  assert.equal(view.floor[0].label, 'min_lr');
  assert.match(view.floor[0].text, /^reached min_lr 0\.0001 at epoch \d+$/);
  assert.ok(view.axis.min < 1e-4, `min_lr is inside the axis: ${view.axis.min}`);
  assert.ok(!view.axis.labels.some((label) => label.startsWith('<')), `the rate stays on the axis: ${view.axis.labels}`);
  await close();

  // No callback, one constant rate: the line is inside the axis, with more than two labels.
  const constant = await browser.openPage(linkTo({ settings: { epochs: 20 }, rates: [0.05], speed: 0 }));
  await waitReady(constant.page);
  await constant.page.waitForFunction(() => /epoch 20 of 20/.test(document.querySelector('#run-list .run-progress')?.textContent ?? ''), null, { timeout: 30000 });
  const flat = await rateView(constant.page);
  assert.ok(flat.axis.min < 0.05 && flat.axis.max > 0.05, `0.05 strictly inside ${flat.axis.min} to ${flat.axis.max}`);
  assert.ok(flat.axis.labels.length >= 3, `ticks: ${flat.axis.labels}`);
  assert.deepEqual(problems, []);
  assert.deepEqual(constant.problems, []);
  await constant.close();
});
