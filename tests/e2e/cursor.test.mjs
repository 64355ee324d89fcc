// The page's cursor (web/page/cursor.js): dragging the timeline under the loss chart points every
// view at one position while the runs train on: the loss chart's and the sharpness chart's marker
// at its epoch, the step-size chart's at its update, the schedule preview's at its epoch with the
// rate there, each run's position on its landscape path, the run cards' numbers there and the
// core's verdict as of then; the keyboard moves it by epoch and by update and leaves it; the
// update panel writes out the update right after it; a click on the loss chart or on a landscape
// path points there too. Mini-batches of 128 of the 410 training points: 4 updates per epoch, so
// an update and an epoch differ.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser } from './browser.mjs';
import { linkTo, waitReady } from './page-helpers.mjs';

const STEPS_PER_EPOCH = 4;
let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

// What each view's marker layer last drew (web/charts/cursor-layer.js), and the cursor.
function markers(page) {
  return page.evaluate(() => {
    const drawn = (id) => window.Chart.getChart(document.getElementById(id))?.$lrlabCursor ?? null;
    const model = window.__lrlab.model.get();
    return {
      cursor: model.cursor,
      loss: drawn('loss-chart'), sharpness: drawn('sharpness-chart'), steps: drawn('step-size-chart'),
      schedule: drawn('schedule-chart'), landscape: drawn('landscape-chart'),
      paths: window.Chart.getChart(document.getElementById('landscape-chart')).data.datasets
        .filter((d) => d.lrlab?.role === 'path').map((d) => d.lrlab.full.length),
      epochsDone: model.state.runs.map((run) => model.runs.get(run.key)?.epochsDone ?? 0),
      train: model.state.runs.map((run) => [...model.runs.get(run.key).train]),
      initial: model.state.runs.map((run) => model.runs.get(run.key).initialLoss),
      cards: [...document.querySelectorAll('#run-list .run-then')].map((p) => (p.hidden ? '' : p.textContent)),
      // Each card's head and sentence, and the words under the loss chart that speak of now.
      badges: [...document.querySelectorAll('#run-list .verdict')].map((b) => b.textContent),
      // The progress as the card shows it: '' where it is set aside (hidden) at the cursor.
      progress: [...document.querySelectorAll('#run-list .run-progress')].map((p) => (p.checkVisibility() ? p.textContent : '')),
      captions: [...document.querySelectorAll('#run-list .run-caption')].map((p) => p.textContent),
      story: document.getElementById('story').textContent,
      accuracy: document.getElementById('accuracy-readout').textContent,
      diagnoses: model.state.runs.map((run) => model.runs.get(run.key).diagnosis?.words?.badge ?? ''),
      verdicts: model.cursorVerdicts,
      keys: model.state.runs.map((run) => run.key),
    };
  });
}

// Resolves once the page has drawn the model's cursor (the page draws at most every 30 ms): the
// loss chart's marker, the timeline, the cards' lines and, once the core's verdicts for its epoch
// are in, the cards' badges.
function drawn(page) {
  return page.waitForFunction((spe) => {
    const { cursor, cursorVerdicts } = window.__lrlab.model.get();
    const mark = window.Chart.getChart(document.getElementById('loss-chart')).$lrlabCursor;
    if (!cursor) return mark === null && document.getElementById('timeline').dataset.cursor === '';
    const cards = [...document.querySelectorAll('#run-list .run-then')].map((p) => p.textContent);
    const badges = [...document.querySelectorAll('#run-list .verdict')].map((b) => b.dataset.verdict);
    const keys = [...document.querySelectorAll('#run-list > li')].map((li) => li.dataset.key);
    return mark?.x === cursor.epoch + cursor.step / spe &&
      document.getElementById('timeline').dataset.cursor === String(cursor.epoch * spe + cursor.step) &&
      cards.every((text) => text.startsWith(`At epoch ${cursor.epoch}: `)) &&
      cursorVerdicts?.epochs === cursor.epoch &&
      badges.every((name, i) => name === (cursorVerdicts.verdicts[keys[i]]?.verdict ?? ''));
  }, STEPS_PER_EPOCH, { timeout: 10000 });
}

