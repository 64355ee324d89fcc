// Loss against learning rate: the sweep's U-curve with the core's verdicts shaded, the range
// test's suggestion with "use this rate", each run's rate and 2/λ₀ (2/L on the linear problem) as
// vertical lines; changing the model re-runs the sweep and moves 2/λ₀.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifactsDir, startBrowser } from './browser.mjs';
import { linkTo, waitReady } from './page-helpers.mjs';
import { byRole, chartData, waitSweepDone } from './views-helpers.mjs';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

// The tutorial's weight-and-bias picture: a linear model on y = w*x + b, full batch, plain SGD.
// Its loss is a quadratic, so the core knows 2/L, and rates past it truly diverge.
const LINEAR = { problem: { name: 'linear' }, model: { hidden: [] }, batch_size: 512 };

test('the sweep: stalls on the left, diverges on the right, the suggestion between, use this rate', async () => {
  const { page, problems, close } = await browser.openPage(linkTo({ settings: LINEAR, rates: [0.001, 0.1] }));
  await waitReady(page);
  await waitSweepDone(page);
  const data = await chartData(page, 'sweep-chart');

  const [sweep] = byRole(data, 'sweep');
  const [diverged] = byRole(data, 'sweep-diverged');
  const all = [...sweep.points, ...diverged.points].sort((a, b) => a.x - b.x);
  assert.equal(all.length, 64, 'every rate of the sweep is drawn');
  assert.equal(all[0].verdict, 'stalling', 'the lowest rate stalls');
  assert.equal(all.at(-1).verdict, 'diverged', 'the highest rate diverges');
  for (const p of sweep.points) assert.ok(Number.isFinite(p.y) && p.y > 0);

  const stall = data.marks.regions[0];
  const over = data.marks.regions.at(-1);
  assert.match(stall.label, /stalls/);
  assert.ok(stall.verdicts.every((v) => v === 'stalling') && stall.from <= all[0].x);
  assert.match(over.label, /diverges/);
  assert.ok(over.verdicts.every((v) => v === 'overshooting' || v === 'diverged') && over.to >= all.at(-1).x);

  const [suggestion] = byRole(data, 'suggestion');
  const suggested = suggestion.points[0].x;
  assert.ok(suggested > stall.to && suggested < over.from, `suggestion ${suggested} between ${stall.to} and ${over.from}`);

  // 2/λ₀ of the linear problem is its 2/L, and the first diverged rate lies above it.
  const [bound] = byRole(data, 'bound');
  assert.ok(Math.abs(bound.rate - 1) < 0.05, `2/L = ${bound.rate}`);
  assert.ok(diverged.points[0].x > bound.rate);
  assert.deepEqual(byRole(data, 'run-rate').map((d) => d.rate), [0.001, 0.1]);

  await page.locator('#sweep-card').screenshot({ path: join(artifactsDir, 'sweep-linear.png') });

  // Read with the keyboard: the focused chart walks the sweep's points and says each one.
  await page.locator('#sweep-chart').focus();
  await page.keyboard.press('Home');
  assert.match(await page.locator('#sweep-readout').textContent(), /^rate 0.0001: loss [\d.]+ after 50 epochs \(stalling\)$/);

  // "Use this rate" moves run 1's slider to the suggestion, and its line on the sweep with it.
  await page.getByRole('combobox', { name: 'for', exact: true }).selectOption({ label: 'run 1' });
  await page.locator('#sweep-others summary').click();  // the range test's rate is one click away
  await page.getByRole('button', { name: 'Use this rate' }).click();
  const expected = Number(suggested.toPrecision(3));
  await page.waitForFunction((rate) => {
    const chart = window.Chart.getChart(document.getElementById('sweep-chart'));
    return chart.data.datasets.some((d) => d.lrlab?.role === 'run-rate' && d.lrlab.rate === rate);
  }, expected, { timeout: 5000 });
  // The slider follows on the page's next frame.
  const field = page.getByRole('textbox', { name: 'Learning rate of run 1' });
  await field.evaluate((input, rate) => new Promise((resolve, reject) => {
    const t0 = performance.now();
    (function poll() {
      if (Math.abs(Number(input.value) / rate - 1) < 1e-3) resolve();
      else if (performance.now() - t0 > 5000) reject(new Error(`slider shows ${input.value}, suggestion ${rate}`));
      else requestAnimationFrame(poll);
    })();
  }), expected);
  await page.waitForFunction((rate) => decodeURIComponent(location.hash).includes(`"r":[${rate},`), expected, { timeout: 5000 });
  assert.deepEqual(problems, []);
  await close();
});

test('changing the model re-runs the sweep; the stale job never draws', async () => {
  const { page, problems, close } = await browser.openPage(linkTo({ settings: LINEAR, rates: [0.01] }));
  await waitReady(page);
  await waitSweepDone(page);
  const before = await chartData(page, 'sweep-chart');
  assert.equal(byRole(before, 'bound').length, 1);

  // A hidden layer: no longer the quadratic the bound is for, and another curve.
  await page.getByRole('textbox', { name: 'Hidden layers' }).fill('4');
  await page.getByRole('textbox', { name: 'Hidden layers' }).press('Enter');
  await page.waitForFunction(() => !/ in /.test(document.getElementById('sweep-status').textContent), null, { timeout: 5000 });
  await waitSweepDone(page);
  // A network has its own sharpness at its starting weights: the 2/λ₀ mark moves with it.
  await page.waitForFunction((old) => window.Chart.getChart(document.getElementById('sweep-chart')).data.datasets
    .some((d) => d.lrlab?.role === 'bound' && d.lrlab.rate !== old), byRole(before, 'bound')[0].rate, { timeout: 10000 });
  const after = await chartData(page, 'sweep-chart');
  const [mark] = byRole(after, 'bound');
  assert.match(mark.label, /^2\/λ₀ = /, 'labelled for a network with a hidden layer too');
  const finals = (d) => byRole(d, 'sweep')[0].points.map((p) => p.y);
  assert.notDeepEqual(finals(after), finals(before));
  assert.deepEqual(problems, []);
  await close();
});
