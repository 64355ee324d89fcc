// One verdict per rate (docs/spec-page.md#one-verdict-per-rate, issue 17): on the default page and two other problems, every dot
// of the sweep sits in a shaded region of its own colour's verdict (stall region: stalling dots
// only; overshoot region: overshooting and diverged dots only; converging dots in none), and a run
// trained like one of the sweep's rates (same settings, same epochs, the sweep's exact rate) wears
// that rate's verdict on its badge.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser } from './browser.mjs';
import { linkTo, waitReady } from './page-helpers.mjs';
import { sweepDots, waitSweepDone } from './views-helpers.mjs';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

// The sweep's epochs (web/page/sweep-client.js SWEEP_OPTIONS): the runs stop after as many.
const SWEEP_EPOCHS = 50;
// The colours of web/views/sweep/sweep-chart.js (Okabe-Ito), written out: a test of what is drawn.
const COLOUR = { stalling: '#0072B2', converging: '#009E73', overshooting: '#D55E00', diverged: '#D55E00' };
const KIND = { stalling: 'stall', overshooting: 'overshoot', diverged: 'overshoot', converging: '' };

const CASES = [
  // The page's default view (two moons, full batch, SGD), stopped after the sweep's epochs.
  { name: 'default page', settings: { epochs: SWEEP_EPOCHS } },
  // Circles with a small network and mini-batches (lesson 8's problem).
  { name: 'circles', settings: { problem: { name: 'circles' }, model: { hidden: [4] }, batch_size: 64, epochs: SWEEP_EPOCHS } },
  // The tutorial's linear model y = w*x + b.
  { name: 'linear', settings: { problem: { name: 'linear' }, model: { hidden: [] }, batch_size: 512, epochs: SWEEP_EPOCHS } },
];

function checkDotsInTheirRegions(name, { dots, regions }) {
  assert.equal(dots.length, 64, `${name}: every rate drawn`);
  for (const dot of dots) {
    assert.ok(dot.verdict in COLOUR, `${name}: rate ${dot.x} has a verdict (${dot.verdict})`);
    assert.equal(dot.colour, COLOUR[dot.verdict], `${name}: rate ${dot.x} (${dot.verdict}) drawn in its verdict's colour`);
    const around = regions.filter((r) => r.from < dot.x && dot.x < r.to);
    const kind = KIND[dot.verdict];
    if (kind) {
      assert.equal(around.length, 1, `${name}: rate ${dot.x} (${dot.verdict}) lies in one region, not ${around.length}`);
      assert.equal(around[0].kind, kind, `${name}: rate ${dot.x} (${dot.verdict}) lies in a ${around[0].kind} region`);
    } else {
      assert.equal(around.length, 0, `${name}: converging rate ${dot.x} lies in no region, not ${JSON.stringify(around.map((r) => r.kind))}`);
    }
  }
}

for (const { name, settings } of CASES) {
  test(`${name}: every dot in its own region, every run's badge the sweep's verdict at its rate`, async () => {
    const first = await browser.openPage(linkTo({ settings, speed: 0 }));
    await waitReady(first.page);
    await waitSweepDone(first.page);
    const sweep = await sweepDots(first.page);
    checkDotsInTheirRegions(name, sweep);
    assert.deepEqual(first.problems, []);
    await first.close();

    // One run at a rate of each verdict the sweep has (the first of each, and the best steady
    // rate), at the sweep's exact rates.
    const picks = [];
    for (const verdict of ['stalling', 'overshooting', 'diverged']) {
      const dot = sweep.dots.find((d) => d.verdict === verdict);
      if (dot) picks.push(dot);
    }
    if (sweep.steady) picks.splice(1, 0, sweep.dots.find((d) => d.x === sweep.steady.rate));
    assert.ok(picks.length >= 2, `${name}: at least two verdicts on the sweep`);
    const rates = picks.map((d) => d.x);
    const expected = picks.map((d) => d.verdict);

    const second = await browser.openPage(linkTo({ settings, rates, speed: 0 }));
    const { page } = second;
    await waitReady(page);
    await waitSweepDone(page);
    checkDotsInTheirRegions(`${name}, runs at the sweep's rates`, await sweepDots(page));
    // The runs finish their 50 epochs (or diverge), then wear the sweep's verdicts.
    const badges = () => page.$$eval('#run-list > li', (rows) => rows.map((row) => ({
      verdict: row.querySelector('.verdict')?.dataset.verdict ?? '',
      progress: row.querySelector('.run-progress')?.textContent ?? '',
      caption: row.querySelector('.run-caption')?.textContent ?? '',
    })));
    let last = [];
    const deadline = Date.now() + 30000;
    while (Date.now() < deadline) {
      last = await badges();
      if (last.map((b) => b.verdict).join() === expected.join()) break;
      await page.waitForTimeout(200);
    }
    assert.deepEqual(last.map((b) => b.verdict), expected,
      `${name}: badges at rates ${rates.join(', ')}: ${JSON.stringify(last)}`);
    assert.deepEqual(second.problems, []);
    await second.close();
  });
}

// A run that overshot, then settled higher (tests/core/stall_cause_test.cpp: the default view with
// Adam and cosine, rate 30 against 0.2) wears the core's verdict on its badge: the core's badge
// word and tone (core/words/verdict_words.cpp stalling()), and the colour the page gives that tone
// (web/styles/style.css: only the unstable tone colours a badge's text; others keep the text's):
// the overshoot's, since an overshoot threw it out of the valley.
test("a run that settled higher wears the core's verdict, word and tone, on its badge", async () => {
  const settings = { problem: { name: 'moons' }, batch_size: 512, epochs: 300, optimizer: { name: 'adam' }, schedule: { name: 'cosine', decay_steps: 300 } };
  const { page, problems, close } = await browser.openPage(linkTo({ settings, rates: [0.2, 30], speed: 0 }));
  await waitReady(page);
  await page.waitForFunction(() => {
    const records = [...window.__lrlab.model.get().runs.records.values()];
    return records.length === 2 && records.every((r) => r.epochsDone >= 300 && r.diagnosis);
  }, null, { timeout: 120000 });
  await page.waitForTimeout(300);  // the last frame drawn
  const [, high] = await page.evaluate(() => window.__lrlab.model.get().state.runs.map((run) => {
    const { diagnosis } = window.__lrlab.model.get().runs.get(run.key);
    const badge = document.querySelector(`#run-list > li[data-key="${run.key}"] .verdict`);
    const style = getComputedStyle(badge);
    return { verdict: diagnosis.verdict, words: diagnosis.words, text: badge.textContent, tone: badge.dataset.tone,
      colour: style.color, border: style.borderColor, body: getComputedStyle(document.body).color };
  }));
  assert.equal(high.words.cause, 'settled_higher', `the case is exercised: ${JSON.stringify(high.words)}`);
  assert.equal(high.text, high.words.badge, 'the badge says the core\'s word');
  assert.equal(high.tone, high.words.tone, 'in the core\'s tone');
  // Its rate was too high: the overshoot's tone (vermillion), not the blue of steps too small.
  assert.equal(high.tone, 'unstable');
  assert.notEqual(high.colour, high.body, 'an unstable badge is coloured as an overshoot\'s');
  assert.deepEqual(problems, []);
  await close();
});
