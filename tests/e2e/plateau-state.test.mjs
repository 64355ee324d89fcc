// ReduceLROnPlateau made visible (issue 17): each run with the callback shows, beside it and under
// the loss chart, the monitored value, the best so far, wait against patience, cooldown left and
// the cuts so far, as the core holds them; and dense cuts are one marker with a count, so the loss
// lines stay readable.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifactsDir, startBrowser } from './browser.mjs';
import { linkTo, waitReady } from './page-helpers.mjs';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

// Patience 3 on the training loss: the overshooting rate (30) keeps failing to improve and is cut
// every few epochs; the default page's problem, 150 epochs, as fast as the core can.
const SETTINGS = { plateau: { enabled: true, monitor: 'loss', patience: 3, factor: 0.7, cooldown: 1 }, epochs: 150 };

test('each run shows its plateau state; dense cuts are merged into a marker with a count', async () => {
  const { page, problems, close } = await browser.openPage(linkTo({ settings: SETTINGS, rates: [0.01, 30], speed: 0 }));
  await waitReady(page);
  // Both runs finished.
  await page.waitForFunction(() => [...document.querySelectorAll('#run-list .run-progress')]
    .every((p) => /epoch 150 of 150/.test(p.textContent)), null, { timeout: 30000 });
  // The readout catches up within a poll or two.
  await page.waitForFunction(() => document.querySelectorAll('#run-list .plateau-state').length === 2
    && !document.getElementById('plateau-readout').hidden, null, { timeout: 5000 });
  await page.waitForTimeout(800);
  const rows = await page.$$eval('#run-list > li', (lis) => lis.map((li) => {
    const p = li.querySelector('.plateau-state');
    return { key: li.dataset.key, text: p.textContent, ...Object.fromEntries(Object.entries(p.dataset).map(([k, v]) => [k, Number(v)])) };
  }));
  const line = await page.textContent('#plateau-readout');
  const marks = await page.evaluate(() => {
    const chart = window.Chart.getChart(document.getElementById('loss-chart'));
    return chart.data.datasets.filter((d) => d.lrlab?.role === 'plateau').map((d) => ({ key: d.lrlab.key, markers: d.data.length, count: d.data.reduce((sum, p) => sum + p.count, 0) }));
  });
  for (const row of rows) {
    assert.match(row.text, /^ReduceLROnPlateau: loss [\d.e-]+ \(best [\d.e-]+\) · wait \d+ \/ 3 · cooldown \d+ \/ 1 · cuts \d+$/, row.text);
    assert.ok(row.wait >= 0 && row.wait < 3, `wait ${row.wait} below patience after the last epoch's check`);
    assert.ok(row.best <= row.last || row.best === row.last, `best ${row.best} is at most the last value ${row.last}`);
    // The cuts counted beside the run are the cuts marked on the loss chart (both the core's events).
    const drawn = marks.find((m) => m.key === row.key)?.count ?? 0;
    assert.equal(row.cuts, drawn, `run ${row.key}: ${row.cuts} cuts said, ${drawn} drawn`);
  }
  assert.match(line, /^ReduceLROnPlateau now - run 1: loss .* · cuts \d+; run 2: loss .* · cuts \d+$/, line);
  const busy = marks.find((m) => m.count > 10);
  assert.ok(busy, `the overshooting run is cut many times: ${JSON.stringify(marks)}`);
  assert.ok(busy.markers < busy.count, `dense cuts are merged: ${busy.markers} markers for ${busy.count} cuts`);
  await page.locator('figure.chart-card').first().screenshot({ path: join(artifactsDir, 'plateau-state.png') }).catch(() => {});
  assert.deepEqual(problems, []);
  await close();
});
