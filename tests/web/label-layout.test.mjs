// The loss chart's marker labels never overlap (web/views/loss/label-layout.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { placeLabels } from '../../web/views/loss/label-layout.js';

const area = { top: 0, bottom: 300 };
const overlaps = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y - a.height < b.y && b.y - b.height < a.y;

test('three labels wanted at one spot are written on three lines', () => {
  const wanted = Array.from({ length: 3 }, () => ({ x: 100, y: 50, width: 120, height: 14 }));
  const placed = placeLabels(wanted, area);
  assert.deepEqual(placed.map((b) => b.y).sort((a, b) => a - b), [36, 50, 64]);
  for (let i = 0; i < 3; i++) for (let j = i + 1; j < 3; j++) assert.ok(!overlaps(placed[i], placed[j]));
  assert.ok(placed.every((b) => b.x === 100), 'only moved up or down');
});

test('labels apart stay where they were wanted', () => {
  const wanted = [{ x: 10, y: 50, width: 50, height: 14 }, { x: 200, y: 50, width: 50, height: 14 }, { x: 10, y: 120, width: 50, height: 14 }];
  assert.deepEqual(placeLabels(wanted, area), wanted);
});

test('a label is not moved out of the plot: at the top edge it goes below', () => {
  const wanted = [{ x: 0, y: 14, width: 50, height: 14 }, { x: 0, y: 14, width: 50, height: 14 }];
  const [, second] = placeLabels(wanted, area);
  assert.equal(second.y, 28);
});

test('a change label that would overlap one written is left out; an older one of its run under it too', () => {
  const divergence = { x: 100, y: 50, width: 120, height: 14 };
  const latest = { x: 300, y: 100, width: 80, height: 14, optional: true, group: 1 };
  const hidden = { x: 110, y: 55, width: 80, height: 14, optional: true, group: 2 };
  const olderUnderHidden = { x: 150, y: 60, width: 80, height: 14, optional: true, group: 2 };
  const otherRunThere = { x: 180, y: 200, width: 80, height: 14, optional: true, group: 3 };
  const placed = placeLabels([divergence, latest, hidden, olderUnderHidden, otherRunThere], area);
  assert.deepEqual(placed, [divergence, latest, otherRunThere]);
});

test('labels that must be read are moved, never left out, whatever came before', () => {
  const change = { x: 100, y: 50, width: 120, height: 14, optional: true, group: 1 };
  const divergence = { x: 100, y: 50, width: 120, height: 14 };
  const placed = placeLabels([change, divergence], area);
  assert.equal(placed.length, 2);
  assert.ok(!overlaps(placed[0], placed[1]));
});
