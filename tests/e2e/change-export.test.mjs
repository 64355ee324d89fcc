// A run changed while it plays, and a branch of it, in Chromium: the page records each change in
// the run's settings, the CSV export carries them, and the native CLI replays both runs from the
// downloaded file (`lrlab run FILE --run N`) to the page's numbers, bit for bit. The branch is
// drawn from its epoch on, its first point on its parent's curve. The page's address keeps both.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifactsDir, startBrowser } from './browser.mjs';
import { epochsDone, epochsReached, linkTo, runSeries, waitReady } from './page-helpers.mjs';

const cliPath = process.env.LRLAB_CLI ?? 'build/cli/lrlab';
// Debian's interpreter, which has python3-torch (tests/wasm/code-export-run.test.mjs).
const python = process.env.LRLAB_TORCH_PYTHON ?? '/usr/bin/python3';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });


// The loss chart has drawn the run in the row up to that epoch (it draws on the next frame).
const drawnTo = (page, row, epochs) => page.waitForFunction(([n, e]) => {
  const key = document.querySelectorAll('#run-list > li')[n]?.dataset.key;
  const train = window.Chart.getChart(document.getElementById('loss-chart')).data.datasets
    .find((d) => d.lrlab?.key === key && d.lrlab?.role === 'train');
  return train?.data.at(-1)?.x === e;
}, [row, epochs], { timeout: 10000 });

// Pause, and wait for the worker's answer: its last increment (the epochs it trained before it
// stopped) comes with the transport's new state.
async function pause(page) {
  await page.locator('#pause').click();
  await page.waitForFunction(() => !window.__lrlab.model.get().transport.playing, null, { timeout: 10000 });
}

async function typeRate(page, text) {
  const field = page.getByRole('textbox', { name: 'Learning rate of run 1', exact: true });
  await field.fill(text);
  await field.press('Enter');
}

// The CLI's JSON writes a non-finite number as null; the CSV leaves NaN's cell empty.
const sameCell = (csvText, native) => (native === null ? csvText === '' || !Number.isFinite(Number(csvText))
  : csvText !== '' && Object.is(Number(csvText), native));

