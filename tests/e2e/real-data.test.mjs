// Real data in the page: each built-in table is picked from the problem list, fetched on demand
// and trained on side by side; classification sets show their validation accuracy beside the loss,
// regression (diabetes) does not. The user's CSV: a good file trains (its text target column found
// by the core), and three bad files are refused with the core's message naming row and column
// while the runs carry on untouched.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { artifactsDir, startBrowser } from './browser.mjs';
import { linkTo, waitReady } from './page-helpers.mjs';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

const problemSelect = '#problem-controls select[data-field="problem.name"]';
const fileInput = '#problem-controls input[type="file"][data-field="problem.data"]';

// Waits until the page adopted `name` (its link says so) and every run's core has trained
// `epochs` epochs on it (the worker's accuracy request reads the runs' own histories).
async function waitTrained(page, name, epochs = 3) {
  await page.waitForFunction((n) => decodeURIComponent(location.hash).includes(`"name":"${n}"`), name, { timeout: 20000 });
  await page.waitForFunction(() => window.Chart.getChart(document.getElementById('loss-chart')).data.datasets
    .filter((d) => d.lrlab?.role === 'train').every((d) => d.data.length >= 3 && d.data.every((p) => Number.isFinite(p.y))),
  null, { timeout: 30000 });
}

test('each built-in table trains side by side, with validation accuracy for classification', async () => {
  const { page, problems, close } = await browser.openPage('', { viewport: { width: 1280, height: 800 } });
  await waitReady(page);
  const requested = [];
  page.on('request', (request) => { if (request.url().includes('/data/')) requested.push(new URL(request.url()).pathname); });
  assert.deepEqual(requested, [], 'no table is fetched before it is chosen');
  for (const name of ['iris', 'wine', 'breast_cancer', 'digits', 'diabetes']) {
    await page.selectOption(problemSelect, name);
    await waitTrained(page, name);
    if (name === 'diabetes') {
      await page.waitForFunction(() => document.getElementById('accuracy-readout').hidden, null, { timeout: 5000 });
    } else {
      await page.waitForFunction(() => /^Validation accuracy: run 1: .*%/.test(document.getElementById('accuracy-readout').textContent),
        null, { timeout: 10000 });
      const text = await page.textContent('#accuracy-readout');
      for (const value of text.matchAll(/(\d+\.\d)%/g)) assert.ok(Number(value[1]) >= 0 && Number(value[1]) <= 100, text);
    }
    // The generated problems' samples and noise do not apply to a table: hidden, with a sentence.
    assert.equal(await page.isVisible('#problem-controls [data-field="problem.noise"]'), false);
    assert.ok(await page.isVisible('#problem-controls .real-data-note'));
    if (name === 'digits') await page.screenshot({ path: join(artifactsDir, 'real-data-digits.png') });
  }
  assert.deepEqual(requested.sort(), ['/data/breast_cancer.csv', '/data/diabetes.csv', '/data/digits.csv', '/data/iris.csv', '/data/wine.csv']);
  assert.deepEqual(problems, []);
  await close();
});

test('a good CSV trains; three bad ones are refused naming row and column, runs untouched', async () => {
  const { page, problems, close } = await browser.openPage('', { viewport: { width: 1280, height: 800 } });
  await waitReady(page);
  await page.setInputFiles(fileInput, 'tests/data/csv/good-trees.csv');
  await waitTrained(page, 'csv');
  const status = await page.textContent('#problem-controls .csv-status');
  assert.match(status, /good-trees\.csv: 60 rows, 3 features; target "kind", 3 classes \(birch, oak, pine\)/);
  assert.equal(await page.inputValue(problemSelect), 'csv');
  await page.waitForFunction(() => /Validation accuracy/.test(document.getElementById('accuracy-readout').textContent), null, { timeout: 10000 });
  const hashBefore = await page.evaluate(() => location.hash);

  const bad = [
    ['bad-text-cell.csv', /^bad-text-cell\.csv: row 5, column 2 \("height \(cm\)"\): "tall" is not a number/],
    ['bad-ragged.csv', /^bad-ragged\.csv: row 7 has 3 cells, but row 1 has 4: every row needs one cell per column$/],
    ['bad-one-class.csv', /^bad-one-class\.csv: column 1 \("kind"\), the target: every row holds the same class \("oak"\)/],
  ];
  for (const [file, message] of bad) {
    await page.setInputFiles(fileInput, join('tests/data/csv', file));
    const error = page.locator('#problem-controls .csv-drop > .field-error');
    // The previous file's message is still shown until this file is read: wait for this one's.
    await page.waitForFunction(([source, flags]) => {
      const line = document.querySelector('#problem-controls .csv-drop > .field-error');
      return line && !line.hidden && new RegExp(source, flags).test(line.textContent);
    }, [message.source, message.flags], { timeout: 10000 }).catch(() => {});
    assert.match(await error.textContent(), message);
    // The runs go on with the good file: same settings, still training.
    assert.equal(await page.evaluate(() => location.hash), hashBefore);
    assert.match(await page.textContent('#problem-controls .csv-status'), /^good-trees\.csv/);
  }
  const before = await page.evaluate(() => window.Chart.getChart(document.getElementById('loss-chart')).data.datasets
    .filter((d) => d.lrlab?.role === 'train').map((d) => d.data.length));
  await page.waitForFunction((counts) => window.Chart.getChart(document.getElementById('loss-chart')).data.datasets
    .filter((d) => d.lrlab?.role === 'train').some((d, i) => d.data.length > counts[i]), before, { timeout: 15000 })
    .catch(() => {});  // a run may have reached its epoch count: then it simply stays
  await page.screenshot({ path: join(artifactsDir, 'real-data-csv-error.png') });
  assert.deepEqual(problems, []);
  await close();
});

test('a link to a run on your own CSV says the data is not in the link', async () => {
  const hash = linkTo({ settings: { problem: { name: 'csv' } } });
  const { page, close } = await browser.openPage(hash);
  await waitReady(page);
  assert.match(await page.textContent('#notice'), /your own CSV, and its data is not stored in settings or links/);
  await close();
});

test('the single-file build trains on digits from file://', async () => {
  const out = join(artifactsDir, 'lrlab-real-data.html');
  const wasmDir = resolve(process.env.LRLAB_WASM_DIR ?? 'build/wasm');
  await promisify(execFile)(process.execPath, ['scripts/single-file.mjs', '--wasm-dir', wasmDir, '--out', out]);
  const { page, problems, close } = await browser.openPage(pathToFileURL(out).href);
  await waitReady(page);
  await page.selectOption(problemSelect, 'digits');
  await waitTrained(page, 'digits');
  await page.waitForFunction(() => /^Validation accuracy: run 1: .*%/.test(document.getElementById('accuracy-readout').textContent),
    null, { timeout: 15000 });
  assert.deepEqual(problems, []);
  await close();
});
