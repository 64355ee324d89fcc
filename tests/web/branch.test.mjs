// A branch's settings (web/page/branch.js): its parent's recorded settings with one more change at
// the branch epoch, the parent's changes from that epoch on left out; the refusals a student sees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { branchRefusal, branchSettings, branchWords, decaySchedule, sharesHistory } from '../../web/page/branch.js';

const parent = {
  seed: 2, optimizer: { name: 'sgd', learning_rate: 0.1 }, epochs: 50,
  changes: [{ epoch: 10, optimizer: { name: 'sgd', learning_rate: 0.3 } }, { epoch: 30, optimizer: { name: 'sgd', learning_rate: 0.05 } }],
};

test('a branch keeps the parent changes before its epoch and adds its own there', () => {
  const settings = branchSettings(parent, 20, { rate: 0.01 });
  assert.deepEqual(settings.changes, [parent.changes[0], { epoch: 20, optimizer: { learning_rate: 0.01 } }]);
  assert.equal(settings.optimizer.learning_rate, 0.1, 'the sections are what the parent started with');
  assert.deepEqual(branchSettings(parent, 10, { optimizer: 'adam' }).changes, [{ epoch: 10, optimizer: { name: 'adam' } }],
    'a parent change at the branch epoch is not shared history');
});

test('a decay branch decays linearly from its epoch to 1% at the run end', () => {
  const { expression } = decaySchedule(20, 50);
  assert.equal(expression, 'lr0 * max(0.01, 1 - (epoch - 20) / 30)');
  // The formula read at its ends: the base rate at epoch 20, 1/30 of it at epoch 49, the floor after.
  const at = (epoch) => Math.max(0.01, 1 - (epoch - 20) / 30);
  assert.equal(at(20), 1);
  assert.equal(at(49), 1 - 29 / 30);
  assert.equal(at(80), 0.01);
  assert.deepEqual(branchSettings(parent, 20, { decay: true }).changes.at(-1), { epoch: 20, schedule: decaySchedule(20, 50) });
});

test('the refusals: the run limit, an epoch not reached, not a whole number', () => {
  assert.equal(branchRefusal({ runs: 3, maxRuns: 6, epoch: 4, epochsDone: 10 }), '');
  assert.match(branchRefusal({ runs: 6, maxRuns: 6, epoch: 4, epochsDone: 10 }), /^At most 6 runs side by side/);
  assert.match(branchRefusal({ runs: 2, maxRuns: 6, epoch: 11, epochsDone: 10 }), /has trained 10 epochs: pick an epoch from 0 to 10/);
  assert.match(branchRefusal({ runs: 2, maxRuns: 6, epoch: 2.5, epochsDone: 10 }), /whole number/);
});

test('the branch says what it is in words', () => {
  assert.equal(branchWords({ parentNumber: 2, epoch: 20, choice: { rate: 0.01, decay: true }, formatRate: String }),
    'Branch of run 2 at epoch 20: from there, rate 0.01, a decay to the end.');
  assert.equal(branchWords({ parentNumber: null, epoch: 5, choice: { optimizer: 'adam' }, optimizerLabel: 'Adam', formatRate: String }),
    'Branch of a removed run at epoch 5: from there, Adam.');
});

test('a parent shares the history a branch made at an epoch until it changes before that epoch', () => {
  const branch = branchSettings(parent, 20, { rate: 0.01 });
  assert.ok(sharesHistory(parent, branch, 20), 'its changes after 20 are not shared history');
  assert.ok(sharesHistory({ ...parent, epochs: 500 }, branch, 20), 'a longer run is the same history');
  assert.ok(!sharesHistory({ ...parent, seed: 3 }, branch, 20), 'another seed');
  assert.ok(!sharesHistory({ ...parent, changes: [] }, branch, 20), 'retrained without its change at 10');
  assert.equal(branchWords({ parentNumber: 1, epoch: 20, choice: { rate: 0.01 }, formatRate: String, parentChanged: true }),
    'Branch of run 1 at epoch 20 (run 1 has changed since; the branch keeps the history it had): from there, rate 0.01.');
});
