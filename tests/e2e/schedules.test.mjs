// The schedule switcher: each schedule redraws the preview with its own closed form (computed by
// the core), the tutorial's preset shows its jump at epoch 5, and a malformed custom formula is
// explained beside its box while the runs keep training on the schedule they had.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser } from './browser.mjs';
import { waitReady, previewData, epochsDone, linkTo } from './page-helpers.mjs';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

const close = (a, b) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));

async function pickSchedule(page, name) {
  const before = JSON.stringify(await previewData(page));
  await page.getByRole('combobox', { name: 'Schedule', exact: true }).selectOption(name);
  await page.waitForFunction((old) => JSON.stringify(window.Chart.getChart(document.getElementById('schedule-chart'))
    .data.datasets.map((d) => d.data.map((p) => [p.x, p.y]))) !== old, before, { timeout: 5000 });
  return (await previewData(page))[0];
}

test('switching the schedule redraws the preview with its closed form', async () => {
  const { page, problems, close: done } = await browser.openPage(linkTo({ settings: { epochs: 40 }, rates: [0.1] }));
  await waitReady(page);
  await page.waitForFunction(() => window.Chart.getChart(document.getElementById('schedule-chart')).data.datasets.length > 0);
  const constant = (await previewData(page))[0];
  assert.equal(constant.length, 40);
  assert.ok(constant.every(([, y]) => y === 0.1), 'constant: lr0 throughout');

  const tutorial = await pickSchedule(page, 'tutorial');
  // 0.01 for epochs 0..4, then 0.01 * exp(0.1 * (10 - e)): up to ~0.0165 at epoch 5, then down.
  assert.ok(tutorial.slice(0, 5).every(([, y]) => close(y, 0.01)), 'flat at 0.01 before epoch 5');
  assert.ok(tutorial[5][1] > tutorial[4][1] * 1.6, `jumps up at epoch 5: ${tutorial[4][1]} -> ${tutorial[5][1]}`);
  assert.ok(close(tutorial[5][1], 0.01 * Math.exp(0.5)));
  assert.ok(tutorial[20][1] < tutorial[5][1], 'then decays');

  const exponential = await pickSchedule(page, 'exponential');
  const ratios = exponential.slice(1, 10).map(([, y], i) => y / exponential[i][1]);
  assert.ok(ratios.every((r) => r < 1 && close(r, ratios[0]) ), `exponential: a constant ratio below 1: ${ratios}`);

  // Dragging one of the schedule's sliders redraws the preview while it moves.
  const slider = page.locator('#schedule-controls input[type="range"]').first();
  const shape = JSON.stringify(await previewData(page));
  await slider.focus();
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction((old) => JSON.stringify(window.Chart.getChart(document.getElementById('schedule-chart'))
    .data.datasets.map((d) => d.data.map((p) => [p.x, p.y]))) !== old, shape, { timeout: 5000 });
  assert.deepEqual(problems, []);
  await done();
});

test('a malformed formula is shown at its position and the runs keep training', async () => {
  const { page, problems, close: done } = await browser.openPage(linkTo({ settings: { epochs: 3000 }, speed: 30 }));
  await waitReady(page);
  await page.getByRole('combobox', { name: 'Schedule', exact: true }).selectOption('formula');
  const box = page.locator('.formula-field input');
  await box.waitFor();
  const runningBefore = await epochsDone(page, 1);
  await box.fill('epoch < 5 ? 0.01 : 0.01 * exp(0.1 * (10 - epoch)');  // missing ")"
  await box.press('Enter');
  const error = page.locator('.formula-field .formula-error');
  await error.waitFor({ state: 'visible', timeout: 5000 });
  const message = await error.locator('.formula-message').textContent();
  assert.match(message, /\d/, `the message names a position: ${message}`);
  const caret = await error.locator('.formula-caret').textContent();
  assert.match(caret, /\n\s*\^$/, 'a caret marks the position under the formula');
  // The error sits beside the box (inside its field), and training carries on.
  await page.waitForFunction(([b]) => {
    const text = document.querySelectorAll('#run-list .run-progress')[1].textContent;
    return Number(/epoch (\d+)/.exec(text)[1]) > b + 20;
  }, [runningBefore], { timeout: 10000 });
  assert.deepEqual(problems, []);
  await done();
});

