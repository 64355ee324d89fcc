// Exports that carry their settings: the CSV names every run's settings JSON on a comment line,
// and the native CLI reproduces each run from the downloaded file alone (`lrlab run FILE --run N`),
// number for number; each PNG is drawn at twice the chart's size with a title, the legend and a
// one-line settings summary, on the page's background colour.
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

async function trainedView(page) {
  await waitReady(page);
  await page.waitForFunction(() => /Training has (stopped|finished)/.test(document.getElementById('story').textContent), null, { timeout: 30000 });
}

// The CLI writes a non-finite number as null (JSON has none); the CSV as JavaScript prints it.
const sameCell = (csvText, native) => (native === null ? !Number.isFinite(Number(csvText)) : Object.is(Number(csvText), native));

test('CSV export carries each run\'s settings and the CLI reproduces every run from the file', async () => {
  // Three rates (one diverges), Adam with a per-step schedule and the plateau callback: settings
  // that a file without them could never reproduce.
  const settings = {
    epochs: 14, problem: { name: 'circles', samples: 300 }, batch_size: 50, seed: 5,
    optimizer: { name: 'adam', beta_1: 0.85 }, schedule: { name: 'cosine', granularity: 'step', decay_steps: 60 },
    plateau: { enabled: true, patience: 2, factor: 0.5 },
  };
  const { page, problems, close } = await browser.openPage(linkTo({ rates: [0.003, 0.05, 40], speed: 0, settings }));
  await trainedView(page);
  const done = [await epochsDone(page, 0), await epochsDone(page, 1), await epochsDone(page, 2)];

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export runs (CSV)' }).click()]);
  const path = join(artifactsDir, 'export-runs.csv');
  await download.saveAs(path);
  const text = await readFile(path, 'utf8');
  const lines = text.trim().split('\n');
  const comments = lines.filter((line) => line.startsWith('#'));
  const [header, ...rows] = lines.filter((line) => !line.startsWith('#'));
  assert.equal(header, 'run,rate,epoch,train_loss,val_loss,accuracy,learning_rate');
  assert.ok(lines.indexOf(header) > 0 && lines.slice(0, lines.indexOf(header)).every((line) => line.startsWith('#')), 'the settings come first');
  for (const run of [1, 2, 3]) {
    const line = comments.find((c) => c.startsWith(`# settings run ${run}: {`));
    assert.ok(line, `run ${run}'s settings line`);
    const json = JSON.parse(line.slice(line.indexOf('{')));
    assert.equal(json.optimizer.learning_rate, [0.003, 0.05, 40][run - 1]);
    assert.equal(json.optimizer.beta_1, 0.85);
    assert.equal(json.schedule.decay_steps, 60);
    assert.equal(json.plateau.patience, 2);
  }

  // The CLI on the downloaded file: each run's history equals the page's, number for number.
  for (const run of [1, 2, 3]) {
    const native = JSON.parse(execFileSync(cliPath, ['run', path, '--run', String(run), '--epochs', String(done[run - 1]), '--json'], { encoding: 'utf8' }));
    const mine = rows.map((row) => row.split(',')).filter((cells) => Number(cells[0]) === run);
    assert.equal(mine.length, done[run - 1], `run ${run}: rows`);
    assert.equal(native.history.train_loss.length, mine.length, `run ${run}: the CLI trained as many epochs`);
    mine.forEach((cells, e) => {
      for (const [column, series] of [[3, 'train_loss'], [4, 'val_loss'], [5, 'accuracy'], [6, 'learning_rate']]) {
        assert.ok(sameCell(cells[column], native.history[series][e]), `run ${run}, epoch ${e + 1}, ${series}: page ${cells[column]} vs CLI ${native.history[series][e]}`);
      }
    });
  }
  // Without --run, a file of several runs is refused with a message that says how to choose.
  assert.throws(() => execFileSync(cliPath, ['run', path], { encoding: 'utf8', stdio: 'pipe' }),
    (error) => /--run/.test(String(error.stderr)));
  assert.deepEqual(problems, []);
  await close();
});
