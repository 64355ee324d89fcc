// A run whose rate is far too high diverges: it stops, its curve is drawn up to its last finite
// point with a marker and a label there, the page explains it in words, and no NaN or Infinity
// reaches the chart. Play continues the others past the stop; transport buttons do what they say.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser } from './browser.mjs';
import { waitReady, runRows, runSeries, allChartValuesFinite, linkTo, epochsDone } from './page-helpers.mjs';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

test('a diverged run is marked, explained and stopped', async () => {
  const { page, problems, close } = await browser.openPage(
    linkTo({ settings: { problem: { name: 'sine' }, epochs: 40 }, rates: [0.01, 3], speed: 0 }));
  await waitReady(page);
  await page.waitForFunction(() => document.querySelectorAll('#run-list .verdict[data-verdict="diverged"]').length === 1,
    null, { timeout: 10000 });
  const rows = await runRows(page);
  assert.match(rows[1].caption, /diverged/);
  const series = await runSeries(page, 1);
  assert.equal(series.divergence.length, 1, 'one divergence marker');
  assert.ok(series.train.length >= 1, 'drawn up to its last finite point (the loss before training at least)');
  assert.deepEqual(series.divergence[0], series.train.at(-1), 'the marker sits on the last finite point');
  assert.match(await page.textContent('#story'), /diverged: the steps grew larger than the valley and the loss became infinite in epoch \d+/);
  assert.ok(await allChartValuesFinite(page));
  // The healthy run went on to its end; the diverged one stopped where it broke.
  await page.waitForFunction(() => /epoch 40 of 40/.test(document.querySelector('#run-list .run-progress').textContent));
  assert.ok(await epochsDone(page, 1) < 40);
  assert.deepEqual(problems, []);
  await close();
});

test('play continues a finished view; pause, step and one epoch do what they say', async () => {
  const { page, problems, close } = await browser.openPage(linkTo({ settings: { epochs: 10, batch_size: 32 }, rates: [0.1], speed: 0 }));
  await waitReady(page);
  await page.waitForFunction(() => /epoch 10 of 10/.test(document.querySelector('#run-list .run-progress').textContent));
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(() => /epoch 20 of 20/.test(document.querySelector('#run-list .run-progress').textContent));
  await page.getByRole('button', { name: 'One epoch' }).click();
  await page.waitForFunction(() => /epoch 21 /.test(document.querySelector('#run-list .run-progress').textContent));
  const points = (await runSeries(page, 0)).train.length;
  await page.getByRole('button', { name: 'Step' }).click();  // one mini-batch: no new epoch yet
  await page.waitForTimeout(300);
  assert.equal(await epochsDone(page, 0), 21);
  assert.equal((await runSeries(page, 0)).train.length, points);
  // Add runs up to six; the seventh is refused by a disabled button.
  for (let i = 0; i < 5; i++) await page.getByRole('button', { name: 'Add a run' }).click();
  await page.waitForFunction(() => document.querySelectorAll('#run-list > li').length === 6);
  assert.ok(await page.getByRole('button', { name: 'Add a run' }).isDisabled());
  await page.getByRole('button', { name: 'Remove run 6' }).click();
  await page.waitForFunction(() => document.querySelectorAll('#run-list > li').length === 5);
  assert.deepEqual(problems, []);
  await close();
});
