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

// Every run has trained its epochs or diverged, and the page is not playing.
async function trainedView(page) {
  await waitReady(page);
  await page.waitForFunction(() => !document.getElementById('play').disabled
    && [...document.querySelectorAll('#run-list > li')].every((row) => {
      const [, done, of] = /epoch (\d+) of (\d+)/.exec(row.querySelector('.run-progress')?.textContent ?? '') ?? [];
      return (done && done === of) || row.querySelector('.verdict')?.dataset.verdict === 'diverged';
    }), null, { timeout: 30000 });
}

// The CLI's JSON writes a non-finite number as null (JSON has none); the CSV leaves NaN's cell
// empty, as the CLI's CSV does, and writes Infinity out.
const sameCell = (csvText, native) => (native === null ? csvText === '' || !Number.isFinite(Number(csvText))
  : csvText !== '' && Object.is(Number(csvText), native));

// PNG width and height from the IHDR chunk (bytes 16-23, big-endian).
const pngSize = (bytes) => ({ width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) });

// In the page: the image's corner colour, and how many rows of each band (title, chart, summary)
// hold pixels that differ from the corner (ink).
async function inkBands(page, bytes, chartTop, chartBottom) {
  return page.evaluate(async ([b64, top, bottom]) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width;
    canvas.height = img.height;
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const { data } = ctx.getImageData(0, 0, img.width, img.height);
    const corner = [data[0], data[1], data[2]];
    const inkRows = (from, to) => {
      let rows = 0;
      for (let y = from; y < to; y++) {
        for (let x = 0; x < img.width; x++) {
          const i = (y * img.width + x) * 4;
          if (Math.abs(data[i] - corner[0]) + Math.abs(data[i + 1] - corner[1]) + Math.abs(data[i + 2] - corner[2]) > 120) { rows++; break; }
        }
      }
      return rows;
    };
    return { corner, title: inkRows(0, top), chart: inkRows(top, bottom), summary: inkRows(bottom, img.height) };
  }, [bytes.toString('base64'), chartTop, chartBottom]);
}

// Saves the loss chart as PNG and checks the file: 2x, framed, the settings line names `words`.
async function checkLossPng(page, colorScheme, words) {
  const css = await page.evaluate(() => {
    const canvas = document.getElementById('loss-chart');
    const box = canvas.getBoundingClientRect();
    return { width: box.width, height: box.height, ratio: window.devicePixelRatio };
  });
  assert.equal(css.ratio, 1, 'a 1x screen: a 2x export cannot be a copy of the screen pixels');
  const [download] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('button', { name: 'Save the chart "Loss while training" as PNG' }).click()]);
  const path = join(artifactsDir, `export-loss-${colorScheme}.png`);
  await download.saveAs(path);
  const bytes = await readFile(path);
  const { width, height } = pngSize(bytes);
  // Chart.js sizes its canvas to floor(CSS size x ratio).
  assert.equal(width, Math.floor(2 * css.width), `2x the chart's width (${css.width} CSS px)`);
  assert.ok(height > 2 * css.height + 60, `room for a title and a settings line (${height} vs chart ${2 * css.height})`);
  const meta = await page.evaluate(() => window.lrlabLastExport);
  assert.match(meta.title, /Loss while training/);
  for (const word of words) assert.ok(meta.summary.includes(word), `the settings line "${meta.summary}" names ${word}`);
  assert.equal(meta.summaryLines.join(' · '), meta.summary, 'the whole summary is drawn, wrapped at its separators if need be');
  assert.ok(meta.summaryPx >= 22, `readable on a slide: ${meta.summaryPx} px in the 2x image`);
  const bands = await inkBands(page, bytes, meta.chartTop, meta.chartBottom);
  const expected = colorScheme === 'light' ? [255, 255, 255] : [0x12, 0x12, 0x16];
  assert.deepEqual(bands.corner, expected, 'the page\'s background colour');
  assert.ok(bands.title >= 16, `a title is drawn (${bands.title} rows of ink)`);
  assert.ok(bands.summary >= 12, `a settings line is drawn (${bands.summary} rows of ink)`);
  assert.ok(bands.chart > css.height, 'the chart itself');
  // The page's own chart is back at the screen's resolution.
  assert.equal(await page.evaluate(() => document.getElementById('loss-chart').width), Math.floor(css.width));
}

test('CSV export carries each run\'s settings and the CLI reproduces every run from the file; PNG in light mode', async () => {
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
  assert.equal(header, 'run,rate,epoch,learning_rate,train_loss,val_loss,accuracy,val_accuracy');
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
      for (const [column, series] of [[3, 'learning_rate'], [4, 'train_loss'], [5, 'val_loss'], [6, 'accuracy'], [7, 'val_accuracy']]) {
        assert.ok(sameCell(cells[column], native.history[series][e]), `run ${run}, epoch ${e + 1}, ${series}: page ${cells[column]} vs CLI ${native.history[series][e]}`);
      }
    });
  }
  // Without --run, a file of several runs is refused with a message that says how to choose.
  assert.throws(() => execFileSync(cliPath, ['run', path], { encoding: 'utf8', stdio: 'pipe' }),
    (error) => /--run/.test(String(error.stderr)));

  // The same page's loss chart as a PNG, light mode: its settings line names these settings.
  await checkLossPng(page, 'light', ['circles (300 samples', 'Adam (beta_1 0.85)', 'schedule cosine per step (decay_steps 60)',
    'plateau: val_loss ×0.5 after 2', 'batch 50', '14 epochs', 'seed 5', 'rates 0.003, 0.05, 40']);
  assert.deepEqual(problems, []);
  await close();
});

test('PNG export in dark mode: the loss chart and the loss-against-rate chart, framed and 2x', async () => {
  const { page, problems, close } = await browser.openPage(linkTo({ rates: [0.01, 0.5, 30], speed: 0,
    settings: { epochs: 20, optimizer: { name: 'sgd', momentum: 0.5 } } }), { colorScheme: 'dark' });
  await trainedView(page);
  await checkLossPng(page, 'dark', ['moons', 'SGD (momentum 0.5)', 'constant rate', 'full batch (410 samples)', '20 epochs', 'seed 1', 'rates 0.01, 0.5, 30']);
  await page.waitForFunction(() => /Sweep: \d+ rates × \d+ epochs in/.test(document.getElementById('sweep-status').textContent), null, { timeout: 40000 });
  const css = await page.evaluate(() => document.getElementById('sweep-chart').getBoundingClientRect().width);
  const [download] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('button', { name: 'Save the chart "Loss against learning rate" as PNG' }).click()]);
  const path = join(artifactsDir, 'export-sweep-framed.png');
  await download.saveAs(path);
  const bytes = await readFile(path);
  assert.equal(pngSize(bytes).width, Math.floor(2 * css));
  const meta = await page.evaluate(() => window.lrlabLastExport);
  // The sweep's own shape, not the runs' 20 epochs: each dot trained a fresh network 50 epochs.
  assert.match(meta.summary, /sweep: 64 rates 0\.0001 to 100, 50 epochs each/, meta.summary);
  assert.doesNotMatch(meta.summary, /\b20 epochs\b/, meta.summary);
  assert.match(meta.summary, /runs at 0\.01, 0\.5, 30$/);
  assert.equal(meta.summaryLines.join(' · '), meta.summary, 'the whole summary is drawn, wrapped at its separators if need be');
  const bands = await inkBands(page, bytes, meta.chartTop, meta.chartBottom);
  assert.ok(bands.title >= 16 && bands.summary >= 12, JSON.stringify(bands));
  assert.deepEqual(problems, []);
  await close();
});
