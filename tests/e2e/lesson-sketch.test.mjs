// A drawn prediction (web/lessons/sketch/): a teacher's link opens a chapter in drawing mode, the
// student draws with the mouse on the loss chart, runs the chapter, and the sketch stays overlaid
// with a score; a keyboard-only student does the same by picking a shape. The score is counted
// again here from the overlay's points and the run's record: epochs where the sketch lies within
// a factor of two of the loss (after a divergence: where it climbed ten times above the start).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startBrowser, artifactsDir } from './browser.mjs';
import { waitReady } from './page-helpers.mjs';

const index = JSON.parse(readFileSync(resolve('lessons/index.json'), 'utf8'));
const chapters = index.chapters.map((file) => JSON.parse(readFileSync(resolve('lessons', file), 'utf8')));
const n = chapters.findIndex((c) => c.id === 'too-high') + 1;
const chapter = chapters[n - 1];
const run = chapter.question.run;  // the run the question (and so the sketch) is about

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

const phaseIs = (page, phase) => page.waitForFunction((p) => document.getElementById('lesson-panel')?.dataset.phase === p, phase, { timeout: 30000 });

// The overlay's points, the run's record and the feedback, once the chapter has told.
async function outcome(page) {
  await phaseIs(page, 'told');
  return page.evaluate((k) => {
    const model = window.__lrlab.model.get();
    const record = model.runs.get(model.state.runs[k - 1].key);
    const sketch = window.Chart.getChart(document.getElementById('loss-chart')).$lrlabSketch;
    return {
      points: sketch?.points ?? [], initialLoss: record.initialLoss, train: [...record.train], diverged: record.diverged,
      feedback: document.getElementById('lesson-feedback').textContent,
      agreed: document.getElementById('lesson-feedback').dataset.agreed,
    };
  }, run);
}

function countClose({ points, initialLoss, train, diverged }) {
  let close = 0;
  let of = 0;
  for (let e = 1; e <= chapter.settings.epochs; e++) {
    const loss = train[e - 1];
    if (loss === undefined && !diverged) break;
    const drawn = points[e].y;
    of += 1;
    if (Number.isFinite(loss) && train.slice(0, e).every(Number.isFinite)) close += drawn >= loss / 2 && drawn <= loss * 2 ? 1 : 0;
    else close += drawn >= 10 * initialLoss ? 1 : 0;
  }
  return { close, of };
}

function checkScore(result) {
  assert.equal(result.points.length, chapter.settings.epochs + 1, 'one sketch point per epoch, 0 to the end');
  assert.ok(Math.abs(result.points[0].y / result.initialLoss - 1) < 0.5, 'the sketch starts near the run\'s start');
  const { close, of } = countClose(result);
  const said = /within a factor of two of the loss in (\d+) of (\d+) epochs \((\d+)%\)/.exec(result.feedback);
  assert.ok(said, result.feedback);
  assert.deepEqual([Number(said[1]), Number(said[2]), Number(said[3])], [close, of, Math.round((100 * close) / of)], result.feedback);
  assert.match(result.feedback, new RegExp(`run ${run} \\(rate ${chapter.rates[run - 1]}\\) `));
  assert.match(result.feedback, /The core's reading: /, 'the why, in the core\'s words');
}

test('drawn with the mouse from a teacher\'s link: the sketch is overlaid and scored against the run', async () => {
  const { page, problems, close } = await browser.openPage(`#lesson=${n}&draw`);
  await waitReady(page);
  await phaseIs(page, 'asking');
  const pad = page.locator('#sketch-pad');
  assert.ok(await pad.isVisible(), 'the drawing pad lies over the loss chart');
  assert.equal(await page.getByRole('button', { name: 'Run it' }).isDisabled(), true, 'draw first');
  // A falling stroke from the start at the left edge of the plot to 1/100 at its right edge.
  await pad.scrollIntoViewIfNeeded();
  const area = await page.evaluate(() => window.Chart.getChart(document.getElementById('loss-chart')).chartArea);
  const box = await pad.boundingBox();
  const y = (log) => box.y + area.top + ((2 - log) / 5) * (area.bottom - area.top);
  await page.mouse.move(box.x + area.left + 1, y(0));
  await page.mouse.down();
  for (let i = 1; i <= 20; i++) await page.mouse.move(box.x + area.left + (i / 20) * (area.right - area.left), y(-2 * (i / 20)));
  await page.mouse.up();
  await page.getByRole('button', { name: 'Run it' }).click();
  const result = await outcome(page);
  checkScore(result);
  assert.match(result.feedback, /^You drew a loss that falls and settles; /);
  // Told once run 3 diverged (epoch 12) while runs 1 and 2 still train to 60: the question at the
  // chapter's end, answered now, is judged when they have finished.
  const question = page.locator('#lesson-review fieldset').first();
  await question.getByRole('radio').first().check();
  await page.waitForFunction(() => ['true', 'false'].includes(document.querySelector('#lesson-review .lesson-feedback')?.dataset.agreed),
    null, { timeout: 20000 });
  assert.match(await page.evaluate(() => location.hash), /&lesson=\d+&draw$/, 'drawing mode stays in the address');
  await page.screenshot({ path: resolve(artifactsDir, 'lesson-sketch-mouse-1280x720.png') });
  assert.deepEqual(problems, []);
  await close();
});

