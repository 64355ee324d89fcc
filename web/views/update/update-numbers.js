// The rows of the update panel's table, from the core's inspection of one update
// (core/inspect/update_inspection.h via the worker's 'inspectUpdates'): the rate in force, the
// gradient, each part of the optimizer's state before and after, the update counter, the weight
// before and after and the change between them. Words only: nothing here recomputes the rule.
import { formatNumber } from '../../words/format.js';
import { cursorPosition } from '../../words/cursor-words.js';

const precise = (value) => formatNumber(value, 8);

/**
 * @param {import('../../worker/lrlab-api-types.d.ts').UpdateInspection} u
 * @param {Record<string, unknown>} [optimizer] the run's optimizer settings (the core's, defaults
 *   filled in): each number its rule's lines name (beta_1, epsilon, ...) is a row of its own, so
 *   every quantity of the rule has its value beside it
 * @returns {Array<{name: string, meaning: string, before: string, after: string}>}
 *   before '' for a quantity used as it is (the rate, the gradient, a setting)
 */
export function updateRows(u, optimizer = {}) {
  const named = new Set(u.rule.join(' ').match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
  const settings = Object.entries(optimizer)
    .filter(([name, value]) => name !== 'learning_rate' && typeof value === 'number' && named.has(name))
    .map(([name, value]) => ({ name, meaning: 'a setting of the optimizer, the same at every update', before: '', after: precise(/** @type {number} */ (value)) }));
  return [
    { name: 'lr', meaning: 'the rate in force for this update', before: '', after: precise(u.learning_rate) },
    ...settings,
    { name: 'g', meaning: `the gradient of ${u.parameter_name}`, before: '', after: precise(u.gradient) },
    { name: 't', meaning: 'updates counted, this one included', before: formatNumber(u.update - 1), after: formatNumber(u.update) },
    ...u.state.map((q) => ({
      name: q.name, meaning: q.shared ? `${q.meaning} (shared by every weight)` : q.meaning,
      before: q.of_update ? '' : precise(q.before), after: precise(q.after),
    })),
    { name: 'w', meaning: `the weight ${u.parameter_name}`, before: precise(u.weight_before), after: precise(u.weight_after) },
    // Not "the step": the step-size chart's step size is the factor on the gradient (lr / (sqrt(v) +
    // eps) for Adam), and a student reads the two side by side.
    { name: 'Δw', meaning: 'the change of the weight: w after − w before', before: '', after: precise(u.weight_after - u.weight_before) },
  ];
}

/**
 * Where the update sits, in the timeline's own words (web/words/cursor-words.js): the cursor is
 * "epoch 37 of 300" (epochs done), and the update shown is the one right after it, counted as the
 * update counter t counts: "The update right after epoch 37 of 300: run 2's update 38 (t = 38),
 * at layer 2 W[0, 1], one of 337 parameters, the one that moved most here."
 * @param {import('../../worker/lrlab-api-types.d.ts').UpdateInspection} u
 * @param {string} runName "run 2"
 * @param {{epochs: number, stepsPerEpoch: number}} limits the timeline's (cursorLimits)
 */
export function updatePlace(u, runName, limits) {
  const position = cursorPosition({ epoch: u.epoch, step: u.step }, limits);
  const which = u.parameter === u.largest ? 'the one that moved most here'
    : `followed as the cursor moves (${u.largest_name} moved most here)`;
  return `The update right after ${position}: ${runName}'s update ${u.update} (t = ${u.update}), ` +
    `at ${u.parameter_name}, one of ${u.parameters} parameters, ${which}.`;
}
