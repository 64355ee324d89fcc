// Creating, training and deleting many trainers must leave the wasm heap where it was: nothing
// leaks per trainer (docs/spec-numbers.md#targets), including on the error path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadApi } from './load_module.mjs';

const api = await loadApi();
const small = { problem: { name: 'xor', samples: 64 }, model: { hidden: [4] }, epochs: 1 };

function cycle(count) {
  for (let i = 0; i < count; i++) {
    const trainer = api.createTrainer(small);
    trainer.epoch();
    trainer.history();
    trainer.delete();
    if (i % 10 === 0) {
      try {
        api.createTrainer({ ...small, batch_size: 0 });
      } catch {
        // expected: the error path must not leak either
      }
    }
  }
}

test('10,000 trainers created, trained one epoch and deleted leave the heap as after 100', () => {
  cycle(100);
  const after100 = api.heapSize();
  const used100 = api.heapUsed();
  cycle(9900);
  assert.equal(api.heapSize(), after100, 'the heap did not grow');
  // Within the same heap size, the allocator's in-use bytes must come back too (a leak of a
  // few hundred bytes per trainer would not grow a large heap, but would show here).
  assert.ok(api.heapUsed() <= used100 + 4096, `in use: ${used100} -> ${api.heapUsed()}`);
});

// Every entry point that can fail, failing at several depths of the core (top-level field, nested
// list entry, registry lookup, formula parser, a later-stage check): each error path must give
// back everything it allocated, whatever the build's exception mechanism (destructors of the
// frames between the throw and the binding's catch must run).
const linear = { problem: { name: 'linear', samples: 100 }, epochs: 2 };
const errorPaths = {
  validateSettings: [
    () => api.validateSettings({ batch_size: 0 }),
    () => api.validateSettings({ model: { hidden: [16, 0] } }),
    () => api.validateSettings({ optimizer: { name: 'adamx' } }),
    () => api.validateSettings({ schedule: { name: 'formula', expression: '0.01 * (1 + epoch' } }),
    () => api.validateSettings({ problem: { name: 'x'.repeat(500) } }),
    () => api.validateSettings({ lerning_rate: 0.1 }),
  ],
  createTrainer: [
    () => api.createTrainer({ ...small, batch_size: 0 }),
    () => api.createTrainer({ ...small, optimizer: { name: 'adam', beta_2: 2 } }),
    () => api.createTrainer({ ...small, schedule: { name: 'formula', expression: 'epoch <' } }),
    () => api.createTrainer({ ...small, plateau: { factor: 3 } }),
  ],
  previewSchedule: [
    () => api.previewSchedule({ name: 'wiggle' }, 0.1, 10),
    () => api.previewSchedule({ name: 'formula', expression: '0.1 - 0.02 * epoch' }, 0.1, 10),
    () => api.previewSchedule({ name: 'tutorial' }, -1, 10),
    () => api.previewSchedule({ name: 'tutorial' }, 0.1, 0),
  ],
  landscape: [
    () => api.landscape({ surface: 'donut' }),
    () => api.landscape({ surface: 'bowl', grid: 1 }),
    () => api.landscape({ surface: 'bowl', runs: [{ optimizer: { name: 'sgd', learning_rate: -1 } }] }),
  ],
  createSweep: [
    () => api.createSweep(linear, { count: 0 }),
    () => api.createSweep(linear, { low: 1, high: 0.5 }),
    () => api.createSweep({ batch_size: 0 }, {}),
  ],
  createRangeTest: [
    () => api.createRangeTest(linear, { steps: 1 }),
    () => api.createRangeTest(linear, { colour: 1 }),
  ],
};

const trainer = api.createTrainer(small);
errorPaths['trainer setters'] = [
  () => trainer.setLearningRate(-1),
  () => trainer.setLearningRate(NaN),
  () => trainer.setOptimizer({ name: 'adam', beta_2: 2 }),
  () => trainer.setOptimizer({ name: 'nope' }),
  () => trainer.setSchedule({ name: 'formula', expression: 'epoch <' }),
  () => trainer.setPlateau({ enabled: true, factor: 3 }),
];

function failAll(calls, count) {
  for (let i = 0; i < count; i++) {
    for (const call of calls) assert.throws(call, Error);
  }
}

for (const [entry, calls] of Object.entries(errorPaths)) {
  test(`${entry}: 1,000 rounds of its error paths leave the allocator's in-use bytes flat`, () => {
    failAll(calls, 20);
    const used = api.heapUsed();
    failAll(calls, 1000);
    assert.ok(api.heapUsed() <= used + 1024, `in use: ${used} -> ${api.heapUsed()}`);
  });
}
