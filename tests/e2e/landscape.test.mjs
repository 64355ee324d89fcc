// The loss landscape: contour lines and one path per run, revealed step by step; at a rate
// between 1/L and 2/L the steps jump across the valley, at a tiny one they crawl; the 1-D surface
// shows a small rate stuck in the shallow minimum and a larger one jumping out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifactsDir, startBrowser } from './browser.mjs';
import { linkTo, waitReady } from './page-helpers.mjs';
import { compactHash } from '../../web/page/url-schema.js';
import { byRole, chartData, waitPathsRevealed } from './views-helpers.mjs';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

test('contours and a path per run; too high a rate zig-zags across the valley, too low crawls', async () => {
  // The bowl 0.5*(0.1 x^2 + 2 y^2): the valley floor is y = 0, 2/L = 1. Rate 0.9 overshoots the
  // floor at every step (factor 1 - 2*0.9 = -0.8) yet converges; 0.001 barely moves.
  const { page, problems, close } = await browser.openPage(linkTo({ rates: [0.001, 0.9] }));
  await waitReady(page);
  // Revealed step by step: shortly after the start only part of each path is drawn.
  await page.waitForFunction(() => window.Chart.getChart(document.getElementById('landscape-chart'))
    .data.datasets.some((d) => d.lrlab?.role === 'path' && d.data.length > 1), null, { timeout: 10000 });
  const early = byRole(await chartData(page, 'landscape-chart'), 'path');
  assert.ok(early.every((d) => d.points.length < d.full.length), 'paths are revealed step by step');
  // The first eleven steps as drawn (the chart keeps revealing the rest, 15 steps a second).
  await waitPathsRevealed(page, 12);
  const data = await chartData(page, 'landscape-chart');

  const contours = byRole(data, 'contour');
  assert.ok(contours.length >= 8, `${contours.length} contour levels`);
  assert.ok(contours.some((d) => d.points.some((p) => Number.isNaN(p.x))), 'pieces of a level are split by NaN');
  assert.ok(contours.every((d) => d.points.filter((p) => Number.isFinite(p.x)).length >= 2));
  const paths = byRole(data, 'path');
  assert.equal(paths.length, 2, 'one path per run');
  assert.deepEqual(paths.map((d) => d.rate), [0.001, 0.9]);

  const [drawnCrawl, drawnZigzag] = paths.map((d) => d.points);
  for (const [i, d] of paths.entries()) assert.deepEqual([drawnCrawl, drawnZigzag][i], d.full.slice(0, d.points.length), 'drawn: a prefix of the path');
  const zigzag = drawnZigzag;
  for (let k = 0; k < 10; k++) {
    assert.ok(zigzag[k].y * zigzag[k + 1].y < 0, `step ${k + 1} crosses the valley floor: ${zigzag[k].y} -> ${zigzag[k + 1].y}`);
  }
  const [crawl, whole] = paths.map((d) => d.full);
  assert.ok(whole.length > 20);
  assert.ok(Math.abs(whole.at(-1).x) < 0.05 && Math.abs(whole.at(-1).y) < 0.05, 'and still reaches the minimum');
  const moved = Math.hypot(crawl.at(-1).x - crawl[0].x, crawl.at(-1).y - crawl[0].y);
  const toGo = Math.hypot(crawl[0].x, crawl[0].y);
  assert.ok(moved < 0.2 * toGo, `the tiny rate crawls: ${moved} of ${toGo}`);

  await page.locator('#landscape-card').screenshot({ path: join(artifactsDir, 'landscape-bowl.png') });
  assert.deepEqual(problems, []);
  await close();
});

test('the 1-D valley: a small rate stays in the shallow dip, a larger one jumps out; the link keeps the surface', async () => {
  const { page, problems, close } = await browser.openPage(linkTo({ rates: [0.01, 0.5] }));
  await waitReady(page);
  await page.getByRole('combobox', { name: 'Surface' }).selectOption('valley_1d');
  await page.waitForFunction(() => window.Chart.getChart(document.getElementById('landscape-chart'))
    .data.datasets.some((d) => d.lrlab?.role === 'curve'), null, { timeout: 10000 });
  await waitPathsRevealed(page, 30);
  const data = await chartData(page, 'landscape-chart');
  const [curve] = byRole(data, 'curve');
  assert.ok(curve.points.length > 50);
  const [small, large] = byRole(data, 'path').map((d) => d.full);
  // The points lie on the curve: y is the loss at x.
  for (const p of small) assert.equal(p.y, p.loss);
  assert.ok(Math.abs(small.at(-1).x - 1.88) < 0.1, `small rate stuck near the shallow minimum: ${small.at(-1).x}`);
  assert.ok(Math.abs(large.at(-1).x) < 0.05, `larger rate reaches the global minimum: ${large.at(-1).x}`);
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('"w":{"surface":"valley_1d"}'), null, { timeout: 5000 });
  await page.locator('#landscape-card').screenshot({ path: join(artifactsDir, 'landscape-valley-1d.png') });

  // A link naming a surface the core does not know opens on the default one, with a notice.
  const broken = await browser.openPage(compactHash({ r: [0.1], w: { surface: 'volcano' } }));
  await waitReady(broken.page);
  assert.match(await broken.page.locator('#notice').textContent(), /volcano/);
  await broken.page.waitForFunction(() => document.getElementById('surface').value === 'bowl', null, { timeout: 5000 });
  assert.deepEqual([...problems, ...broken.problems], []);
  await broken.close();
  await close();
});

test('the landscape says whether it is the runs\' own loss', async () => {
  // The default moons network: hundreds of weights, so the bowl is a stand-in, and the note says
  // its losses are not the loss chart's.
  const { page, problems, close } = await browser.openPage();
  await waitReady(page);
  const note = page.locator('#landscape-note');
  await note.filter({ hasText: /not the runs' network/ }).waitFor({ timeout: 10000 });
  // A linear model on the linear problem has just the two parameters the "linear" surface draws.
  const linear = { s: { problem: { name: 'linear' }, model: { hidden: [] } }, r: [0.1], w: { surface: 'linear' } };
  const second = await browser.openPage(compactHash(linear));
  await waitReady(second.page);
  const linearNote = second.page.locator('#landscape-note');
  await linearNote.filter({ hasText: /the runs' own loss/ }).waitFor({ timeout: 10000 });
  assert.doesNotMatch(await linearNote.textContent(), /not the runs' network/);
  assert.deepEqual([...problems, ...second.problems], []);
  await second.close();
  await close();
});
