// Validation accuracy beside the loss, for classification problems: one line under the loss
// chart, "Validation accuracy after epoch 12: rate 0.001 41.2% · rate 0.1 93.0% ...", read from
// what each run's core recorded (its history's val_accuracy at its latest epoch; the worker's
// 'accuracy' request). A text readout a few times a second is enough for the eye and keeps the
// loss chart's drawing untouched. Regression problems have no accuracy: the line is hidden.

const POLL_MS = 400;

export function startAccuracyReadout({ element, call, getState, registry }) {
  const regression = new Set([...registry.problems, ...(registry.datasets ?? [])]
    .filter((p) => p.task === 'regression').map((p) => p.name));
  let busy = false;
  async function refresh() {
    const state = getState();
    const problem = state.settings.problem;
    const classifies = !regression.has(problem.name) && !(problem.name === 'csv' && problem.task === 'regression');
    if (!classifies || busy) {
      if (!classifies) element.hidden = true;
      return;
    }
    busy = true;
    try {
      const readings = new Map((await call('accuracy')).map((r) => [r.key, r]));
      const parts = state.runs.map((run, index) => {
        const r = readings.get(run.key);
        if (!r || r.epoch === 0) return null;
        const value = Number.isFinite(r.valAccuracy) ? r.valAccuracy : r.accuracy;
        return Number.isFinite(value) ? `run ${index + 1}: ${(100 * value).toFixed(1)}% (epoch ${r.epoch})` : null;
      }).filter(Boolean);
      const which = problem.val_fraction > 0 ? 'Validation accuracy' : 'Training accuracy (no validation set)';
      element.textContent = parts.length ? `${which}: ${parts.join(' · ')}` : '';
      element.hidden = parts.length === 0;
    } catch {
      // A worker busy restarting answers next time.
    } finally {
      busy = false;
    }
  }
  const timer = setInterval(refresh, POLL_MS);
  return { stop: () => clearInterval(timer), refresh };
}
