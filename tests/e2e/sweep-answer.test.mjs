// One answer to "which rate?": the sweep card leads with the core's one recommendation, judged on
// the validation loss (the words name it), with the band of rates that do about as well, and a
// button that puts it on a run's slider; the range test's rules and the lowest training loss wait
// one click away, in a <details>, each with why it differs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifactsDir, startBrowser } from './browser.mjs';
import { waitReady } from './page-helpers.mjs';
import { chartData, waitSweepDone } from './views-helpers.mjs';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

const shown = (rate) => String(Number(rate.toPrecision(3)));

test('the default page: one recommended rate by validation loss, the others one click away', async () => {
  const { page, problems, close } = await browser.openPage('', { viewport: { width: 1280, height: 800 } });
  await waitReady(page);
  await waitSweepDone(page);
  const { marks } = await chartData(page, 'sweep-chart');
  const rec = marks.recommendation;
  assert.ok(rec && rec.index >= 0, 'the core recommends a rate');
  assert.equal(rec.measure, 'val_loss', 'moons keeps validation samples: judged on them');
  const answer = await page.locator('#sweep-answer').textContent();
  assert.ok(answer.startsWith(`Use rate ${shown(rec.rate)}: the lowest validation loss after 50 epochs`), answer);
  if (rec.band_low_rate < rec.band_high_rate) assert.match(answer, /do about as well \(validation loss within 20% of it\)/);
  // One rate leads: the range test's rule and the lowest training loss are not on view until asked.
  const others = page.locator('#sweep-others');
  assert.equal(await others.evaluate((d) => d.open), false);
  assert.ok(!(await page.locator('#suggestion-text').isVisible()));
  await page.locator('#sweep-card').screenshot({ path: join(artifactsDir, 'sweep-answer.png') });
  await others.locator('summary').click();
  assert.match(await page.locator('#suggestion-text').textContent(), /^The range test suggests [\d.]+ .*where training starts to move, not which rate ends lowest after 50 epochs/);
  await page.locator('#sweep-card').screenshot({ path: join(artifactsDir, 'sweep-answer-open.png') });
  // "Use 0.5..." puts the sweep's own grid rate on the chosen run.
  await page.getByRole('combobox', { name: 'for', exact: true }).selectOption({ label: 'run 1' });
  await page.getByRole('button', { name: `Use ${shown(rec.rate)}` }).click();
  await page.waitForFunction((rate) => {
    const chart = window.Chart.getChart(document.getElementById('sweep-chart'));
    return chart.data.datasets.some((d) => d.lrlab?.role === 'run-rate' && d.lrlab.rate === rate);
  }, rec.rate, { timeout: 10000 });
  assert.deepEqual(problems, []);
  await close();
});
