// Projector mode (?projector in the URL, or the Projector button): at 1920x1080 the loss chart and
// one other view sit side by side, wholly on the screen; the controls are reduced to the rates and
// the transport; tick labels are at least 18 px and the lines thicker. Screenshots for a look.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifactsDir, startBrowser } from './browser.mjs';
import { linkTo, waitReady } from './page-helpers.mjs';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

const FULL_HD = { width: 1920, height: 1080 };

// Where each canvas is, whether it is shown, the tick font and the loss lines' width.
function layout(page) {
  return page.evaluate(() => {
    const box = (id) => {
      const canvas = document.getElementById(id);
      const r = canvas.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height, shown: canvas.checkVisibility() };
    };
    const loss = window.Chart.getChart(document.getElementById('loss-chart'));
    return {
      projector: document.documentElement.classList.contains('projector'),
      scrollY: window.scrollY,
      loss: box('loss-chart'), sweep: box('sweep-chart'), landscape: box('landscape-chart'),
      tickFont: Math.min(loss.scales.x._resolveTickFontOptions(0).size, loss.scales.y._resolveTickFontOptions(0).size),  // as drawn
      trainWidth: Math.min(...loss.data.datasets.filter((d) => d.lrlab?.role === 'train').map((d) => d.borderWidth)),
      settingsShown: document.getElementById('optimizer-card').checkVisibility(),
      rateShown: document.querySelector('#run-list input[type="range"]').checkVisibility(),
      playShown: document.getElementById('play').checkVisibility(),
    };
  });
}

const inside = (b) => b.shown && b.left >= 0 && b.top >= 0 && b.right <= FULL_HD.width && b.bottom <= FULL_HD.height && b.width >= 600 && b.height >= 400;

for (const colorScheme of ['light', 'dark']) {
  test(`?projector at 1920x1080 (${colorScheme}): loss and sweep side by side on screen, rates and transport only, large type`, async () => {
    const link = linkTo({ rates: [0.01, 0.5, 30], settings: { epochs: 60 } });
    const { page, problems, close } = await browser.openPage(`?projector${link}`, { viewport: FULL_HD, colorScheme });
    await waitReady(page);
    await page.waitForFunction(() => /Sweep: \d+ rates/.test(document.getElementById('sweep-status').textContent), null, { timeout: 40000 });
    await page.waitForTimeout(300);
    const seen = await layout(page);
    assert.ok(seen.projector, 'projector mode is on');
    assert.equal(seen.scrollY, 0);
    assert.ok(inside(seen.loss), `loss chart on screen: ${JSON.stringify(seen.loss)}`);
    assert.ok(inside(seen.sweep), `sweep chart on screen: ${JSON.stringify(seen.sweep)}`);
    assert.ok(seen.sweep.left >= seen.loss.right - 1, 'side by side');
    assert.ok(!seen.landscape.shown, 'one other view');
    assert.ok(seen.tickFont >= 18, `tick labels ${seen.tickFont} px`);
    assert.ok(seen.trainWidth >= 4, `loss lines ${seen.trainWidth} px`);
    assert.ok(!seen.settingsShown, 'the settings cards are put away');
    assert.ok(seen.rateShown && seen.playShown, 'the rates and the transport stay');
    await page.screenshot({ path: join(artifactsDir, `projector-1920-${colorScheme}.png`) });
    assert.deepEqual(problems, []);
    await close();
  });
}

test('the Projector button turns it on and off, keeps it in the URL, and the other view can be chosen', async () => {
  const { page, problems, close } = await browser.openPage(linkTo({ rates: [0.05, 0.5] }), { viewport: FULL_HD });
  await waitReady(page);
  const normal = await layout(page);
  assert.ok(!normal.projector && normal.settingsShown);
  assert.ok(normal.tickFont < 18, 'normal type off the projector');
  await page.getByRole('button', { name: 'Projector' }).click();
  await page.waitForFunction(() => new URLSearchParams(location.search).has('projector'));
  await page.getByRole('combobox', { name: 'Beside the loss chart' }).selectOption('landscape');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('projector') === 'landscape');
  await page.waitForTimeout(300);
  const on = await layout(page);
  assert.ok(on.projector && inside(on.loss) && inside(on.landscape) && !on.sweep.shown, JSON.stringify(on));
  assert.ok(on.tickFont >= 18);
  // A reload keeps it: the flag is in the URL.
  await page.reload();
  await waitReady(page);
  const again = await layout(page);
  assert.ok(again.projector && again.landscape.shown && !again.sweep.shown);
  await page.getByRole('button', { name: 'Projector' }).click();
  await page.waitForFunction(() => !new URLSearchParams(location.search).has('projector'));
  const off = await layout(page);
  assert.ok(!off.projector && off.settingsShown && off.sweep.shown && off.landscape.shown);
  assert.ok(off.tickFont < 18 && off.trainWidth < 4, 'back to normal type and lines');
  assert.deepEqual(problems, []);
  await close();
});

