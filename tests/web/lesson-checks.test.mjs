// A lesson's check (web/lessons/checks.js) judged against a page model (web/lessons/model-facts.js):
// the outcome comes from what the model holds (the core's records, the sweep's and landscape's
// results with their status), never from a chart or the page's words. Expected outcomes follow
// from the numbers written here, by the rule each check states.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, judge } from '../../web/lessons/checks.js';
import { modelFacts, pathEnd } from '../../web/lessons/model-facts.js';
import { idleExperiments } from '../../web/page/model.js';
import { sweepKey } from '../../web/page/sweep-client.js';

const settings = { epochs: 100, seed: 1, plateau: { min_lr: 0.001 }, problem: { name: 'moons' } };
const record = (extra = {}) => ({
  epochsDone: 100, target: 100, stopped: false, events: [], lr: [], diverged: false,
  diagnosis: { verdict: 'converging', sentence: 'converging - the loss falls steadily.',
    words: { lesson: 'The core diagnosed {run} as converging: the loss falls steadily.' } }, ...extra,
});
function modelWith({ records = [record()], sweep = {}, landscape = null, steps = null, view = { surface: 'bowl' } } = {}) {
  const runs = records.map((_, i) => ({ key: `r${i + 1}`, rate: [0.01, 0.5, 30][i] ?? 1, colour: '#000' }));
  const byKey = new Map(runs.map((run, i) => [run.key, records[i]]));
  const experiments = idleExperiments();
  experiments.sweep = { ...experiments.sweep, ...sweep };
  if (landscape) experiments.landscape = landscape;
  if (steps) for (const [key, median] of Object.entries(steps)) experiments.stepSizes.sizes.series.set(key, { median });
  return { state: { settings, runs, speed: 60, view }, runs: { get: (key) => byKey.get(key) }, experiments };
}
const check = (spec, model) => evaluate(spec, modelFacts(() => model));

test("a run's verdict waits for the run to finish, then is the core's", () => {
  assert.deepEqual(check({ kind: 'verdict', run: 1 }, modelWith({ records: [record({ epochsDone: 40 })] })), { status: 'waiting' });
  const result = check({ kind: 'verdict', run: 1 }, modelWith());
  assert.equal(result.status, 'done');
  assert.equal(result.outcome, 'converging');
  assert.equal(result.said, 'The core diagnosed run 1 (rate 0.01) as converging: the loss falls steadily.', "the core's words, naming the run");
});

test('a rate change compares the rate used in an epoch with the epoch before', () => {
  const at = (lr) => check({ kind: 'rate-change', run: 1, epoch: 2 }, modelWith({ records: [record({ lr })] })).outcome;
  assert.equal(at([0.1, 0.1, 0.2]), 'up');
  assert.equal(at([0.1, 0.1, 0.05]), 'down');
  assert.equal(at([0.1, 0.1, 0.1]), 'same');
  assert.equal(check({ kind: 'rate-change', run: 1, epoch: 2 }, modelWith({ records: [record({ lr: [0.1] })] })).status, 'waiting');
});

test("plateau cuts are counted from the run's events, and a cut to min_lr says the floor stopped it", () => {
  const cut = (epoch, rate) => ({ kind: 'plateau_reduction', epoch, new_lr: rate });
  const two = check({ kind: 'plateau-cuts', run: 1 }, modelWith({ records: [record({ events: [cut(9, 0.01), cut(19, 0.001)] })] }));
  assert.equal(two.outcome, '2');
  assert.equal(two.value, 2);
  assert.match(two.said, /2 times: after epoch 10 to 0\.01, after epoch 20 to 0\.001\. There it sat at min_lr = 0\.001/);
  const many = check({ kind: 'plateau-cuts', run: 1 }, modelWith({ records: [record({ events: [cut(1, 0.5), cut(2, 0.2), cut(3, 0.1)] })] }));
  assert.equal(many.outcome, '3+');
  const none = check({ kind: 'plateau-cuts', run: 1 }, modelWith());
  assert.equal(none.outcome, '0');
});

