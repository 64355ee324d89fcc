// A loss-chart legend entry wider than its chart is written on lines broken after its commas
// (web/views/loss/legend-wrap.js); one that fits stays one line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wrapLegend } from '../../web/views/loss/legend-wrap.js';

const measure = (line) => line.length * 10;  // 10 px a character
const entry = 'run 3: Adam, rate 0.01, schedule Warmup-stable-decay';

test('an entry that fits stays one line', () => {
  assert.equal(wrapLegend(entry, entry.length * 10, measure), entry);
});

test('a wider entry is broken after its commas into as few lines as fit', () => {
  assert.deepEqual(wrapLegend(entry, 240, measure), ['run 3: Adam, rate 0.01,', 'schedule Warmup-stable-decay']);
  assert.deepEqual(wrapLegend(entry, 130, measure), ['run 3: Adam,', 'rate 0.01,', 'schedule Warmup-stable-decay'],
    'a part longer than the room keeps its own line');
  assert.equal(wrapLegend('run 1: a-very-long-single-part', 50, measure), 'run 1: a-very-long-single-part', 'nothing to break at');
});

test('entries broken into lines become one entry a line, each on a row of its own', async () => {
  const { legendLines } = await import('../../web/views/loss/legend-wrap.js');
  const items = [{ text: 'run 1: SGD, rate 0.5', fillStyle: 'blue', datasetIndex: 0 }, { text: entry, fillStyle: 'red', datasetIndex: 3 }];
  assert.equal(legendLines(items, 600, measure), items, 'all fit: as they are');
  const lines = legendLines(items, 240, measure);
  assert.deepEqual(lines.map((item) => item.text.replace(/\u2007+$/, '')), ['run 1: SGD, rate 0.5', 'run 3: Adam, rate 0.01,', 'schedule Warmup-stable-decay']);
  assert.deepEqual(lines.map((item) => item.datasetIndex), [0, 3, 3], 'a line stands for its run');
  assert.deepEqual(lines.map((item) => item.fillStyle), ['blue', 'red', 'transparent'], 'a box on the first line only');
  // Each as wide as the widest line, more than half the room: no two share a row.
  const widths = lines.map((item) => measure(item.text));
  assert.ok(widths.every((w) => w === widths[0] && w > 120), String(widths));
});
