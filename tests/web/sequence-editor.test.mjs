// The sequence editor's edits as lists (web/controls/sequence-editor.js): a part added starts
// after the last, a part removed takes its milestone with it (the first part's removal makes the
// second start at 0), a part moved up keeps the places' starts; and the core's field paths are
// said in the page's words beside the field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addPart, movePartUp, partMessage, removePart } from '../../web/controls/sequence-editor.js';

const A = { name: 'linear_lr' };
const B = { name: 'cosine', decay_steps: 95 };
const C = { name: 'constant_lr', factor: 0.5 };

test('a part added is a constant phase starting ten positions after the last start', () => {
  assert.deepEqual(addPart([A, B], [5]), { parts: [A, B, { name: 'constant_lr', factor: 1 }], milestones: [5, 15] });
  assert.deepEqual(addPart([A], [], B), { parts: [A, B], milestones: [10] });
});

test('a part removed takes its start with it; the first one\'s removal drops the first start', () => {
  assert.deepEqual(removePart([A, B, C], [5, 30], 1), { parts: [A, C], milestones: [30] });
  assert.deepEqual(removePart([A, B, C], [5, 30], 2), { parts: [A, B], milestones: [5] });
  assert.deepEqual(removePart([A, B, C], [5, 30], 0), { parts: [B, C], milestones: [30] });
});

test('a part moved up swaps with the one above; the starts stay in place', () => {
  assert.deepEqual(movePartUp([A, B, C], [5, 30], 2), { parts: [A, C, B], milestones: [5, 30] });
});

test('the core\'s paths are said as the page names the parts', () => {
  assert.equal(partMessage('schedule.parts[1].decay_steps: 0 is not allowed (at least 1)'), 'part 2, decay_steps: 0 is not allowed (at least 1)');
  assert.equal(partMessage('schedule.parts[0]: must be an object'), 'part 1: must be an object');
  assert.equal(partMessage('schedule.milestones[0]: must be a whole position'), 'start of part 2: must be a whole position');
  assert.equal(partMessage('schedule.milestones: must number one fewer than the parts (3)'), 'schedule.milestones: must number one fewer than the parts (3)');
});