const doneSweep = (settingsOf = settings) => ({
  status: 'done', key: sweepKey(settingsOf), suggestion: 0.1, steady: { rate: 0.5, loss: 0.02 },
  best: { rate: 2, loss: 0.01, verdict: 'overshooting', words: { lowest_seen: 'bouncing (overshooting): fast, but at the edge of stability' } },
});

test("the sweep's best rate is read from the model once the sweep is done for the adopted settings", () => {
  const running = check({ kind: 'sweep-best' }, modelWith({ sweep: { status: 'running', key: sweepKey(settings) } }));
  assert.deepEqual(running, { status: 'waiting' });
  const result = check({ kind: 'sweep-best' }, modelWith({ sweep: doneSweep() }));
  assert.equal(result.value, 0.5, 'the best steadily converging rate');
  assert.match(result.said, /The lowest loss \(0\.01\) was at 2, where the core saw the loss bouncing/);
});

test('a sweep done for other settings (the one before a change) does not count', () => {
  const stale = doneSweep({ ...settings, seed: 2 });
  assert.deepEqual(check({ kind: 'sweep-best' }, modelWith({ sweep: stale })), { status: 'waiting' });
  const otherEpochs = doneSweep({ ...settings, epochs: 7 });
  assert.equal(check({ kind: 'sweep-best' }, modelWith({ sweep: otherEpochs })).status, 'done', "the runs' epoch count does not shape the sweep");
});

test("the range test's suggestion is placed against the sweep's steady rate: below, near or above", () => {
  const place = (suggestion) => check({ kind: 'range-vs-sweep', factor: 3 }, modelWith({ sweep: { ...doneSweep(), suggestion } })).outcome;
  assert.equal(place(0.1), 'below', '0.1 is 5x below 0.5');
  assert.equal(place(0.3), 'near');
  assert.equal(place(2), 'above', '2 is 4x above 0.5');
  assert.equal(check({ kind: 'range-vs-sweep' }, modelWith({ sweep: { ...doneSweep(), suggestion: NaN } })).status, 'waiting');
});

// A 2-D bowl with its minimum at (1, 2), viewed over x in [-4, 6]; and a 1-D curve whose lowest point is x = 3.
const bowl = (paths) => ({
  surface: { name: 'bowl', dimensions: 2, min_x: 1, min_y: 2, view: { x_min: -4, x_max: 6, y_min: -3, y_max: 7 } },
  paths,
});
const path = (xs, ys, diverged = false) => ({ x: xs, y: ys, loss: xs.map(() => 1), learning_rate: xs.map(() => 0.1), diverged });

test('pathEnd: where a path stopped on the surface, and the minimum it is judged against', () => {
  const view = bowl([path([0, 0.5, 0.98], [0, 1, 2.01])]);
  assert.deepEqual(pathEnd(view, 0), { end: { x: 0.98, y: 2.01, step: 2, loss: 1, rate: 0.1 }, diverged: false, minimum: { x: 1, y: 2 }, oneD: false, width: 10 });
  const oneD = { surface: { name: 'two_basins', dimensions: 1, view: { x_min: 0, x_max: 5, y_min: 0, y_max: 1 } },
    curve: { x: [0, 1, 2, 3, 4], loss: [5, 2, 4, 0.5, 3] }, paths: [path([1, 1.1], [0, 0])] };
  assert.deepEqual(pathEnd(oneD, 0).minimum, { x: 3, y: 0.5 });
  assert.equal(pathEnd(view, 3), undefined);
});

