// The messages beside the controls (web/page/control-errors.js), derived from the page model: the
// failing syntax check of the typed formula, the core's last refusal of a change, and runs paused
// by their schedule. One message per field, whatever order the three arrived in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { controlErrors, pausedRunsMessage, scheduleField } from '../../web/page/control-errors.js';

const running = (epochsDone = 10) => ({ stopped: false, diverged: false, epochsDone, events: [] });
const paused = (epochsDone, message = 'schedule: rate at epoch 3 is inf (must be a finite number > 0)') =>
  ({ stopped: true, diverged: false, epochsDone, events: [{ kind: 'schedule_error', epoch: epochsDone, message }] });
const runs = (...records) => records.map((record, index) => ({ index, record }));
const none = { refusals: {}, syntax: null, runs: [], scheduleName: 'constant' };

test('nothing refused, typed or paused: no control shows a message', () => {
  assert.equal(controlErrors(none).size, 0);
  assert.equal(controlErrors({ ...none, runs: runs(running(), running()) }).size, 0);
});

test("the core's refusal is shown at its field", () => {
  const errors = controlErrors({ ...none, refusals: { 'optimizer.beta_1': 'optimizer.beta_1: 5 is not allowed' } });
  assert.deepEqual([...errors], [['optimizer.beta_1', { message: 'optimizer.beta_1: 5 is not allowed' }]]);
});

test('an empty refusal (cleared) shows nothing', () => {
  assert.equal(controlErrors({ ...none, refusals: { epochs: '' } }).size, 0);
});

test('a run paused by its schedule is explained beside the schedule picker', () => {
  const errors = controlErrors({ ...none, runs: runs(running(), paused(3)) });
  assert.deepEqual([...errors.keys()], ['schedule.name']);
  assert.equal(errors.get('schedule.name').message,
    'schedule: rate at epoch 3 is inf (must be a finite number > 0). Run 2 is paused at epoch 3: fix the schedule and it continues from there.');
});

test("a formula's paused runs are explained beside the formula box", () => {
  const errors = controlErrors({ ...none, scheduleName: 'formula', runs: runs(paused(7)) });
  assert.deepEqual([...errors.keys()], ['schedule.expression']);
});

test('several paused runs are listed, the first one with its epoch', () => {
  const text = pausedRunsMessage(runs(paused(4, 'bad'), running(), paused(9, 'bad'), paused(2, 'bad')));
  assert.equal(text, 'bad. Runs 1, 3 and 4 are paused (run 1 at epoch 4): fix the schedule and they continue from there.');
});

test('a diverged run, or one stopped for another reason, is not paused by its schedule', () => {
  const diverged = { ...paused(5), diverged: true };
  const finished = { stopped: true, diverged: false, epochsDone: 300, events: [{ kind: 'plateau_reduction' }] };
  assert.equal(pausedRunsMessage(runs(diverged, finished)), '');
});

test('the syntax check of what is being typed wins over a refusal and a paused run on its field', () => {
  const syntax = { field: 'schedule.expression', message: 'unexpected ")"', position: 4 };
  const errors = controlErrors({
    refusals: { 'schedule.expression': 'schedule: rate at epoch 0 is nan' }, syntax, scheduleName: 'formula', runs: runs(paused(3)),
  });
  assert.deepEqual(errors.get('schedule.expression'), { message: 'unexpected ")"', position: 4 });
  assert.equal(errors.size, 1);
});

test('a refusal at the schedule wins over the paused line until it is cleared; then the paused line returns', () => {
  const sources = { ...none, scheduleName: 'formula', runs: runs(paused(3)), refusals: { 'schedule.expression': 'refused' } };
  assert.equal(controlErrors(sources).get('schedule.expression').message, 'refused');
  const cleared = controlErrors({ ...sources, refusals: {} });
  assert.match(cleared.get('schedule.expression').message, /Run 1 is paused at epoch 3/);
});

test('refusals at other fields stand beside the paused line', () => {
  const errors = controlErrors({ ...none, runs: runs(paused(3)), refusals: { 'runs.r2.rate': 'optimizer.learning_rate: -1 is not allowed' } });
  assert.deepEqual([...errors.keys()].sort(), ['runs.r2.rate', 'schedule.name']);
});

test('scheduleField: the formula box for a formula, the picker for the rest', () => {
  assert.equal(scheduleField('formula'), 'schedule.expression');
  assert.equal(scheduleField('cosine'), 'schedule.name');
});

