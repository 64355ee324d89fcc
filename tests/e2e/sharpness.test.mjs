// The sharpness view (web/views/sharpness/): off by default, turned on from its panel through the
// page's settings; each run's recorded sharpness and its threshold (2/lr for plain SGD) drawn; and
// on the default problem (two moons, full batch) the bouncing rate starts above its threshold while
// the converging one stays below it all run (lrlab run --sharpness, rates 30 and 0.5, 300 epochs:
// 1.54 at epoch 0 against 2/30; 1.54 to 2.64 against 2/0.5).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser } from './browser.mjs';
import { linkTo, waitReady } from './page-helpers.mjs';

const RATES = [0.5, 30];
const EPOCHS = 60;

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

// Waits until every run has trained EPOCHS epochs and the chart holds each run's measurements.
async function waitMeasured(page) {
  await page.waitForFunction((epochs) => {
    const { state, runs } = window.__lrlab.model.get();
    const chart = window.Chart.getChart(document.getElementById('sharpness-chart'));
    return state.runs.every((run) => {
      const record = runs.get(run.key);
      const drawn = chart.data.datasets.find((d) => d.lrlab?.key === run.key && d.lrlab.role === 'sharpness');
      return record?.epochsDone === epochs && record.sharpness.epoch.length >= 2 && drawn?.data.length === record.sharpness.epoch.length;
    });
  }, EPOCHS, { timeout: 30000 });
}

// Per run: its rate, what its record holds and what the chart draws.
function readRuns(page) {
  return page.evaluate(() => {
    const { state, runs } = window.__lrlab.model.get();
    const chart = window.Chart.getChart(document.getElementById('sharpness-chart'));
    const drawn = (key, role) => chart.data.datasets.find((d) => d.lrlab?.key === key && d.lrlab.role === role)
      ?.data.map((p) => ({ x: p.x, y: p.y }));
    return state.runs.map((run) => ({
      rate: run.rate,
      colour: run.colour,
      recorded: structuredClone(runs.get(run.key).sharpness),
      sharpness: drawn(run.key, 'sharpness'),
      threshold: drawn(run.key, 'threshold'),
      dash: chart.data.datasets.find((d) => d.lrlab?.key === run.key && d.lrlab.role === 'threshold')?.borderDash,
      lineColour: chart.data.datasets.find((d) => d.lrlab?.key === run.key && d.lrlab.role === 'sharpness')?.borderColor,
      yType: chart.options.scales.y.type,
    }));
  });
}

test('sharpness off: the panel says so; its button turns the setting on and the chart fills', async () => {
  const { page, problems, close } = await browser.openPage(linkTo({ settings: { epochs: EPOCHS }, rates: RATES, speed: 0 }));
  await waitReady(page);
  assert.ok(await page.locator('#sharpness-off').isVisible(), 'the panel says sharpness is not measured');
  assert.ok(await page.locator('#sharpness-box').isHidden());
  await page.getByRole('button', { name: 'Measure sharpness' }).click();
  await page.waitForFunction(() => window.__lrlab.model.get().state.settings.sharpness?.enabled === true, null, { timeout: 10000 });
  await page.locator('#sharpness-chart').waitFor({ state: 'visible', timeout: 5000 });
  assert.ok(await page.locator('#sharpness-off').isHidden());
  await waitMeasured(page);
  for (const run of await readRuns(page)) {
    assert.equal(run.yType, 'logarithmic');
    assert.equal(run.lineColour, run.colour, 'drawn in the run\'s colour');
    assert.ok(run.dash?.length, 'the threshold is dashed');
    // The chart holds exactly the recorded measurements (all positive here).
    assert.deepEqual(run.sharpness, run.recorded.epoch.map((x, i) => ({ x, y: run.recorded.value[i] })));
    assert.deepEqual(run.threshold, run.recorded.epoch.map((x, i) => ({ x, y: run.recorded.threshold[i] })));
    // Plain SGD at a constant rate: the threshold is 2/lr at every measurement.
    for (const { y } of run.threshold) assert.ok(Math.abs(y - 2 / run.rate) <= 1e-12 * (2 / run.rate), `${y} vs 2/${run.rate}`);
  }
  assert.deepEqual(problems, []);
  await close();
});

