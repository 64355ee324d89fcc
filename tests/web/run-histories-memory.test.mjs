// What the page keeps of a run stays bounded however often it is retrained: a retrain keeps the
// replaced curve faded for a moment (its "ghost"), and that ghost must not hold the ghost before
// it, or every retrain of a run (each position of a rate drag on a paused run is one) stays in
// memory as long as the run does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunHistories } from '../../web/page/run-histories.js';

// An increment of `n` epochs of made-up losses for run `key`, as the worker sends it
// (web/protocol/messages.js RunIncrement).
function increment(key, n, { fresh, retrained }) {
  const column = (value) => new Float64Array(n).fill(value);
  return {
    key, fresh, retrained, from: 0, initial_train_loss: 1,
    train_loss: Float64Array.from({ length: n }, (_, i) => 1 / (i + 2)), val_loss: column(NaN),
    accuracy: column(NaN), val_accuracy: column(NaN), learning_rate: column(0.1), events: [],
    step_index: new Float64Array(0), step_size_min: new Float64Array(0), step_size_median: new Float64Array(0), step_size_max: new Float64Array(0),
    sharpness: null, segments: [], status: 'finished', epochsDone: n, until: n, updates: n, stepsPerEpoch: 1, learningRate: 0.1,
    verdict: { verdict: 'converging', diverged: false, divergedEpoch: -1 }, plateau: null,
  };
}

// The records a run's record holds through its ghosts, itself included.
function recordsHeld(record) {
  let count = 0;
  for (let at = record; at; at = at.ghost?.record) count += 1;
  return count;
}

test('a run retrained many times holds one replaced curve, not every one before it', () => {
  const histories = new RunHistories();
  histories.apply(increment('r1', 50, { fresh: true, retrained: false }), 0);
  const first = histories.get('r1');
  for (let i = 1; i <= 20; i++) histories.apply(increment('r1', 50, { fresh: true, retrained: true }), i);
  const record = histories.get('r1');
  assert.ok(record.ghost, 'the last retrain keeps the curve it replaced');
  assert.equal(record.ghost.since, 20);
  assert.equal(record.ghost.points.length, record.trainPoints.length, 'the replaced curve, whole');
  assert.equal(recordsHeld(record), 2, 'the record and the one it replaced');
  assert.notEqual(record.ghost.record, first);
});

test('the replaced curve is still drawn with its own words', () => {
  const histories = new RunHistories();
  histories.apply(increment('r1', 30, { fresh: true, retrained: false }), 0);
  const replaced = histories.get('r1');
  histories.apply(increment('r1', 10, { fresh: true, retrained: true }), 5);
  const { ghost } = histories.get('r1');
  assert.equal(ghost.record, replaced, 'the label of the faded curve reads the record it was');
  assert.equal(ghost.points, replaced.trainPoints);
  assert.equal(ghost.record.epochsDone, 30);
});