// Each marker layer shown covers its chart's plot area on the page (the layer is placed from the
// chart's own chartArea, its canvas at its box's origin: web/charts/cursor-layer.js). Returns the
// layers that do not, with both boxes.
function misplacedLayers(page) {
  return page.evaluate(() => [...document.querySelectorAll('.cursor-layer')].filter((layer) => !layer.hidden).flatMap((layer) => {
    const canvas = layer.parentElement.querySelector('canvas');
    const area = window.Chart.getChart(canvas).chartArea;
    const c = canvas.getBoundingClientRect();
    const l = layer.getBoundingClientRect();
    const want = [c.left + area.left, c.top + area.top, area.right - area.left, area.bottom - area.top];
    const got = [l.left, l.top, l.width, l.height];
    return got.every((v, i) => Math.abs(v - want[i]) < 1) ? [] : [`${canvas.id}: layer ${got} over plot area ${want}`];
  }));
}

// Every view's marker stands at the cursor.
function assertMarkersAt(m) {
  const { epoch, step } = m.cursor;
  const x = epoch + step / STEPS_PER_EPOCH;
  assert.equal(m.loss.x, x, 'loss chart');
  assert.equal(m.sharpness.x, x, 'sharpness chart');
  assert.equal(m.schedule.x, x, 'schedule preview');
  assert.equal(m.steps.x, epoch * STEPS_PER_EPOCH + step, 'step-size chart: its x counts updates');
  // Each run's dot on its loss curve is the loss after `epoch` epochs (before training at 0).
  const lossDots = m.loss.points.filter((_, i) => i % 2 === 0);
  assert.equal(lossDots.length, 3);
  lossDots.forEach((dot, run) => {
    assert.equal(dot.x, epoch);
    assert.equal(dot.y, epoch === 0 ? m.initial[run] : m.train[run][epoch - 1]);
  });
  // A path takes one update per epoch: each run's ring sits on its point after `epoch` updates.
  assert.deepEqual(m.landscape.points.map((p) => p.step), m.paths.map((n) => Math.min(epoch, n - 1)));
  assert.equal(m.sharpness.points.length, 3, 'a dot on each run\'s latest measurement');
  for (const dot of m.sharpness.points) assert.ok(dot.x <= x);
  assert.ok(m.schedule.points.length === 3 && /^lr /.test(m.schedule.label), m.schedule.label);
}