test('keyboard only: drawing mode and a shape that stands for a sketch, run and scored', async () => {
  const { page, problems, close } = await browser.openPage(`#lesson=${n}`);
  await waitReady(page);
  await phaseIs(page, 'asking');
  // From the top of the page, Tab reaches "Draw your prediction"; Enter turns drawing mode on, and
  // the shapes come next in the tab order.
  const tabTo = async (test, what) => {
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(test)) return;
    }
    throw new Error(`Tab never reached ${what}`);
  };
  await tabTo(() => document.activeElement?.id === 'lesson-draw', 'the draw button');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.hash.endsWith('&draw'), null, { timeout: 5000 });
  // The shapes are a radio group: Tab into it, the arrow keys move to "Explodes", the last one.
  await tabTo(() => document.activeElement?.name?.startsWith('sketch-shape'), 'the shapes');
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.value), 'explode');
  await tabTo(() => document.activeElement?.id === 'lesson-run', 'Run it');
  await page.keyboard.press('Enter');
  const result = await outcome(page);
  checkScore(result);
  assert.match(result.feedback, /^You drew a loss that explodes; /);
  assert.ok(['true', 'false'].includes(result.agreed));
  assert.deepEqual(problems, []);
  await close();
});

// Chapter 14: four runs at one rate, told apart by schedule and branch. A stroke begun at the
// top-left of the pad that falls is read from where it began (it read "a loss that explodes"),
// the run is read once, by the core's verdict, and every run is named by what sets it apart.
test('a stroke begun high is anchored at the start; one reading per run; runs named by their schedule or branch', async () => {
  const m = chapters.findIndex((c) => c.id === 'branch-a-decay') + 1;
  const k = chapters[m - 1].sketch.run;
  const { page, problems, close } = await browser.openPage(`#lesson=${m}&draw`);
  await waitReady(page);
  await phaseIs(page, 'asking');
  const pad = page.locator('#sketch-pad');
  await pad.scrollIntoViewIfNeeded();
  const area = await page.evaluate(() => window.Chart.getChart(document.getElementById('loss-chart')).chartArea);
  const box = await pad.boundingBox();
  const y = (log) => box.y + area.top + ((2 - log) / 5) * (area.bottom - area.top);
  const x = (t) => box.x + area.left + t * (area.right - area.left);
  // From x100 near the left edge down to 1/10 at the right: a fall of three decades from where it began.
  await page.mouse.move(x(0.1), y(2));
  await page.mouse.down();
  for (let i = 1; i <= 20; i++) await page.mouse.move(x(0.1 + 0.85 * (i / 20)), y(2 - 3 * Math.sqrt(i / 20)));
  await page.mouse.up();
  await page.getByRole('button', { name: 'Run it' }).click();
  await phaseIs(page, 'told');
  const told = await page.evaluate((j) => {
    const model = window.__lrlab.model.get();
    const record = model.runs.get(model.state.runs[j - 1].key);
    const sketch = window.Chart.getChart(document.getElementById('loss-chart')).$lrlabSketch;
    return { verdict: record.diagnosis.verdict, initialLoss: record.initialLoss, first: sketch?.points?.[0]?.y,
      feedback: document.getElementById('lesson-feedback').textContent, agreed: document.getElementById('lesson-feedback').dataset.agreed };
  }, k);
  assert.match(told.feedback, /^You drew a loss that falls and settles; /, told.feedback);
  assert.ok(Math.abs(told.first / told.initialLoss - 1) < 1e-9, 'the sketch starts at the run\'s start');
  assert.match(told.feedback, new RegExp(`run ${k} \\(schedule Constant → decay to 1% from epoch 100\\) `), told.feedback);
  assert.match(told.feedback, /run 1 \(schedule Constant\) at /, 'the other runs named by what sets them apart');
  assert.doesNotMatch(told.feedback, /\(rate 0\.18\)/, told.feedback);
  // One reading: the shape said of the run is the core's verdict's.
  const SAID = { converging: /fell to /, stalling: /hardly moved|fell only a little/, overshooting: /bounced|climbed back/, diverged: /blew up/ };
  assert.match(told.feedback, SAID[told.verdict], `${told.verdict}: ${told.feedback}`);
  for (const [verdict, words] of Object.entries(SAID)) if (verdict !== told.verdict) assert.doesNotMatch(told.feedback.split('The core')[0], words, told.feedback);
  assert.equal(told.agreed, String(told.verdict === 'converging'), 'a falling sketch agrees exactly when the core says converging');
  assert.deepEqual(problems, []);
  await close();
});
