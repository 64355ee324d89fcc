// The page's words about a run come from what the run recorded (web/words/run-label.js,
// web/words/narration.js): its segments (the settings applied to it and the epoch each took effect),
// the rates the core recorded per epoch, its events and the core's verdict, said in the core's
// words (core/words/verdict_words.cpp). Records here are written by hand, as RunHistories would
// hold them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changeMarks, labelDifferences, rateText, runLabel, scheduleRates } from '../../web/words/run-label.js';
import { story } from '../../web/words/narration.js';

const segment = (epoch, rate, extra = {}) => ({
  epoch, rate, optimizer: 'sgd', optimizerLabel: 'SGD', schedule: 'constant', scheduleLabel: 'Constant',
  scheduleKey: '{"name":"constant"}', plateau: false, ignoresRate: false, ...extra,
});
// A diagnosis as the worker sends it, with the story clause the core words for its kind.
const STORIES = {
  stalling: 'the loss is stalling: each step is too small to get anywhere',
  converging: 'the loss is coming down steadily',
};
const diagnosis = (verdict, sentence = `${verdict} - …`, story = STORIES[verdict]) =>
  ({ verdict, sentence, words: { kind: verdict, sentence, story } });
const record = (extra = {}) => ({
  segments: [segment(0, 0.01)], rateChanges: [{ epoch: 0, rate: 0.01 }], events: [],
  diverged: false, divergedEpoch: -1, stopped: false, epochsDone: 300, target: 300,
  diagnosis: diagnosis('stalling'), ...extra,
});

test('a run that trained at one rate is named by that rate, whatever a control holds now', () => {
  const label = runLabel(record(), 0);
  assert.equal(label.legend, 'run 1: SGD, rate 0.01');
  assert.equal(label.sliderInEffect, true);
  assert.equal(story([{ index: 0, record: record() }], true),
    'One run: at rate 0.01 the loss is stalling: each step is too small to get anywhere.');
});

test('a rate changed mid-run reads "a → b at epoch n", and every change is marked where it took effect', () => {
  const changed = record({ segments: [segment(0, 0.01), segment(120, 10), segment(200, 0.5, { optimizer: 'adam', optimizerLabel: 'Adam' })] });
  assert.equal(rateText(changed), 'rate 0.01 → 10 at epoch 120 → 0.5 at epoch 200');
  assert.equal(runLabel(changed, 1).legend, 'run 2: Adam, rate 0.01 → 10 at epoch 120 → 0.5 at epoch 200, SGD → Adam at epoch 200');
  assert.deepEqual(changeMarks(changed), [
    { epoch: 120, text: 'rate 0.01 → 10' },
    { epoch: 200, text: 'rate 10 → 0.5, SGD → Adam' },
  ]);
  const told = story([{ index: 1, record: changed }], true);
  assert.match(told, /^One run: for run 2 \(rate 0\.01 → 10 at epoch 120 → 0\.5 at epoch 200\) the loss is stalling/);
});

// The worker's verdict carries the diverged flag read from the same history (web/worker/run-pool.js
// verdictOf; tests/web/run-pool.test.mjs checks every increment), so the story places the core's
// clause for it.
test('a diverged run is called diverged in its legend and in the story', () => {
  const diverged = record({
    segments: [segment(0, 0.01), segment(40, 2)], diverged: true, divergedEpoch: 195, stopped: true, epochsDone: 195,
    diagnosis: { ...diagnosis('diverged', 'diverged - …', 'it diverged: the steps grew larger than the valley and the loss blew up in epoch 196'),
      diverged: true, divergedEpoch: 195 },
  });
  const label = runLabel(diverged, 0);
  assert.equal(label.legend, 'run 1: SGD, rate 0.01 → 2 at epoch 40, diverged');
  const told = story([{ index: 0, record: diverged }], false);
  assert.match(told, /it diverged: .* in epoch 196\./);
  assert.doesNotMatch(told, /overshooting/);
  assert.match(told, /A diverged run cannot continue: lower its rate to retrain it/);
  assert.doesNotMatch(told, /press Play/);
});

