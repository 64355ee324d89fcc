// The sweep card's line about runs whose badge differs from the sweep's verdict at their rate
// (web/views/sweep/sweep-words.js runsAgainstSweep): a run is compared by the rate it recorded, and only when
// it trained at that one rate of its own from its first epoch; a run whose rate changed while it
// trained, or whose schedule sets the rate, has no single sweep rate to stand beside.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runsAgainstSweep } from '../../web/views/sweep/sweep-words.js';

// Each verdict's words as the core writes them (core/words/verdict_words.cpp), the fields the
// sweep card reads: this module places them and composes nothing of its own about a verdict.
const WORDS = {
  converging: { sweep: 'converging', at_lowest: 'converging steadily', where: '', region: '', region_edge: '', steady: true, judged: true },
  stalling: { sweep: 'stalling', at_lowest: 'but the core judged that rate stalling', where: 'where the sweep stalls',
    region: 'stall', region_edge: 'left', cause: 'small_steps', steady: false, judged: true },
  overshooting: { sweep: 'overshooting (the loss bounces)', at_lowest: 'but the loss there bounces: the edge of stability, fast but not steady',
    where: 'where the sweep overshoots', region: 'overshoot', region_edge: 'right', steady: false, judged: true },
  too_short: { sweep: 'too short to judge', at_lowest: 'but the core judged that rate too short to judge', where: '',
    region: '', region_edge: '', steady: false, judged: false },
};
// A sweep result's verdict columns as the bindings give them: kind ids and their words.
const judged = (verdict) => ({ verdict, words: verdict.map((v) => WORDS[v]) });

const segment = (epoch, rate, extra = {}) => ({ epoch, rate, ignoresRate: false, ...extra });
const record = (segments, verdict = 'stalling', epochsDone = 300) =>
  ({ segments, diagnosis: { verdict, words: WORDS[verdict] }, epochsDone });
// A done sweep of three rates after 50 epochs: 0.01 converging, 0.5 converging, 30 overshooting.
const sweep = { rates: [0.01, 0.5, 30], ...judged(['converging', 'converging', 'overshooting']) };

test('a run that trained at one rate is compared by that rate', () => {
  const text = runsAgainstSweep([{ number: 1, record: record([segment(0, 0.01)]) }], sweep, 50);
  assert.equal(text, "Run 1 (0.01) is stalling after 300 epochs; the sweep's nearest rate (0.01) was converging after 50: the same rate judged after a different length of training.");
});

test('a run whose rate changed while it trained, or whose schedule sets the rate, is not compared', () => {
  const changed = record([segment(0, 30), segment(120, 0.01)], 'overshooting');
  assert.equal(runsAgainstSweep([{ number: 1, record: changed }], sweep, 50), '',
    'its overshooting was earned at 30, not at the 0.01 it holds now');
  const scheduled = record([segment(0, 0.01, { ignoresRate: true })], 'overshooting');
  assert.equal(runsAgainstSweep([{ number: 2, record: scheduled }], sweep, 50), '');
});

test('runs that agree with the sweep, are too short to judge, or have no record say nothing', () => {
  const runs = [
    { number: 1, record: record([segment(0, 0.5)], 'converging') },
    { number: 2, record: record([segment(0, 0.01)], 'too_short', 3) },
    { number: 3, record: null },
  ];
  assert.equal(runsAgainstSweep(runs, sweep, 50), '');
  assert.equal(runsAgainstSweep(runs, null, 50), '', 'no sweep yet');
});