test("a run paused by a schedule of its own is explained beside that run's schedule, not the shared one", () => {
  const list = [{ index: 0, record: paused(5), key: 'r1' }, { index: 1, record: paused(6), key: 'r2', ownSchedule: 'formula' },
    { index: 2, record: running(), key: 'r3', ownSchedule: 'wsd' }];
  const errors = controlErrors({ ...none, runs: list });
  assert.deepEqual([...errors.keys()].sort(), ['runs.r2.schedule.expression', 'schedule.name']);
  assert.match(errors.get('schedule.name').message, /Run 1 is paused at epoch 5: fix the schedule and it continues/);
  assert.match(errors.get('runs.r2.schedule.expression').message, /Run 2 is paused at epoch 6: fix the schedule and it continues/);
});

test("a refusal of a run's own value is shown beside that run's control (refusalField)", async () => {
  const { refusalField } = await import('../../web/page/proposals.js');
  const controls = new Set(['optimizer.beta_1', 'optimizer.epsilon', 'runs.r2.optimizer.beta_1', 'runs.r2.optimizer.name', 'schedule.name']);
  const has = (field) => controls.has(field);
  assert.equal(refusalField('optimizer.beta_1: 5 is not allowed', 'runs.r2.optimizer.beta_1', has), 'runs.r2.optimizer.beta_1');
  assert.equal(refusalField('optimizer.beta_1: 5 is not allowed', 'optimizer.beta_1', has), 'optimizer.beta_1');
  // A field of the run's component without a control of its own: where the change came from, not
  // the shared control of that name (another optimizer's).
  assert.equal(refusalField('optimizer.epsilon: 0 is not allowed', 'runs.r2.optimizer.name', has), 'runs.r2.optimizer.name');
});

// A run's rate box is labelled "Learning rate of run 2": the core's refusal names its own field
// (optimizer.learning_rate), so the line beside the box is said in the box's words, with what is
// allowed in words and how to go on (the run keeps its rate meanwhile).
const rateRuns = [{ index: 0, record: running(), key: 'r1', rate: 0.01 }, { index: 1, record: running(), key: 'r2', rate: 0.5 }];

// What the rate boxes say of themselves (web/controls/slider-field.js, run-list.js).
const rateBoxes = new Map([
  ['runs.r1.rate', { label: 'Learning rate of run 1', retry: 'Type another rate or drag the slider', noun: 'rate', shown: '0.01' }],
  ['runs.r2.rate', { label: 'Learning rate of run 2', retry: 'Type another rate or drag the slider', noun: 'rate', shown: '0.5' }],
]);

test("a run's refused rate is said in its control's words, with what is allowed and how to recover", () => {
  const errors = controlErrors({
    ...none, runs: rateRuns, describe: (field) => rateBoxes.get(field),
    refusals: { 'runs.r2.rate': 'optimizer.learning_rate: -3 is not allowed (must be a finite number > 0 and <= 1e6)' },
  });
  assert.equal(errors.get('runs.r2.rate').message,
    'Learning rate of run 2: -3 is not allowed: must be above 0 and at most 1e6. ' +
    'Type another rate or drag the slider; run 2 keeps its rate 0.5 until then.');
});

test('no internal field name reaches a run\'s rate box, whatever the core names', () => {
  const errors = controlErrors({
    ...none, runs: rateRuns, describe: (field) => rateBoxes.get(field),
    refusals: { 'runs.r1.rate': 'schedule: rate at epoch 0 is inf (must be a finite number > 0)' },
  });
  const { message } = errors.get('runs.r1.rate');
  assert.match(message, /^Learning rate of run 1: /, message);
  assert.doesNotMatch(message, /optimizer\.learning_rate|^schedule:/, message);
});

// Every control's refusal is said in the words its label shows (the control says them itself:
// web/controls/field-errors.js), never with the core's field path: "optimizer.beta_1: 5 ..."
// beside a box labelled "beta_1" is in no words the page shows.
const boxes = new Map([
  ['optimizer.beta_1', { label: 'beta_1', retry: 'Type another value or drag the slider', shown: '0.9' }],
  ['optimizer.name', { label: 'Optimizer', retry: 'Pick another', shown: 'Adam' }],
  ['runs.r2.optimizer.beta_1', { label: 'beta_1', retry: 'Type another value or drag the slider', shown: '0.8' }],
  ['runs.r2.optimizer.name', { label: 'Optimizer of run 2', retry: 'Pick another', shown: 'Adam' }],
  ['runs.r2.schedule.decay_steps', { label: 'decay_steps', retry: 'Type another value', shown: '100' }],
  ['schedule.decay_steps', { label: 'decay_steps', retry: 'Type another value', shown: '1000' }],
  ['schedule.expression', { label: 'expression', retry: 'Type another formula', shown: '0.1 * 0.5 ^ floor(epoch / 10) + 0.001 * epoch' }],
  ['plateau.factor', { label: 'factor', retry: 'Type another value or drag the slider', shown: '0.5' }],
  ['early_stopping.patience', { label: 'patience', retry: 'Type another value or drag the slider', shown: '10' }],
  ['batch_size', { label: 'Batch size', retry: 'Type another value or drag the slider', shown: '32' }],
  ['epochs', { label: 'Stop after (epochs)', retry: 'Type another value or drag the slider', shown: '300' }],
  ['problem.samples', { label: 'Samples', retry: 'Type another value or drag the slider', shown: '300' }],
  ['schedule.parts[1].decay_steps', { label: 'part 2, decay_steps', retry: 'Type another value', shown: '95' }],
]);
const refused = (field, message) => controlErrors({ ...none, runs: rateRuns, describe: (f) => boxes.get(f), refusals: { [field]: message } })
  .get(field).message;

