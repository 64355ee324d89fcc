// The page's core loop, tried as a new user would: every change answers visibly, and what the
// page says about a run comes from what that run recorded.
// - a change to a finished run retrains it from the same initial weights at once (no Play);
// - a run that diverges is called diverged everywhere, and Play says why it cannot continue;
// - a schedule error pauses the run with the message beside the formula, and a fixed formula
//   continues it from where it stopped, its history kept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser } from './browser.mjs';
import { waitReady, runSeries, runRows, epochsDone, linkTo, lossDatasets } from './page-helpers.mjs';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

const allFinished = (page, epochs) => page.waitForFunction((n) => {
  const rows = [...document.querySelectorAll('#run-list .run-progress')];
  return rows.length > 0 && rows.every((row) => row.textContent.startsWith(`epoch ${n} of ${n}`));
}, epochs, { timeout: 60000 });

async function typeInto(page, name, text) {
  const field = page.getByRole('textbox', { name, exact: true });
  await field.fill(text);
  await field.press('Enter');
}

const legendOf = async (page, row) => {
  const key = (await runRows(page))[row].key;
  return (await lossDatasets(page)).find((d) => d.key === key && d.role === 'train')?.label ?? '';
};

test('a new rate on a finished run retrains it at once: chart, legend, badge and story agree', async () => {
  const { page, problems, close } = await browser.openPage();
  await waitReady(page);
  await allFinished(page, 300);
  const before = await runSeries(page, 0);
  assert.ok(before.lr.every(([, y]) => y === 0.01), 'run 1 trained at 0.01');

  await typeInto(page, 'Learning rate of run 1', '10');
  // For a moment the replaced curve stays drawn, faded, named by the rate it trained with.
  const ghostLabel = await page.waitForFunction(() => {
    const chart = window.Chart.getChart(document.getElementById('loss-chart'));
    const key = document.querySelector('#run-list > li')?.dataset.key;
    return chart.data.datasets.find((d) => d.lrlab?.key === key && d.lrlab?.role === 'ghost')?.label;
  }, null, { timeout: 10000, polling: 'raf' }).then((handle) => handle.jsonValue());
  assert.match(ghostLabel, /rate 0\.01\b.*before the change/, ghostLabel);
  assert.doesNotMatch(ghostLabel, /rate 10\b/, ghostLabel);
  // Retrained from the same initial weights, all 300 epochs, at rate 10: nothing else to click.
  await page.waitForFunction(() => {
    const chart = window.Chart.getChart(document.getElementById('loss-chart'));
    const key = document.querySelector('#run-list > li')?.dataset.key;
    const lr = chart.data.datasets.find((d) => d.lrlab?.key === key && d.lrlab?.role === 'lr');
    return lr && lr.data.length >= 2 && lr.data.every((p) => p.y === 10) && lr.data.at(-1).x === 300;
  }, null, { timeout: 20000 });
  const after = await runSeries(page, 0);
  assert.equal(after.train[0][1], before.train[0][1], 'the same initial weights: the same loss before training');
  assert.notEqual(after.train.at(-1)[1], before.train.at(-1)[1], 'a new curve, not the old one relabelled');
  assert.equal(await epochsDone(page, 0), 300);

  const legend = await legendOf(page, 0);
  assert.match(legend, /\b10\b/, `the legend names the rate the run trained with: ${legend}`);
  assert.doesNotMatch(legend, /0\.01/, `no trace of the old rate in the legend: ${legend}`);
  const row = (await runRows(page))[0];
  assert.ok(row.verdict, 'the card has a verdict');
  const story = await page.locator('#story').textContent();
  assert.match(story, /rate 10\b/, story);
  assert.doesNotMatch(story, /rate 0\.01\b/, `the story no longer speaks of 0.01: ${story}`);
  // The story's clause for run 1 says the same as run 1's badge.
  const words = { stalling: /stalling/, converging: /coming down/, overshooting: /overshooting/, diverged: /diverged/ };
  assert.match(story, words[row.verdict] ?? /./, `story and badge agree (${row.verdict}): ${story}`);
  assert.deepEqual(problems, []);
  await close();
});

test('a new optimizer on a finished view retrains every run from the same start', async () => {
  const { page, problems, close } = await browser.openPage(linkTo({ settings: { epochs: 60 }, rates: [0.05, 0.5] }));
  await waitReady(page);
  await allFinished(page, 60);
  const before = [await runSeries(page, 0), await runSeries(page, 1)];
  await page.getByRole('combobox', { name: 'Optimizer', exact: true }).selectOption('adam');
  await page.waitForFunction((old) => {
    const chart = window.Chart.getChart(document.getElementById('loss-chart'));
    const trains = chart.data.datasets.filter((d) => d.lrlab?.role === 'train');
    return trains.length === 2 && trains.every((d, i) => d.data.length === 61 && d.data[60].y !== old[i]);
  }, before.map((s) => s.train[60][1]), { timeout: 20000 });
  for (const row of [0, 1]) {
    const after = await runSeries(page, row);
    assert.equal(after.train[0][1], before[row].train[0][1], 'same initial weights');
  }
  assert.match(await legendOf(page, 0), /Adam/i, 'the legend says which optimizer the run trained with');
  assert.deepEqual(problems, []);
  await close();
});