test('a schedule that sets the rate itself is named by the rates the run recorded, not by the slider', () => {
  const tutorial = record({
    segments: [segment(0, 30, { schedule: 'tutorial', scheduleLabel: 'Tutorial', ignoresRate: true })],
    rateChanges: [{ epoch: 0, rate: 0.01 }, { epoch: 5, rate: 0.01 * Math.exp(0.5) }, { epoch: 6, rate: 0.01 * Math.exp(0.4) }],
    diagnosis: diagnosis('converging'),
  });
  assert.equal(scheduleRates(tutorial), 'rate from the schedule: 0.01, 0.0165 at epoch 5, …');
  const label = runLabel(tutorial, 2);
  assert.equal(label.legend, 'run 3: SGD, rate from the schedule: 0.01, 0.0165 at epoch 5, …');
  assert.equal(label.sliderInEffect, false);
  const told = story([{ index: 2, record: tutorial }], true);
  assert.doesNotMatch(told, /\b30\b/, told);
  // Early in the run, only what it has recorded so far.
  assert.equal(scheduleRates({ ...tutorial, rateChanges: [{ epoch: 0, rate: 0.01 }] }), 'rate from the schedule: 0.01');
});

test('a run paused by a schedule error says so, and the story says how to continue', () => {
  const paused = record({
    stopped: true, epochsDone: 57, target: 3000,
    events: [{ kind: 'schedule_error', epoch: 57, step: 741, message: 'schedule: rate at epoch 57: division by zero' }],
    diagnosis: diagnosis('converging'),
  });
  assert.equal(runLabel(paused, 0).status, 'paused by a schedule error');
  assert.match(story([{ index: 0, record: paused }], false), /fix the schedule to continue/);
  const finished = record({ diagnosis: diagnosis('converging', '') });
  assert.match(story([{ index: 0, record: finished }], false), /Training has finished: press Play for more epochs, or change a setting to retrain at once\./);
});

test('many changes of one kind are summed up, so a legend entry stays one line whatever happened to the run', () => {
  const rates = [0.001, 0.00145, 0.00209, 0.00302, 0.01, 0.1, 1, 10, 3, 1];
  const dragged = record({ segments: rates.map((rate, i) => segment(i * 10, rate)) });
  assert.equal(rateText(dragged), 'rate 0.001 → … → 1 (9 changes, the last at epoch 90)');
  assert.equal(runLabel(dragged, 0).legend, 'run 1: SGD, rate 0.001 → … → 1', 'the legend: without the count');
  assert.equal(runLabel(dragged, 0).rate, 'rate 0.001 → … → 1 (9 changes, the last at epoch 90)', 'the card: with it');
  assert.equal(changeMarks(dragged).length, 9, 'each change is still marked where it took effect');

  const names = [['constant', 'Constant'], ['cosine', 'Cosine decay'], ['exponential', 'Exponential decay'], ['step', 'Step decay']];
  const scheduled = record({
    segments: names.map(([schedule, scheduleLabel], i) => segment(i * 30, 0.001, { schedule, scheduleLabel, scheduleKey: schedule })),
  });
  assert.equal(runLabel(scheduled, 0).legend, 'run 1: SGD, rate 0.001, schedule Constant → … → Step decay');
  assert.deepEqual(runLabel(scheduled, 0).changes, ['schedule Constant → … → Step decay (3 changes, the last at epoch 90)']);
  const twice = record({ segments: scheduled.segments.slice(0, 3) });
  assert.equal(runLabel(twice, 0).legend, 'run 1: SGD, rate 0.001, schedule Constant → Cosine decay at epoch 30 → Exponential decay at epoch 60');
  // A schedule's own settings changed: said as such, once or counted.
  const tuned = record({ segments: [segment(0, 0.01), segment(20, 0.01, { scheduleKey: 'k1' }), segment(40, 0.01, { scheduleKey: 'k2' })] });
  assert.deepEqual(runLabel(tuned, 0).changes, ['schedule changed 2 times, the last at epoch 40']);
  const toggled = record({ segments: [false, true, false, true].map((plateau, i) => segment(i * 5, 0.01, { plateau })) });
  assert.deepEqual(runLabel(toggled, 0).changes, ['plateau callback on (3 changes, the last at epoch 15)']);
});

