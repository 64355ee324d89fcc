// A run's learning-rate slider, dragged with the mouse or moved with the keyboard, changes that
// run's rate mid-run (the lr series in the chart takes the new value without a reset) and so its
// loss curve.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser } from './browser.mjs';
import { waitReady, runSeries, epochsDone, linkTo } from './page-helpers.mjs';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

// Long runs at a steady pace, so there is time to change a rate while it trains; mini-batches,
// so a better rate shows within a few epochs.
const LINK = linkTo({ settings: { epochs: 3000, batch_size: 32 }, rates: [0.001, 0.3], speed: 60 });

const lastRate = async (page, row) => (await runSeries(page, row)).lr.at(-1)[1];

async function waitEpochs(page, row, count) {
  const target = (await epochsDone(page, row)) + count;
  await page.waitForFunction(([r, t]) => {
    const text = document.querySelectorAll('#run-list .run-progress')[r]?.textContent ?? '';
    return Number(/epoch (\d+)/.exec(text)?.[1] ?? 0) >= t;
  }, [row, target], { timeout: 10000 });
}

// How much the training loss fell across the last n epochs (a ratio, > 1 when it fell): from the
// loss n epochs ago to the lowest of the last few (mini-batch losses wobble).
async function recentDrop(page, row, n) {
  const train = (await runSeries(page, row)).train.map(([, y]) => y);
  return train.at(-n - 1) / Math.min(...train.slice(-5));
}

