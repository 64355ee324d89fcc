// Guided lessons (web/lessons/, lessons/*.json): every chapter's claim holds in its own run, read
// from the page's charts and text; every linked phrase points at something drawn; the questions at
// a chapter's end are judged from the run; a prediction is judged by what the run showed (a wrong
// one and a right one); a chapter's URL opens that chapter with its settings in a fresh page;
// screenshots of three chapters on a projector and on a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startBrowser, artifactsDir } from './browser.mjs';
import { lossDatasets, runRows, runSeries, waitReady } from './page-helpers.mjs';
import { byRole, chartData, waitSweepDrawn } from './views-helpers.mjs';

const lessonsDir = resolve('lessons');
const index = JSON.parse(readFileSync(resolve(lessonsDir, 'index.json'), 'utf8'));
const chapters = index.chapters.map((file) => JSON.parse(readFileSync(resolve(lessonsDir, file), 'utf8')));
const numberOf = (id) => chapters.findIndex((c) => c.id === id) + 1;

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

const panel = (page) => page.locator('#lesson-panel');
async function waitPhase(page, phase, chapterId, timeout = 20000) {
  try {
    await page.waitForFunction(([p, id]) => {
      const node = document.getElementById('lesson-panel');
      return node && !node.hidden && node.dataset.phase === p && (!id || node.dataset.chapter === id);
    }, [phase, chapterId], { timeout });
  } catch (error) {
    const seen = await page.evaluate(() => ({ ...document.getElementById('lesson-panel')?.dataset,
      notice: document.getElementById('notice')?.textContent }));
    throw new Error(`waiting for ${chapterId} to be ${phase}: ${JSON.stringify(seen)} (${error.message})`);
  }
}
async function feedback(page) {
  const node = page.locator('#lesson-feedback');
  return { text: await node.textContent(), agreed: await node.getAttribute('data-agreed') };
}
// Picks choice `index` by its label, as a student would (keyboard: the radios are labelled).
async function choose(page, chapter, index) {
  await page.getByRole('radio', { name: chapter.question.choices[index].label }).check();
}
// The feedback comes from the run's history as soon as it shows the answer; the page draws at most
// once per frame, so the rows and charts are read once the training has stopped and been drawn.
async function runAndWait(page, chapter) {
  await page.getByRole('button', { name: 'Run it' }).click();
  await waitPhase(page, 'told', chapter.id, 30000);
  await page.waitForFunction(() => !document.getElementById('play').disabled &&
    [...document.querySelectorAll('#run-list .verdict')].every((v) => v.dataset.verdict !== 'too_short'), null, { timeout: 30000 });
  return feedback(page);
}
// A landscape path's every step (the chart reveals them a few per second; the data is all there).
function fullPaths(page) {
  return page.evaluate(() => window.Chart.getChart(document.getElementById('landscape-chart')).data.datasets
    .filter((d) => d.lrlab?.role === 'path').map((d) => d.lrlab.full.map((p) => ({ x: p.x, y: p.y }))));
}

