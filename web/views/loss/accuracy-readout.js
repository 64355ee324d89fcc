// Validation accuracy beside the loss, for classification problems: one line under the loss
// chart, "Validation accuracy: run 1: 41.2% (epoch 12) · run 2: 93.0% (epoch 12)", read from
// what each run's core recorded at its latest epoch (the worker pushes it with every increment:
// record.latestAccuracy, web/page/run-histories.js). Refreshed with each drawn frame; the text
// is written only when it changes. Regression problems have no accuracy: the line is hidden.
import { setText } from '../../controls/dom.js';

/**
 * @param {{ element: HTMLElement, getState: () => any, registry: any,
 *   histories: import('../../page/run-histories.js').RunHistories }} options
 */
export function startAccuracyReadout({ element, getState, registry, histories }) {
  const regression = new Set([...registry.problems, ...(registry.datasets ?? [])]
    .filter((p) => p.task === 'regression').map((p) => p.name));
  /** @param {boolean} [aside] the cursor is set: the line, which speaks of now, says so and is dimmed */
  function refresh(aside = false) {
    const state = getState();
    const problem = state.settings.problem;
    const classifies = !regression.has(problem.name) && !(problem.name === 'csv' && problem.task === 'regression');
    if (!classifies) {
      element.hidden = true;
      return;
    }
    const parts = state.runs.map((run, index) => {
      const latest = histories.get(run.key)?.latestAccuracy;
      if (!latest || latest.epoch === 0) return null;
      const value = Number.isFinite(latest.valAccuracy) ? latest.valAccuracy : latest.accuracy;
      return Number.isFinite(value) ? `run ${index + 1}: ${(100 * value).toFixed(1)}% (epoch ${latest.epoch})` : null;
    }).filter(Boolean);
    const which = problem.val_fraction > 0 ? 'Validation accuracy' : 'Training accuracy (no validation set)';
    const text = parts.length ? `${aside ? 'Now: ' : ''}${which}: ${parts.join(' · ')}` : '';
    setText(element, text);
    if (element.classList.contains('now-aside') !== aside) element.classList.toggle('now-aside', aside);
    element.hidden = parts.length === 0;
  }
  return { refresh };
}