test('a diverged run is called diverged everywhere, and Play says why it cannot continue', async () => {
  const link = linkTo({ settings: { problem: { name: 'sine' }, epochs: 5000, batch_size: 32 }, rates: [0.01], speed: 60 });
  const { page, problems, close } = await browser.openPage(link);
  await waitReady(page);
  await page.waitForFunction(() => /epoch ([2-9]\d|\d{3,})/.test(document.querySelector('#run-list .run-progress')?.textContent ?? ''), null, { timeout: 20000 });
  await typeInto(page, 'Learning rate of run 1', '2');
  await page.waitForFunction(() => document.querySelector('#run-list .verdict')?.dataset.verdict === 'diverged', null, { timeout: 20000 });
  const story = await page.locator('#story').textContent();
  assert.match(story, /diverged/, story);
  assert.doesNotMatch(story, /overshooting/, story);
  assert.match(await legendOf(page, 0), /diverged/, 'the legend says so too');
  assert.match(await legendOf(page, 0), /0\.01 → 2 at epoch \d+/, 'and when the rate changed');

  await page.getByRole('button', { name: 'Play', exact: true }).click();
  const why = page.getByRole('status').filter({ hasText: /diverged/ });
  await why.first().waitFor({ timeout: 5000 });
  assert.match(await why.first().textContent(), /Run 1 diverged/);
  // Offered: retrain from the start (a lower rate would retrain it at once too). The run starts
  // again from epoch 0 at the rate it holds now, 2, so its record has one segment: no change is
  // marked. (It may diverge again before the next frame: a quick machine catches up at once, so
  // the verdict between the two is not something to wait for.)
  await page.getByRole('button', { name: /Retrain/ }).first().click();
  const deadline = Date.now() + 20000;
  let legend = await legendOf(page, 0);
  while (/→/.test(legend) && Date.now() < deadline) {
    await page.waitForTimeout(100);
    legend = await legendOf(page, 0);
  }
  assert.doesNotMatch(legend, /→/, 'retrained from the start at one rate');
  assert.match(legend, /rate 2\b/, legend);
  assert.deepEqual(problems, []);
  await close();
});

test('a schedule error pauses the run beside the formula; the fixed formula continues it', async () => {
  const link = linkTo({ settings: { epochs: 3000, batch_size: 32, schedule: { name: 'formula', expression: 'lr0' } }, rates: [0.05], speed: 60 });
  const { page, problems, close } = await browser.openPage(link);
  await waitReady(page);
  await page.waitForFunction(() => /epoch ([2-9]\d|\d{3,})/.test(document.querySelector('#run-list .run-progress')?.textContent ?? ''), null, { timeout: 20000 });
  await typeInto(page, 'expression', '1/0');
  const formulaError = page.locator('.formula-field .field-error');
  await formulaError.filter({ hasText: /epoch \d+/ }).waitFor({ timeout: 10000 });
  assert.match(await formulaError.textContent(), /paused/i, 'it says the run is paused');
  const stoppedAt = await epochsDone(page, 0);
  await page.waitForTimeout(700);
  assert.equal(await epochsDone(page, 0), stoppedAt, 'training is paused');
  const kept = (await runSeries(page, 0)).train.slice(0, stoppedAt + 1);

  // Another bad formula: its own problem is said beside the box, not the previous one's.
  await typeInto(page, 'expression', 'exp(1000)');
  await page.waitForFunction(() => {
    const text = document.querySelector('.formula-field .field-error')?.textContent ?? '';
    return text && !/division by zero/.test(text);
  }, null, { timeout: 10000 });
  assert.equal(await epochsDone(page, 0), stoppedAt, 'still paused');

  await typeInto(page, 'expression', 'lr0');
  await page.waitForFunction((n) => {
    const text = document.querySelector('#run-list .run-progress')?.textContent ?? '';
    return Number(/epoch (\d+)/.exec(text)?.[1] ?? 0) >= n + 10;
  }, stoppedAt, { timeout: 20000 });
  const series = (await runSeries(page, 0)).train;
  assert.deepEqual(series.slice(0, stoppedAt + 1), kept, 'the history before the error is kept');
  assert.equal(await formulaError.isVisible(), false, 'the message is gone');
  assert.deepEqual(problems, []);
  await close();
});