test('dragging the timeline moves every view to one position; training goes on under it; the keyboard moves and leaves it', async () => {
  const link = linkTo({
    settings: { optimizer: { name: 'adam' }, sharpness: { enabled: true, every: 5 }, batch_size: 128, epochs: 300 },
    rates: [0.003, 0.03, 0.3], speed: 20,
  });
  const { page, problems, close } = await browser.openPage(link, { viewport: { width: 1280, height: 800 } });
  try {
    await waitReady(page);
    await page.waitForFunction(() => {
      const model = window.__lrlab.model.get();
      return model.state.runs.every((run) => (model.runs.get(run.key)?.epochsDone ?? 0) >= 40) &&
        model.experiments.landscape.status === 'done';
    }, null, { timeout: 60000 });

    // Drag the slider's thumb from the right end to a quarter of the way.
    const slider = page.locator('#cursor');
    await slider.scrollIntoViewIfNeeded();
    const box = await slider.boundingBox();
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width - 4, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, y, { steps: 5 });
    await page.mouse.move(box.x + box.width * 0.06, y, { steps: 5 });
    await page.mouse.up();
    await drawn(page);
    let m = await markers(page);
    assert.ok(m.cursor.epoch > 0 && m.cursor.epoch < 40, `the drag ended early in the run: ${JSON.stringify(m.cursor)}`);
    assertMarkersAt(m);
    assert.deepEqual(await misplacedLayers(page), []);
    // The cards: each run's numbers at that epoch and its verdict as of then, in the core's words.
    m.cards.forEach((text, i) => {
      assert.match(text, new RegExp(`^At epoch ${m.cursor.epoch}: loss `), text);
      const verdict = m.verdicts.verdicts[m.keys[i]];
      // The card reads as one moment: its badge is the verdict as of then, beside the line that
      // names the epoch; its progress and its sentence about now are set aside, the sentence
      // under "Now, epoch N of 300:".
      assert.ok(verdict?.words?.badge, JSON.stringify(verdict));
      assert.equal(m.badges[i], verdict.words.badge, `run ${i + 1}'s badge at the cursor`);
      assert.equal(m.progress[i], '', `run ${i + 1}'s progress is set aside at the cursor`);
      assert.match(m.captions[i], /^Now, epoch \d+ of 300: /, m.captions[i]);
    });
    assert.match(m.story, /^Now: /, 'the summary under the loss chart says it speaks of now');
    assert.match(m.accuracy, /^Now: Validation accuracy: /, m.accuracy);

    // Training goes on; the cursor stays at its position and the markers with it.
    const done = Math.max(...m.epochsDone);
    await page.waitForFunction((d) => {
      const model = window.__lrlab.model.get();
      return model.state.runs.some((run) => model.runs.get(run.key).epochsDone >= d + 5);
    }, done, { timeout: 30000 });
    await drawn(page);
    const later = await markers(page);
    assert.deepEqual(later.cursor, m.cursor);
    assertMarkersAt(later);

    // The keyboard: arrows by one epoch, Shift+arrows by one update, what a screen reader hears.
    await slider.focus();
    const from = later.cursor;
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await drawn(page);
    m = await markers(page);
    assert.deepEqual(m.cursor, { epoch: from.epoch + 1, step: 2 });
    assertMarkersAt(m);
    assert.equal(await slider.getAttribute('aria-valuetext'), `epoch ${from.epoch + 1} of 300, update 2 of 4 into the next`);
    await page.waitForFunction((e) => document.getElementById('cursor-live').textContent.startsWith(`At epoch ${e} of 300, update 2`),
      from.epoch + 1, { timeout: 5000 });
    assert.match(await page.locator('#cursor-live').textContent(), /run 1: loss [\d.e-]+, (val loss [\d.e-]+, )?accuracy [\d.]+%, rate /);

    // The update right after the cursor, written out: the rule from Adam's registry entry and the
    // numbers of update 4 (epoch + 1) + 2 + 1 of run 1, at the weight that moved most.
    await page.waitForFunction((u) => document.getElementById('update-card').dataset.update === String(u),
      (from.epoch + 1) * STEPS_PER_EPOCH + 3, { timeout: 20000 });
    // The panel speaks the timeline's language: the position in the timeline's own words, and no
    // other epoch number (the update right after "epoch 41" is not "epoch 42's").
    const position = await slider.getAttribute('aria-valuetext');
    const where = await page.locator('#update-where').textContent();
    assert.ok(where.startsWith(`The update right after ${position}: run 1's update ${(from.epoch + 1) * STEPS_PER_EPOCH + 3} `), where);
    assert.deepEqual([...where.matchAll(/epoch (\d+)/gi)].map((e) => Number(e[1])), [from.epoch + 1], where);
    // Adam without amsgrad: every line of its registry entry's rule but the amsgrad ones.
    const rule = await page.locator('#update-rule').textContent();
    const registryRule = await page.evaluate(() => window.__lrlab.model.get().registry.optimizers.find((o) => o.name === 'adam').rule);
    assert.equal(rule, registryRule.filter((line) => !line.includes('vmax')).join('\n'));
    const names = await page.locator('#update-rows th code').allTextContents();
    // Each setting the rule names has its value beside it (Keras's defaults here).
    assert.deepEqual(names, ['lr', 'beta_1', 'beta_2', 'epsilon', 'g', 't', 'm', 'v', 'beta_1^t', 'beta_2^t', 'alpha', 'w', 'Δw']);
    assert.deepEqual(await page.locator('#update-rows tr').evaluateAll((rows) => rows.slice(1, 4).map((row) => row.cells[2].textContent)), ['0.9', '0.999', '1e-7']);
    // Every name of the rule's lines has a row: alpha, the rule's second line, with the value this
    // update used (no before), as the rule makes it from the rows above it (8 digits shown).
    const shown = Object.fromEntries(await page.locator('#update-rows tr').evaluateAll((rows) =>
      rows.map((row) => [row.cells[0].querySelector('code').textContent, [row.cells[1].textContent, row.cells[2].textContent]])));
    assert.equal(shown.alpha[0], '', 'alpha has no before');
    const alpha = Number(shown.lr[1]) * Math.sqrt(1 - Number(shown['beta_2^t'][1])) / (1 - Number(shown['beta_1^t'][1]));
    assert.ok(Math.abs(Number(shown.alpha[1]) / alpha - 1) < 1e-6, `alpha ${shown.alpha[1]} against ${alpha}`);
    // The parameter shown is followed as the cursor moves by update: picked once, where the panel
    // first showed, as the one that moved most there.
    const followed = await page.locator('#update-card').getAttribute('data-parameter');
    assert.equal(await page.locator('#update-parameter').inputValue(), followed, 'the field names the parameter followed');
    const card = () => page.evaluate(() => ({ ...document.getElementById('update-card').dataset }));
    let largestElsewhere = false;
    for (let i = 1; i <= 4; i++) {
      await slider.focus();
      await page.keyboard.press('Shift+ArrowRight');
      const next = (from.epoch + 1) * STEPS_PER_EPOCH + 3 + i;
      await page.waitForFunction((u) => document.getElementById('update-card').dataset.update === String(u), next, { timeout: 20000 });
      const shown = await card();
      assert.equal(shown.parameter, followed, `update ${next} shows the parameter followed`);
      if (shown.largest !== followed) {
        largestElsewhere = true;
        assert.match(await page.locator('#update-where').textContent(), /followed as the cursor moves \(layer \d+ [Wb]\[[\d, ]+\] moved most here\)\.$/);
      }
    }
    // Back to the one that moved most here, from the keyboard.
    await page.locator('#update-largest').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => {
      const { parameter, largest } = document.getElementById('update-card').dataset;
      return parameter === largest && document.getElementById('update-parameter').value === parameter &&
        document.getElementById('update-where').textContent.endsWith('the one that moved most here.');
    }, null, { timeout: 20000 });
    if (!largestElsewhere) assert.equal((await card()).parameter, followed);
    // No parameter is refused in the field's words, beside the numbers of the one still followed;
    // a whole one in range is followed and the refusal goes.
    await page.locator('#update-parameter').fill('2.5');
    await page.locator('#update-parameter').dispatchEvent('change');
    assert.match(await page.locator('#update-error').textContent(), /^Parameter: 2\.5 is not allowed: must be a whole number from 0 to \d+ \(empty: the one that moved most\)\. The panel keeps following parameter \d+ until then\.$/);
    assert.ok(await page.locator('#update-numbers').isVisible());
    await page.locator('#update-parameter').fill('5');
    await page.locator('#update-parameter').dispatchEvent('change');
    await page.waitForFunction(() => document.getElementById('update-card').dataset.parameter === '5', null, { timeout: 20000 });
    await page.waitForFunction(() => document.getElementById('update-error').hidden, null, { timeout: 5000 });

    // A click on the landscape points at the epoch of the path point nearest the click: each path
    // takes one update per epoch, so its point after k steps is epoch k. The click lands on a point
    // no other point of a different step lies within 6 px of, the point read from the chart's data.
    const landscape = page.locator('#landscape-chart');
    await landscape.scrollIntoViewIfNeeded();
    const target = await page.evaluate(() => {
      const chart = window.Chart.getChart(document.getElementById('landscape-chart'));
      const { chartArea: area, scales } = chart;
      const points = chart.data.datasets.filter((d) => d.lrlab?.role === 'path').flatMap((d) => d.lrlab.full.map((p) =>
        ({ step: p.step, px: scales.x.getPixelForValue(p.x), py: scales.y.getPixelForValue(p.y) })));
      const inside = (p) => p.px > area.left + 2 && p.px < area.right - 2 && p.py > area.top + 2 && p.py < area.bottom - 2;
      return points.find((p) => p.step >= 3 && p.step <= 30 && inside(p) &&
        points.every((q) => q.step === p.step || Math.hypot(q.px - p.px, q.py - p.py) > 6)) ?? null;
    });
    assert.ok(target, 'a path point apart from the others to click on');
    await landscape.click({ position: { x: target.px, y: target.py } });
    await drawn(page);
    m = await markers(page);
    assert.deepEqual(m.cursor, { epoch: target.step, step: 0 }, 'a click on the landscape points at its nearest path point');
    assertMarkersAt(m);

    // A click on the loss chart points there; Escape leaves the cursor: every marker goes.
    // Past the updates run 1 has taken, the update panel says so, as a note and not an error,
    // instead of numbers a replay could give (no rule, no table); from "now" the keyboard moves
    // back from the latest epoch done, not from the end.
    const taken = await page.evaluate(() => {
      const model = window.__lrlab.model.get();
      const slider = document.getElementById('cursor');
      slider.value = slider.max;
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      return model.runs.get(model.state.runs[0].key).updates;
    });
    if (taken < 300 * STEPS_PER_EPOCH) {
      await page.waitForFunction(() => !document.getElementById('update-note').hidden, null, { timeout: 10000 });
      assert.match(await page.locator('#update-note').textContent(),
        /^Run 1 (has taken \d+ updates so far: update 1201 is still to come|stopped after update \d+: it never took update 1201)\.$/);
      assert.ok(await page.locator('#update-numbers').isHidden());
      assert.ok(await page.locator('#update-rule').isHidden());
      assert.ok(await page.locator('#update-error').isHidden());
    }
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => window.__lrlab.model.get().cursor === null);
    await slider.focus();
    const latest = await page.evaluate(() => {
      const model = window.__lrlab.model.get();
      return Math.max(...model.state.runs.map((run) => model.runs.get(run.key).epochsDone));
    });
    await page.keyboard.press('ArrowLeft');
    const back = await page.evaluate(() => window.__lrlab.model.get().cursor);
    assert.ok(back.epoch <= latest && back.epoch >= latest - 3, `ArrowLeft from now lands before epoch ${latest}: ${JSON.stringify(back)}`);

    const chart = page.locator('#loss-chart');
    const area = await page.evaluate(() => window.Chart.getChart(document.getElementById('loss-chart')).chartArea);
    await chart.click({ position: { x: (area.left + area.right) / 2, y: (area.top + area.bottom) / 2 } });
    const clicked = await page.evaluate(() => window.__lrlab.model.get().cursor);
    assert.ok(Math.abs(clicked.epoch - 150) <= 10, `a click mid-chart points mid-run: ${JSON.stringify(clicked)}`);
    // Leaving the cursor is heard at once, with the timeline's "Now" (a drag is heard where it stops).
    const heardWithNow = page.evaluate(() => new Promise((resolve) => {
      const where = document.getElementById('cursor-where');
      new MutationObserver((_, observer) => {
        if (where.textContent !== 'Now') return;
        observer.disconnect();
        resolve(document.getElementById('cursor-live').textContent);
      }).observe(where, { childList: true, characterData: true, subtree: true });
    }));
    await page.keyboard.press('Escape');
    assert.equal(await heardWithNow, 'Back to now.');
    await drawn(page);
    m = await markers(page);
    assert.equal(m.cursor, null);
    for (const view of ['loss', 'sharpness', 'steps', 'schedule', 'landscape']) assert.equal(m[view], null, view);
    assert.ok(m.cards.every((text) => text === ''));
    assert.deepEqual(m.badges, m.diagnoses, 'back at now, each badge is the run\'s verdict now');
    assert.ok(m.progress.every((text) => /^epoch \d+ of 300/.test(text)), m.progress.join(' | '));
    assert.ok(!m.captions.some((text) => text.startsWith('Now')) && !m.story.startsWith('Now') && !m.accuracy.startsWith('Now'));
    assert.ok(await page.locator('#cursor-now').isDisabled());
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
