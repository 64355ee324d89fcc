// The page's CSV picker and files as people have them: a European table (cells separated by
// semicolons, decimal commas) trains and its summary says how it was read, in the core's words;
// a picture renamed .csv is called not text; a decimal comma in a comma-separated file gets
// advice about decimal commas, not "remove the column".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifactsDir, startBrowser } from './browser.mjs';
import { waitReady } from './page-helpers.mjs';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

const problemSelect = '#problem-controls select[data-field="problem.name"]';
const fileInput = '#problem-controls input[type="file"][data-field="problem.data"]';
const status = '#problem-controls .csv-status';
const errorLine = '#problem-controls .csv-drop > .field-error';

test('a semicolon file with decimal commas trains; not-text and decimal-comma files get advice that fits', async () => {
  const { page, problems, close } = await browser.openPage('', { viewport: { width: 1280, height: 800 } });
  await waitReady(page);
  await page.setInputFiles(fileInput, 'tests/data/csv/good-european.csv');
  await page.waitForFunction((selector) => /good-european/.test(document.querySelector(selector)?.textContent ?? ''), status, { timeout: 20000 });
  assert.equal(await page.textContent(status),
    'good-european.csv: 45 rows, 3 features; target "Art", 3 classes (Birke, Eiche, Kiefer). ' +
    'Cells separated by semicolons; decimal commas read as decimal points ("1,789" as 1.789).');
  // The page adopts it (its link says so) and it trains: every run's training loss is finite.
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('"name":"csv"'), null, { timeout: 20000 });
  assert.equal(await page.inputValue(problemSelect), 'csv');
  await page.waitForFunction(() => window.Chart.getChart(document.getElementById('loss-chart')).data.datasets
    .filter((d) => d.lrlab?.role === 'train').every((d) => d.data.length >= 3 && d.data.every((p) => Number.isFinite(p.y))),
  null, { timeout: 30000 });
  await page.locator('#problem-controls .csv-drop').screenshot({ path: join(artifactsDir, 'csv-european.png') });

  const bad = [
    ['bad-image.csv', /^bad-image\.csv: this file is not text: row 2 holds a control character \(byte 0x1A\), as images, \.xlsx spreadsheets and other binary files do: save the table as CSV text$/],
    ['bad-decimal-comma.csv', /^bad-decimal-comma\.csv: row 6, column 1 \("width"\): "1,40" is not a number: decimal commas are read only in files whose cells are separated by semicolons or tabs \(write 1\.40, or separate the cells with semicolons\)$/],
  ];
  for (const [file, message] of bad) {
    await page.setInputFiles(fileInput, join('tests/data/csv', file));
    const error = page.locator(errorLine);
    await error.waitFor({ state: 'visible', timeout: 10000 });
    await page.waitForFunction(([selector, name]) => document.querySelector(selector)?.textContent.startsWith(name), [errorLine, file], { timeout: 10000 });
    assert.match(await error.textContent(), message);
    assert.doesNotMatch(await error.textContent(), /1 column|remove the column/);
    // The good file stays loaded.
    assert.match(await page.textContent(status), /^good-european\.csv/);
    if (file === 'bad-image.csv') {
      await page.locator('#problem-controls .csv-drop').screenshot({ path: join(artifactsDir, 'csv-not-text.png') });
    }
  }
  await page.locator('#problem-controls .csv-drop').screenshot({ path: join(artifactsDir, 'csv-advice.png') });
  assert.deepEqual(problems, []);
  await close();
});