test("a shared parameter's refusal is said in its box's words, with the range in words and what stays meanwhile", () => {
  assert.equal(refused('optimizer.beta_1', 'optimizer.beta_1: 5 is not allowed (must be a finite number >= 0 and < 1)'),
    'beta_1: 5 is not allowed: must be at least 0 and below 1. Type another value or drag the slider; beta_1 stays 0.9 until then.');
  assert.equal(refused('schedule.decay_steps', 'schedule.decay_steps: 0 is not allowed (must be an integer >= 1 and <= 1000000000)'),
    'decay_steps: 0 is not allowed: must be an integer at least 1 and at most 1000000000. Type another value; decay_steps stays 1000 until then.');
  assert.equal(refused('plateau.factor', 'plateau.factor: 2 is not allowed (must be a finite number > 0 and < 1)'),
    'factor: 2 is not allowed: must be above 0 and below 1. Type another value or drag the slider; factor stays 0.5 until then.');
  assert.equal(refused('early_stopping.patience', 'early_stopping.patience: -1 is not allowed (must be an integer >= 0)'),
    'patience: -1 is not allowed: must be an integer at least 0. Type another value or drag the slider; patience stays 10 until then.');
  assert.equal(refused('batch_size', 'batch_size: 0 is not allowed (must be an integer >= 1)'),
    'Batch size: 0 is not allowed: must be an integer at least 1. Type another value or drag the slider; Batch size stays 32 until then.');
  assert.equal(refused('epochs', 'epochs: 0 is not allowed (must be an integer >= 1 and <= 100000)'),
    'Stop after (epochs): 0 is not allowed: must be an integer at least 1 and at most 100000. Type another value or drag the slider; Stop after (epochs) stays 300 until then.');
  assert.equal(refused('problem.samples', 'problem.samples: 3 is not allowed (must be an integer >= 8)'),
    'Samples: 3 is not allowed: must be an integer at least 8. Type another value or drag the slider; Samples stays 300 until then.');
});

test("a run's own parameter is said in its box's words, and the run keeps its value meanwhile", () => {
  assert.equal(refused('runs.r2.optimizer.beta_1', 'optimizer.beta_1: 5 is not allowed (must be a finite number >= 0 and < 1)'),
    'beta_1: 5 is not allowed: must be at least 0 and below 1. Type another value or drag the slider; run 2 keeps its beta_1 0.8 until then.');
  assert.equal(refused('runs.r2.schedule.decay_steps', 'schedule.decay_steps: 0 is not allowed (must be an integer >= 1)'),
    'decay_steps: 0 is not allowed: must be an integer at least 1. Type another value; run 2 keeps its decay_steps 100 until then.');
});

test('a part of a sequence is said with its part', () => {
  assert.equal(refused('schedule.parts[1].decay_steps', 'schedule.parts[1].decay_steps: 0 is not allowed (must be an integer >= 1)'),
    'part 2, decay_steps: 0 is not allowed: must be an integer at least 1. Type another value; part 2, decay_steps stays 95 until then.');
});

test('another field the core named is named as its control shows it, or in the page\'s names', () => {
  // A parameter without a control of its own, refused with its component's picker.
  assert.equal(refused('runs.r2.optimizer.name', 'optimizer.epsilon: 0 is not allowed (must be a finite number > 0)'),
    'Optimizer of run 2: epsilon (Optimizer): 0 is not allowed: must be above 0. Pick another; run 2 keeps its optimizer Adam until then.');
  assert.equal(refused('optimizer.name', 'optimizer.beta_1: 5 is not allowed (must be a finite number >= 0 and < 1)'),
    'Optimizer: beta_1: 5 is not allowed: must be at least 0 and below 1. Pick another; Optimizer stays Adam until then.');
});