// What each chapter claims, checked on the page after its run.
const CLAIMS = {
  // Runs that branch a decay at a given epoch (the chapter's "runs" with changes): each is run 1
  // up to its branch on the page too, and then its rate falls.
  'branch-a-decay': async (page) => {
    const constant = await runSeries(page, 0);
    for (const [row, at] of [[1, 50], [2, 100]]) {
      const branch = await runSeries(page, row);
      const before = (series) => series.train.filter((p) => p[0] < at).map((p) => p[1]);
      assert.deepEqual(before(branch), before(constant), `run ${row + 1} is run 1 until epoch ${at}`);
      assert.ok(branch.lr.at(-1)[1] < branch.lr[0][1] / 20, `run ${row + 1}'s rate decays after epoch ${at}`);
      assert.ok(branch.train.at(-1)[1] < 0.85 * constant.train.at(-1)[1], `run ${row + 1} ends below the constant rate`);
    }
  },
  // Three runs of one chapter that differ in optimizer and schedule (the chapter's "runs"): the
  // page trains each with its own, says so in the legend, and the claim holds.
  'schedule-free': async (page) => {
    const rows = await runRows(page);
    assert.equal(rows[0].verdict, 'overshooting', `plain SGD at a constant rate ends bouncing: ${rows[0].caption}`);
    const [plain, cosine, free] = [await runSeries(page, 0), await runSeries(page, 1), await runSeries(page, 2)];
    assert.ok(cosine.lr.at(-1)[1] < cosine.lr[0][1] / 100, 'run 2 follows its own cosine decay');
    assert.ok(plain.lr.every((p) => p[1] === plain.lr[0][1]) && free.lr.every((p) => p[1] === free.lr[0][1]), 'runs 1 and 3 keep the rate');
    const legend = (await lossDatasets(page)).filter((d) => d.role === 'train').map((d) => d.label);
    assert.match(legend[2], /Schedule-free SGD/, legend.join(' | '));
    assert.doesNotMatch(legend[0], /Schedule-free/, legend.join(' | '));
    assert.ok(free.train.at(-1)[1] < 0.8 * plain.train.at(-1)[1], 'schedule-free ends clearly below plain SGD');
    assert.ok(free.train.at(-1)[1] <= 1.25 * cosine.train.at(-1)[1], 'and as low as the cosine decay, or lower');
  },
  'update-rule': async (page) => {
    const [row] = await runRows(page);
    assert.equal(row.verdict, 'converging', row.caption);
    const { train } = await runSeries(page, 0);
    assert.ok(train.at(-1)[1] < train[0][1] / 5, 'the update rule walks the loss down');
    const [path] = await fullPaths(page);
    assert.equal((await fullPaths(page)).length, 1, 'one path of steps on the (w, b) landscape');
    assert.ok(path.length > 10, 'one point per step');
    // The question's steps, the run's updates (one full batch an epoch) and the landscape's steps agree.
    const chapter = chapters.find((c) => c.id === 'update-rule');
    const steps = Number(/over (\d+) steps/.exec(chapter.question.prompt)[1]);
    assert.equal(steps, chapter.settings.epochs, 'the question counts the run\'s updates');
    assert.equal(path.length, steps + 1, 'the landscape takes as many: its start and one point per step');
  },
  'too-high': async (page) => {
    const rows = await runRows(page);
    assert.ok(['overshooting', 'diverged'].includes(rows[2].verdict), `too high a rate: ${rows[2].caption}`);
    assert.notEqual(rows[0].verdict, 'diverged');
    assert.match(await page.textContent('#landscape-status'), /2\/L = /, 'the landscape says where 2/L lies');
    const sweep = await chartData(page, 'sweep-chart');
    assert.equal(byRole(sweep, 'bound').length, 1, 'the 2/L line is drawn on the loss-against-rate chart');
  },
  'too-low': async (page) => {
    const rows = await runRows(page);
    assert.equal(rows[0].verdict, 'stalling', rows[0].caption);
    const [small, large] = await fullPaths(page);
    assert.ok(Math.abs(small.at(-1).x) > 1, `the small rate stays in the shallow dip: ${small.at(-1).x}`);
    assert.ok(Math.abs(large.at(-1).x) < 0.1, `the larger rate reaches the deep minimum: ${large.at(-1).x}`);
  },
  'best-rate-moves': async (page, said) => {
    await waitSweepDrawn(page);
    const data = await chartData(page, 'sweep-chart');
    const sweep = byRole(data, 'sweep')[0].points;
    const { best, recommendation } = data.marks;
    const lowest = sweep.reduce((low, p) => (p.y < low.y ? p : low));
    assert.equal(best.rate, lowest.x, "the core's lowest final loss is the chart's lowest dot");
    // The verdict names the rate the sweep card recommends (the core's, by validation loss: moons
    // keeps validation samples), a converging rate inside the U, and the band about as good.
    const shown = (rate) => String(Number(rate.toPrecision(3)));
    assert.equal(recommendation.measure, 'val_loss');
    const dot = sweep.find((p) => p.x === recommendation.rate);
    assert.equal(dot.verdict, 'converging', `the lesson's best rate ${recommendation.rate} converges`);
    assert.ok(recommendation.rate > sweep[0].x && recommendation.rate < sweep.at(-1).x, 'the best rate is inside the U');
    assert.ok(said.text.includes(`By validation loss, the sweep's best rate was ${shown(recommendation.rate)}`), `feedback names the recommended rate ${recommendation.rate}: ${said.text}`);
  },
  'schedule-function': async (page) => {
    const { lr } = await runSeries(page, 0);
    // The rate used during epoch e is drawn from x = e to x = e + 1, so at x = e the line steps
    // from the previous epoch's rate (first point) to this one's (last point).
    const rateIn = (epoch) => lr.findLast(([x]) => x === epoch)[1];
    const [before5, after5] = [rateIn(4), rateIn(5)];
    assert.ok(after5 > before5 * 1.5, `the tutorial's function jumps up at epoch 5: ${before5} -> ${after5}`);
  },
  'reduce-on-plateau': async (page) => {
    const series = await runSeries(page, 0);
    assert.ok(series.plateau?.length >= 1, 'a cut is marked on the loss chart');
    const lr = series.lr.map(([, y]) => y);
    assert.equal(lr[0], 0.01);
    assert.ok(Math.abs(lr.at(-1) - 0.001) < 1e-12, `the rate ends on the floor min_lr: ${lr.at(-1)}`);
  },
  'adaptive-rates': async (page) => {
    const median = byRole(await chartData(page, 'step-size-chart'), 'median')[0].points;
    assert.ok(median.length > 10);
    assert.ok(median.at(-1).y < median[0].y, `Adagrad's median step shrinks: ${median[0].y} -> ${median.at(-1).y}`);
  },
  'rate-moves-with-data': async (page) => {
    // The real table's sweep: 24 rates x 20 epochs (web/page/sweep-client.js), its best rate inside the U.
    await waitSweepDrawn(page);
    const data = await chartData(page, 'sweep-chart');
    const sweep = byRole(data, 'sweep')[0].points;
    assert.equal(sweep.length, 24, 'the real-data sweep has its 24 rates');
    const { steady } = data.marks;
    assert.ok(steady.rate > sweep[0].x && steady.rate < sweep.at(-1).x, `the best steady rate ${steady.rate} is inside the U`);
    assert.match(await page.textContent('#accuracy-readout'), /^Validation accuracy: /);
  },
  'edge-of-stability': async (page) => {
    // The sharpness chart holds run 2's measurements and its limit 2/lr (the claim across seeds is
    // tests/core/lesson_claims_test.cpp's).
    const data = await chartData(page, 'sharpness-chart');
    const [sharp, limit] = ['sharpness', 'threshold'].map((role) => byRole(data, role)[1].points);
    assert.ok(sharp.length > 50, `a measurement every 50 epochs: ${sharp.length}`);
    assert.ok(limit.every((p) => Math.abs(p.y - 2 / 0.15) < 1e-9), 'run 2 limit: 2/0.15');
    assert.ok(sharp[0].y < 0.95 * limit[0].y && sharp.at(-1).y >= 0.75 * limit[0].y, 'from below the edge to it');
  },
  'too-high-to-start': async (page) => {
    const rows = await runRows(page);
    assert.equal(rows[1].verdict, 'diverged', rows[1].caption);
    assert.notEqual(rows[0].verdict, 'diverged', rows[0].caption);
    // Run 2 blew up before its second measurement: its one limit 2/0.4 is still drawn, as a dash.
    const lone = await page.evaluate(() => window.Chart.getChart(document.getElementById('sharpness-chart')).data.datasets
      .filter((d) => d.lrlab?.role === 'threshold').map((d) => ({ points: d.data.length, y: d.data[0]?.y, radius: d.pointRadius })));
    assert.equal(lone[1].points, 1);
    assert.ok(Math.abs(lone[1].y - 2 / 0.4) < 1e-9 && lone[1].radius > 0, JSON.stringify(lone));
  },
  'why-warmup-works': async (page) => {
    const rows = await runRows(page);
    assert.notEqual(rows[0].verdict, 'diverged', rows[0].caption);
    const sharp = byRole(await chartData(page, 'sharpness-chart'), 'sharpness')[0].points;
    const at = (epoch) => sharp.find((p) => p.x === epoch).y;
    assert.ok(at(200) < at(0) / 2, `the sharpness fell during the warmup: ${at(0)} -> ${at(200)}`);
  },
  'finding-a-rate': async (page, said) => {
    await waitSweepDrawn(page);
    const data = await chartData(page, 'sweep-chart');
    const [star] = byRole(data, 'suggestion');
    assert.ok(star, 'the range test suggests a rate');
    assert.ok(said.text.includes('range test suggested'), said.text);
  },
};

