// A run whose rate is far too high diverges: it stops, its curve is drawn up to its last finite
// point with a marker and a label there, the page explains it in words, and no NaN or Infinity
// reaches the chart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifactsDir, startBrowser } from './browser.mjs';
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

test('runs that diverge together have their ✕ labels on lines of their own', async () => {
  const { page, problems, close } = await browser.openPage(
    linkTo({ settings: { problem: { name: 'sine' }, epochs: 40 }, rates: [3, 3.3, 3.6], speed: 0 }));
  await waitReady(page);
  await page.waitForFunction(() => document.querySelectorAll('#run-list .verdict[data-verdict="diverged"]').length === 3,
    null, { timeout: 10000 });
  await page.waitForTimeout(300);  // the next frame has drawn them
  const { markers, labels, font } = await page.evaluate(() => {
    const chart = window.Chart.getChart(document.getElementById('loss-chart'));
    const found = [];
    // Each label's width in the bold font the chart writes them in.
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.font = `bold ${window.Chart.defaults.font.size}px ${window.Chart.defaults.font.family}`;
    chart.data.datasets.forEach((d, i) => {
      if (d.lrlab?.role !== 'divergence') return;
      chart.getDatasetMeta(i).data.forEach((e, j) => found.push({ x: e.x, y: e.y, text: d.data[j].text, width: ctx.measureText(d.data[j].text).width }));
    });
    return { markers: found, labels: chart.$lrlabLabels ?? [], font: window.Chart.defaults.font.size };
  });
  assert.equal(markers.length, 3);
  const overlaps = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y - a.height < b.y && b.y - b.height < a.y;
  // Where the labels would sit written at their own markers (12 px right, 14 px up, a line of
  // text tall): at least two of them overlap.
  const own = markers.map((m) => ({ x: m.x + 12, y: m.y - 14, width: m.width, height: font }));
  assert.ok(own.some((a, i) => own.some((b, j) => j > i && overlaps(a, b))), `the markers are close: ${JSON.stringify(markers)}`);
  const drawn = labels.filter((l) => /^diverged in epoch/.test(l.text));
  assert.equal(drawn.length, 3, JSON.stringify(labels));
  for (let i = 0; i < 3; i++) {
    for (let j = i + 1; j < 3; j++) assert.ok(!overlaps(drawn[i], drawn[j]), `labels apart: ${JSON.stringify(drawn)}`);
  }
  await page.locator('figure.chart-card').first().screenshot({ path: join(artifactsDir, 'divergence-labels.png') }).catch(() => {});
  assert.deepEqual(problems, []);
  await close();
});
