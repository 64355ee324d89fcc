// The rows of the update panel's table, from the core's inspection of one update
// (core/inspect/update_inspection.h via the worker's 'inspectUpdate'): the rate in force, the
// gradient, each part of the optimizer's state before and after, the update counter, the weight
// before and after and the step between them. Words only: nothing here recomputes the rule.
import { formatNumber } from '../../words/format.js';

const precise = (value) => formatNumber(value, 8);

/**
 * @param {import('../../worker/lrlab-api-types.d.ts').UpdateInspection} u
 * @returns {Array<{name: string, meaning: string, before: string, after: string}>}
 *   before '' for a quantity used as it is (the rate, the gradient)
 */
export function updateRows(u) {
  return [
    { name: 'lr', meaning: 'the rate in force for this update', before: '', after: precise(u.learning_rate) },
    { name: 'g', meaning: `the gradient of ${u.parameter_name}`, before: '', after: precise(u.gradient) },
    { name: 't', meaning: 'updates counted, this one included', before: formatNumber(u.update - 1), after: formatNumber(u.update) },
    ...u.state.map((q) => ({
      name: q.name, meaning: q.shared ? `${q.meaning} (shared by every weight)` : q.meaning,
      before: precise(q.before), after: precise(q.after),
    })),
    { name: 'w', meaning: `the weight ${u.parameter_name}`, before: precise(u.weight_before), after: precise(u.weight_after) },
    { name: 'Δw', meaning: 'the step: w after − w before', before: '', after: precise(u.weight_after - u.weight_before) },
  ];
}

/**
 * Where the update sits, in words: "Update 41 (epoch 41, its update 1 of 1) of run 2, at layer 2 W[0, 1]".
 * @param {import('../../worker/lrlab-api-types.d.ts').UpdateInspection} u
 * @param {string} runName
 * @param {number} stepsPerEpoch
 */
export function updatePlace(u, runName, stepsPerEpoch) {
  return `Update ${u.update} of ${runName} (epoch ${u.epoch + 1}, its update ${u.step + 1} of ${stepsPerEpoch}), ` +
    `at ${u.parameter_name}, one of ${u.parameters} parameters.`;
}