test('a sweep whose rates all trained the same curve recommends no rate', async () => {
  const { bestWords, placeSuggestion } = await import('../../web/views/sweep/sweep-words.js');
  const flat = {
    rates: [0.001, 0.01, 0.1, 1], ...judged(['stalling', 'stalling', 'stalling', 'stalling']), completed: 4,
    final_train_loss: new Float64Array([0.5813, 0.5813, 0.5813, 0.5813]),
    best_index: 0, best_final_loss: 0.5813, best_converging_index: -1, best_converging_loss: NaN,
  };
  assert.match(bestWords(flat), /Every rate trained the very same curve \(final loss 0\.581\).*no best rate/);
  assert.doesNotMatch(bestWords(flat), /Lowest loss/);
  assert.deepEqual(placeSuggestion(0.0152, flat, 50), { judged: '', warning: '', steady: NaN, verdict: '' },
    'no "Use the sweep\'s rate" and no disagreement to explain');
  // One rate different by the last bit is a rate that mattered.
  const varied = { ...flat, final_train_loss: new Float64Array([0.5813, 0.5813, 0.5813, 0.5813000000000001]) };
  assert.match(bestWords(varied), /Lowest loss/);
});

test('stalling rates above a rate that converged are called a plateau, the low end is not', async () => {
  const { plateauWords } = await import('../../web/views/sweep/sweep-words.js');
  // The core's cause for each stalling rate: the low end has small steps, 0.3 and 0.4 a plateau.
  const plateau = { ...WORDS.stalling, sweep: 'stalling on a plateau', cause: 'plateau' };
  const settled = { ...WORDS.stalling, sweep: 'stalling after an overshoot (settled higher)', cause: 'settled_higher' };
  const result = {
    rates: [0.001, 0.01, 0.1, 0.3, 0.4, 0.5, 30], completed: 7,
    verdict: ['stalling', 'stalling', 'converging', 'stalling', 'stalling', 'converging', 'overshooting'],
    words: [WORDS.stalling, WORDS.stalling, WORDS.converging, plateau, plateau, WORDS.converging, WORDS.overshooting],
    final_train_loss: new Float64Array([0.6, 0.5, 0.3, 0.28, 0.28, 0.1, 9]),
  };
  assert.equal(plateauWords(result, 50),
    ' Rates 0.3 to 0.4, though above rates that converged, were stuck after 50 epochs: a plateau in the loss, not too small a step.');
  const lowOnly = { ...result, ...judged(['stalling', 'stalling', 'converging', 'converging', 'converging', 'converging', 'overshooting']) };
  assert.equal(plateauWords(lowOnly, 50), '', 'the low end stalls from small steps');
  // Stuck above a converging rate, but the core says why otherwise: not a plateau.
  const otherwise = { ...result, words: [...result.words.slice(0, 3), settled, WORDS.stalling, ...result.words.slice(5)] };
  assert.equal(plateauWords(otherwise, 50), '', 'a rate that settled higher or has small steps is not called a plateau');
});

// The sweep trains every rate with the shared settings: runs that train otherwise (their own
// schedule or optimizer, a branch, changes while training: chapter 14's decays) are not marked on
// it, and the card says whose settings it shows (chapter 14 marked its decays at 0.18 inside the
// "overshoots" band, beside a recommended rate for a constant schedule).
test('the sweep says which runs it does not speak for, and marks only those that train the shared settings', async () => {
  const { sweepScope, trainsShared } = await import('../../web/views/sweep/sweep-words.js');
  const runs = [{}, { own: { changes: [{ epoch: 50 }] } }, { own: { changes: [{ epoch: 100 }] } }, { own: { schedule: { name: 'formula' } } }];
  assert.deepEqual(runs.map(trainsShared), [true, false, false, false]);
  assert.equal(trainsShared({ branch: { settings: {} } }), false, 'a branch made on the page');
  assert.equal(trainsShared({ own: {} }), true, 'nothing of its own');
  assert.equal(sweepScope(runs, 'Constant', 50),
    'Each dot trains the shared settings (schedule Constant) for 50 epochs: runs 2, 3 and 4 train with a schedule, optimizer or changes of their own, so the sweep\'s regions and recommended rate are not about them and they are not marked on it.');
  assert.equal(sweepScope([{}, { own: { optimizer: { name: 'adam' } } }], 'Constant', 50),
    'Each dot trains the shared settings (schedule Constant) for 50 epochs: run 2 trains with a schedule, optimizer or changes of its own, so the sweep\'s regions and recommended rate are not about it and it is not marked on it.');
  assert.equal(sweepScope([{}, {}], 'Constant', 50), '', 'every run trains the shared settings: nothing to say');
});