test('dragging a rate slider with the mouse changes that run mid-run', async () => {
  const { page, problems, close } = await browser.openPage(LINK);
  await waitReady(page);
  await waitEpochs(page, 0, 30);
  const stalledDrop = await recentDrop(page, 0, 25);
  const epochsBefore = (await runSeries(page, 0)).train.length;

  const slider = page.getByRole('slider', { name: /Learning rate of run 1/ });
  const box = await slider.boundingBox();
  // From the thumb's place (1e-3 on a log scale from 1e-5 to 100) to about 0.3.
  const xOf = (rate) => box.x + 8 + (box.width - 16) * (Math.log10(rate) + 5) / 7;
  await page.mouse.move(xOf(1e-3), box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(xOf(0.05), box.y + box.height / 2, { steps: 5 });
  await page.mouse.move(xOf(0.3), box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();

  const typed = Number(await page.getByRole('textbox', { name: 'Learning rate of run 1' }).inputValue());
  assert.ok(typed > 0.1 && typed < 1, `the field shows the dragged rate: ${typed}`);
  await waitEpochs(page, 0, 30);
  assert.equal(await lastRate(page, 0), typed, 'the chart\'s lr series carries the new rate');
  const series = await runSeries(page, 0);
  assert.ok(series.train.length > epochsBefore, 'the run went on from where it was (no reset)');
  assert.equal(series.lr[0][1], 0.001, 'its earlier epochs keep the old rate');
  const fasterDrop = await recentDrop(page, 0, 25);
  assert.ok(fasterDrop > stalledDrop * 1.1, `the loss now falls faster: ${stalledDrop} -> ${fasterDrop}`);
  // The other run is untouched.
  assert.equal(await lastRate(page, 1), 0.3);
  assert.deepEqual(problems, []);
  await close();
});

test('moving a rate slider with the keyboard changes that run\'s rate', async () => {
  const { page, problems, close } = await browser.openPage(LINK);
  await waitReady(page);
  await waitEpochs(page, 1, 10);
  const slider = page.getByRole('slider', { name: /Learning rate of run 2/ });
  await slider.focus();
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowLeft');  // 10 steps of 0.02 decade
  const field = page.getByRole('textbox', { name: 'Learning rate of run 2' });
  const rate = Number(await field.inputValue());
  assert.ok(Math.abs(Math.log10(rate / 0.3) + 0.2) < 0.011, `0.2 decades lower than 0.3: ${rate}`);
  // The chart's rate line takes the new rate once the change reaches the worker (a round trip
  // that a loaded machine can stretch over several epochs: a generous bound, not a timing).
  await page.waitForFunction((wanted) => {
    const key = document.querySelectorAll('#run-list > li')[1]?.dataset.key;
    const lr = window.Chart.getChart(document.getElementById('loss-chart')).data.datasets
      .find((d) => d.lrlab?.key === key && d.lrlab?.role === 'lr');
    return lr?.data.at(-1)?.y === wanted;
  }, rate, { timeout: 15000 });
  await waitEpochs(page, 1, 5);
  assert.equal(await lastRate(page, 1), rate);
  assert.equal(await lastRate(page, 0), 0.001, 'run 1 keeps its rate');

  // Typing a rate works too, and a rate the core refuses is explained beside the field, in the
  // field's own words.
  await field.fill('-1');
  await field.press('Enter');
  await page.getByText(/^Learning rate of run 2: -1 is not allowed: must be above 0/).first().waitFor({ timeout: 5000 });
  await waitEpochs(page, 1, 5);
  assert.equal(await lastRate(page, 1), rate, 'a refused rate changes nothing');
  // The error stands beside the rate: the run's other disclosures stay as they were.
  assert.deepEqual(await page.locator('#run-list > li').nth(1).locator('details').evaluateAll((all) => all.map((d) => d.open)),
    [false, false], 'the run\'s "Optimizer and schedule" and "Continue from here with…" stay closed');
  assert.deepEqual(problems, []);
  await close();
});

// Every legend entry of the loss chart, and whether each fits the chart's width (Chart.js does not
// wrap a label: a longer one is clipped at both ends).
function legendEntries(page) {
  return page.evaluate(() => {
    const chart = window.Chart.getChart(document.getElementById('loss-chart'));
    return chart.legend.legendItems.map((item, i) => ({
      text: item.text, fits: chart.legend.legendHitBoxes[i].width <= chart.width,
    }));
  });
}
const changeMarkCount = (page) => page.evaluate(() => window.Chart.getChart(document.getElementById('loss-chart')).data.datasets
  .filter((d) => d.lrlab?.role === 'change').reduce((n, d) => n + d.data.length, 0));

test('a drag across a rate slider while the run trains is one change: one ◆, one legend line, one card line', async () => {
  const { page, problems, close } = await browser.openPage(LINK, { viewport: { width: 1280, height: 800 } });
  await waitReady(page);
  await waitEpochs(page, 0, 20);
  const slider = page.getByRole('slider', { name: /Learning rate of run 1/ });
  const box = await slider.boundingBox();
  const xOf = (rate) => box.x + 8 + (box.width - 16) * (Math.log10(rate) + 5) / 7;
  const y = box.y + box.height / 2;
  // The classroom finale: a slow drag up to 10 and back to 1, epochs training all along.
  await page.mouse.move(xOf(1e-3), y);
  await page.mouse.down();
  for (const rate of [0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10, 3, 1]) {
    await page.mouse.move(xOf(rate), y, { steps: 3 });
    await page.waitForTimeout(120);
  }
  await page.mouse.up();
  const typed = Number(await page.getByRole('textbox', { name: 'Learning rate of run 1' }).inputValue());
  await page.waitForFunction((wanted) => {
    const key = document.querySelector('#run-list > li')?.dataset.key;
    const lr = window.Chart.getChart(document.getElementById('loss-chart')).data.datasets
      .find((d) => d.lrlab?.key === key && d.lrlab?.role === 'lr');
    return lr?.data.at(-1)?.y === wanted;
  }, typed, { timeout: 15000 });
  await waitEpochs(page, 0, 5);
  assert.equal(await changeMarkCount(page), 1, 'one ◆ for the drag');
  const [first] = await legendEntries(page);
  assert.match(first.text, new RegExp(`^run 1: SGD, rate 0\\.001 → ${String(typed).replace('.', '\\.')} at epoch \\d+$`));
  assert.ok(first.fits, `the legend entry fits: ${first.text}`);
  const trained = await page.locator('#run-list .run-trained').first().textContent();
  assert.match(trained, /^Trained with rate 0\.001 → [\d.]+ at epoch \d+$/);
  assert.equal((await runSeries(page, 0)).lr.filter(([, rate], i, all) => i > 0 && rate !== all[i - 1][1]).length, 1,
    'the run recorded one change of rate');

  // Three schedules chosen one after the other while it trains: named in one legend line.
  const picker = page.locator('#schedule-controls select').first();
  for (const name of ['cosine', 'exponential', 'step']) {
    await picker.selectOption(name);
    await waitEpochs(page, 0, 3);
  }
  await page.waitForFunction(() => /Step decay/.test(window.Chart.getChart(document.getElementById('loss-chart')).legend.legendItems[0].text),
    null, { timeout: 10000 });
  const entries = await legendEntries(page);
  assert.equal(entries.length, 2, 'one legend entry per run');
  for (const entry of entries) {
    assert.ok(entry.fits, `fits: ${entry.text}`);
    assert.match(entry.text, /, schedule Constant → … → Step decay$/);
  }
  assert.match(await page.locator('#run-list .run-trained').first().textContent(),
    /^Trained with rate 0\.001 → [\d.]+ at epoch \d+; schedule Constant → … → Step decay \(3 changes, the last at epoch \d+\)$/);
  assert.deepEqual(problems, []);
  await close();
});