test('a formula that parses is drawn in the preview as it is typed, and applied only on Enter', async () => {
  const { page, problems, close: done } = await browser.openPage(linkTo({ settings: { epochs: 40 }, rates: [0.1] }));
  await waitReady(page);
  await pickSchedule(page, 'formula');
  const box = page.locator('.formula-field input');
  // Typed, no Enter: after the pause in typing the preview follows the text (0.1 * 0.5^epoch).
  await box.fill('lr0 * 0.5^epoch');
  await page.waitForFunction(() => {
    const data = window.Chart.getChart(document.getElementById('schedule-chart')).data.datasets[0]?.data ?? [];
    return data.length > 2 && Math.abs(data[2].y - 0.025) < 1e-15;
  }, null, { timeout: 5000 });
  const drawn = (await previewData(page))[0];
  drawn.forEach(([x, y]) => assert.ok(close(y, 0.1 * 0.5 ** x), `epoch ${x}: ${y}`));
  assert.doesNotMatch(decodeURIComponent(await page.evaluate(() => location.hash)), /0\.5\^epoch/, 'not applied yet');
  await box.press('Enter');
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('0.5^epoch'), null, { timeout: 5000 });
  assert.deepEqual(problems, []);
  await done();
});

test('the preview covers the whole run per epoch, and says where a per-step preview stops', async () => {
  // Batches of 32 of 410 training points: 13 steps an epoch, 39,000 steps in the run.
  const { page, problems, close: done } = await browser.openPage(linkTo({ settings: { epochs: 3000, batch_size: 32, schedule: { name: 'exponential', granularity: 'epoch' } }, rates: [0.1], speed: 1 }));
  await waitReady(page);
  // Every epoch of the 3,000 (before, the preview stopped at epoch 999).
  await page.waitForFunction(() => (window.Chart.getChart(document.getElementById('schedule-chart')).data.datasets[0]?.data.length ?? 0) === 3000, null, { timeout: 10000 });
  const perEpoch = (await previewData(page))[0];
  assert.equal(perEpoch.at(-1)[0], 2999);
  // The axis runs to the run's end, epoch 3,000, where the loss chart ends and the cursor can stand
  // (the rate of the last epoch, 2999 to 3000, is the last point's step).
  const axisEnd = () => page.evaluate(() => window.Chart.getChart(document.getElementById('schedule-chart')).scales.x.max);
  assert.equal(await axisEnd(), 3000);
  assert.equal(await page.textContent('#schedule-title'), "Preview: lr(epoch) for each run's rate");
  // The note says what this schedule does, in the registry's words (it was the tutorial's, for every schedule).
  assert.match(await page.textContent('#schedule-what'), /^The rate each epoch will use\. Exponential decay: lr0 \* decay_rate/);
  await page.getByRole('combobox', { name: 'Evaluated per' }).selectOption('step');
  await page.getByText("Preview: lr at each update, against epochs, for each run's rate (the first 769 of 3,000 epochs)").waitFor({ timeout: 5000 });
  assert.equal(await axisEnd(), 769, 'a per-step preview\'s axis ends where the title says it stops');
  assert.match(await page.textContent('#schedule-what'), /^The rate each update will use, drawn against the epochs/);
  assert.deepEqual(problems, []);
  await done();
});

