// Controls and words that never disagree with what the page shows:
// - a slider covers its defaults, and a typed value outside its range pins the thumb and says so;
// - a refused value is said beside its control in the control's words, with how to recover, one
//   error at a time, and no note beside it speaks as if the value were taken;
// - a schedule that ignores the run's rate (the tutorial's) says so on every card and legend;
// - the default view says where divergence is, and it is one click away;
// - the loss axis keeps readable tick labels when the loss spans a narrow range.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser } from './browser.mjs';
import { waitReady, runRows, linkTo, lossDatasets } from './page-helpers.mjs';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

test('every slider shows its field\'s value, or says the value is outside its range', async () => {
  const { page, problems, close } = await browser.openPage();
  await waitReady(page);
  // The default view's third run trains at 30.
  const third = page.getByRole('slider', { name: /Learning rate of run 3/ });
  const position = Number(await third.inputValue());
  assert.ok(Math.abs(position - Math.log10(30)) < 0.011, `the thumb sits at 30 (log position ${position})`);
  assert.equal(await page.getByRole('textbox', { name: 'Learning rate of run 3' }).inputValue(), '30');
  assert.deepEqual(problems, []);
  await close();
});

test('a typed value outside a slider\'s range pins the thumb at its end and says so', async () => {
  const { page, problems, close } = await browser.openPage();
  await waitReady(page);
  // Speed 0 ("as fast as the core can") lies below the slider's 1..1000: pinned, and said in
  // words that say what 0 means, not as if it were a mistake.
  const speedText = page.getByRole('textbox', { name: 'Speed, epochs/s' });
  await speedText.fill('0');
  await speedText.press('Enter');
  const speedSlider = page.getByRole('slider', { name: /Speed, epochs\/s/ });
  await page.getByText(/^0: as fast as the core can \(the thumb stays at its low end\)\.$/).waitFor({ timeout: 5000 });
  assert.equal(Number(await speedSlider.inputValue()), 0, 'the thumb is pinned at the low end (log 1 = 0)');
  // Any other value beyond the range is said to be so.
  await speedText.fill('2000');
  await speedText.press('Enter');
  await page.getByText(/2000 is outside the slider's range \(1 to 1000\): the thumb stays at its high end/).waitFor({ timeout: 5000 });
  assert.deepEqual(problems, []);
  await close();
});

test('a refused rate is said in its box\'s words with how to recover; the next error replaces it; nothing contradicts it', async () => {
  const { page, problems, close } = await browser.openPage();
  await waitReady(page);
  const box = page.getByRole('textbox', { name: 'Learning rate of run 2' });
  const card = page.locator('#run-list > *').nth(1);
  // The card's first slider is its rate's (a run's own optimizer has sliders further down).
  const error = card.locator('.slider-field').first().locator('.field-error');
  const note = card.locator('.slider-field').first().locator('.field-note');
  const rate = await box.inputValue();
  await box.fill('-3');
  await box.press('Enter');
  // The core allows a rate above 0 and at most 1e6 (core/optim/make_optimizer.cpp).
  await page.waitForFunction((id) => document.getElementById(id)?.textContent.includes('-3'),
    await error.getAttribute('id'), { timeout: 10000 });
  assert.match(await error.textContent(),
    /^Learning rate of run 2: -3 is not allowed: must be above 0 and at most 1e6\. Type another rate or drag the slider; run 2 keeps its rate 0\.5 until then\.$/);
  assert.ok(!(await error.textContent()).includes('optimizer.learning_rate'), 'no internal name');
  assert.ok(await note.isHidden(), `no note speaks of where the thumb "stays": ${await note.textContent()}`);
  assert.equal(await page.locator('.field-error:visible', { hasText: '-3 is not allowed' }).count(), 1, 'said once');
  // Something that is no number replaces that error, and the old one is not left beside it.
  await box.fill('abc');
  await box.press('Enter');
  assert.equal(await error.textContent(), 'Learning rate of run 2: "abc" is not a number. Type a number, or drag the slider.');
  assert.ok(await note.isHidden());
  assert.equal(await card.getByText(/-3 is not allowed|thumb stays/).count(), 0, 'nothing about -3 is left');
  // A rate that is allowed clears it.
  await box.fill(rate);
  await box.press('Enter');
  await error.waitFor({ state: 'hidden', timeout: 10000 });
  assert.deepEqual(problems, []);
  await close();
});

test('a slider over a wide range shows a small value where it is, not at 0', async () => {
  const { page, problems, close } = await browser.openPage();
  await waitReady(page);
  // Inverse-time decay: decay_rate 0.5 in a range of 0..1000; the thumb must not read 0.
  await page.getByRole('combobox', { name: 'Schedule', exact: true }).selectOption('inverse_time');
  const rateField = page.getByRole('textbox', { name: 'decay_rate', exact: true });
  await rateField.waitFor();
  assert.equal(await rateField.inputValue(), '0.5');
  const rateSlider = page.getByRole('slider', { name: /^decay_rate/ });
  const slider = await rateSlider.evaluate((input) => ({ value: Number(input.value), text: input.getAttribute('aria-valuetext') }));
  assert.equal(slider.text, '0.5', 'the slider speaks the field\'s value');
  const shown = /logarithmic/.test(await rateSlider.getAttribute('aria-label')) ? 10 ** slider.value : slider.value;
  assert.ok(Math.abs(shown - 0.5) < 0.05 * 0.5, `the thumb sits at 0.5, not ${shown}`);
  assert.deepEqual(problems, []);
  await close();
});

test('a schedule that ignores the run\'s rate says so on the card and in the legend', async () => {
  const { page, problems, close } = await browser.openPage(linkTo({ settings: { schedule: { name: 'tutorial' }, epochs: 20 } }));
  await waitReady(page);
  await page.waitForFunction(() => [...document.querySelectorAll('#run-list .run-progress')]
    .every((row) => row.textContent.startsWith('epoch 20 of 20')), null, { timeout: 30000 });
  const cards = await page.$$eval('#run-list > li', (rows) => rows.map((row) => row.textContent));
  assert.equal(cards.length, 3);
  for (const card of cards) {
    assert.match(card, /rate from the schedule: 0\.01, 0\.0165 at epoch 5/i, card);
    assert.match(card, /slider is not in effect/i, card);
  }
  const legends = (await lossDatasets(page)).filter((d) => d.role === 'train').map((d) => d.label);
  for (const legend of legends) assert.match(legend, /rate from the schedule/, legend);
  const story = await page.locator('#story').textContent();
  assert.doesNotMatch(story, /rate (0\.5|30)\b/, `the story does not name rates the runs never used: ${story}`);
  assert.deepEqual(problems, []);
  await close();
});

test('a narrow loss range keeps readable tick labels', async () => {
  // The tutorial's schedule for 20 epochs: the loss only falls from about 0.66 to 0.59.
  const { page, problems, close } = await browser.openPage(linkTo({ settings: { schedule: { name: 'tutorial' }, epochs: 20 } }));
  await waitReady(page);
  await page.waitForFunction(() => [...document.querySelectorAll('#run-list .run-progress')]
    .every((row) => row.textContent.startsWith('epoch 20 of 20')), null, { timeout: 30000 });
  const labels = await page.evaluate(() => window.Chart.getChart(document.getElementById('loss-chart'))
    .scales.y.ticks.map((tick) => tick.label).filter((label) => label !== '' && label !== undefined));
  assert.ok(labels.length >= 2, `at least two labelled loss ticks: ${JSON.stringify(labels)}`);
  assert.deepEqual(problems, []);
  await close();
});

test('the default view says where divergence is, one click away', async () => {
  const { page, problems, close } = await browser.openPage();
  await waitReady(page);
  await page.getByText(/a too-high rate bounces instead of diverging/i).first().waitFor({ timeout: 5000 });
  await page.getByRole('button', { name: /Show a run that diverges/ }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('#run-list .verdict')]
    .some((badge) => badge.dataset.verdict === 'diverged'), null, { timeout: 30000 });
  const rows = await runRows(page);
  const verdicts = rows.map((row) => row.verdict);
  assert.ok(verdicts.includes('diverged'), verdicts.join());
  const story = await page.locator('#story').textContent();
  assert.match(story, /diverged/, story);
  assert.deepEqual(problems, []);
  await close();
});

