// The cursor: one position in training that the whole page points at (the timeline under the loss
// chart, a click on a chart, the keyboard). It is page-model state (model.cursor): views read it
// and draw their marker; null means "now", the runs as they stand. A position is {epoch, step}:
// `epoch` epochs done, then `step` updates into the next one (0 .. stepsPerEpoch - 1), so a run
// with several mini-batches per epoch can be pointed at update by update. Pure functions only:
// tests/web/cursor.test.mjs.
import { rawAt } from './run-histories.js';

/** @typedef {{epoch: number, step: number}} Cursor */

// PageUp and PageDown move by this many epochs (arrows by one, Shift+arrows by one update).
export const PAGE_EPOCHS = 10;

/**
 * How far the timeline reaches: the epochs the loss chart spans (the run length, or further for a
 * run continued past it), the updates per epoch of the runs (they share one batch size), and
 * `now`: the most epochs any run has done, where the keyboard moves from at "now" (while the runs
 * train it is short of the end).
 * @param {import('./model.js').PageModel} model
 * @returns {{epochs: number, stepsPerEpoch: number, now: number}}
 */
export function cursorLimits(model) {
  let epochs = model.state.settings.epochs;
  let stepsPerEpoch = 1;
  let now = 0;
  for (const run of model.state.runs) {
    const record = model.runs.get(run.key);
    if (!record) continue;
    epochs = Math.max(epochs, record.epochsDone);
    now = Math.max(now, record.epochsDone);
    if (record.stepsPerEpoch > 0) stepsPerEpoch = record.stepsPerEpoch;
  }
  return { epochs, stepsPerEpoch, now };
}

/** The update count at the cursor: the x of the step-size chart. */
export function cursorUpdate(cursor, stepsPerEpoch) {
  return cursor.epoch * stepsPerEpoch + cursor.step;
}

/** The cursor at an update count, within the limits. */
export function cursorAtUpdate(update, { epochs, stepsPerEpoch }) {
  const u = Math.min(Math.max(Math.round(update), 0), epochs * stepsPerEpoch);
  return { epoch: Math.floor(u / stepsPerEpoch), step: u % stepsPerEpoch };
}

/** The cursor at an epoch axis' x (a click on a chart whose x counts epochs done). */
export function cursorAtX(x, limits) {
  return cursorAtUpdate(x * limits.stepsPerEpoch, limits);
}

/** The cursor's x on an axis of epochs done: its epoch plus the share of the next one done. */
export function cursorX(cursor, stepsPerEpoch) {
  return cursor.epoch + cursor.step / stepsPerEpoch;
}

/**
 * Where a key moves the cursor: arrows by one epoch (to its start), Shift+arrows by one update,
 * PageUp/PageDown by PAGE_EPOCHS epochs later/earlier, Home to the start, End to the latest epoch
 * done; Escape leaves it (null: now). Undefined for a key the timeline does not take.
 * @param {Cursor | null} cursor  null: now, which moves from the latest epoch done
 * @param {{key: string, shiftKey?: boolean}} event
 * @param {{epochs: number, stepsPerEpoch: number, now?: number}} limits
 * @returns {Cursor | null | undefined}
 */
export function moveCursor(cursor, { key, shiftKey = false }, limits) {
  const latest = limits.now ?? limits.epochs;
  const from = cursor ?? { epoch: latest, step: 0 };
  const update = cursorUpdate(from, limits.stepsPerEpoch);
  const byEpoch = (epochs) => {
    // Back from inside an epoch goes to that epoch's start first.
    const start = epochs < 0 && from.step > 0 ? from.epoch + 1 : from.epoch;
    return cursorAtUpdate((start + epochs) * limits.stepsPerEpoch, limits);
  };
  switch (key) {
    case 'ArrowRight': case 'ArrowUp':
      return shiftKey ? cursorAtUpdate(update + 1, limits) : byEpoch(1);
    case 'ArrowLeft': case 'ArrowDown':
      return shiftKey ? cursorAtUpdate(update - 1, limits) : byEpoch(-1);
    case 'PageUp': return byEpoch(PAGE_EPOCHS);
    case 'PageDown': return byEpoch(-PAGE_EPOCHS);
    case 'Home': return { epoch: 0, step: 0 };
    case 'End': return { epoch: latest, step: 0 };
    case 'Escape': return null;
    default: return undefined;
  }
}

/**
 * A run's numbers at `epoch` epochs done, as the loss chart draws them there: the training and
 * validation loss after that epoch (before any update at 0), the accuracy over it, and the rate
 * in force for the next update (the one the run used last, at or past its end); rateBefore, the
 * rate the epoch just done ran at (NaN at 0), which differs where the rate changed there. Null for
 * a run with nothing recorded, or an epoch it has not reached.
 * @param {any} record a RunHistories record
 * @param {number} epoch
 */
export function valuesAt(record, epoch) {
  if (!record || epoch > record.recorded) return null;
  const next = rawAt(record, Math.min(epoch, record.recorded - 1));
  const rate = next ? next.lr : NaN;
  if (epoch === 0) return { epoch, loss: record.initialLoss, valLoss: NaN, accuracy: NaN, rate, rateBefore: NaN };
  const done = rawAt(record, epoch - 1);
  if (!done) return null;
  // A long run's raw columns are thinned: the values are of the nearest epoch they hold.
  return {
    epoch: done.epoch + 1, loss: done.train, valLoss: done.val, accuracy: done.accuracy,
    rate: epoch < record.recorded ? rate : done.lr, rateBefore: done.lr,
  };
}

/**
 * The last point with x <= limit, in points sorted by x (binary search: a long run holds many);
 * null when every point lies after it. How a marker finds the value in force at the cursor on a
 * series sampled at other positions (step records, sharpness measurements, a preview).
 * @param {Array<{x: number, y: number}>} points
 * @param {number} limit
 * @returns {{x: number, y: number} | null}
 */
export function latestAtOrBefore(points, limit) {
  let low = 0;
  let high = points.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (points[mid].x <= limit) low = mid + 1;
    else high = mid;
  }
  return low > 0 ? points[low - 1] : null;
}