test('a run changed twice while it plays and a branch of it: exported, the CLI replays both exactly', async () => {
  // Slow enough to change it twice while it plays, however long the page took to be ready.
  const settings = { epochs: 300, problem: { name: 'moons', samples: 200 }, batch_size: 20, optimizer: { name: 'sgd', momentum: 0.9 } };
  const { page, problems, close } = await browser.openPage(linkTo({ rates: [0.1], speed: 15, settings }));
  await waitReady(page);
  await epochsReached(page, 0, 2);
  await typeRate(page, '0.03');
  await epochsReached(page, 0, (await epochsDone(page, 0)) + 4);
  await typeRate(page, '0.3');
  await epochsReached(page, 0, (await epochsDone(page, 0)) + 4);
  await pause(page);
  const parentEpochs = await epochsDone(page, 0);
  // Where the page applied the first change (the ◆ on its curve): the branch starts two epochs on.
  const firstChange = await page.evaluate(() => {
    const model = window.__lrlab.model.get();
    return model.runs.get(model.state.runs[0].key).segments[1].epoch;
  });
  const at = firstChange + 2;

  // "What if I had lowered the rate there?", by keyboard-reachable controls with labels.
  const card = page.locator('#run-list > li').first();
  await card.getByText('Continue from here with…').click();
  await card.getByLabel('From epoch').fill(String(at));
  await card.getByLabel('Learning rate', { exact: true }).fill('0.005');
  await card.getByRole('button', { name: 'Continue as a new run' }).click();
  await epochsReached(page, 1, parentEpochs);
  assert.match(await page.locator('#run-list > li').nth(1).locator('.run-branch').textContent(),
    new RegExp(`^Branch of run 1 at epoch ${at}: from there, rate 0\\.005\\.$`));

  // Drawn once: the branch's curve starts at its epoch, on its parent's point there.
  await drawnTo(page, 1, parentEpochs);
  const parent = await runSeries(page, 0);
  const branch = await runSeries(page, 1);
  assert.equal(branch.train[0][0], at);
  assert.deepEqual(branch.train[0], parent.train.find(([x]) => x === at));
  assert.ok(branch.change.some(([x]) => x === at), 'the branch point is marked');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export runs (CSV)' }).click()]);
  const path = join(artifactsDir, 'change-export.csv');
  await download.saveAs(path);
  const lines = (await readFile(path, 'utf8')).trim().split('\n');
  const exported = (run) => JSON.parse(lines.find((line) => line.startsWith(`# settings run ${run}: `)).replace(/^# settings run \d+: /, ''));
  assert.deepEqual(exported(1).changes.map((c) => c.optimizer.learning_rate), [0.03, 0.3]);
  assert.deepEqual(exported(2).changes.map((c) => [c.epoch, c.optimizer.learning_rate]), [[firstChange, 0.03], [at, 0.005]]);
  const rows = lines.filter((line) => !line.startsWith('#')).slice(1).map((line) => line.split(','));
  for (const run of [1, 2]) {
    const mine = rows.filter((row) => row[0] === String(run));
    assert.equal(mine.length, parentEpochs, `run ${run}: every epoch`);
    const native = JSON.parse(execFileSync(cliPath, ['run', path, '--run', String(run), '--epochs', String(mine.length), '--json'],
      { encoding: 'utf8' })).history;
    mine.forEach((row, e) => {
      for (const [column, name] of [[3, 'learning_rate'], [4, 'train_loss'], [5, 'val_loss'], [6, 'accuracy']]) {
        assert.ok(sameCell(row[column], native[name][e]), `run ${run} epoch ${e + 1} ${name}: page ${row[column]}, CLI ${native[name][e]}`);
      }
    });
  }

  // "As code" of a changed run and of the branch makes their changes where they were made: each
  // PyTorch listing, run as written by Debian's python3-torch, prints the losses the CSV holds.
  await page.getByRole('button', { name: 'As code' }).click();
  await page.locator('#code-tab-pytorch').click();
  for (const run of [1, 2]) {
    await page.locator('#code-run').selectOption(String(run - 1));
    const listing = await page.locator('#code-text').textContent();
    assert.match(listing, /the loop below makes each change/, `run ${run}: its listing replays its changes`);
    const folder = mkdtempSync(join(tmpdir(), 'lrlab-change-listing-'));
    try {
      writeFileSync(join(folder, 'run.py'), listing);
      const printed = execFileSync(python, ['run.py'], { cwd: folder, encoding: 'utf8', maxBuffer: 1 << 26 })
        .split('\n').filter((line) => line.startsWith('epoch ')).map((line) => Number(/ loss (\S+)/.exec(line)[1]));
      rows.filter((row) => row[0] === String(run)).forEach((row, e) => {
        const relative = Math.abs(printed[e] - Number(row[4])) / Math.abs(Number(row[4]));
        assert.ok(relative <= 1e-10, `run ${run} epoch ${e + 1}: listing ${printed[e]}, page ${row[4]}`);
      });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }
  await page.locator('#code-dialog .dialog-close').click();
  assert.deepEqual(problems, []);

  // At the page's cursor (model.cursor, {epoch, step}): "here" is its epoch, where the form starts.
  await page.evaluate(() => window.__lrlab.model.update({ cursor: { epoch: 5, step: 0 } }));
  const summary = card.locator('.branch-form > summary');
  await page.waitForFunction(() => document.querySelector('#run-list > li .run-then')?.textContent.startsWith('At epoch 5: '));
  await summary.click();
  await page.waitForFunction(() => document.querySelector('#run-list > li .branch-epoch')?.value === '5');
  await summary.click();
  await page.evaluate(() => window.__lrlab.model.update({ cursor: null }));

  // The page's address keeps both: opened, it replays the changed run and the branch to the same curves.
  const hash = await page.evaluate(() => location.hash);
  await close();
  const again = await browser.openPage(linkTo({}).replace(/^#.*/, hash));
  await waitReady(again.page);
  await epochsReached(again.page, 0, parentEpochs);
  await epochsReached(again.page, 1, parentEpochs);
  await pause(again.page);
  await drawnTo(again.page, 0, await epochsDone(again.page, 0));
  await drawnTo(again.page, 1, await epochsDone(again.page, 1));
  const upTo = (points) => points.filter(([x]) => x <= parentEpochs);
  assert.deepEqual(upTo((await runSeries(again.page, 0)).train), upTo(parent.train), 'the changed run, replayed from the link');
  assert.deepEqual(upTo((await runSeries(again.page, 1)).train), upTo(branch.train), 'the branch, from the link');
  assert.deepEqual(again.problems, []);
  await again.close();
});
