// Every optimizer added from Keras 3 trains on the page exactly as natively: the page's CSV
// export of a run and the native CLI's history from that file (`lrlab run FILE --run 1`) agree
// bit for bit, epoch by epoch. The page runs the same wasm module as Node (tests/wasm/parity), so
// this also checks that its controls hand each optimizer's settings through unchanged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { artifactsDir, startBrowser } from './browser.mjs';
import { linkTo, waitReady, epochsDone } from './page-helpers.mjs';

const cliPath = process.env.LRLAB_CLI ?? 'build/cli/lrlab';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

// The page's CSV leaves a cell empty where the core has no number (NaN), as the CLI does.
const sameCell = (csvText, native) => (native === null ? csvText === '' || !Number.isFinite(Number(csvText)) : csvText !== '' && Object.is(Number(csvText), native));

// Each with a setting away from its default, where it has one that changes the rule.
const optimizers = [
  { name: 'lion', weight_decay: 0.1 },
  { name: 'ftrl', l1_regularization_strength: 0.001 },
  { name: 'lamb', beta_1: 0.8 },
  { name: 'adafactor', clip_threshold: 0.5 },
  { name: 'muon', ns_steps: 4 },
  { name: 'schedule_free_adamw', warmup_steps: 10 },
  { name: 'schedule_free_sgd', warmup_steps: 10 },
];

test('each new optimizer: the CLI reproduces the page\'s run from its CSV, bit for bit', async () => {
  for (const optimizer of optimizers) {
    const settings = {
      epochs: 6, problem: { name: 'moons', samples: 160 }, model: { hidden: [8, 6] }, batch_size: 20, seed: 3,
      optimizer,
    };
    const rate = optimizer.name === 'ftrl' ? 0.3 : 0.01;
    const { page, problems, close } = await browser.openPage(linkTo({ rates: [rate], speed: 0, settings }));
    try {
      await waitReady(page);
      await page.waitForFunction(() => !document.getElementById('play').disabled
        && /epoch (\d+) of \1/.test(document.querySelector('#run-list > li .run-progress')?.textContent ?? ''),
      null, { timeout: 30000 });
      const done = await epochsDone(page, 0);
      assert.equal(done, 6, `${optimizer.name}: trained every epoch`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export runs (CSV)' }).click()]);
      const path = join(artifactsDir, `optimizer-${optimizer.name}.csv`);
      await download.saveAs(path);
      const lines = (await readFile(path, 'utf8')).trim().split('\n');
      const settingsLine = lines.find((line) => line.startsWith('# settings run 1: {'));
      const json = JSON.parse(settingsLine.slice(settingsLine.indexOf('{')));
      assert.equal(json.optimizer.name, optimizer.name);
      for (const [key, value] of Object.entries(optimizer)) assert.equal(json.optimizer[key], value, `${optimizer.name}.${key}`);
      const [header, ...rows] = lines.filter((line) => !line.startsWith('#')).map((row) => row.split(','));
      const native = JSON.parse(execFileSync(cliPath, ['run', path, '--run', '1', '--json'], { encoding: 'utf8' }));
      assert.equal(native.history.train_loss.length, rows.length, `${optimizer.name}: as many epochs`);
      rows.forEach((cells, e) => {
        // A schedule-free run also has its losses at the weights it reports (x), for such runs only.
        const reported = optimizer.name.startsWith('schedule_free') ? ['reported_train_loss', 'reported_val_loss'] : [];
        if (!reported.length) assert.ok(!header.includes('reported_train_loss'), `${optimizer.name}: no reported columns`);
        for (const series of ['train_loss', 'val_loss', 'accuracy', 'learning_rate', ...reported]) {
          const column = header.indexOf(series);
          assert.ok(column >= 0, `the CSV has a ${series} column: ${header}`);
          assert.ok(sameCell(cells[column], native.history[series][e]),
            `${optimizer.name}, epoch ${e + 1}, ${series}: page ${cells[column]} vs CLI ${native.history[series][e]}`);
        }
      });
      assert.deepEqual(problems, [], `${optimizer.name}: no page errors`);
    } finally {
      await close();
    }
  }
});
