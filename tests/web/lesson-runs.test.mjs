// A chapter's runs may differ in optimizer or schedule (lessons/README.md "runs"): the page's
// check of the field (web/lessons/chapters.js checkRuns), the settings each run then trains with
// (web/page/state.js runSettings), which run stands for the shared settings (plainRunIndex,
// sharedFromRuns) and how a run's own components are kept as the core completed them (completeOwn).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkRuns } from '../../web/lessons/chapters.js';
import { completeOwn, plainRunIndex, runSettings, sharedFromRuns } from '../../web/page/state.js';

const read = (file) => JSON.parse(readFileSync(new URL(`../../lessons/${file}`, import.meta.url), 'utf8'));

test('every listed chapter with runs passes the check', () => {
  for (const file of read('index.json').chapters) {
    const chapter = read(file);
    if ('runs' in chapter) assert.doesNotThrow(() => checkRuns(chapter.runs, chapter.rates.length, file), file);
  }
});

test('runs: one object per rate, only a whole optimizer or schedule or a list of changes, never a rate', () => {
  const sgd = { name: 'sgd' };
  assert.doesNotThrow(() => checkRuns([{}, { optimizer: sgd }, { schedule: { name: 'cosine' } }], 3, 'c'));
  assert.throws(() => checkRuns([{}], 2, 'c'), /one entry per rate \(2\)/);
  assert.throws(() => checkRuns({}, 1, 'c'), /one entry per rate/);
  assert.throws(() => checkRuns([null], 1, 'c'), /runs\[0\] must be an object/);
  assert.throws(() => checkRuns([[]], 1, 'c'), /runs\[0\] must be an object/);
  assert.doesNotThrow(() => checkRuns([{ changes: [{ epoch: 5, schedule: { name: 'constant' } }] }], 1, 'c'));
  assert.throws(() => checkRuns([{ changes: [] }], 1, 'c'), /runs\[0\]\.changes must list at least one change/);
  assert.throws(() => checkRuns([{ changes: { epoch: 5 } }], 1, 'c'), /runs\[0\]\.changes must list/);
  assert.throws(() => checkRuns([{ epochs: 5 }], 1, 'c'), /runs\[0\]\.epochs: a run may only have its own optimizer, schedule, changes/);
  assert.throws(() => checkRuns([{ schedule: { decay_steps: 5 } }], 1, 'c'), /runs\[0\]\.schedule must be an object with a name/);
  assert.throws(() => checkRuns([{ optimizer: { name: 'sgd', learning_rate: 1 } }], 1, 'c'), /learning_rate: the run's rate is in rates/);
});

test("a run's own optimizer or schedule replaces the shared one whole; the rate stays the run's", () => {
  const state = {
    settings: { epochs: 50, optimizer: { name: 'sgd', learning_rate: 0.1, momentum: 0.5 }, schedule: { name: 'constant' } },
    runs: [
      { key: 'r1', rate: 0.2 },
      { key: 'r2', rate: 0.3, own: { schedule: { name: 'cosine', decay_steps: 50 } } },
      { key: 'r3', rate: 0.4, own: { optimizer: { name: 'schedule_free_sgd', beta_1: 0.9 } } },
    ],
  };
  assert.deepEqual(runSettings(state, 0), { ...state.settings, optimizer: { name: 'sgd', learning_rate: 0.2, momentum: 0.5 } });
  // A branch trains the settings it was made with, whatever the shared ones are.
  const branch = { settings: { epochs: 9, optimizer: { name: 'adam', learning_rate: 0.01 } } };
  assert.equal(runSettings({ ...state, runs: [{ key: 'b', rate: 1, own: { schedule: { name: 'cosine' } }, branch }] }, 0), branch.settings);
  assert.deepEqual(runSettings(state, 1), {
    epochs: 50, optimizer: { name: 'sgd', learning_rate: 0.3, momentum: 0.5 }, schedule: { name: 'cosine', decay_steps: 50 },
  });
  // No momentum carried over from the shared SGD into another optimizer.
  assert.deepEqual(runSettings(state, 2), {
    epochs: 50, optimizer: { name: 'schedule_free_sgd', beta_1: 0.9, learning_rate: 0.4 }, schedule: { name: 'constant' },
  });
  // A run's own changes (a branch made in advance) go with the shared settings otherwise.
  const changes = [{ epoch: 20, schedule: { name: 'formula', expression: 'lr0 * 0.5' } }];
  assert.deepEqual(runSettings({ ...state, runs: [{ key: 'd', rate: 0.5, own: { changes } }] }, 0),
    { ...state.settings, optimizer: { name: 'sgd', learning_rate: 0.5, momentum: 0.5 }, changes });
  // The state itself is untouched.
  assert.equal(state.runs[2].own.optimizer.learning_rate, undefined);
  assert.equal(state.settings.optimizer.learning_rate, 0.1);
});

test('the shared settings come from the first run with nothing of its own, never a branch', () => {
  assert.equal(plainRunIndex([{ key: 'a' }, { key: 'b', own: { schedule: { name: 'cosine' } } }]), 0);
  assert.equal(plainRunIndex([{ key: 'a', own: { schedule: { name: 'cosine' } } }, { key: 'b', own: {} }, { key: 'c' }]), 1);
  // A branch trains its own settings, a run with an optimizer of its own not the shared one.
  assert.equal(plainRunIndex([{ key: 'a', branch: { settings: {} } }, { key: 'b', own: { optimizer: { name: 'adam' } } }, { key: 'c' }]), 2);
  assert.equal(plainRunIndex([{ key: 'a', own: { optimizer: { name: 'adam' } } }]), -1);
  assert.equal(plainRunIndex([{ key: 'a', branch: { settings: {} } }]), -1);
  assert.equal(plainRunIndex([]), -1);
  // Every run with an optimizer of its own: no run's settings are the shared ones (taking run 1's
  // made its Lion the shared optimizer), so the caller has them checked alone.
  const canonical = [{ optimizer: { name: 'lion' } }, { optimizer: { name: 'adam' } }];
  assert.equal(sharedFromRuns([{ key: 'a', own: { optimizer: { name: 'lion' } } }, { key: 'b', own: { optimizer: { name: 'adam' } } }], canonical), null);
  assert.equal(sharedFromRuns([{ key: 'a', own: { optimizer: { name: 'lion' } } }, { key: 'b' }], canonical), canonical[1]);
});

test("a run's own components are kept as the core completed them, without the rate", () => {
  const run = { key: 'a', rate: 0.3, own: { optimizer: { name: 'lion' }, changes: [{ epoch: 3, optimizer: { learning_rate: 0.1 } }] } };
  const canonical = {
    epochs: 9, optimizer: { name: 'lion', learning_rate: 0.3, beta_1: 0.9, beta_2: 0.99 }, schedule: { name: 'constant' },
    changes: [{ epoch: 3, optimizer: { learning_rate: 0.1 } }],
  };
  completeOwn(run, canonical);
  assert.deepEqual(run.own, { optimizer: { name: 'lion', beta_1: 0.9, beta_2: 0.99 }, changes: [{ epoch: 3, optimizer: { learning_rate: 0.1 } }] });
  assert.equal(canonical.optimizer.learning_rate, 0.3, 'the settings given are untouched');
  const plain = { key: 'b', rate: 1 };
  completeOwn(plain, canonical);
  assert.deepEqual(plain, { key: 'b', rate: 1 });
});

// A lesson names runs by what sets them apart (web/words/run-names.js): chapter 14's four runs
// share the rate 0.18 and differ by schedule and branch.
test('runs that share a rate are named by their schedule or branch, runs that differ in rate by it', async () => {
  const { runNames } = await import('../../web/words/run-names.js');
  const segment = (epoch, extra = {}) => ({ epoch, rate: 0.18, optimizer: 'sgd', optimizerLabel: 'SGD', schedule: 'constant',
    scheduleLabel: 'Constant', scheduleKey: '{"name":"constant"}', plateau: false, ignoresRate: false, ...extra });
  const decay = (from, length) => ({ schedule: 'formula', scheduleLabel: 'Custom formula',
    scheduleKey: JSON.stringify({ name: 'formula', granularity: 'epoch', expression: `lr0 * max(0.01, 1 - (epoch - ${from}) / ${length})` }) });
  const rec = (segments) => ({ segments, rateChanges: [], events: [] });
  const names = runNames([
    { rate: 0.18, record: rec([segment(0)]) },
    { rate: 0.18, record: rec([segment(0), segment(50, decay(50, 100))]) },
    { rate: 0.18, record: rec([segment(0), segment(100, decay(100, 50))]) },
    { rate: 0.18, record: rec([segment(0, decay(0, 150))]) },
  ]);
  assert.deepEqual(names, [
    'run 1 (schedule Constant)',
    'run 2 (schedule Constant → decay to 1% from epoch 50)',
    'run 3 (schedule Constant → decay to 1% from epoch 100)',
    'run 4 (schedule decay to 1% from epoch 0)',
  ]);
  const byRate = runNames([{ rate: 0.5, record: rec([segment(0, { rate: 0.5 })]) }, { rate: 0.9, record: rec([segment(0, { rate: 0.9 })]) }]);
  assert.deepEqual(byRate, ['run 1 (rate 0.5)', 'run 2 (rate 0.9)']);
  const blown = runNames([{ rate: 0.5, record: rec([segment(0, { rate: 0.5 })]) }, { rate: 1.5, record: { ...rec([segment(0, { rate: 1.5 })]), diverged: true } }]);
  assert.deepEqual(blown, ['run 1 (rate 0.5)', 'run 2 (rate 1.5)'], 'named by what it trained with, not by what became of it');
  assert.deepEqual(runNames([{ rate: 1.5 }]), ['run 1 (rate 1.5)'], 'nothing recorded yet: its rate');
  // Of two runs only one has started (the code dialog opened early): nothing sets it apart yet.
  assert.deepEqual(runNames([{ rate: 0.5, record: rec([segment(0, { rate: 0.5 })]) }, { rate: 0.9 }]), ['run 1 (rate 0.5)', 'run 2 (rate 0.9)']);
  assert.deepEqual(runNames([{ rate: 0.5, record: rec([segment(0, { rate: 0.5 })]) }]), ['run 1 (SGD, rate 0.5, schedule Constant)'], 'a lone run: all it trained with');
});
