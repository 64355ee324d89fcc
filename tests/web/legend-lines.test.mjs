// A legend entry is never cut at the chart's edge (web/charts/legend-lines.js): the legend's type
// shrinks to fit, down to a floor, and an entry still too wide gives up whole words from its
// middle. Widths here: one unit per character at size 10, in proportion to the size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fittedEntry, legendSize, LEGEND_FLOOR } from '../../web/charts/legend-lines.js';

const measure = (text) => text.length;

test('an entry that fits is kept whole', () => {
  assert.equal(fittedEntry('run 1: SGD, rate 0.18', 40, measure), 'run 1: SGD, rate 0.18');
});

test('a long entry keeps its run and its end, whole words left out from the middle', () => {
  const text = 'run 3: SGD, rate 0.18, schedule Constant → decay to 1% from epoch 100';
  const fitted = fittedEntry(text, 50, measure);
  // "run 3: SGD," + " … " + the last words that fit in 50 - 14 = 36: "Constant → decay to 1% from epoch 100" is 37.
  assert.equal(fitted, 'run 3: SGD, … → decay to 1% from epoch 100');
  assert.ok(fitted.length <= 50);
  assert.match(fitted, /epoch 100$/, 'the number at its end is whole');
});

test('the type shrinks only as far as the floor, to the largest size at which every entry fits', () => {
  const texts = ['run 1: SGD, rate 0.18', 'run 3: SGD, rate 0.18, schedule Constant → decay to 1% from epoch 100'];
  const at = (text, size) => (text.length * size) / 10;
  // 70 characters: at size 22 the widest is 154 wide; a room of 140 fits it at 20 (140), not 21 (147).
  assert.equal(legendSize(texts, 22, () => 140, at), 20);
  assert.equal(legendSize(texts, 22, () => 1000, at), 22, 'room enough: the chart\'s size');
  assert.equal(legendSize(texts, 22, () => 10, at), Math.ceil(22 * LEGEND_FLOOR), 'never below the floor');
});