// Every linked phrase, hovered, finds what it names on the page (a link to something that is not
// drawn fails here), and the page around it dims.
async function checkLinks(page, chapter) {
  const phrases = page.locator('#lesson-panel .lesson-link');
  assert.ok(await phrases.count() >= (chapter.links ?? []).length, `${chapter.id}: every link is in the text`);
  for (let i = 0; i < await phrases.count(); i++) {
    const phrase = phrases.nth(i);
    assert.equal(await phrase.getAttribute('aria-describedby'), 'lesson-link-note', 'a screen reader hears what the phrase does');
    await phrase.hover();
    const found = Number(await page.locator('#lesson-panel').getAttribute('data-pointed'));
    assert.ok(found >= 1, `${chapter.id}: "${await phrase.textContent()}" points at nothing (${await phrase.getAttribute('data-target')})`);
    assert.equal(await page.evaluate(() => document.body.classList.contains('lesson-pointing')), true);
    await page.mouse.move(0, 0);
    // One highlight kept as a picture: the 2/L line on the loss-against-rate chart, its other lines
    // faded. Focused, not hovered: the picture scrolls the chart into view, and the pointer leaves.
    if (chapter.id === 'too-high' && i === 1) {
      await phrase.focus();
      await page.locator('#sweep-card').screenshot({ path: resolve(artifactsDir, 'lesson-link-highlight.png') });
      await page.locator('#lesson-title').focus();
    }
  }
  assert.equal(await page.evaluate(() => document.body.classList.contains('lesson-pointing')), false, 'nothing stays dimmed');
}