test('the bouncing rate starts above its threshold, the converging one stays below', async () => {
  const { page, problems, close } = await browser.openPage(linkTo({
    settings: { epochs: EPOCHS, sharpness: { enabled: true } }, rates: RATES, speed: 0,
  }));
  await waitReady(page);
  await waitMeasured(page);
  const [good, high] = await readRuns(page);
  assert.equal(good.rate, 0.5);
  assert.equal(high.rate, 30);
  // Measured before the first update at x = 0, as the core's record says.
  assert.equal(high.sharpness[0].x, 0);
  assert.ok(high.sharpness[0].y * 30 > 2, `rate × sharpness ${high.sharpness[0].y * 30} > 2`);
  for (const { x, y } of good.sharpness) assert.ok(y * 0.5 < 2, `epoch ${x}: rate × sharpness ${y * 0.5} < 2`);
  assert.ok(await page.getByText('rate × sharpness < 2').isVisible(), 'the sentence for students');
  // The run's card cites the curvature behind its overshoot, in the core's words.
  const card = await page.locator('#run-list > li').nth(1).textContent();
  assert.match(card, /sharpness [\d.]+ (is|was) above the stability limit 2\/rate = 0\.0667/, card);
  assert.doesNotMatch(await page.locator('#run-list > li').nth(0).textContent(), /stability limit/);

  // The keyboard reads the chart: focused, it starts at the first run's last measurement; Home
  // goes to the initial weights and Down to the next run, where rate 30 is above 2/30.
  const readout = page.locator('#sharpness-readout');
  await page.locator('#sharpness-chart').focus();
  const last = good.sharpness.at(-1);
  assert.match(await readout.textContent(), new RegExp(`^run 1: rate 0\\.5, after epoch ${last.x}: sharpness λ = .*below it`));
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Home');
  const text = await readout.textContent();
  const figure = (value) => String(Number(value.toPrecision(3)));
  assert.equal(text, `run 2: rate 30, at the initial weights: sharpness λ = ${figure(high.sharpness[0].y)}, stability limit `
    + `${figure(2 / 30)} (2/η for plain gradient descent): λ is above it, so steps overshoot along the sharpest direction`);
  assert.equal(await page.locator('#sharpness-chart').getAttribute('aria-describedby'), 'sharpness-note sharpness-readout');

  // The sweep marks 2/λ₀ for this problem too (not only the linear one): λ₀ is the sharpness at
  // the weights every run starts from, the runs' own first measurement (to its 1% residual).
  await page.waitForFunction(() => window.Chart.getChart(document.getElementById('sweep-chart'))
    .data.datasets.some((d) => d.lrlab?.role === 'bound'), null, { timeout: 10000 });
  const mark = await page.evaluate(() => {
    const chart = window.Chart.getChart(document.getElementById('sweep-chart'));
    const bound = chart.data.datasets.find((d) => d.lrlab?.role === 'bound');
    return { rate: bound.lrlab.rate, label: bound.label, min: chart.options.scales.x.min, max: chart.options.scales.x.max,
      labels: chart.data.lrlab.labels.map((l) => l.text) };
  });
  const expected = 2 / high.sharpness[0].y;
  assert.ok(Math.abs(mark.rate / expected - 1) < 1e-3, `2/λ₀ ${mark.rate} vs 2/${high.sharpness[0].y}`);
  assert.equal(mark.label, `2/λ₀ = ${figure(mark.rate)}`);
  assert.ok(mark.labels.includes(mark.label), 'labelled beside its line');
  assert.ok(mark.min < mark.rate && mark.rate < mark.max, 'on the rate axis');
  assert.deepEqual(problems, []);
  await close();
});