test('landscape-end: near the minimum is global, elsewhere stuck, a diverged path diverged; it waits for the run', () => {
  const landscape = (paths) => ({ status: 'done', error: '', view: bowl(paths), runs: [{ key: 'r1', label: 'run 1' }] });
  const end = (p, records = [record()]) => check({ kind: 'landscape-end', run: 1 }, modelWith({ records, landscape: landscape([p]) }));
  assert.equal(end(path([0, 0.98], [0, 2.01])).outcome, 'global', 'within 5% of the view width of (1, 2)');
  assert.equal(end(path([0, -2], [0, 0])).outcome, 'stuck');
  assert.equal(end(path([0, 50], [0, 50], true)).outcome, 'diverged');
  assert.deepEqual(end(path([0, 1], [0, 2]), [record({ epochsDone: 3 })]), { status: 'waiting' });
  const running = modelWith({ landscape: { status: 'running', error: '', view: null, runs: [] } });
  assert.deepEqual(check({ kind: 'landscape-end', run: 1 }, running), { status: 'waiting' });
});

test('a landscape computed for another surface than the adopted one is not read', () => {
  const model = modelWith({ landscape: { status: 'done', error: '', view: bowl([path([1], [2])]), runs: [{ key: 'r1' }] }, view: { surface: 'rosenbrock' } });
  assert.deepEqual(check({ kind: 'landscape-end', run: 1 }, model), { status: 'waiting' });
});

test('the median step shrinks, stays or grows by its first and last recorded value', () => {
  const trend = (first, last) => check({ kind: 'step-trend', run: 1 }, modelWith({ steps: { r1: [{ x: 1, y: first }, { x: 9, y: last }] } })).outcome;
  assert.equal(trend(1, 0.5), 'shrinks');
  assert.equal(trend(1, 1.03), 'steady', 'within 5%');
  assert.equal(trend(1, 2), 'grows');
  assert.deepEqual(check({ kind: 'step-trend', run: 1 }, modelWith()), { status: 'waiting' }, 'no step sizes yet');
});

test('a check of a kind no one wrote says so instead of guessing', () => {
  assert.deepEqual(check({ kind: 'mood' }, modelWith()), { status: 'missing', view: 'a check of kind "mood"' });
});

test("a slider prediction agrees within its factor of the result; a choice by the outcomes it lists", () => {
  assert.deepEqual(judge({ kind: 'slider', factor: 3 }, { rate: 0.1 }, { value: 0.25 }), { agreed: true, predicted: 'between 0.0333 and 0.3' });
  assert.equal(judge({ kind: 'slider' }, { rate: 0.1 }, { value: 0.5 }).agreed, false);
  const question = { kind: 'choice', choices: [{ label: 'It stalls', outcomes: ['stalling'] }, { label: 'It blows up', outcomes: ['diverged', 'overshooting'] }] };
  assert.deepEqual(judge(question, { choice: 1 }, { outcome: 'overshooting' }), { agreed: true, predicted: '“It blows up”' });
  assert.equal(judge(question, { choice: 0 }, { outcome: 'converging' }).agreed, false);
});

// ---- the checks at a chapter's end, read from the runs' records (web/lessons/record-checks.js) ----

test('lowest-final names the run whose last training loss is lowest, once every run is done; a diverged run never wins', () => {
  const records = [record({ train: [0.5, 0.2] }), record({ train: [0.4, 0.05] }), record({ train: [0.1, Infinity], diverged: true })];
  const result = check({ kind: 'lowest-final' }, modelWith({ records }));
  assert.equal(result.outcome, '2');
  assert.equal(result.said, 'Run 2 (rate 0.5) ended lowest, at a training loss of 0.05; run 1 (rate 0.01) at 0.2, run 3 (rate 30) diverged.');
  records[0] = record({ train: [0.5], epochsDone: 1 });
  assert.equal(check({ kind: 'lowest-final' }, modelWith({ records })).status, 'waiting');
});

