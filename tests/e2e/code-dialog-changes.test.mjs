// "As code" for runs changed while they trained, in Chromium, as a student makes them on the
// page: a decay branch ("Continue from here with..." and its decay to the end) is named in the
// dialog as the page names it elsewhere ("decay to 1% from epoch 0", the legend's words), never
// "Custom formula"; and a run whose ReduceLROnPlateau was turned on while it played has listings
// that turn it on where the run did (no note saying the listing trains other settings): its PyTorch
// listing, run by Debian's python3-torch, prints the losses the page's CSV export holds.
// Screenshots of the dialog at 1280x800: build/artifacts/code-dialog-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifactsDir, startBrowser } from './browser.mjs';
import { epochsDone, epochsReached, linkTo, waitReady } from './page-helpers.mjs';

// Debian's interpreter, which has python3-torch (tests/wasm/code-export-run.test.mjs).
const python = process.env.LRLAB_TORCH_PYTHON ?? '/usr/bin/python3';
const VIEWPORT = { width: 1280, height: 800 };

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });


async function pause(page) {
  await page.locator('#pause').click();
  await page.waitForFunction(() => !window.__lrlab.model.get().transport.playing, null, { timeout: 10000 });
}

// The dialog opened on the PyTorch tab: the picker's words for every run.
async function openCode(page) {
  await page.getByRole('button', { name: 'As code' }).click();
  const dialog = page.getByRole('dialog', { name: 'This run as code' });
  await dialog.waitFor();
  await page.locator('#code-tab-pytorch').click();
  return page.locator('#code-run option').allTextContents();
}