// Every control's refusal, not only a rate box's, is said in the words its label shows (Adam's
// "beta_1", a schedule's "decay_steps"), never with the core's field path ("optimizer.beta_1"),
// with what is allowed in words, how to go on, and what stays meanwhile (the refused change is
// not adopted: the box's value in force).
test("a refused parameter is said in its box's label words, with what stays meanwhile", async () => {
  const { page, problems, close } = await browser.openPage(linkTo({ settings: { epochs: 40 }, rates: [0.01] }));
  await waitReady(page);
  const refusedIn = async (card, name, typed) => {
    const field = card.locator('.slider-field, .text-field').filter({ has: page.getByRole('textbox', { name, exact: true }) });
    const box = field.getByRole('textbox', { name, exact: true });
    const before = await box.inputValue();
    const label = (await field.locator('.field-label').textContent()).trim();
    await box.fill(typed);
    await box.press('Enter');
    const error = field.locator('.field-error');
    await error.waitFor({ timeout: 10000 });
    return { text: await error.textContent(), label, before };
  };
  await page.getByRole('combobox', { name: 'Optimizer', exact: true }).selectOption('adam');
  const optimizer = page.locator('#optimizer-controls');
  await optimizer.getByRole('textbox', { name: 'beta_1', exact: true }).waitFor();
  // Adam's beta_1 is a decay rate in [0, 1) (Kingma & Ba 2015, Algorithm 1: beta_1 in [0, 1)).
  const beta = await refusedIn(optimizer, 'beta_1', '5');
  assert.equal(beta.label, 'beta_1');
  assert.equal(beta.text, `beta_1: 5 is not allowed: must be at least 0 and below 1. Type another value or drag the slider; beta_1 stays ${beta.before} until then.`);
  assert.equal(await page.evaluate(() => window.__lrlab.model.get().state.settings.optimizer.beta_1), Number(beta.before), 'not adopted');

  // Keras ExponentialDecay divides by decay_steps: it must be a whole number of steps, at least 1.
  await page.getByRole('combobox', { name: 'Schedule', exact: true }).selectOption('exponential');
  const schedule = page.locator('#schedule-controls');
  await schedule.getByRole('textbox', { name: 'decay_steps', exact: true }).waitFor();
  const steps = await refusedIn(schedule, 'decay_steps', '0');
  assert.equal(steps.label, 'decay_steps');
  assert.match(steps.text, new RegExp(`^decay_steps: 0 is not allowed: must be an integer at least 1 and at most (1e9|1000000000)\\. Type another value; decay_steps stays ${steps.before} until then\\.$`));
  for (const text of [beta.text, steps.text]) assert.doesNotMatch(text, /optimizer\.|schedule\./, 'no internal path');
  assert.deepEqual(problems, []);
  await close();
});