test('loss-drop: the last loss against the loss before training, in four bands, or diverged', () => {
  const drop = (train, extra = {}) => check({ kind: 'loss-drop', run: 1 }, modelWith({ records: [record({ initialLoss: 2, train, ...extra })] }));
  assert.equal(drop([1, 0.2]).outcome, 'tenfold', '0.2 / 2 = 1/10');
  assert.equal(drop([1, 0.21]).outcome, 'some');
  assert.equal(drop([1.5, 1.01]).outcome, 'little');
  assert.equal(drop([3]).outcome, 'rose');
  assert.equal(drop([3, Infinity], { diverged: true, divergedEpoch: 1 }).outcome, 'diverged');
  assert.equal(drop([1, 0.5]).said, 'The loss of run 1 (rate 0.01) went from 2 to 0.5: 25% of where it started.');
});

test('sharpness-trend: reached 95% of 2/lr and then held within 0.75 to 1.25 of it is "hovers"', () => {
  const sharp = (value) => check({ kind: 'sharpness-trend', run: 1 }, modelWith({ records: [record({
    sharpness: { epoch: value.map((_, i) => i * 50), value, threshold: value.map(() => 10) } })] }));
  const hovers = sharp([7, 8, 9.6, 11, 8, 12]);
  assert.equal(hovers.outcome, 'hovers');
  assert.equal(hovers.said, 'The sharpness of run 1 (rate 0.01) started at 7, 0.7 of 2/lr = 10, reached the edge at epoch 100, and from there stayed between 0.8 and 1.2 of it to the end.');
  assert.equal(sharp([7, 9.6, 13]).outcome, 'passes', '1.3 of the edge');
  assert.equal(sharp([5, 6.5]).outcome, 'rises');
  assert.equal(sharp([5, 5.5]).outcome, 'steady');
  assert.equal(sharp([5, 4]).outcome, 'falls');
  assert.equal(sharp([5]).status, 'missing', 'one measurement shows no trend');
});

test('sharpness-change compares the first measurement with the one at the given epoch', () => {
  const change = (value, epochsDone = 200) => check({ kind: 'sharpness-change', run: 1, epoch: 200 }, modelWith({ records: [record({
    epochsDone, sharpness: { epoch: [0, 100, 200, 300], value, threshold: [5, 10, 5, 5] } })] }));
  const fell = change([13, 14, 4.5, 5]);
  assert.equal(fell.outcome, 'falls');
  assert.equal(fell.said, 'Over the first 200 epochs the sharpness of run 1 (rate 0.01) fell: from 13 to 4.5 (2/lr for the rate then in force: 5).');
  assert.equal(change([5, 5, 5.5, 5]).outcome, 'steady');
  assert.equal(change([5, 5, 7, 5]).outcome, 'rises');
  assert.equal(change([5, 5, 7, 5], 150).status, 'waiting');
});

test('runs that share a rate are named in the checks by what sets them apart (chapter 14: schedules and branches)', () => {
  const segment = (epoch, extra = {}) => ({ epoch, rate: 0.18, optimizer: 'sgd', optimizerLabel: 'SGD', schedule: 'constant',
    scheduleLabel: 'Constant', scheduleKey: '{"name":"constant"}', plateau: false, ignoresRate: false, ...extra });
  const decay = { schedule: 'formula', scheduleLabel: 'Custom formula',
    scheduleKey: JSON.stringify({ name: 'formula', granularity: 'epoch', expression: 'lr0 * max(0.01, 1 - (epoch - 50) / 100)' }) };
  const records = [record({ train: [0.5, 0.2], segments: [segment(0)] }), record({ train: [0.4, 0.05], segments: [segment(0), segment(50, decay)] })];
  const model = modelWith({ records });
  model.state.runs.forEach((run) => { run.rate = 0.18; });
  assert.equal(check({ kind: 'lowest-final' }, model).said,
    'Run 2 (schedule Constant → decay to 1% from epoch 50) ended lowest, at a training loss of 0.05; run 1 (schedule Constant) at 0.2.');
});