// The questions at a chapter's end: the first choice of each, judged from the run. Which run ended
// lowest is read again here from the loss chart's last points.
async function checkReview(page, chapter) {
  for (const [q, question] of (chapter.review ?? []).entries()) {
    const box = page.locator('#lesson-review fieldset').nth(q);
    await box.getByRole('radio').first().check();
    const said = box.locator('.lesson-feedback');
    await page.waitForFunction((node) => ['true', 'false'].includes(node.dataset.agreed), await said.elementHandle(), { timeout: 10000 });
    const agreed = await said.getAttribute('data-agreed');
    assert.ok(['true', 'false'].includes(agreed), `${chapter.id} review ${q}: ${await said.textContent()}`);
    if (question.check.kind === 'lowest-final') {
      const finals = [];
      for (let row = 0; row < chapter.rates.length; row++) {
        const { train } = await runSeries(page, row);
        finals.push((await runRows(page))[row].verdict === 'diverged' ? Infinity : train.at(-1)[1]);
      }
      const lowest = String(finals.indexOf(Math.min(...finals)) + 1);
      assert.equal(agreed, String(question.choices[0].outcomes.includes(lowest)), `${chapter.id}: lowest was run ${lowest}: ${await said.textContent()}`);
    }
  }
}

test('every chapter: predict, run, and its claim holds in its own run; phone screenshots', async () => {
  const { page, problems, close } = await browser.openPage('#lesson=1');
  await waitReady(page);
  const shots = new Set(['too-high', 'too-low', 'reduce-on-plateau']);
  for (const [i, chapter] of chapters.entries()) {
    await waitPhase(page, 'asking', chapter.id);
    assert.equal(await page.locator('#lesson-title').textContent(), `${i + 1}. ${chapter.title}`);
    assert.ok(await page.locator('.lesson-highlight').count() >= 1, 'the controls that matter are outlined');
    // Nothing on view answers the question before the prediction: the chapter's veiled areas.
    assert.equal(await page.locator('.lesson-veiled').count(), (chapter.hideUntilRun ?? []).length, `${chapter.id}: veiled areas`);
    // Nor do the runs: they wait at epoch 0, with no verdict, until "Run it" (read once the
    // run list shows the chapter's runs, drawn on the next frame).
    await page.waitForFunction((n) => {
      const rows = [...document.querySelectorAll('#run-list .run-progress')];
      return rows.length === n.runs && rows.every((row) => row.textContent.includes(` of ${n.epochs}`));
    }, { runs: chapter.rates.length, epochs: chapter.settings.epochs }, { timeout: 10000 });
    const rows = await runRows(page);
    assert.ok(rows.every((row) => ['', 'too_short'].includes(row.verdict) && /^epoch 0 of/.test(row.progress)),
      `${chapter.id}: the runs have not trained while asking: ${JSON.stringify(rows.map((row) => [row.progress, row.verdict]))}`);
    if (chapter.id === 'too-high') {
      for (const id of ['sweep-card', 'landscape-card']) {
        assert.ok(await page.locator(`#${id}`).evaluate((e) => e.classList.contains('lesson-veiled')), `${id} veiled: its shading or its paths would answer`);
      }
    }
    if (chapter.question.kind === 'choice') await choose(page, chapter, 0);
    const said = await runAndWait(page, chapter);
    assert.ok(['true', 'false'].includes(said.agreed), `${chapter.id}: feedback judged the prediction: ${said.text}`);
    await CLAIMS[chapter.id]?.(page, said);
    await checkLinks(page, chapter);
    await checkReview(page, chapter);
    if (shots.has(chapter.id)) await page.screenshot({ path: resolve(artifactsDir, `lesson-${i + 1}-1280x720.png`) });
    if (i + 1 < chapters.length) await page.getByRole('button', { name: 'Next chapter' }).click();
  }
  assert.deepEqual(problems, []);
  await close();

  // The same three chapters on a phone: no sideways scrolling; the panel, then the chart.
  for (const id of shots) {
    const n = numberOf(id);
    const phone = await browser.openPage(`#lesson=${n}`, { viewport: { width: 390, height: 844 } });
    await waitReady(phone.page);
    await waitPhase(phone.page, 'asking', id);
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling on a phone (${overflow}px)`);
    await phone.page.screenshot({ path: resolve(artifactsDir, `lesson-${n}-390x844.png`) });
    if (id === 'too-high') {
      // One of them run through on the phone too: the feedback and the chart it scrolled to.
      await choose(phone.page, chapters[n - 1], 1);
      await runAndWait(phone.page, chapters[n - 1]);
      await phone.page.screenshot({ path: resolve(artifactsDir, `lesson-${n}-390x844-told.png`) });
    }
    assert.deepEqual(phone.problems, []);
    await phone.close();
  }
});

test('a wrong prediction and a right one each get the matching feedback, from the run', async () => {
  const n = numberOf('too-high');
  const chapter = chapters[n - 1];
  const run = chapter.check.run - 1;
  const { page, problems, close } = await browser.openPage(`#lesson=${n}`);
  await waitReady(page);
  await waitPhase(page, 'asking', chapter.id);
  assert.equal(await page.getByRole('button', { name: 'Run it' }).isDisabled(), true, 'predict first');
  // Choice 0 ("comes down") is one prediction; whether it is right is the run's to say.
  await choose(page, chapter, 0);
  const first = await runAndWait(page, chapter);
  const verdict = (await runRows(page))[run].verdict;
  const firstRight = chapter.question.choices[0].outcomes.includes(verdict);
  assert.equal(first.agreed, String(firstRight), `${verdict}: ${first.text}`);
  assert.match(first.text, new RegExp(verdict));
  assert.match(first.text, firstRight ? /^Your prediction held/ : /^Not this time/);

  // Ask again and give the other kind of answer: one matching the verdict if the first did not.
  await page.getByRole('button', { name: 'Ask me again' }).click();
  await waitPhase(page, 'asking', chapter.id);
  const other = chapter.question.choices.findIndex((c) => c.outcomes.includes(verdict) !== firstRight);
  await choose(page, chapter, other);
  const second = await runAndWait(page, chapter);
  const verdict2 = (await runRows(page))[run].verdict;
  assert.equal(verdict2, verdict, 'the same settings give the same verdict');
  assert.equal(second.agreed, String(!firstRight), second.text);
  assert.deepEqual(problems, []);
  await close();
});

test("a chapter's URL opens that chapter with its settings; the page's own link reopens it", async () => {
  const n = numberOf('reduce-on-plateau');
  const chapter = chapters[n - 1];
  const { page, problems, close } = await browser.openPage(`#lesson=${n}`);
  await waitReady(page);
  await waitPhase(page, 'asking', chapter.id);
  const check = async (p) => {
    assert.equal(await p.locator('#lesson-title').textContent(), `${n}. ${chapter.title}`);
    // The run list is redrawn on the next frame after the chapter's runs are adopted.
    await p.waitForFunction((count) => document.querySelectorAll('#run-list > li').length === count, chapter.rates.length, { timeout: 5000 });
    assert.equal(await p.getByRole('checkbox', { name: /ReduceLROnPlateau|plateau/i }).first().isChecked(), true);
    // The URL is written 150 ms after each adopted state: the chapter's, not the page's own before it.
    await p.waitForFunction((rates) => {
      if (!/lesson=\d/.test(location.hash) || !location.hash.includes('s=')) return false;
      return JSON.stringify(JSON.parse(decodeURIComponent(location.hash.slice(3).split('&')[0])).r) === JSON.stringify(rates);
    }, chapter.rates, { timeout: 5000 }).catch(() => {});
    const hash = await p.evaluate(() => location.hash);
    const state = JSON.parse(decodeURIComponent(hash.slice(3).split('&')[0]));
    assert.deepEqual(state.r, chapter.rates);
    assert.equal(state.s.plateau.factor, chapter.settings.plateau.factor);
    assert.equal(state.s.problem.name, chapter.settings.problem.name);
    return hash;
  };
  const hash = await check(page);
  assert.match(hash, new RegExp(`&lesson=${n}$`));
  await close();

  // The link the page wrote (state + chapter), opened fresh: the same chapter and settings.
  const again = await browser.openPage(hash);
  await waitReady(again.page);
  await waitPhase(again.page, 'asking', chapter.id);
  await check(again.page);
  // Leaving lesson mode keeps the settings and drops the chapter from the URL.
  await again.page.getByRole('button', { name: 'Try it yourself' }).click();
  await again.page.waitForFunction(() => !location.hash.includes('lesson='), null, { timeout: 5000 });
  assert.equal(await again.page.locator('#lesson-panel').isHidden(), true);
  assert.equal(await again.page.getByRole('button', { name: 'Lessons' }).getAttribute('aria-expanded'), 'false');
  assert.deepEqual([...problems, ...again.problems], []);
  await again.close();
});

// Lesson 9 asks where the best rate lies on digits; the slider starts at 1. Left there and run, the
// guess is not marked wrong: the core recommends a rate by validation loss, and 1's band (0.333 to
// 3) meets the rates that do about as well (by training loss alone the sweep named 4.96, and the
// page said "Not this time").
test('lesson 9: the guess left at 1 is judged against the band of rates that do about as well', async () => {
  const n = numberOf('rate-moves-with-data');
  const chapter = chapters[n - 1];
  const { page, problems, close } = await browser.openPage(`#lesson=${n}`);
  await waitReady(page);
  await waitPhase(page, 'asking', chapter.id);
  await page.getByRole('button', { name: 'Run it' }).click();
  await waitPhase(page, 'told', chapter.id, 120000);
  const said = await feedback(page);
  assert.equal(said.agreed, 'true', said.text);
  assert.match(said.text, /^Your prediction held\. You said between 0\.333 and 3\. By validation loss, the sweep's best rate was [\d.]+ \([\d.]+, [\d.]+% of the validation samples right\)\. Rates [\d.]+ to [\d.]+ did about as well/);
  const { marks } = await chartData(page, 'sweep-chart');
  const rec = marks.recommendation;
  assert.ok(rec.band_low_rate <= 3 && rec.band_high_rate >= 1 / 3, `the band ${rec.band_low_rate} to ${rec.band_high_rate} meets 0.333 to 3`);
  assert.deepEqual(problems, []);
  await close();
});
