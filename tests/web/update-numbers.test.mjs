// The update panel's words (web/views/update/update-numbers.js) speak the timeline's language
// (web/words/cursor-words.js): the cursor "epoch 37 of 300" is 37 epochs done, the update shown is
// the one right after it, and the panel names the position exactly as the timeline does, with no
// other epoch number beside it. The update's count is the optimizer's t: epochs done times the
// updates of an epoch, plus the updates into the next, plus this one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { updatePlace, updateRows } from '../../web/views/update/update-numbers.js';
import { parameterRefusal } from '../../web/views/update/update-view.js';
import { cursorPosition, untakenUpdate } from '../../web/words/cursor-words.js';

const inspection = (epoch, step, stepsPerEpoch, parameter = 3, largest = 3) => ({
  epoch, step, update: epoch * stepsPerEpoch + step + 1, parameter, largest,
  parameter_name: `layer 1 W[${parameter}, 0]`, largest_name: `layer 1 W[${largest}, 0]`, parameters: 337,
});
const epochsNamed = (text) => [...text.matchAll(/epoch (\d+)/gi)].map((m) => Number(m[1]));

test('one update an epoch: the panel names the epoch the timeline names, and update epochs + 1', () => {
  const limits = { epochs: 300, stepsPerEpoch: 1 };
  const text = updatePlace(inspection(37, 0, 1), 'run 1', limits);
  assert.ok(text.includes(cursorPosition({ epoch: 37, step: 0 }, limits)), text);
  assert.deepEqual(epochsNamed(text), [37], text);
  assert.match(text, /right after epoch 37 of 300: run 1's update 38 \(t = 38\)/);
});

test('mini-batches: "epoch 5 of 300, update 1 of 7 into the next" and the run\'s update 5 * 7 + 1 + 1', () => {
  const limits = { epochs: 300, stepsPerEpoch: 7 };
  const text = updatePlace(inspection(5, 1, 7), 'run 2', limits);
  const timeline = cursorPosition({ epoch: 5, step: 1 }, limits);
  assert.equal(timeline, 'epoch 5 of 300, update 1 of 7 into the next');
  assert.ok(text.includes(`right after ${timeline}:`), text);
  assert.deepEqual(epochsNamed(text), [5], text);
  assert.ok(text.includes(`update ${5 * 7 + 1 + 1} (t = 37)`), text);
});

test('the parameter followed is said, and which one moved most here when it is another', () => {
  const limits = { epochs: 300, stepsPerEpoch: 1 };
  assert.match(updatePlace(inspection(4, 0, 1, 3, 3), 'run 1', limits), /at layer 1 W\[3, 0\], one of 337 parameters, the one that moved most here\.$/);
  assert.match(updatePlace(inspection(4, 0, 1, 3, 9), 'run 1', limits),
    /at layer 1 W\[3, 0\], one of 337 parameters, followed as the cursor moves \(layer 1 W\[9, 0\] moved most here\)\.$/);
});

test('past the updates a run took, the panel says so: still to come while it trains, never taken once it stopped', () => {
  assert.equal(untakenUpdate('run 2', 41, 40, false), 'Run 2 has taken 40 updates so far: update 41 is still to come.');
  assert.equal(untakenUpdate('run 1', 301, 300, true), 'Run 1 stopped after update 300: it never took update 301.');
});

test('the Parameter field refuses what is no parameter in its own words, and says which one it keeps following', () => {
  assert.equal(parameterRefusal('337', 337, 25),
    'Parameter: 337 is not allowed: must be a whole number from 0 to 336 (empty: the one that moved most). The panel keeps following parameter 25 until then.');
  assert.match(parameterRefusal('2.5', 337, 25), /^Parameter: 2\.5 is not allowed: must be a whole number from 0 to 336/);
  assert.match(parameterRefusal('-3', 337, null), /^Parameter: -3 is not allowed: .*most\)\.$/);
  for (const fine of ['', '-1', '0', '336']) assert.equal(parameterRefusal(fine, 337, 25), '', fine);
});

test('each setting the rule names is a row with its value: Adam\'s beta_1, beta_2 and epsilon, not its amsgrad flag', () => {
  const u = {
    ...inspection(3, 0, 1), learning_rate: 0.01, gradient: 0.5, weight_before: 1, weight_after: 0.99, state: [],
    rule: ['m = beta_1 * m + (1 - beta_1) * g', 'v = beta_2 * v + (1 - beta_2) * g^2',
      'alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)', 'w = w - alpha * m / (sqrt(v) + epsilon)'],
  };
  const rows = updateRows(u, { name: 'adam', learning_rate: 0.01, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, amsgrad: false, weight_decay: 0 });
  assert.deepEqual(rows.map((r) => r.name), ['lr', 'beta_1', 'beta_2', 'epsilon', 'g', 't', 'w', 'Δw']);
  assert.equal(rows.find((r) => r.name === 'epsilon').after, '1e-7');
  assert.equal(rows.find((r) => r.name === 'beta_2').after, '0.999');
});

test('a value of the update itself (Adam\'s alpha) shows the value it used and no before; a state part shows both', () => {
  const u = {
    ...inspection(3, 0, 1), learning_rate: 0.01, gradient: 0.5, weight_before: 1, weight_after: 0.99,
    rule: ['alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)'],
    state: [
      { name: 'beta_1^t', before: 0.9 ** 3, after: 0.9 ** 4, shared: true, of_update: false, meaning: "1 - beta_1^t corrects m's bias" },
      { name: 'alpha', before: NaN, after: 0.0015, shared: true, of_update: true, meaning: "this update's rate with both bias corrections" },
    ],
  };
  const rows = updateRows(u, {});
  const alpha = rows.find((r) => r.name === 'alpha');
  assert.deepEqual([alpha.before, alpha.after], ['', '0.0015']);
  assert.equal(alpha.meaning, "this update's rate with both bias corrections (shared by every weight)");
  const power = rows.find((r) => r.name === 'beta_1^t');
  assert.deepEqual([power.before, power.after], ['0.729', '0.6561']);
});
