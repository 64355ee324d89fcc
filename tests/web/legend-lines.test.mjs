// The legend's type shrinks so every entry fits on one line, down to a floor (web/charts/legend-lines.js):
// chapter 14's entries on a projector were cut at the chart's edge. Widths here: one unit per
// character at size 10, in proportion to the size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { legendSize, LEGEND_FLOOR } from '../../web/charts/legend-lines.js';

test('the type shrinks only as far as the floor, to the largest size at which every entry fits', () => {
  const texts = ['run 1: SGD, rate 0.18', 'run 3: SGD, rate 0.18, schedule Constant → decay to 1% from epoch 100'];
  const at = (text, size) => (text.length * size) / 10;
  // 70 characters: at size 22 the widest is 154 wide; a room of 140 fits it at 20 (140), not 21 (147).
  assert.equal(legendSize(texts, 22, () => 140, at), 20);
  assert.equal(legendSize(texts, 22, () => 1000, at), 22, 'room enough: the chart\'s size');
  assert.equal(legendSize(texts, 22, () => 10, at), Math.ceil(22 * LEGEND_FLOOR), 'never below the floor');
});