test('runs that differ in optimizer or schedule are named by them: the legend names the schedule, the card both', () => {
  const wsd = { schedule: 'wsd', scheduleLabel: 'Warmup-stable-decay', scheduleKey: '{"name":"wsd"}' };
  const lion = record({ segments: [segment(0, 0.001, { optimizer: 'lion', optimizerLabel: 'Lion' })] });
  const free = record({ segments: [segment(0, 0.001, { optimizer: 'schedule_free_adamw', optimizerLabel: 'ScheduleFreeAdamW' })] });
  const adam = record({ segments: [segment(0, 0.001, { optimizer: 'adam', optimizerLabel: 'Adam', ...wsd })] });
  const differ = labelDifferences([lion, free, adam, undefined]);
  assert.deepEqual(differ, { optimizer: true, schedule: true });
  assert.equal(runLabel(lion, 0, differ).legend, 'run 1: Lion, rate 0.001, schedule Constant');
  assert.equal(runLabel(adam, 2, differ).legend, 'run 3: Adam, rate 0.001, schedule Warmup-stable-decay');
  assert.equal(runLabel(adam, 2, differ).trainedWith, 'Adam, rate 0.001, schedule Warmup-stable-decay');
  assert.equal(runLabel(free, 1, { optimizer: true, schedule: false }).trainedWith, 'ScheduleFreeAdamW, rate 0.001');
  // Runs alike in both: the words as before.
  const same = labelDifferences([record(), record()]);
  assert.deepEqual(same, { optimizer: false, schedule: false });
  assert.equal(runLabel(record(), 0, same).legend, 'run 1: SGD, rate 0.01');
  assert.equal(runLabel(record(), 0, same).trainedWith, 'rate 0.01');
  // A schedule changed while it trained is named by its change, once.
  const switched = record({ segments: [segment(0, 0.01), segment(30, 0.01, wsd)] });
  assert.equal(runLabel(switched, 0, { schedule: true }).legend, 'run 1: SGD, rate 0.01, schedule Constant → Warmup-stable-decay at epoch 30');
});

// A decay branch ("Continue from here with..." and "a decay to the end", web/page/branch.js) is
// named as the branch form words it, from the formula the run recorded, not as "Custom formula".
test('a decay branch is named "decay to 1% from epoch n", in the legend, the card and on the chart', () => {
  const decay = (from, length) => {
    const schedule = { name: 'formula', granularity: 'epoch', expression: `lr0 * max(0.01, 1 - (epoch - ${from}) / ${length})` };
    return { schedule: 'formula', scheduleLabel: 'Custom formula', scheduleKey: JSON.stringify(schedule) };
  };
  const branched = record({ segments: [segment(0, 0.18), segment(50, 0.18, decay(50, 100))] });
  assert.equal(runLabel(branched, 1, { schedule: true }).legend, 'run 2: SGD, rate 0.18, schedule Constant → decay to 1% from epoch 50');
  assert.deepEqual(runLabel(branched, 1).changes, ['schedule Constant → decay to 1% from epoch 50']);
  assert.deepEqual(changeMarks(branched), [{ epoch: 50, text: 'decay to 1%' }]);
  // Planned from the start: the run's own schedule is the same decay from epoch 0.
  const planned = record({ segments: [segment(0, 0.18, decay(0, 150))] });
  assert.equal(runLabel(planned, 3, { schedule: true }).legend, 'run 4: SGD, rate 0.18, schedule decay to 1% from epoch 0');
  // Any other formula keeps the registry's name.
  const other = { schedule: 'formula', scheduleLabel: 'Custom formula', scheduleKey: JSON.stringify({ name: 'formula', granularity: 'epoch', expression: 'lr0 * 0.5' }) };
  assert.equal(runLabel(record({ segments: [segment(0, 0.1), segment(20, 0.1, other)] }), 0).legend,
    'run 1: SGD, rate 0.1, schedule Constant → Custom formula at epoch 20');
});
