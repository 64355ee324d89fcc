// Sharing and export: a link copied from the page restores the same settings and the same first
// epochs in a fresh page; the CSV holds one row per epoch per run; each chart saves as a PNG.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { artifactsDir, startBrowser } from './browser.mjs';
import { linkTo, runSeries, waitReady, epochsDone } from './page-helpers.mjs';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

async function waitEpochs(page, rows, epochs) {
  for (let row = 0; row < rows; row++) {
    await page.waitForFunction(async ([r, e]) => {
      const li = document.querySelectorAll('#run-list > li')[r];
      return Number(/epoch (\d+)/.exec(li?.querySelector('.run-progress')?.textContent ?? '')?.[1] ?? 0) >= e;
    }, [row, epochs], { timeout: 20000 });
  }
}

test('a copied link restores every setting and the same first epochs in a fresh page', async () => {
  const { page, problems, close } = await browser.openPage(linkTo({ rates: [0.02, 0.3], speed: 0,
    settings: { problem: { name: 'circles', noise: 0.15 }, batch_size: 64, seed: 7, epochs: 30 } }));
  await waitReady(page);
  // Change a few things through the controls, then copy the link.
  await page.getByRole('combobox', { name: 'Optimizer', exact: true }).selectOption('rmsprop');
  await page.getByRole('textbox', { name: 'rho' }).fill('0.8');
  await page.getByRole('textbox', { name: 'rho' }).press('Enter');
  await page.getByRole('combobox', { name: 'Surface' }).selectOption('two_basins');
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('"rho":0.8'), null, { timeout: 5000 });
  // A changed optimizer applies mid-run (the network is kept), so this page's history so far mixes
  // two optimizers; Reset replays it from epoch 0 under the settings the link will carry.
  await page.getByRole('button', { name: 'Reset' }).click();
  await page.getByRole('button', { name: 'Copy link' }).click();
  const link = await page.getByRole('textbox', { name: 'Link to these settings' }).inputValue();
  assert.match(decodeURIComponent(link), /"w":\{"surface":"two_basins"\}/);
  await waitEpochs(page, 2, 10);

  const second = await browser.openPage(link.slice(link.indexOf('#')));
  await waitReady(second.page);
  const p2 = second.page;
  assert.equal(await p2.getByRole('combobox', { name: 'Optimizer', exact: true }).inputValue(), 'rmsprop');
  assert.equal(await p2.getByRole('textbox', { name: 'rho' }).inputValue(), '0.8');
  assert.equal(await p2.getByRole('combobox', { name: 'Problem' }).inputValue(), 'circles');
  assert.equal(await p2.getByRole('textbox', { name: 'Seed' }).inputValue(), '7');
  assert.equal(await p2.getByRole('textbox', { name: 'Batch size' }).inputValue(), '64');
  assert.equal(await p2.getByRole('combobox', { name: 'Surface' }).inputValue(), 'two_basins');
  assert.equal(await p2.getByRole('textbox', { name: 'Learning rate of run 2' }).inputValue(), '0.3');
  assert.ok(await p2.locator('#notice').isHidden());

  // Same seed, same settings: the same numbers, epoch for epoch. Read from the loss chart once it
  // draws them: it redraws at the next animation frame, after the run list's counter has moved
  // (once, under CI load, the counter said 10 while the chart still held epoch 0 alone).
  await waitEpochs(p2, 2, 10);
  const drawn = async (p, row) => {
    const deadline = Date.now() + 20000;
    let train = (await runSeries(p, row)).train ?? [];
    while (train.length < 11 && Date.now() < deadline) {
      await p.waitForTimeout(50);
      train = (await runSeries(p, row)).train ?? [];
    }
    return train.slice(0, 11);
  };
  for (const row of [0, 1]) {
    const a = await drawn(page, row);
    const b = await drawn(p2, row);
    assert.equal(a.length, 11);
    assert.deepEqual(b, a, `run ${row + 1}: first 10 epochs identical`);
  }
  assert.deepEqual([...problems, ...second.problems], []);
  await second.close();
  await close();
});

test('CSV export: one row per epoch per run with the rate and the losses; PNG export of a chart', async () => {
  const { page, problems, close } = await browser.openPage(linkTo({ rates: [0.05, 0.5, 30], speed: 0,
    settings: { epochs: 12 } }));
  await waitReady(page);
  await page.waitForFunction(() => /Training has finished/.test(document.getElementById('story').textContent), null, { timeout: 20000 });
  const done = [await epochsDone(page, 0), await epochsDone(page, 1), await epochsDone(page, 2)];

  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export runs (CSV)' }).click()]);
  assert.equal(csvDownload.suggestedFilename(), 'lrlab-runs.csv');
  const csv = await readFile(await csvDownload.path(), 'utf8');
  // The runs' settings come first, on comment lines (tests/e2e/export-settings.test.mjs reads them).
  const [header, ...rows] = csv.trim().split('\n').filter((line) => !line.startsWith('#'));
  assert.equal(header, 'run,rate,epoch,learning_rate,train_loss,val_loss,accuracy,val_accuracy');
  assert.equal(rows.length, done.reduce((a, b) => a + b, 0), `one row per epoch per run (${done})`);
  const cells = rows.map((row) => row.split(','));
  for (const [run, rate] of [[1, 0.05], [2, 0.5], [3, 30]]) {
    const mine = cells.filter((c) => Number(c[0]) === run);
    assert.equal(mine.length, done[run - 1]);
    assert.ok(mine.every((c) => Number(c[1]) === rate));
    assert.deepEqual(mine.map((c) => Number(c[2])), mine.map((_, i) => i + 1));
  }
  const first = await runSeries(page, 1);
  const run2 = cells.filter((c) => c[0] === '2');
  assert.deepEqual(run2.map((c) => Number(c[4])), first.train.slice(1).map(([, y]) => y), 'train_loss as drawn');
  const fraction = (text) => text !== '' && Number(text) >= 0 && Number(text) <= 1;
  assert.ok(run2.every((c) => Number(c[3]) === 0.5 && Number(c[4]) > 0 && Number(c[5]) > 0 && fraction(c[6]) && fraction(c[7])),
    'learning_rate, train_loss, val_loss, accuracy, val_accuracy');

  const [png] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('button', { name: 'Save the chart "Loss against learning rate" as PNG' }).click()]);
  assert.equal(png.suggestedFilename(), 'lrlab-sweep.png');
  const bytes = await readFile(await png.path());
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG file');
  assert.ok(bytes.length > 5000, `an image with content (${bytes.length} bytes)`);
  await png.saveAs(join(artifactsDir, 'export-sweep.png'));
  assert.deepEqual(problems, []);
  await close();
});
