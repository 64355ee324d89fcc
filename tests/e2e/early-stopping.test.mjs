// EarlyStopping on the page: its control beside ReduceLROnPlateau's turns it on, the run stops
// where the native CLI stops for the same settings (from the page's own CSV export), the loss chart
// marks the stop with the core's words, the run's verdict says "stopped early at epoch N: no
// improvement for P epochs", Play says why the run does not move, and the link keeps it all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { artifactsDir, startBrowser } from './browser.mjs';
import { linkTo, waitReady, runSeries, runRows } from './page-helpers.mjs';

const cliPath = process.env.LRLAB_CLI ?? 'build/cli/lrlab';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

// The stop marker's point, once the chart has one: {x, text} (text: the label drawn beside it).
function stopMarker(page) {
  return page.waitForFunction(() => {
    const set = window.Chart.getChart(document.getElementById('loss-chart')).data.datasets
      .find((d) => d.lrlab?.role === 'early-stop' && d.data.length && d.data[0].text);
    return set ? { x: set.data[0].x, text: set.data[0].text } : null;
  }, null, { timeout: 30000 }).then((handle) => handle.jsonValue());
}

// A validation loss that stops improving: noisy moons at a full-batch SGD rate of 2 (at 0.5 it
// falls every epoch for 60 epochs, and nothing stops).
const settings = { problem: { name: 'moons', noise: 0.3 }, optimizer: { name: 'sgd' }, epochs: 60 };

test('the control stops the run where the CLI does; the chart marks it; the verdict says it', async () => {
  const { page, problems, close } = await browser.openPage(linkTo({ settings, rates: [2], speed: 0 }));
  await waitReady(page);
  const toggle = page.getByRole('checkbox', { name: 'Stop when the monitored loss stops improving (EarlyStopping)' });
  assert.ok(await toggle.isVisible(), 'the control is on the page, in the callbacks card');
  assert.ok(await page.getByRole('heading', { name: 'Early stopping' }).isVisible());
  await toggle.check();
  const patience = page.locator('[data-field="early_stopping.patience"] input[type="text"]');
  await patience.fill('3');
  await patience.press('Enter');
  await page.locator('[data-field="early_stopping.restore_best_weights"] input[type="checkbox"]').check();

  // Wait for the run of the final settings (patience 3, restoring) to stop.
  await page.waitForFunction(() => /"patience":3,[^}]*"restore_best_weights":true/.test(decodeURIComponent(location.hash)), null, { timeout: 10000 });
  const marker = await page.waitForFunction(async () => {
    const set = window.Chart.getChart(document.getElementById('loss-chart')).data.datasets
      .find((d) => d.lrlab?.role === 'early-stop' && d.data.length && d.data[0].text);
    const caption = document.querySelector('#run-list > li .run-caption')?.textContent ?? '';
    // Patience 3 stops with exactly 3 epochs without improvement (the wait counts one per epoch);
    // this keeps the caption of an earlier run (patience 0, as the control was turned on) from counting.
    return set && caption.includes('no improvement for 3 epochs') ? { x: set.data[0].x, text: set.data[0].text } : null;
  }, null, { timeout: 30000 }).then((handle) => handle.jsonValue());

  // The CLI on the page's own CSV export stops after the same epoch, with the same losses.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export runs (CSV)' }).click()]);
  const path = join(artifactsDir, 'early-stopping-runs.csv');
  await download.saveAs(path);
  const native = JSON.parse(execFileSync(cliPath, ['run', path, '--json'], { encoding: 'utf8' }));
  const stop = native.history.events.find((event) => event.kind === 'early_stop');
  assert.ok(stop, 'the CLI stopped early too');
  assert.equal(native.settings.early_stopping.patience, 3);
  assert.equal(stop.patience, 3);
  assert.equal(native.history.train_loss.length, stop.epoch + 1);
  const { train } = await runSeries(page, 0);
  assert.equal(train.length, stop.epoch + 2, 'the chart draws the loss before training and each epoch trained');
  train.slice(1).forEach(([, y], e) => assert.ok(Object.is(y, native.history.train_loss[e]), `epoch ${e + 1}: page ${y} vs CLI ${native.history.train_loss[e]}`));
  const rows = (await readFile(path, 'utf8')).split('\n').filter((line) => /^1,/.test(line));
  assert.equal(rows.length, stop.epoch + 1, 'the CSV has the epochs trained');

  // The marker sits after the epoch it stopped, labelled in the core's words.
  const words = `stopped early at epoch ${stop.epoch + 1}: no improvement for ${stop.wait} epochs`;
  assert.equal(marker.x, stop.epoch + 1);
  assert.equal(marker.text, words);
  const [row] = await runRows(page);
  assert.ok(row.caption.includes(`${words}.`), row.caption);

  // Play cannot move it, and says why.
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.locator('#transport-status').getByText(`Run 1 ${words} (early stopping)`).waitFor({ timeout: 5000 });

  // The link keeps it: a fresh page from this address has the control on and stops at the same epoch.
  const address = page.url();
  const again = await browser.openPage(address.slice(address.indexOf('#')));
  await waitReady(again.page);
  assert.ok(await again.page.getByRole('checkbox', { name: 'Stop when the monitored loss stops improving (EarlyStopping)' }).isChecked());
  assert.equal(await again.page.locator('[data-field="early_stopping.patience"] input[type="text"]').inputValue(), '3');
  assert.deepEqual(await stopMarker(again.page), marker);
  await again.close();

  // A bad value is named beside its control, and the run survives.
  const baseline = page.locator('[data-field="early_stopping.baseline"] input[type="text"]');
  await baseline.fill('1e12');
  await baseline.press('Enter');
  await page.locator('[data-field="early_stopping.baseline"]').getByText(/^baseline: 1e12 is not allowed: must be at least -1e9 and at most 1e9, or null for none\. Type another value; baseline stays .+ until then\.$/).waitFor({ timeout: 5000 });
  assert.equal((await runSeries(page, 0)).train.length, stop.epoch + 2);
  assert.deepEqual(problems, []);
  await close();
});