test('a formula that does not parse is not drawn: the preview says so, with the error, until the text parses again', async () => {
  const { page, problems, close: done } = await browser.openPage(linkTo({ settings: { epochs: 40 }, rates: [0.1] }));
  await waitReady(page);
  await pickSchedule(page, 'formula');
  const box = page.locator('.formula-field input');
  const inForce = await box.inputValue();
  // A formula that parses is drawn as typed: 0.1 * 0.5^epoch.
  await box.fill('lr0 * 0.5^epoch');
  await page.waitForFunction(() => Math.abs((window.Chart.getChart(document.getElementById('schedule-chart'))
    .data.datasets[0]?.data[2]?.y ?? 0) - 0.025) < 1e-15, null, { timeout: 5000 });
  // Then broken (a ")" missing): the previous curve must not stay on the chart as if it were this one.
  await box.fill('lr0 * 0.5^(epoch');
  await page.locator('.formula-field .formula-error').waitFor({ state: 'visible', timeout: 5000 });
  const error = (await page.locator('.formula-field .formula-message').textContent()).trim();
  await page.waitForFunction(() => window.Chart.getChart(document.getElementById('schedule-chart')).data.datasets.length === 0,
    null, { timeout: 5000 });
  const title = await page.textContent('#schedule-title');
  assert.match(title, /not drawn/, title);
  assert.ok(title.includes('lr0 * 0.5^(epoch'), `names the formula: ${title}`);
  assert.ok(title.includes(error), `carries the parser's error "${error}": ${title}`);
  // Fixed: drawn again (0.1 * 0.25^epoch), and the caption is the preview's own again.
  await box.fill('lr0 * 0.25^epoch');
  await page.waitForFunction(() => Math.abs((window.Chart.getChart(document.getElementById('schedule-chart'))
    .data.datasets[0]?.data[1]?.y ?? 0) - 0.025) < 1e-15, null, { timeout: 5000 });
  assert.equal(await page.textContent('#schedule-title'), "Preview: lr(epoch) for each run's rate");
  // Broken again, then back to the formula in force: drawn, though there is nothing new to apply.
  await box.fill('lr0 *');
  await page.waitForFunction(() => window.Chart.getChart(document.getElementById('schedule-chart')).data.datasets.length === 0,
    null, { timeout: 5000 });
  await box.fill(inForce);
  await page.waitForFunction(() => (window.Chart.getChart(document.getElementById('schedule-chart')).data.datasets[0]?.data.length ?? 0) === 40,
    null, { timeout: 5000 });
  assert.deepEqual(problems, []);
  await done();
});

test('warmup-stable-decay, ConstantLR and LinearLR draw their closed forms over the run', async () => {
  // Full batch (the default view): one step an epoch, so 40 positions; total_steps and total_iters
  // follow the run (40, 4 and 20) until set.
  const { page, problems, close: done } = await browser.openPage(linkTo({ settings: { epochs: 40 }, rates: [0.1] }));
  await waitReady(page);
  await page.waitForFunction(() => window.Chart.getChart(document.getElementById('schedule-chart')).data.datasets.length > 0);
  const wsd = await pickSchedule(page, 'wsd');
  assert.equal(wsd.length, 40);
  // Warm-up floor(0.05 * 40) = 2 from 0.01 lr0, lr0 until 40 - floor(0.2 * 40) = 32, then 1 - sqrt.
  const expected = (s) => 0.1 * (s < 2 ? 0.01 + 0.99 * s / 2 : s < 32 ? 1 : 0.01 + 0.99 * (1 - Math.sqrt((s - 32) / 8)));
  wsd.forEach(([, y], s) => assert.ok(close(y, expected(s)), `wsd at ${s}: ${y} against ${expected(s)}`));
  const constant = await pickSchedule(page, 'constant_lr');
  constant.forEach(([, y], s) => assert.ok(close(y, s < 4 ? 0.1 / 3 : 0.1), `constant_lr at ${s}: ${y}`));
  const linear = await pickSchedule(page, 'linear_lr');
  linear.forEach(([, y], s) => assert.ok(close(y, 0.1 * (1 / 3 + (2 / 3) * Math.min(s, 20) / 20)), `linear_lr at ${s}: ${y}`));
  assert.deepEqual(problems, []);
  await done();
});

