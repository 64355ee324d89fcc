// The loss chart's plateau cuts and rate axis (web/views/loss/plateau-marks.js, rate-axis.js):
// cuts closer together than a marker's width are one marker with a count, and the rate axis spans
// whole decades around the rates drawn, never a sliver, cut at a floor below the highest rate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DENSE_SHARE, mergePlateauCuts } from '../../web/views/loss/plateau-marks.js';
import { RATE_DECADES, decadeLabel, rateAxisRange } from '../../web/views/loss/rate-axis.js';

// n cuts every `every` epochs from `first`, each by `factor` from `rate`.
function cuts(n, every, first = every, rate = 0.1, factor = 0.1) {
  return Array.from({ length: n }, (_, i) => ({
    x: first + i * every, y: 1 - i / 100, oldLr: rate * factor ** i, newLr: rate * factor ** (i + 1),
  }));
}

test('55 cuts 5 epochs apart over 300 epochs are one marker that counts them', () => {
  const merged = mergePlateauCuts(cuts(55, 5), 300);
  assert.equal(merged.length, 1);
  assert.equal(merged[0].count, 55);
  assert.equal(merged[0].x, 5, 'placed at the first cut');
  assert.equal(merged[0].label, '55 cuts');
  assert.match(merged[0].text, /^55 rate cuts in epochs 5 to 275: 0\.1 → 1e-56$/);
});

test('cuts far apart stay one marker each, with the words of one cut', () => {
  const merged = mergePlateauCuts(cuts(3, 100), 300);
  assert.deepEqual(merged.map((m) => [m.x, m.count]), [[100, 1], [200, 1], [300, 1]]);
  assert.equal(merged[1].label, undefined, 'a single cut carries no count');
  assert.match(merged[1].text, /^rate cut 0\.01 → 0\.001$/);
});

test('a dense stretch and a lone cut: two markers', () => {
  // Dense: 3% of 400 epochs = 12; cuts 4 apart merge, a cut 100 epochs later does not.
  assert.equal(DENSE_SHARE * 400, 12);
  const merged = mergePlateauCuts([...cuts(10, 4, 20), ...cuts(1, 1, 156)], 400);
  assert.deepEqual(merged.map((m) => [m.x, m.count]), [[20, 10], [156, 1]]);
});

test('the rate axis: whole decades with the rates strictly inside, at least two decades tall', () => {
  // A constant 0.1: the axis runs 0.01 to 1, not 0.1 to 0.1 with the line on its edge.
  assert.deepEqual(rateAxisRange({ lowest: 0.1, peak: 0.1 }), { min: 0.01, max: 1, cut: false });
  assert.deepEqual(rateAxisRange({ lowest: 0.05, peak: 0.5 }), { min: 0.01, max: 1, cut: false });
  assert.deepEqual(rateAxisRange({ lowest: 3e-4, peak: 30 }), { min: 1e-4, max: 100, cut: false });
});

test('a rate that falls far is cut at a floor RATE_DECADES decades under the top', () => {
  const { min, max, cut } = rateAxisRange({ lowest: 1e-52, peak: 0.1 });
  assert.equal(max, 1);
  assert.equal(min, Number(`1e${-RATE_DECADES}`));
  assert.equal(cut, true);
});

test('min_lr reached: the floor never hides it', () => {
  // Reached at 1e-9 with a floor at 1e-6: the axis goes a decade under min_lr.
  const { min, cut } = rateAxisRange({ lowest: 1e-9, peak: 0.1, minLr: 1e-9 });
  assert.equal(min, 1e-10);
  assert.equal(cut, false);
});

test('no rate drawn: no range', () => {
  assert.equal(rateAxisRange({ lowest: Infinity, peak: 0 }), null);
});

test('the rate axis labels its decades only', () => {
  const axis = { min: 1e-6, max: 1 };
  const ticks = [1e-6, 5e-6, 1e-5, 2e-5, 1e-4, 1e-3, 5e-3, 0.01, 0.1, 0.5, 1];
  const labels = ticks.map((t) => decadeLabel(t, axis, String)).filter(Boolean);
  assert.deepEqual(labels, ['0.000001', '0.00001', '0.0001', '0.001', '0.01', '0.1', '1']);
  // Past eight decades, every other one, counted from the top.
  const wide = [1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 1].map((t) => decadeLabel(t, { min: 1e-10, max: 1 }, String)).filter(Boolean);
  assert.deepEqual(wide, ['1e-10', '1e-8', '0.000001', '0.0001', '0.01', '1']);
  // Cut: the lowest label says the rate falls under it.
  assert.equal(decadeLabel(1e-6, axis, String, true), '< 0.000001');
  assert.equal(decadeLabel(1e-5, axis, String, true), '0.00001');
});