// The listing run as written; the training loss it prints for each epoch.
function printedLosses(listing) {
  const folder = mkdtempSync(join(tmpdir(), 'lrlab-dialog-listing-'));
  try {
    writeFileSync(join(folder, 'run.py'), listing);
    return execFileSync(python, ['run.py'], { cwd: folder, encoding: 'utf8', maxBuffer: 1 << 26 })
      .split('\n').filter((line) => line.startsWith('epoch ')).map((line) => Number(/ loss (\S+)/.exec(line)[1]));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

test('a decay branch is named in the code dialog as the page names it, not "Custom formula"', async () => {
  const settings = { epochs: 300, problem: { name: 'moons', samples: 200 }, batch_size: 20, optimizer: { name: 'sgd' } };
  const { page, problems, close } = await browser.openPage(linkTo({ rates: [0.3], speed: 15, settings }), { viewport: VIEWPORT });
  await waitReady(page);
  await epochsReached(page, 0, 3);
  await pause(page);
  // The branch form, by its labels: from epoch 0, a lower rate and a decay to the end.
  const card = page.locator('#run-list > li').first();
  await card.getByText('Continue from here with…').click();
  await card.getByLabel('From epoch').fill('0');
  await card.getByLabel('Learning rate', { exact: true }).fill('0.1');
  await card.getByLabel(/let the rate decay to 1% by the end/).check();
  await card.getByRole('button', { name: 'Continue as a new run' }).click();
  await epochsReached(page, 1, 3).catch(async (error) => {
    // What the page said instead (a refusal beside the form, the runs' epochs), for the failure.
    const said = await page.locator('#run-list').textContent();
    throw new Error(`the branch did not train: ${said.slice(0, 600)} (${error.message})`);
  });
  // The legend's words for the branch (the chart draws them on its next frame).
  await page.waitForFunction(() => window.Chart.getChart(document.getElementById('loss-chart')).data.datasets
    .filter((d) => d.lrlab?.role === 'train')[1]?.label.includes('decay to 1% from epoch 0'), null, { timeout: 10000 });

  // The schedule preview draws each run's rate as it trains it: the branch's 0.1 decaying to 1%
  // of it by epoch 300 (lr0 * max(0.01, 1 - epoch / 300)), its parent's constant 0.3.
  const preview = await (await page.waitForFunction(() => {
    const sets = window.Chart.getChart(document.getElementById('schedule-chart')).data.datasets
      .filter((d) => d.lrlab?.role === 'schedule');
    return sets.length === 2 && sets.every((d) => d.data.length === 300) ? sets.map((d) => d.data.map((p) => p.y)) : null;
  }, null, { timeout: 10000 })).jsonValue();
  assert.ok(preview[0].every((rate) => rate === 0.3), 'run 1 keeps its constant rate');
  for (const epoch of [0, 1, 100, 150, 298, 299]) {
    const expected = 0.1 * Math.max(0.01, 1 - epoch / 300);
    assert.ok(Math.abs(preview[1][epoch] - expected) <= 1e-12 * expected, `branch at epoch ${epoch}: ${preview[1][epoch]}, the formula ${expected}`);
  }

  const choices = await openCode(page);
  assert.equal(choices.length, 2);
  assert.ok(choices.every((words) => !words.includes('Custom formula')), choices.join(' | '));
  assert.match(choices[1], /^run 2 \(.*decay to 1% from epoch 0.*\)$/, choices.join(' | '));
  assert.match(choices[0], /^run 1 \(.*schedule Constant.*\)$/, choices.join(' | '));
  assert.equal(await page.locator('#code-run').inputValue(), '1', 'the dialog opens on the branch just made');
  // A run picked in the dialog stays picked while it is there.
  await page.locator('#code-run').selectOption('0');
  await page.locator('#code-dialog .dialog-close').click();
  await openCode(page);
  assert.equal(await page.locator('#code-run').inputValue(), '0', 'the run picked last time');
  await page.locator('#code-run').selectOption('1');
  const listing = await page.locator('#code-text').textContent();
  assert.match(listing, /^ {4}# decay to 1% from epoch 0: lr0 \* max\(0\.01, 1 - \(epoch - 0\) \/ 300\)$/m, 'the listing names the schedule too');
  // A branch from epoch 0 changes the rate before any update: the listing says so.
  assert.match(listing, /^LR0 = 0\.3 {2}# the learning rate this run started with$/m);
  assert.match(listing, /^ {4}if epoch == 0: {2}# change 1, before the first epoch$/m);
  await page.screenshot({ path: join(artifactsDir, 'code-dialog-decay-branch.png') });
  assert.deepEqual(problems, []);
  await close();
});

test('plateau turned on while a run plays: the listings turn it on there, and PyTorch prints the page\'s losses', async () => {
  const settings = { epochs: 60, problem: { name: 'sine', samples: 200 }, batch_size: 20, optimizer: { name: 'sgd', momentum: 0.9 } };
  const { page, problems, close } = await browser.openPage(linkTo({ rates: [0.05], speed: 15, settings }), { viewport: VIEWPORT });
  await waitReady(page);
  await epochsReached(page, 0, 3);
  // ReduceLROnPlateau on, with a patience short enough to cut within the run, as the controls set it.
  const toggle = page.locator('[data-field="plateau.enabled"]');
  await toggle.evaluate((box) => { for (let d = box.closest('details'); d; d = d.parentElement?.closest('details')) d.open = true; });
  await toggle.check();
  const patience = page.locator('input.value-field[data-field="plateau.patience"]');
  await patience.fill('2');
  await patience.press('Enter');
  await epochsReached(page, 0, 60);
  const changes = await page.evaluate(() => {
    const model = window.__lrlab.model.get();
    return model.runs.get(model.state.runs[0].key).replaySettings?.changes ?? [];
  });
  assert.ok(changes.length >= 1 && changes.every((c) => c.plateau), `plateau changes recorded: ${JSON.stringify(changes)}`);
  const turnedOn = changes[0].epoch;
  assert.ok(turnedOn >= 3, `turned on after the run began (epoch ${turnedOn})`);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export runs (CSV)' }).click()]);
  const path = join(artifactsDir, 'code-dialog-plateau.csv');
  await download.saveAs(path);
  const rows = readFileSync(path, 'utf8').trim().split('\n').filter((line) => !line.startsWith('#')).slice(1).map((line) => line.split(','));
  assert.equal(rows.length, await epochsDone(page, 0));

  await openCode(page);
  const pytorch = await page.locator('#code-text').textContent();
  await page.screenshot({ path: join(artifactsDir, 'code-dialog-plateau.png') });
  assert.doesNotMatch(pytorch, /This listing trains/, 'no note that the listing trains other settings');
  assert.match(pytorch, /the loop below makes each change/);
  assert.match(pytorch, /# change 1, after [^\n]*\n(?:.*\n)*? +plateau = torch\.optim\.lr_scheduler\.ReduceLROnPlateau\(/,
    'the PyTorch loop makes a new plateau callback where the run turned it on');
  const printed = printedLosses(pytorch);
  assert.equal(printed.length, rows.length, 'one line per epoch');
  rows.forEach((row, e) => {
    const relative = Math.abs(printed[e] - Number(row[4])) / Math.abs(Number(row[4]));
    assert.ok(relative <= 1e-10, `epoch ${e + 1}: listing ${printed[e]}, page ${row[4]}`);
  });
  await page.locator('#code-tab-keras').click();
  const keras = await page.locator('#code-text').textContent();
  assert.doesNotMatch(keras, /This listing trains/, 'no note that the listing trains other settings');
  assert.match(keras, /keras\.callbacks\.ReduceLROnPlateau\(monitor="val_loss", factor=0\.1, patience=2,/, 'Keras turns the callback on with the patience set');
  assert.deepEqual(problems, []);
  await close();
});