test("the formula box says the core's refusal of its section once, and a long formula is not repeated", () => {
  const message = refused('schedule.expression', 'schedule: rate at epoch 0 is inf (must be a finite number > 0)');
  assert.equal(message, 'expression: rate at epoch 0 is inf: must be above 0. Type another formula; expression stays as it was until then.');
});

test('a message without a path, or already in the label\'s words, is labelled once', () => {
  assert.equal(refused('schedule.decay_steps', 'must be a whole number'),
    'decay_steps: must be a whole number. Type another value; decay_steps stays 1000 until then.');
  assert.equal(refused('schedule.decay_steps', 'decay_steps: must be a whole number.'),
    'decay_steps: must be a whole number. Type another value; decay_steps stays 1000 until then.');
});

test('no message beside a labelled control begins with a field path', () => {
  for (const [field] of boxes) {
    const path = field.replace(/^runs\.[^.]+\./, '');
    const text = refused(field, `${path}: 7 is not allowed (must be a finite number < 1)`);
    assert.doesNotMatch(text, /^[a-z_]+[.[]/, text);
    assert.ok(!text.includes(`${path}:`), text);
  }
});

test("a control that says nothing of itself keeps the core's message", () => {
  assert.equal(controlErrors({ ...none, refusals: { 'problem.data': 'problem.data: no rows' } }).get('problem.data').message, 'problem.data: no rows');
});

test("a run paused by its schedule is explained in the words of the control beside it", () => {
  const describe = (field) => boxes.get(field) ?? (field === 'schedule.name' ? { label: 'Schedule' } : undefined);
  const formula = controlErrors({ ...none, scheduleName: 'formula', runs: runs(paused(3)), describe });
  assert.equal(formula.get('schedule.expression').message,
    'expression: rate at epoch 3 is inf: must be above 0. Run 1 is paused at epoch 3: fix the schedule and it continues from there.');
  const picker = controlErrors({ ...none, runs: runs(paused(3)), describe });
  assert.match(picker.get('schedule.name').message, /^Schedule: rate at epoch 3 is inf: must be above 0\. Run 1 is paused/);
});

test('valueAt: the value in force at a shared field, a run\'s own, its rate, a part of a list', async () => {
  const { valueAt } = await import('../../web/page/state.js');
  const state = {
    settings: { epochs: 40, optimizer: { name: 'adam', beta_1: 0.9 }, schedule: { name: 'sequential', parts: [{ name: 'x' }, { decay_steps: 5 }] } },
    runs: [{ key: 'r1', rate: 0.1 }, { key: 'r2', rate: 0.5, own: { optimizer: { name: 'sgd', momentum: 0.3 } } }],
  };
  assert.equal(valueAt(state, 'optimizer.beta_1'), 0.9);
  assert.equal(valueAt(state, 'epochs'), 40);
  assert.equal(valueAt(state, 'schedule.parts[1].decay_steps'), 5);
  assert.equal(valueAt(state, 'runs.r2.rate'), 0.5);
  assert.equal(valueAt(state, 'runs.r2.optimizer.momentum'), 0.3);
  assert.equal(valueAt(state, 'runs.r1.optimizer.beta_1'), 0.9, 'a run without its own trains the shared');
  assert.equal(valueAt(state, 'runs.r9.optimizer.beta_1'), undefined);
  assert.equal(valueAt(state, 'problem.samples'), undefined);
});

test("an item of a list is said with the list's label once, and the core's \", must be\" in words", () => {
  const describe = (field) => (field === 'model.hidden' ? { label: 'Hidden layers', retry: 'Type other sizes', shown: '16, 16' } : boxes.get(field));
  const hidden = controlErrors({ ...none, describe, refusals: { 'model.hidden': 'model.hidden[0]: 0 is not allowed (must be an integer >= 1 and <= 64)' } });
  assert.equal(hidden.get('model.hidden').message,
    'Hidden layers, item 1: 0 is not allowed: must be an integer at least 1 and at most 64. Type other sizes; Hidden layers stays 16, 16 until then.');
  // The core's schedule error (core/schedule/schedule.cpp) writes its range after a comma.
  const formula = controlErrors({ ...none, scheduleName: 'formula', describe, runs: runs(paused(0, 'schedule: rate at epoch 0 is -0.99, must be a finite number > 0')) });
  assert.equal(formula.get('schedule.expression').message,
    'expression: rate at epoch 0 is -0.99: must be above 0. Run 1 is paused at epoch 0: fix the schedule and it continues from there.');
});
