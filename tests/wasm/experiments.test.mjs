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

// The sweep's recommendation, worked out again here from the columns the result carries: the
// lowest final validation loss among rates that neither diverged nor overshoot, and the unbroken
// band around it within the stated tolerance.
test('a sweep records validation accuracy per rate and recommends by validation loss', () => {
  const moons = { seed: 4, problem: { name: 'moons', samples: 160 }, model: { hidden: [8] }, batch_size: 16 };
  const sweep = api.createSweep(moons, { low: 1e-3, high: 100, count: 12, epochs: 30 });
  try {
    while (!sweep.done) sweep.advance(100);
    const r = sweep.result();
    assert.equal(r.final_val_accuracy.length, 12);
    const steady = (j) => r.diverged[j] === 0 && !['overshooting', 'diverged', ''].includes(r.verdict[j])
      && Number.isFinite(r.final_val_loss[j]);
    let best = -1;
    for (let j = 0; j < 12; j++) if (steady(j) && (best < 0 || r.final_val_loss[j] < r.final_val_loss[best])) best = j;
    assert.ok(best >= 0);
    const rec = r.recommendation;
    assert.equal(rec.index, best);
    assert.equal(rec.measure, 'val_loss');
    assert.equal(rec.rate, r.rates[best]);
    assert.equal(rec.value, r.final_val_loss[best]);
    assert.equal(rec.val_loss, r.final_val_loss[best]);
    assert.equal(rec.val_accuracy, r.final_val_accuracy[best]);
    assert.ok(rec.val_accuracy > 0.5 && rec.val_accuracy <= 1);
    assert.equal(rec.train_loss, r.final_train_loss[best]);
    const close = (j) => steady(j) && r.final_val_loss[j] <= rec.value * (1 + rec.tolerance);
    let low = best;
    let high = best;
    while (low > 0 && close(low - 1)) low--;
    while (high < 11 && close(high + 1)) high++;
    assert.equal(rec.tolerance, 0.2);
    assert.deepEqual([rec.band_low_index, rec.band_high_index], [low, high]);
    assert.deepEqual([rec.band_low_rate, rec.band_high_rate], [r.rates[low], r.rates[high]]);
  } finally {
    sweep.delete();
  }
});

test('a regression sweep has no accuracy; an unfinished one no recommendation', () => {
  const sweep = api.createSweep(linear, { low: 1e-3, high: 1, count: 4, epochs: 5 });
  try {
    assert.equal(sweep.result().recommendation.index, -1);
    assert.equal(sweep.result().recommendation.measure, '');
    assert.ok(Number.isNaN(sweep.result().recommendation.rate));
    while (!sweep.done) sweep.advance(100);
    const r = sweep.result();
    assert.ok(Array.prototype.every.call(r.final_val_accuracy, Number.isNaN));
    assert.equal(r.recommendation.measure, 'val_loss');
  } finally {
    sweep.delete();
  }
});
