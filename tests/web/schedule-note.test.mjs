// The schedule preview's "What am I looking at?" says what the chosen schedule does, from the
// core's registry (its label and one-line formula: one home for those words), and its title names
// the axis the chart draws (web/views/schedule/schedule-note.js). The note used to be one text for
// every schedule, about the tutorial's function; the title said lr(step) under an epoch axis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scheduleNote, scheduleTitle } from '../../web/views/schedule/schedule-note.js';

const registry = {
  schedules: [
    { name: 'constant', label: 'Constant', summary: 'lr(s) = lr0 (kept at any ReduceLROnPlateau cut)' },
    { name: 'wsd', label: 'Warmup-stable-decay', summary: 'warm-up over W, lr0 until the last D, then down' },
    { name: 'sequential', label: 'Sequence (SequentialLR)', summary: 'part i from milestone m_i on' },
    { name: 'linear_warmup', label: 'Linear warm-up', summary: 'lr0 * min(s, T) / T' },
    { name: 'cosine', label: 'Cosine decay', summary: 'cosine down' },
    { name: 'formula', label: 'Custom formula', summary: 'your expression of epoch, step, lr and lr0' },
  ],
};

test('the note names the chosen schedule and its formula from the registry, and what s counts', () => {
  assert.equal(scheduleNote({ name: 'constant', granularity: 'epoch' }, registry),
    'The rate each epoch will use. Constant: lr(s) = lr0 (kept at any ReduceLROnPlateau cut), where s is the epoch.');
  assert.equal(scheduleNote({ name: 'wsd', granularity: 'step' }, registry),
    'The rate each update will use, drawn against the epochs it falls in. Warmup-stable-decay: warm-up over W, lr0 until the last D, then down, where s counts the updates (steps) since the start.');
  assert.doesNotMatch(scheduleNote({ name: 'constant', granularity: 'epoch' }, registry), /tutorial|jumps up at epoch 5/);
});

test("a sequence names its parts, a formula its expression", () => {
  const sequence = { name: 'sequential', granularity: 'epoch', milestones: [5], parts: [{ name: 'linear_warmup' }, { name: 'cosine' }] };
  assert.equal(scheduleNote(sequence, registry),
    'The rate each epoch will use. Sequence (SequentialLR): part i from milestone m_i on, where s is the epoch; here Linear warm-up, then Cosine decay from epoch 5.');
  assert.equal(scheduleNote({ name: 'formula', granularity: 'epoch', expression: 'lr0 * 0.9 ** epoch' }, registry),
    'The rate each epoch will use. Custom formula: lr0 * 0.9 ** epoch.');
});

test('the title names the x axis the chart draws: epochs, also for a per-step schedule', () => {
  assert.equal(scheduleTitle('epoch'), "Preview: lr(epoch) for each run's rate");
  assert.equal(scheduleTitle('step'), "Preview: lr at each update, against epochs, for each run's rate");
});
