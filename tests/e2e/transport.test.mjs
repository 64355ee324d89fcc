// The transport and the run list: Play continues a finished view, One epoch and Step do what they
// say, runs can be added up to six and removed, a pinned run stays on the chart as a faded
// reference while the settings change, and the loss chart can be read with the keyboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser } from './browser.mjs';
import { waitReady, runSeries, linkTo, epochsDone, lossDatasets } from './page-helpers.mjs';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

test('play continues a finished view; pause, step and one epoch do what they say', async () => {
  const { page, problems, close } = await browser.openPage(linkTo({ settings: { epochs: 10, batch_size: 32 }, rates: [0.1], speed: 0 }));
  await waitReady(page);
  await page.waitForFunction(() => /epoch 10 of 10/.test(document.querySelector('#run-list .run-progress').textContent));
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForFunction(() => /epoch 20 of 20/.test(document.querySelector('#run-list .run-progress').textContent));
  await page.getByRole('button', { name: 'One epoch', exact: true }).click();
  await page.waitForFunction(() => /epoch 21 /.test(document.querySelector('#run-list .run-progress').textContent));
  const points = (await runSeries(page, 0)).train.length;
  await page.getByRole('button', { name: 'Step', exact: true }).click();  // one mini-batch: no new epoch yet
  await page.waitForTimeout(300);
  assert.equal(await epochsDone(page, 0), 21);
  assert.equal((await runSeries(page, 0)).train.length, points);
  // Add runs up to six; the seventh is refused by a disabled button.
  for (let i = 0; i < 5; i++) await page.getByRole('button', { name: 'Add a run' }).click();
  await page.waitForFunction(() => document.querySelectorAll('#run-list > li').length === 6);
  assert.ok(await page.getByRole('button', { name: 'Add a run' }).isDisabled());
  assert.match(await page.getByRole('button', { name: 'Add a run' }).getAttribute('title'), /At most 6 runs/);
  // Each new run gets a rate of its own (a step of 3x from the last), so its curve is not drawn
  // under another's.
  const rates = [];
  for (let i = 1; i <= 6; i++) rates.push(Number(await page.getByRole('textbox', { name: `Learning rate of run ${i}` }).inputValue()));
  assert.equal(new Set(rates).size, 6, `six different rates: ${rates}`);
  assert.ok(rates.every((r) => r >= 1e-5 && r <= 100), `${rates}`);
  await page.getByRole('button', { name: 'Remove run 6' }).click();
  await page.waitForFunction(() => document.querySelectorAll('#run-list > li').length === 5);
  assert.deepEqual(problems, []);
  await close();
});

test('a pinned run stays as a faded reference while the settings change', async () => {
  const { page, problems, close } = await browser.openPage(linkTo({ settings: { epochs: 30 }, rates: [0.5], speed: 0 }));
  await waitReady(page);
  await page.waitForFunction(() => /epoch 30 of 30/.test(document.querySelector('#run-list .run-progress').textContent));
  const before = (await runSeries(page, 0)).train;
  await page.getByRole('button', { name: 'Pin run 1 as a faded reference' }).click();
  const field = page.getByRole('textbox', { name: 'Learning rate of run 1' });
  await field.fill('0.01');
  await field.press('Enter');
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  // Retrained from scratch at the new rate: the whole curve is new.
  await page.waitForFunction((old) => {
    const chart = window.Chart.getChart(document.getElementById('loss-chart'));
    const train = chart.data.datasets.find((d) => d.lrlab?.role === 'train').data;
    return train.length === old.length && train.at(-1).y !== old.at(-1)[1];
  }, before, { timeout: 10000 });
  const pinned = (await lossDatasets(page)).find((d) => d.role === 'pinned');
  assert.ok(pinned, 'the pinned line is drawn');
  assert.deepEqual(pinned.points, before, 'it keeps the curve it had when pinned');
  assert.notDeepEqual((await runSeries(page, 0)).train, before, 'while the run itself changed');
  await page.getByRole('button', { name: 'Remove the pinned reference' }).click();
  await page.waitForFunction(() => !window.Chart.getChart(document.getElementById('loss-chart')).data.datasets
    .some((d) => d.lrlab?.role === 'pinned'));
  assert.deepEqual(problems, []);
  await close();
});

test('the loss chart can be read with the keyboard', async () => {
  const { page, problems, close } = await browser.openPage(linkTo({ settings: { epochs: 20 }, rates: [0.5], speed: 0 }));
  await waitReady(page);
  await page.waitForFunction(() => /epoch 20 of 20/.test(document.querySelector('#run-list .run-progress').textContent));
  await page.locator('#loss-chart').focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  const readout = await page.textContent('#loss-readout');
  assert.match(readout, /rate 0\.5, after epoch 2: train loss [\d.]+, val loss [\d.]+, rate 0\.5/);
  assert.deepEqual(problems, []);
  await close();
});
