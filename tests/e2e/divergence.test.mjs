// A run whose rate is far too high diverges: it stops, its curve is drawn up to its last finite
// point with a marker and a label there, the page explains it in words, and no NaN or Infinity
// reaches the chart.
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
  assert.match(await page.textContent('#story'), /diverged: the steps grew larger than the valley and the loss blew up in epoch \d+/);
  assert.ok(await allChartValuesFinite(page));
  // The healthy run went on to its end; the diverged one stopped where it broke.
  await page.waitForFunction(() => /epoch 40 of 40/.test(document.querySelector('#run-list .run-progress').textContent));
  const done = await epochsDone(page, 1);
  assert.ok(done < 40);
  // One numbering on the card, the record's: the epoch it blew up in is the one after the last
  // finished, wherever the card says it (the progress line, the core's sentence).
  const card = (await runRows(page))[1];
  const inProgress = /diverged in epoch (\d+)/.exec(card.progress)?.[1];
  const inSentence = /infinite at epoch (\d+)/.exec(card.caption)?.[1];
  assert.equal(inProgress, String(done + 1), `progress "${card.progress}" after ${done} finished epochs`);
  assert.equal(inSentence, inProgress, `"${card.progress}" beside "${card.caption}"`);
  assert.deepEqual(problems, []);
  await close();
});
