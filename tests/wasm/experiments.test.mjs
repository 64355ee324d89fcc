// The sweep and the range test through the wasm module, run in slices as the page's worker runs
// them: the result matches the native core's own tests' claims and the bad options name fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadApi } from './load_module.mjs';

const api = await loadApi();

// The linear problem, a linear model, full batch: its MSE is a quadratic with a known bound 2/L.
const linear = {
  seed: 2, problem: { name: 'linear', samples: 120 }, model: { hidden: [] },
  optimizer: { name: 'sgd', learning_rate: 0.1 }, batch_size: 120,
};

test('a sweep in slices: stall on the left, best in the middle, diverged on the right', () => {
  const sweep = api.createSweep(linear, { low: 1e-4, high: 10, count: 16, epochs: 30 });
  try {
    let slices = 0;
    let lastProgress = 0;
    while (!sweep.done) {
      sweep.advance(7);
      assert.ok(sweep.progress >= lastProgress);
      lastProgress = sweep.progress;
      slices++;
    }
    assert.ok(slices > 5, 'the work was really sliced');
    const r = sweep.result();
    assert.equal(r.rates.length, 16);
    assert.equal(r.verdict[0], 'stalling');
    assert.equal(r.diverged[15], 1);
    assert.ok(r.diverged_epoch[15] >= 0);
    const best = r.best_index;
    assert.ok(best > 0 && best < 15, `best rate in the middle: ${best}`);
    assert.equal(r.diverged[best], 0);
    assert.ok(r.final_train_loss[best] < r.final_train_loss[0]);
  } finally {
    sweep.delete();
  }
});

test('the range test suggests a rate between where the loss falls and where it blows up', () => {
  const rangeTest = api.createRangeTest(
    { seed: 2, problem: { name: 'spiral', samples: 400 }, optimizer: { name: 'adam' }, batch_size: 32 },
    { start: 1e-7, end: 10, steps: 800 });
  try {
    while (!rangeTest.done) rangeTest.advance(50);
    const r = rangeTest.result();
    assert.equal(r.blew_up, true);
    assert.ok(r.rates.length < 800, 'stopped early');
    const first = r.smoothed[0];
    const falls = r.rates[r.smoothed.findIndex((s) => s < 0.98 * first)];
    const blowsUp = r.rates.at(-1);
    for (const name of ['valley', 'steepest', 'minimum_over_10']) {
      const rate = r[name].rate;
      assert.ok(rate >= falls / 10 && rate <= blowsUp, `${name} ${rate} in [${falls / 10}, ${blowsUp}]`);
    }
    assert.ok(r.valley.rate >= falls && r.valley.rate <= blowsUp);
  } finally {
    rangeTest.delete();
  }
});

test('bad sweep and range-test options name the field', () => {
  assert.throws(() => api.createSweep(linear, { count: 0 }), /sweep\.count: 0/);
  assert.throws(() => api.createSweep(linear, { low: 1, high: 0.5 }), /sweep\./);
  assert.throws(() => api.createSweep({ batch_size: 0 }, {}), /batch_size: 0/);
  assert.throws(() => api.createRangeTest(linear, { steps: 1 }), /range_test\.steps: 1/);
  assert.throws(() => api.createRangeTest(linear, { colour: 1 }), /range_test\.colour: unknown field/);
});
