// How the page says where the cursor is and what each run shows there: the timeline's
// aria-valuetext and label, each run card's line "at epoch 40", and the sentence the screen
// reader hears when the cursor settles. The numbers come from valuesAt() (web/page/cursor.js) and
// the verdict from the core's diagnosis of the history up to the cursor (web/page/cursor-verdicts.js).
import { formatNumber, formatRate } from './format.js';

/**
 * "epoch 40 of 300", or "epoch 40 of 300, update 3 of 7 into the next" with several updates an epoch.
 * @param {{epoch: number, step: number}} cursor
 * @param {{epochs: number, stepsPerEpoch: number}} limits
 */
export function cursorPosition(cursor, { epochs, stepsPerEpoch }) {
  const at = `epoch ${cursor.epoch} of ${epochs}`;
  return stepsPerEpoch > 1 && cursor.step > 0 ? `${at}, update ${cursor.step} of ${stepsPerEpoch} into the next` : at;
}

/**
 * A run's numbers at the cursor: "loss 0.123 · accuracy 91.2% · rate 0.1". Where the epoch just
 * done ran at another rate than the next update uses (a change or a branch there, a plateau cut, a
 * schedule's next value), both: "rate 30 → 3". Empty for no values.
 * @param {{loss: number, valLoss: number, accuracy: number, rate: number, rateBefore?: number} | null} values
 */
export function valuesText(values) {
  if (!values) return '';
  const parts = [`loss ${formatNumber(values.loss, 4)}`];
  if (Number.isFinite(values.valLoss)) parts.push(`val loss ${formatNumber(values.valLoss, 4)}`);
  if (Number.isFinite(values.accuracy)) parts.push(`accuracy ${(100 * values.accuracy).toFixed(1)}%`);
  if (Number.isFinite(values.rate)) {
    const before = values.rateBefore;
    const changed = Number.isFinite(before) && formatRate(before) !== formatRate(values.rate);
    parts.push(`rate ${changed ? `${formatRate(before)} → ` : ''}${formatRate(values.rate)}`);
  }
  return parts.join(' · ');
}

/**
 * A run card's line at the cursor: "At epoch 40: loss 0.123 · rate 0.1". The verdict as of then
 * is the card's badge, beside it: the line is whole as soon as the cursor is drawn, and the
 * worker's answer for the epoch changes no more than the badge.
 * @param {number} epoch the epoch the values are of
 * @param {any} values valuesAt()
 */
export function cardLine(epoch, values) {
  if (!values) return `At epoch ${epoch}: not reached yet`;
  return `At epoch ${values.epoch}: ${valuesText(values)}`;
}

/**
 * What a screen reader hears once the cursor settles: where it is, then each run's numbers.
 * @param {string} position cursorPosition()
 * @param {Array<{name: string, values: any, verdict: any}>} runs
 */
export function cursorAnnouncement(position, runs) {
  const parts = runs.map(({ name, values, verdict }) => {
    if (!values) return `${name}: not reached yet`;
    const then = verdict ? `, ${verdict.words?.badge || verdict.verdict}` : '';
    return `${name}: ${valuesText(values).replaceAll(' · ', ', ')}${then}`;
  });
  return `At ${position}. ${parts.join('; ')}.`;
}

/**
 * The update panel's words where the run has not taken the update after the cursor: the core
 * could replay it, but the page speaks only of what the run did.
 * @param {string} runName "run 2"
 * @param {number} update the update after the cursor, counted as t counts (1 for the first)
 * @param {number} taken the updates the run has taken
 * @param {boolean} stopped whether it has stopped training (finished, diverged, stopped early)
 */
export function untakenUpdate(runName, update, taken, stopped) {
  const name = runName.charAt(0).toUpperCase() + runName.slice(1);
  return stopped
    ? `${name} stopped after update ${taken}: it never took update ${update}.`
    : `${name} has taken ${taken} updates so far: update ${update} is still to come.`;
}
