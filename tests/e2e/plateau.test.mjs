// ReduceLROnPlateau on a problem whose validation loss levels off: the chart shows a reduction
// marker, and the learning-rate series drops by the factor right after it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser } from './browser.mjs';
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