test('a sequence (SequentialLR) and a product (ChainedScheduler) of schedules draw their parts; the parts are edited as rows', async () => {
  const { page, problems, close: done } = await browser.openPage(linkTo({ settings: { epochs: 40 }, rates: [0.1] }));
  await waitReady(page);
  await page.waitForFunction(() => window.Chart.getChart(document.getElementById('schedule-chart')).data.datasets.length > 0);
  // The default sequence: LinearLR from 0.1 over 5, then a cosine decay over 95 from its own 0.
  const cosine = (t, n) => 0.1 * (0.99 * 0.5 * (1 + Math.cos(Math.PI * Math.min(t, n) / n)) + 0.01);
  const sequence = await pickSchedule(page, 'sequential');
  sequence.forEach(([, y], s) => {
    const expected = s < 5 ? 0.1 * (0.1 + 0.9 * s / 5) : cosine(s - 5, 95);
    assert.ok(close(y, expected), `sequential at ${s}: ${y} against ${expected}`);
  });
  const rows = page.locator('.sequence-part');
  assert.equal(await rows.count(), 2, 'one row per part');
  assert.equal(await rows.nth(1).getByRole('textbox', { name: 'starts at position', exact: true }).inputValue(), '5');

  // Each edit proposes the whole list; the preview redraws as soon as the core adopts it.
  const previewAt = (s, y) => page.waitForFunction(([at, want]) => Math.abs((window.Chart.getChart(document.getElementById('schedule-chart'))
    .data.datasets[0]?.data[at]?.y ?? 0) - want) < 1e-12, [s, y], { timeout: 5000 });
  const typeInto = async (row, name, value) => {
    const field = rows.nth(row).getByRole('textbox', { name, exact: true });
    await field.fill(String(value));
    await field.press('Enter');
  };
  await typeInto(1, 'starts at position', 10);  // the cosine now takes over at 10
  await previewAt(7, 0.1);
  await page.getByRole('button', { name: 'Add a part' }).click();  // a constant phase from 20
  await page.waitForFunction(() => document.querySelectorAll('.sequence-part').length === 3);
  // A part the core does not take in a sequence: its reason beside the part's picker.
  await rows.nth(2).getByRole('combobox', { name: 'Part 3' }).selectOption('constant');
  await rows.nth(2).locator('.field-error', { hasText: /^Part 3: "constant" is not allowed: a part must be a closed form/ }).waitFor({ timeout: 5000 });
  assert.equal(await rows.nth(2).getByRole('combobox', { name: 'Part 3' }).inputValue(), 'constant_lr', 'back to the part in force');
  await page.waitForFunction(() => /"parts":\[.*\{"name":"constant_lr","factor":1\}/.test(decodeURIComponent(location.hash)), null, { timeout: 5000 });
  // A part that the core refuses: the message beside its field, in the page's words.
  await typeInto(1, 'decay_steps', 0);
  const error = rows.nth(1).locator('.field-error', { hasText: /^part 2, decay_steps: 0 / });
  await error.waitFor({ timeout: 5000 });
  await typeInto(1, 'decay_steps', 95);
  await error.waitFor({ state: 'hidden', timeout: 5000 });
  // Part 2 moved up: the cosine from 0, the LinearLR from 10, the constant from 20.
  await page.getByRole('button', { name: 'Move part 2 up' }).click();
  await previewAt(0, cosine(0, 95));
  const moved = (await previewData(page))[0];
  moved.forEach(([, y], s) => {
    const expected = s < 10 ? cosine(s, 95) : s < 20 ? 0.1 * (0.1 + 0.9 * Math.min(s - 10, 5) / 5) : 0.1;
    assert.ok(close(y, expected), `moved at ${s}: ${y} against ${expected}`);
  });
  // The link carries the list (the settings JSON stays the model) and brings it back.
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('"parts":[{"name":"cosine"'), null, { timeout: 5000 });
  const again = await browser.openPage(await page.evaluate(() => location.hash));
  await waitReady(again.page);
  await again.page.locator('.sequence-part').nth(2).waitFor();
  assert.deepEqual(await again.page.locator('.sequence-part select').evaluateAll((selects) => selects.map((s) => s.value)),
    ['cosine', 'linear_lr', 'constant_lr']);
  await again.close();
  await page.getByRole('button', { name: 'Remove part 3' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.sequence-part').length === 2);

  const chained = await pickSchedule(page, 'chained');
  chained.forEach(([, y], s) => assert.ok(close(y, 0.1 * (s < 2 ? 0.1 : 1) * 0.9 ** s), `chained at ${s}: ${y}`));
  assert.equal(await page.getByRole('textbox', { name: 'starts at position' }).count(), 0, 'a product\'s parts all start at 0');
  assert.deepEqual(problems, []);
  await done();
});
