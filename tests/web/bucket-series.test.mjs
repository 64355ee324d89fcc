// The loss chart's series stay bounded by the chart's width whatever the run's length
// (web/charts/bucket-series.js), and never lose a spike: each bucket keeps its lowest and highest point.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BucketSeries } from '../../web/charts/bucket-series.js';

const sortedByX = (points) => points.every((p, i) => i === 0 || points[i - 1].x <= p.x);

test('while there are no more points than buckets, every point is kept as it came', () => {
  const series = new BucketSeries(8);
  const input = [[0, 5], [1, 4], [2, 4.5], [3, 1], [4, 2]];
  for (const [x, y] of input) series.add(x, y);
  assert.deepEqual(series.points.map((p) => [p.x, p.y]), input);
});

test('a long series keeps at most two points per bucket, its extremes, its spikes and its end', () => {
  const series = new BucketSeries(100);
  const n = 100000;
  const y = (x) => 1 + 0.5 * Math.sin(x / 50) + (x === 73123 ? 1e6 : 0) - (x === 31337 ? 0.9 : 0);
  for (let x = 0; x < n; x++) series.add(x, y(x));
  assert.ok(series.points.length <= 200, `${series.points.length} points`);
  assert.ok(series.buckets.length <= 100);
  assert.ok(sortedByX(series.points), 'drawn in x order');
  const ys = series.points.map((p) => p.y);
  assert.equal(Math.max(...ys), y(73123), 'the spike is drawn');
  assert.equal(Math.min(...ys), y(31337), 'the dip is drawn');
  assert.ok(series.points.some((p) => p.x >= n - series.width), 'the last bucket is drawn');
  // Every drawn point is a real point of the series.
  for (const p of series.points) assert.equal(p.y, y(p.x));
});

test('each bucket shows exactly the lowest and highest of the points that fell in it', () => {
  const series = new BucketSeries(4);
  const values = [3, 9, 1, 7, 5, 2, 8, 6, 4, 0, 10, 11];
  values.forEach((v, x) => series.add(x, v));
  // 12 points, 4 buckets at most: width 4 -> buckets [0..3], [4..7], [8..11].
  assert.equal(series.width, 4);
  const expected = [];
  for (let start = 0; start < values.length; start += 4) {
    const slice = values.slice(start, start + 4).map((v, i) => ({ x: start + i, y: v }));
    const low = slice.reduce((a, b) => (b.y < a.y ? b : a));
    const high = slice.reduce((a, b) => (b.y > a.y ? b : a));
    expected.push(...(low.x <= high.x ? [low, high] : [high, low]));
  }
  assert.deepEqual(series.points, expected);
});

test('truncate drops what lies beyond an epoch, and the series grows on from there', () => {
  const series = new BucketSeries(4);
  for (let x = 0; x < 20; x++) series.add(x, x);
  series.truncate(9);
  assert.ok(series.points.every((p) => p.x <= 9));
  assert.ok(series.points.at(-1).x <= 9 && series.points.at(-1).x >= 8, 'the kept extreme of the cut bucket stays');
  for (let x = 10; x < 14; x++) series.add(x, 100 - x);
  assert.ok(sortedByX(series.points));
  assert.equal(Math.max(...series.points.map((p) => p.y)), 90);
});

test('two points at one x keep the order they came in (a rate drawn as steps drops where it drops)', () => {
  const series = new BucketSeries(16);
  // The loss chart's rate: each epoch's rate at both ends of the epoch; cut from 0.05 to 0.025 at x = 2.
  const rates = [0.05, 0.05, 0.025, 0.025];
  rates.forEach((rate, e) => { series.add(e, rate); series.add(e + 1, rate); });
  assert.deepEqual(series.points.map((p) => [p.x, p.y]),
    [[0, 0.05], [1, 0.05], [2, 0.05], [2, 0.025], [3, 0.025], [4, 0.025]]);
});
