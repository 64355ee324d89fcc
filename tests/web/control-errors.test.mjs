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

test("a run's refused rate is said in its control's words, with what is allowed and how to recover", () => {
  const errors = controlErrors({
    ...none, runs: rateRuns,
    refusals: { 'runs.r2.rate': 'optimizer.learning_rate: -3 is not allowed (must be a finite number > 0 and <= 1e6)' },
  });
  assert.equal(errors.get('runs.r2.rate').message,
    'Learning rate of run 2: -3 is not allowed: must be above 0 and at most 1e6. ' +
    'Type another rate or drag the slider; run 2 keeps its rate 0.5 until then.');
});

test('no internal field name reaches a run\'s rate box, whatever the core names', () => {
  const errors = controlErrors({
    ...none, runs: rateRuns, refusals: { 'runs.r1.rate': 'schedule: rate at epoch 0 is inf (must be a finite number > 0)' },
  });
  const { message } = errors.get('runs.r1.rate');
  assert.match(message, /^Learning rate of run 1: /, message);
  assert.doesNotMatch(message, /optimizer\.learning_rate|^schedule:/, message);
});
