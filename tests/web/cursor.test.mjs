// The page's cursor as pure functions (web/page/cursor.js): where keys move it, how an update
// count and a chart's x map to it, and the numbers a run shows there, read from a record built by
// RunHistories itself from an increment of known values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cursorAtUpdate, cursorAtX, cursorLimits, cursorUpdate, cursorX, latestAtOrBefore, moveCursor, valuesAt, PAGE_EPOCHS } from '../../web/page/cursor.js';
import { RunHistories } from '../../web/page/run-histories.js';
import { valuesText } from '../../web/words/cursor-words.js';

const limits = { epochs: 50, stepsPerEpoch: 4 };

test('an update count and a cursor map both ways, within the run length', () => {
  assert.deepEqual(cursorAtUpdate(0, limits), { epoch: 0, step: 0 });
  assert.deepEqual(cursorAtUpdate(9, limits), { epoch: 2, step: 1 });
  assert.equal(cursorUpdate({ epoch: 2, step: 1 }, 4), 9);
  assert.deepEqual(cursorAtUpdate(-3, limits), { epoch: 0, step: 0 });
  assert.deepEqual(cursorAtUpdate(1000, limits), { epoch: 50, step: 0 }, 'past the end: the last epoch');
  assert.equal(cursorX({ epoch: 2, step: 1 }, 4), 2.25);
  assert.deepEqual(cursorAtX(2.3, limits), { epoch: 2, step: 1 }, 'a click between updates: the nearest');
});

test('arrows move one epoch, Shift+arrows one update, PageUp/PageDown ten epochs, Escape leaves', () => {
  const at = { epoch: 7, step: 2 };
  assert.deepEqual(moveCursor(at, { key: 'ArrowRight' }, limits), { epoch: 8, step: 0 });
  assert.deepEqual(moveCursor(at, { key: 'ArrowLeft' }, limits), { epoch: 7, step: 0 }, 'back: the start of the epoch first');
  assert.deepEqual(moveCursor({ epoch: 7, step: 0 }, { key: 'ArrowLeft' }, limits), { epoch: 6, step: 0 });
  assert.deepEqual(moveCursor(at, { key: 'ArrowRight', shiftKey: true }, limits), { epoch: 7, step: 3 });
  assert.deepEqual(moveCursor({ epoch: 7, step: 3 }, { key: 'ArrowRight', shiftKey: true }, limits), { epoch: 8, step: 0 });
  assert.deepEqual(moveCursor({ epoch: 7, step: 0 }, { key: 'ArrowLeft', shiftKey: true }, limits), { epoch: 6, step: 3 });
  assert.deepEqual(moveCursor({ epoch: 7, step: 0 }, { key: 'PageUp' }, limits), { epoch: 7 + PAGE_EPOCHS, step: 0 });
  assert.deepEqual(moveCursor({ epoch: 3, step: 0 }, { key: 'PageDown' }, limits), { epoch: 0, step: 0 });
  assert.deepEqual(moveCursor(at, { key: 'Home' }, limits), { epoch: 0, step: 0 });
  assert.deepEqual(moveCursor(at, { key: 'End' }, limits), { epoch: 50, step: 0 });
  assert.equal(moveCursor(at, { key: 'Escape' }, limits), null);
  assert.equal(moveCursor(at, { key: 'a' }, limits), undefined, 'other keys are not the timeline\'s');
  assert.deepEqual(moveCursor(null, { key: 'ArrowLeft' }, limits), { epoch: 49, step: 0 }, 'from now: back from the end');
  // While the runs train, "now" is short of the end: the keys move from the latest epoch done.
  const training = { ...limits, now: 40 };
  assert.deepEqual(moveCursor(null, { key: 'ArrowLeft' }, training), { epoch: 39, step: 0 }, 'from now while training: back from epoch 40');
  assert.deepEqual(moveCursor(null, { key: 'ArrowLeft', shiftKey: true }, training), { epoch: 39, step: 3 });
  assert.deepEqual(moveCursor({ epoch: 10, step: 0 }, { key: 'End' }, training), { epoch: 40, step: 0 }, 'End: the latest epoch done');
});

test('the latest point at or before a position', () => {
  const points = [{ x: 1, y: 10 }, { x: 3, y: 30 }, { x: 8, y: 80 }];
  assert.equal(latestAtOrBefore(points, 0.5), null);
  assert.equal(latestAtOrBefore(points, 3).y, 30);
  assert.equal(latestAtOrBefore(points, 7.9).y, 30);
  assert.equal(latestAtOrBefore(points, 100).y, 80);
});

function recordOf(train, lr, accuracy) {
  const histories = new RunHistories();
  const n = train.length;
  return histories.apply({
    key: 'a', fresh: true, retrained: false, from: 0, initial_train_loss: 0.9,
    train_loss: Float64Array.from(train), val_loss: new Float64Array(n).fill(NaN), accuracy: Float64Array.from(accuracy),
    val_accuracy: new Float64Array(n).fill(NaN), learning_rate: Float64Array.from(lr), events: [],
    step_index: new Float64Array(0), step_size_min: new Float64Array(0), step_size_median: new Float64Array(0), step_size_max: new Float64Array(0),
    sharpness: null, segments: [], status: 'idle', epochsDone: n, until: 10, updates: 4 * n, stepsPerEpoch: 4, learningRate: lr.at(-1),
    verdict: { verdict: 'converging', diverged: false, divergedEpoch: -1 }, plateau: null,
  }, 0);
}

test('a run\'s numbers at the cursor are the ones its loss chart draws there', () => {
  const record = recordOf([0.5, 0.4, 0.3], [0.1, 0.1, 0.05], [0.6, 0.7, 0.8]);
  assert.deepEqual(valuesAt(record, 0), { epoch: 0, loss: 0.9, valLoss: NaN, accuracy: NaN, rate: 0.1, rateBefore: NaN }, 'before training: the initial loss, the first rate');
  // Epochs done 2: the loss after the second epoch, the rate of the third (the next update's)
  // and the rate the second ran at.
  assert.deepEqual(valuesAt(record, 2), { epoch: 2, loss: 0.4, valLoss: NaN, accuracy: 0.7, rate: 0.05, rateBefore: 0.1 });
  assert.deepEqual(valuesAt(record, 3), { epoch: 3, loss: 0.3, valLoss: NaN, accuracy: 0.8, rate: 0.05, rateBefore: 0.05 }, 'at the end: the last rate used');
  // The card's words: where the rate changed at the cursor, both rates.
  assert.equal(valuesText(valuesAt(record, 2)), 'loss 0.4 · accuracy 70.0% · rate 0.1 → 0.05');
  assert.equal(valuesText(valuesAt(record, 1)), 'loss 0.5 · accuracy 60.0% · rate 0.1');
  assert.equal(valuesText(valuesAt(record, 0)), 'loss 0.9 · rate 0.1');
  assert.equal(valuesAt(record, 4), null, 'not reached yet');
  assert.equal(record.stepsPerEpoch, 4);
});

test('the timeline spans the run length or a run continued past it', () => {
  const record = recordOf([0.5, 0.4, 0.3], [0.1, 0.1, 0.1], [0, 0, 0]);
  const model = { state: { settings: { epochs: 2 }, runs: [{ key: 'a' }] }, runs: new Map([['a', record]]) };
  assert.deepEqual(cursorLimits(/** @type {any} */ (model)), { epochs: 3, stepsPerEpoch: 4, now: 3 });
});
