// What the page's cursor asks of the module (bindings/lrlab.cpp): a trainer's verdict as of an
// earlier epoch is the verdict of the same run stopped there, and inspectUpdate hands over the
// core's written-out update (core/inspect/update_inspection.h) with its rule from the registry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadApi } from './load_module.mjs';

const api = await loadApi();
// Noisy sine at rate 0.3, full batch: bounces, then diverges some epochs in (tests/core/history_until_test.cpp).
const settings = { seed: 1, problem: { name: 'sine', samples: 200, noise: 0.1 }, optimizer: { name: 'sgd', learning_rate: 0.3 }, batch_size: 512, epochs: 300 };

test('diagnosisAt(E) is the diagnosis of the run stopped after E epochs', () => {
  const full = api.createTrainer(settings);
  try {
    full.run(300);
    const diverged = full.status().diverged_epoch;
    assert.ok(diverged > 3, `the run diverges a few epochs in (${diverged})`);
    for (const epochs of [2, diverged - 1, diverged, diverged + 1]) {
      const stopped = api.createTrainer(settings);
      try {
        stopped.run(epochs);
        const then = full.diagnosisAt(epochs, 0.05);
        const own = stopped.diagnosis(0.05);
        assert.equal(then.verdict, own.verdict, `epoch ${epochs}`);
        assert.deepEqual(then.evidence, own.evidence, `epoch ${epochs}`);
      } finally {
        stopped.delete();
      }
    }
    assert.equal(full.diagnosisAt(diverged, NaN).verdict === 'diverged', false);
    assert.equal(full.diagnosisAt(diverged + 1, NaN).verdict, 'diverged');
  } finally {
    full.delete();
  }
});

test('inspectUpdate: the update with its numbers and the lines of its registry entry\'s rule its settings use', () => {
  const adam = { ...settings, optimizer: { name: 'adam', learning_rate: 0.01 }, batch_size: 40, epochs: 3 };
  const u = api.inspectUpdate(adam, 1, 2, -1);
  const rule = api.registry().optimizers.find((o) => o.name === 'adam').rule;
  assert.ok(u.rule.length >= 3 && u.rule.every((line) => rule.includes(line)), u.rule.join(' | '));
  assert.ok(!u.rule.some((line) => line.includes('vmax')), 'no amsgrad line without amsgrad');
  const amsgrad = api.inspectUpdate({ ...adam, optimizer: { ...adam.optimizer, amsgrad: true } }, 1, 2, -1);
  assert.ok(amsgrad.rule.includes('vmax = max(vmax, v)'), amsgrad.rule.join(' | '));
  assert.ok(Number.isInteger(u.largest) && u.largest === u.parameter && u.largest_name === u.parameter_name);
  assert.equal(u.update, 1 * Math.ceil(200 * 0.8 / 40) + 3, 'epoch 1, update 2 of 4: the 7th');
  assert.deepEqual(u.state.map((q) => q.name), ['m', 'v', 'beta_1^t', 'beta_2^t', 'alpha']);
  // alpha is this update's own value: no before, shared by every weight.
  assert.deepEqual(u.state.map((q) => q.of_update), [false, false, false, false, true]);
  const alpha = u.state.at(-1);
  assert.ok(Number.isNaN(alpha.before) && alpha.shared, JSON.stringify(alpha));
  assert.ok(u.weight_after !== u.weight_before && Number.isFinite(u.gradient) && u.learning_rate === 0.01);
  assert.throws(() => api.inspectUpdate(adam, 0, 9, -1), /step: 9 is not allowed/);
});

test('inspectUpdates: a block of positions from one replay, each what inspectUpdate gives at its own', () => {
  const adam = { ...settings, optimizer: { name: 'adam', learning_rate: 0.01 }, batch_size: 40, epochs: 3 };
  const block = api.inspectUpdates(adam, 1, 2, 5, 7);
  assert.deepEqual(block.map((u) => u.update), [7, 8, 9, 10, 11]);
  block.forEach((u, i) => {
    const t = 7 + i;
    assert.deepEqual(u, api.inspectUpdate(adam, Math.floor((t - 1) / 4), (t - 1) % 4, 7), `update ${t}`);
  });
  assert.throws(() => api.inspectUpdates(adam, 0, 0, 0, -1), /count: 0 is not allowed/);
});
