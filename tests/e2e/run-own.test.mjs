// Issue 29: a student puts Lion, ScheduleFreeAdamW and Adam with a warmup-stable-decay schedule
// side by side on the default problem from the page's controls only (each run's "Optimizer and
// schedule" in its row, web/controls/run-own.js). Each run's legend and card name what sets it
// apart; "As code" writes each with its own optimizer and schedule; the CSV export reproduces each
// run in the native CLI (`lrlab run FILE --run N`) bit for bit, and so does what the loss chart
// drew; the page's address restores each run's own settings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { artifactsDir, startBrowser } from './browser.mjs';
import { linkTo, runSeries, waitReady } from './page-helpers.mjs';

const cliPath = process.env.LRLAB_CLI ?? 'build/cli/lrlab';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

const EPOCHS = 300;  // the default view's "Stop after"
const RUNS = [
  { rate: '0.003', optimizer: 'lion', label: 'Lion', keras: /keras\.optimizers\.Lion\(learning_rate=LR0, beta_1=0\.9, beta_2=0\.99/ },
  { rate: '0.01', optimizer: 'schedule_free_adamw', label: 'Schedule-free AdamW', keras: /keras\.optimizers\.ScheduleFreeAdamW\(learning_rate=LR0/ },
  { rate: '0.01', optimizer: 'adam', schedule: 'wsd', label: 'Adam', keras: /keras\.optimizers\.Adam\(learning_rate=/ },
];

// The CLI's JSON writes a non-finite number as null; the CSV leaves NaN's cell empty.
const sameCell = (csvText, native) => (native === null ? csvText === '' || !Number.isFinite(Number(csvText))
  : csvText !== '' && Object.is(Number(csvText), native));

const allFinished = (page) => page.waitForFunction((epochs) => {
  const model = window.__lrlab.model.get();
  return model.state.runs.every((run) => (model.runs.get(run.key)?.epochsDone ?? 0) >= epochs) && !model.transport.playing;
}, EPOCHS, { timeout: 60000 });

test('Lion, ScheduleFreeAdamW and Adam with warmup-stable-decay side by side from the runs\' own controls', async () => {
  const { page, problems, close } = await browser.openPage('');
  await waitReady(page);
  await page.locator('#pause').click();
  await page.waitForFunction(() => !window.__lrlab.model.get().transport.playing, null, { timeout: 10000 });

  // Only the page's controls: each row's rate field and its "Optimizer and schedule" disclosure.
  for (const [i, run] of RUNS.entries()) {
    const row = page.locator('#run-list > li').nth(i);
    const rate = page.getByRole('textbox', { name: `Learning rate of run ${i + 1}`, exact: true });
    await rate.fill(run.rate);
    await rate.press('Enter');
    await row.locator('.run-own > summary').click();
    await page.getByRole('combobox', { name: `Optimizer of run ${i + 1}`, exact: true }).selectOption(run.optimizer);
    if (run.schedule) await page.getByRole('combobox', { name: `Schedule of run ${i + 1}`, exact: true }).selectOption(run.schedule);
    await page.waitForFunction(([n, optimizer]) => window.__lrlab.model.get().state.runs[n].own?.optimizer?.name === optimizer, [i, run.optimizer]);
  }
  await page.waitForFunction(() => window.__lrlab.model.get().state.runs[2].own?.schedule?.name === 'wsd');
  const state = await page.evaluate(() => window.__lrlab.model.get().state);
  assert.equal(state.settings.optimizer.name, 'sgd', 'the shared optimizer stays the Optimizer card\'s');
  assert.equal(state.settings.schedule.name, 'constant');
  // The run's own schedule spans the run as one picked in the Schedule card does (full batch: one step an epoch).
  assert.equal(state.runs[2].own.schedule.total_steps, EPOCHS);
  // Its parameters are reachable in its row: the summary names it, and a parameter of it is there.
  assert.equal(await page.locator('#run-list > li').nth(2).locator('.run-own > summary').textContent(),
    'Optimizer and schedule: Adam, Warmup-stable-decay');
  assert.ok(await page.locator('#run-list > li').nth(2).locator('[data-field="runs.' + state.runs[2].key + '.schedule.decay_fraction"]').count() > 0);

  // A value the core refuses is said beside that run's control, in the words of its label (not the
  // core's field path), and the run keeps its settings, as the line says.
  const beta = page.locator('#run-list > li').nth(0).getByRole('textbox', { name: 'beta_1', exact: true });
  await beta.fill('5');
  await beta.press('Enter');
  const error = page.locator('#run-list > li').nth(0).locator('.field-error:not([hidden])');
  await error.waitFor();
  // Run 1 is Lion: its beta_1 lies in (0, 1] (core/optim/lion.cpp), said in words.
  assert.match(await error.textContent(), /^beta_1: 5 is not allowed: must be above 0 and at most 1\. Type another value or drag the slider; run 1 keeps its beta_1 0\.9 until then\.$/);
  assert.equal(await page.evaluate(() => window.__lrlab.model.get().state.runs[0].own.optimizer.beta_1), 0.9);

  await page.locator('#play').click();
  await allFinished(page);
  await page.waitForTimeout(300);  // the last increment drawn

  // Legends and cards name each run's optimizer, and its schedule (the runs' schedules differ).
  const legends = await page.evaluate(() => {
    const model = window.__lrlab.model.get();
    const datasets = window.Chart.getChart(document.getElementById('loss-chart')).data.datasets;
    return model.state.runs.map((run) => datasets.find((d) => d.lrlab?.key === run.key && d.lrlab?.role === 'train')?.label);
  });
  assert.match(legends[0], /^run 1: Lion, rate 0\.003, schedule Constant/);
  assert.match(legends[1], /^run 2: Schedule-free AdamW, rate 0\.01, schedule Constant/);
  assert.match(legends[2], /^run 3: Adam, rate 0\.01, schedule Warmup-stable-decay/);
  const cards = await page.locator('#run-list .run-trained').allTextContents();
  assert.deepEqual(cards, ['Trained with Lion, rate 0.003, schedule Constant', 'Trained with Schedule-free AdamW, rate 0.01, schedule Constant',
    'Trained with Adam, rate 0.01, schedule Warmup-stable-decay']);

  // The sweep trains the shared settings (SGD): no run of its own stands on its curve or takes its rate.
  assert.equal(await page.locator('#suggestion-run option').count(), 0);
  assert.equal(await page.locator('#use-recommended').isDisabled(), true);

  // "As code": each run with its own optimizer, and run 3 with its schedule.
  await page.getByRole('button', { name: 'As code' }).click();
  const dialog = page.getByRole('dialog', { name: 'This run as code' });
  await dialog.waitFor();
  const choices = await dialog.getByRole('combobox', { name: 'Run' }).locator('option').allTextContents();
  // Named as a lesson names its runs (web/words/run-names.js): by all that sets each apart.
  assert.deepEqual(choices, ['run 1 (Lion, rate 0.003, schedule Constant)', 'run 2 (Schedule-free AdamW, rate 0.01, schedule Constant)',
    'run 3 (Adam, rate 0.01, schedule Warmup-stable-decay)']);
  for (const [i, run] of RUNS.entries()) {
    await dialog.getByRole('combobox', { name: 'Run' }).selectOption(String(i));
    await dialog.getByRole('tab', { name: 'Keras 3' }).click();
    await page.waitForFunction((rate) => new RegExp(`^LR0 = ${rate.replace('.', '\\.')} `, 'm').test(document.getElementById('code-text').textContent), run.rate);
    const keras = await dialog.locator('#code-text').textContent();
    assert.match(keras, run.keras, `run ${i + 1}'s Keras optimizer`);
    await dialog.getByRole('tab', { name: 'PyTorch' }).click();
    const torch = await dialog.locator('#code-text').textContent();
    const wsd = /# Warmup-stable-decay: Keras 3 and PyTorch have no class for it/;
    for (const listing of [keras, torch]) {
      if (run.schedule) assert.match(listing, wsd, `run ${i + 1} carries its schedule`);
      else assert.doesNotMatch(listing, wsd);
    }
    if (run.optimizer === 'lion') assert.match(torch, /torch\.optim has no Lion/);
    if (run.optimizer === 'schedule_free_adamw') assert.match(torch, /torch\.optim has no schedule-free optimizer/);
  }
  await dialog.getByRole('button', { name: 'Close' }).click();

  // The CSV: each run's settings, replayed by the CLI to the page's numbers bit for bit.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export runs (CSV)' }).click()]);
  const path = join(artifactsDir, 'run-own.csv');
  await download.saveAs(path);
  const lines = (await readFile(path, 'utf8')).trim().split('\n');
  const exported = (run) => JSON.parse(lines.find((line) => line.startsWith(`# settings run ${run}: `)).replace(/^# settings run \d+: /, ''));
  assert.deepEqual([1, 2, 3].map((n) => exported(n).optimizer.name), ['lion', 'schedule_free_adamw', 'adam']);
  assert.deepEqual([1, 2, 3].map((n) => exported(n).schedule.name), ['constant', 'constant', 'wsd']);
  assert.equal(exported(3).schedule.total_steps, EPOCHS);
  const header = lines.find((line) => !line.startsWith('#')).split(',');
  const rows = lines.filter((line) => !line.startsWith('#')).slice(1).map((line) => line.split(','));
  const columns = ['learning_rate', 'train_loss', 'val_loss', 'accuracy', 'val_accuracy'];
  // A schedule-free run also records its losses at the weights it reports (two more columns).
  assert.ok(header.includes('reported_train_loss'), 'run 2 is schedule-free');
  for (const run of [1, 2, 3]) {
    const mine = rows.filter((row) => row[0] === String(run));
    assert.equal(mine.length, EPOCHS, `run ${run}: every epoch`);
    const native = JSON.parse(execFileSync(cliPath, ['run', path, '--run', String(run), '--json'], { encoding: 'utf8' })).history;
    mine.forEach((row, e) => {
      for (const name of [...columns, ...(run === 2 ? ['reported_train_loss', 'reported_val_loss'] : [])]) {
        const cell = row[header.indexOf(name)];
        assert.ok(sameCell(cell, native[name][e]), `run ${run} epoch ${e + 1} ${name}: page ${cell}, CLI ${native[name][e]}`);
      }
    });
    // What the loss chart drew (epoch e's loss at x = e) is the CLI's too: for a schedule-free run
    // the solid line is the loss at the weights it reports.
    const drawn = await runSeries(page, run - 1);
    const losses = run === 2 ? native.reported_train_loss : native.train_loss;
    assert.ok(drawn.train.length > 10);
    for (const [x, y] of drawn.train) {
      if (Number.isInteger(x) && x >= 1) assert.ok(Object.is(y, losses[x - 1]), `run ${run} drawn epoch ${x}: ${y} vs CLI ${losses[x - 1]}`);
    }
  }

  // The address keeps each run's own settings: a shared link opens the same three runs.
  const hash = await page.evaluate(() => location.hash);
  assert.deepEqual(problems, []);
  await close();
  const again = await browser.openPage(linkTo({}).replace(/^#.*/, hash));
  await waitReady(again.page);
  const back = await again.page.evaluate(() => window.__lrlab.model.get().state.runs.map((run) => ({
    rate: run.rate, optimizer: run.own?.optimizer?.name, schedule: run.own?.schedule?.name, steps: run.own?.schedule?.total_steps,
  })));
  assert.deepEqual(back, [
    { rate: 0.003, optimizer: 'lion', schedule: undefined, steps: undefined },
    { rate: 0.01, optimizer: 'schedule_free_adamw', schedule: undefined, steps: undefined },
    { rate: 0.01, optimizer: 'adam', schedule: 'wsd', steps: EPOCHS },
  ]);
  assert.deepEqual(again.problems, []);
  await again.close();
});

// A lesson's runs have their own optimizer or schedule too (lessons/README.md "runs"): after "Try
// it yourself" the page's address keeps them, so the link opens the same comparison (before, the
// address held the rates alone and the link opened three plain SGD runs).
test("after a lesson's Try it yourself, the address keeps each run's own optimizer and schedule", async () => {
  const { page, problems, close } = await browser.openPage('#lesson=13');
  await waitReady(page);
  await page.waitForFunction(() => window.__lrlab.model.get().state.runs[2]?.own?.optimizer?.name === 'schedule_free_sgd', null, { timeout: 20000 });
  await page.getByRole('button', { name: 'Try it yourself' }).click();
  await page.waitForFunction(() => !location.hash.includes('lesson=') && location.hash.includes('s='), null, { timeout: 5000 });
  // The row says what the run has of its own.
  await page.waitForFunction(() => document.querySelectorAll('#run-list > li .run-own > summary')[2]?.textContent
    === 'Optimizer and schedule: Schedule-free SGD, schedule as the others');
  // The address is written a moment after the state it holds (a drag writes it once): wait for
  // the one that holds the runs' own settings, or fail below with the last one written.
  await page.waitForFunction(() => 'o' in JSON.parse(decodeURIComponent(location.hash.slice(3))), null, { timeout: 5000 }).catch(() => {});
  const hash = await page.evaluate(() => location.hash);
  const compact = JSON.parse(decodeURIComponent(hash.slice(3)));
  assert.ok(compact.o, `the address keeps the runs' own settings: ${hash}`);
  assert.deepEqual(compact.o.map((own) => (own ? Object.keys(own).sort() : null)), [null, ['schedule'], ['optimizer']]);
  await close();

  const again = await browser.openPage(hash);
  await waitReady(again.page);
  const runs = await again.page.evaluate(() => window.__lrlab.model.get().state.runs.map((run) => ({
    optimizer: run.own?.optimizer?.name ?? null, schedule: run.own?.schedule?.name ?? null, steps: run.own?.schedule?.decay_steps ?? null,
  })));
  assert.deepEqual(runs, [
    { optimizer: null, schedule: null, steps: null },
    { optimizer: null, schedule: 'cosine', steps: 50 },
    { optimizer: 'schedule_free_sgd', schedule: null, steps: null },
  ]);
  // Its legends name the schedules that set runs 1 and 2 apart.
  await again.page.waitForFunction(() => {
    const datasets = window.Chart.getChart(document.getElementById('loss-chart')).data.datasets;
    return datasets.filter((d) => d.lrlab?.role === 'train').length === 3;
  }, null, { timeout: 20000 });
  const legends = await again.page.evaluate(() => window.Chart.getChart(document.getElementById('loss-chart')).data.datasets
    .filter((d) => d.lrlab?.role === 'train').map((d) => d.label));
  assert.match(legends[0], /^run 1: SGD, rate 0\.18, schedule Constant/);
  assert.match(legends[1], /^run 2: SGD, rate 0\.18, schedule Cosine/);
  assert.match(legends[2], /^run 3: Schedule-free SGD, rate 0\.18, schedule Constant/);
  assert.deepEqual([...problems, ...again.problems], []);
  await again.close();
});
