// The sentence under the charts (web/words/narration.js): one clause per run the core has judged,
// in the core's own words for its verdict (diagnosis.words.story), and what Play would do now,
// said only while training is stopped. Records are written by hand, as the page model holds them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { story } from '../../web/words/narration.js';

const segment = { epoch: 0, rate: 0.5, optimizer: 'sgd', optimizerLabel: 'SGD', schedule: 'constant', scheduleLabel: 'Constant', scheduleKey: '{"name":"constant"}', plateau: false, ignoresRate: false };
const judged = (verdict, clause) => ({ verdict, sentence: '', words: { story: clause } });
const record = (extra = {}) => ({
  segments: [segment], rateChanges: [{ epoch: 0, rate: 0.5 }], events: [], diverged: false, divergedEpoch: -1,
  stopped: false, epochsDone: 40, target: 300, diagnosis: judged('converging', 'the loss is coming down steadily'), ...extra,
});
const runs = (...records) => records.map((r, index) => ({ index, record: r }));

test('before the core has judged any run, the sentence says the runs are starting', () => {
  assert.equal(story([], true), 'Starting the runs…');
  assert.equal(story(runs(record({ diagnosis: null })), true), 'Starting the runs…');
});

test("one run is one clause in the core's words, named by its rate; nothing is added while it trains", () => {
  assert.equal(story(runs(record()), true), 'One run: at rate 0.5 the loss is coming down steadily.');
});

test('several runs open with what they share, one clause each in row order', () => {
  const text = story(runs(record(), record({ diagnosis: judged('stalling', 'the loss is stalling') })), true);
  assert.equal(text, 'Same network, same starting weights, 2 runs: at rate 0.5 the loss is coming down steadily; at rate 0.5 the loss is stalling.');
});

test('stopped at their epoch count, the runs are said to have finished, with what Play does; short of it, paused', () => {
  assert.match(story(runs(record({ epochsDone: 300 })), false), / Training has finished: press Play for more epochs, or change a setting to retrain at once\.$/);
  assert.match(story(runs(record()), false), / Paused\.$/);
});

test('runs that all diverged are said not to continue, and how to retrain them', () => {
  const diverged = record({ diverged: true, divergedEpoch: 6, stopped: true, diagnosis: judged('diverged', 'it diverged in epoch 7') });
  assert.equal(story(runs(diverged), false),
    'One run: at rate 0.5 it diverged in epoch 7. A diverged run cannot continue: lower its rate to retrain it from the start.');
});

test('a run paused by its schedule says how to continue', () => {
  const paused = record({ stopped: true, events: [{ kind: 'schedule_error', epoch: 3, message: 'bad rate' }] });
  assert.match(story(runs(paused), false), / The schedule failed, so training is paused: fix the schedule to continue\.$/);
});