// A lesson on the projector (the link a teacher makes: ?projector#lesson=2): the lesson's words
// and question above, and still the loss chart whole on the screen, axes and all, beside the
// other view; the runs can be exported and shown as code without leaving the lesson.
test('?projector#lesson=2 at 1920x1080: the lesson, the loss chart whole on screen, exports reachable', async () => {
  const { page, problems, close } = await browser.openPage('?projector#lesson=2', { viewport: FULL_HD });
  await waitReady(page);
  await page.waitForFunction(() => document.getElementById('lesson-panel')?.dataset.phase === 'asking', null, { timeout: 20000 });
  await page.waitForTimeout(300);
  const fits = async (when) => {
    const seen = await layout(page);
    assert.equal(seen.scrollY, 0, `${when}: nothing scrolled`);
    assert.ok(inside(seen.loss), `${when}: loss chart whole on screen: ${JSON.stringify(seen.loss)}`);
    assert.ok(seen.tickFont >= 18, `${when}: tick labels ${seen.tickFont} px`);
    const panel = await page.locator('#lesson-panel').boundingBox();
    assert.ok(panel.y >= 0 && panel.y + panel.height <= seen.loss.top, `${when}: the lesson above the chart`);
  };
  await fits('asking');
  await page.screenshot({ path: join(artifactsDir, 'projector-lesson-1920.png') });
  for (const name of ['Export runs (CSV)', 'As code']) {
    const button = page.getByRole('button', { name });
    assert.ok(await button.isVisible(), `${name} reachable in the lesson`);
    const box = await button.boundingBox();
    assert.ok(box.y >= 0 && box.y + box.height <= FULL_HD.height, `${name} on screen`);
  }
  await page.getByRole('button', { name: 'As code' }).click();
  await page.getByRole('dialog', { name: /code/i }).waitFor({ state: 'visible', timeout: 5000 });
  await page.keyboard.press('Escape');

  // Answered and run: the feedback joins the lesson panel, and the chart still fits.
  await page.getByRole('radio', { name: /Bounce around/ }).check();
  await page.getByRole('button', { name: 'Run it' }).click();
  await page.waitForFunction(() => document.getElementById('lesson-panel')?.dataset.phase === 'told', null, { timeout: 40000 });
  await page.waitForTimeout(300);
  await fits('told');
  await page.screenshot({ path: join(artifactsDir, 'projector-lesson-told-1920.png') });
  assert.deepEqual(problems, []);
  await close();
});

// A class reads the lesson on the projector: chapter 14's words (its longest) are all on the screen
// above the loss chart, none in a box that scrolls with nothing saying so (a third of them showed),
// and the loss chart's legend names each run whole: no entry is cut at the canvas's edge (it read
// "... at epoch 5" for "at epoch 50" and "at epoch 1" for "at epoch 100").
test('?projector#lesson=14 at 1920x1080: the lesson text whole on the screen, the legend entries whole', async () => {
  const { page, problems, close } = await browser.openPage('?projector#lesson=14', { viewport: FULL_HD });
  await waitReady(page);
  await page.waitForFunction(() => document.getElementById('lesson-panel')?.dataset.phase === 'asking', null, { timeout: 20000 });
  await page.waitForTimeout(300);
  const seen = await page.evaluate(() => {
    const story = document.querySelector('#lesson-panel .lesson-story');
    const paragraphs = [...story.querySelectorAll('p')].map((p) => { const r = p.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, text: p.textContent }; });
    // Every box around the text that clips it (overflow other than visible) and holds more than it shows.
    const clipped = [];
    for (let node = story; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.overflowY !== 'visible' && node.scrollHeight > node.clientHeight + 1) clipped.push(`${node.className}: ${node.scrollHeight} > ${node.clientHeight}`);
    }
    const chart = window.Chart.getChart(document.getElementById('loss-chart'));
    const { legend } = chart;
    const entries = legend.legendItems.map((item, i) => ({ run: item.datasetIndex, text: item.text.replace(/\u2007+$/, ''),
      left: legend.legendHitBoxes[i].left, width: legend.legendHitBoxes[i].width }));
    const labels = chart.data.datasets.filter((d) => d.lrlab?.role === 'train').map((d) => d.label);
    return { paragraphs, clipped, entries, labels, chartWidth: chart.width, scrollY: window.scrollY };
  });
  assert.equal(seen.scrollY, 0);
  assert.deepEqual(seen.clipped, [], 'no box scrolls the lesson\'s words');
  assert.equal(seen.paragraphs.length, 3);
  for (const p of seen.paragraphs) assert.ok(p.top >= 0 && p.bottom <= FULL_HD.height, `on the screen: ${p.text.slice(0, 40)}… (${p.top}..${p.bottom})`);
  assert.match(seen.paragraphs.at(-1).text, /Hägele et al\. found/);
  const loss = (await layout(page)).loss;
  assert.ok(seen.paragraphs.at(-1).bottom <= loss.top, 'the words above the loss chart');
  assert.ok(inside(loss), `and the loss chart still whole on the screen: ${JSON.stringify(loss)}`);
  // Each entry inside the canvas, and its numbers whole: the epoch each branch begins is the run's.
  for (const entry of seen.entries) {
    assert.ok(entry.left >= 0 && entry.left + entry.width <= seen.chartWidth, `entry inside the chart: ${entry.text}`);
  }
  // Each run's entry (its lines, if it had to be broken) says its whole label.
  const said = [...new Set(seen.entries.map((e) => e.run))].map((run) => seen.entries.filter((e) => e.run === run).map((e) => e.text).join(' '));
  assert.deepEqual(said, seen.labels);
  assert.match(said[1], /\bepoch 50$/, said[1]);
  assert.match(said[2], /\bepoch 100$/, said[2]);
  await page.screenshot({ path: join(artifactsDir, 'projector-lesson14-1920.png') });
  assert.deepEqual(problems, []);
  await close();
});
