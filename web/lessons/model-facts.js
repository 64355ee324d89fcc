// The facts a lesson's check reads (web/lessons/checks.js), from the page model only: the runs'
// records (the core's epochs, events and diagnosis), the sweep's and range test's results, the
// landscape's paths and the step sizes, each with its status. Never a chart's datasets or the
// page's words: a change of wording or drawing cannot change a lesson's verdict.
//
// The sweep is computed for the settings, not for a run: its result counts only when it is done
// and belongs to the adopted settings (its key is theirs, web/page/sweep-client.js sweepKey).
import { sweepKey } from '../page/sweep-client.js';
import { pathPoints } from '../views/landscape/path-points.js';
import { runNames } from '../words/run-names.js';

/**
 * Where a landscape path ended, against the surface's minimum, or undefined before it is computed.
 * @param {any} view the core's landscape() result
 * @param {number} index the path's index (the run's)
 */
export function pathEnd(view, index) {
  const path = view?.paths[index];
  if (!path) return undefined;
  const { surface } = view;
  const full = pathPoints(path, surface);
  if (!full.length) return undefined;
  const oneD = surface.dimensions === 1;
  // A 1-D surface has no minimum mark: the lowest point of its curve is the minimum.
  let minimum = { x: surface.min_x, y: surface.min_y };
  if (oneD) {
    let low = 0;
    for (let i = 1; i < view.curve.loss.length; i++) if (view.curve.loss[i] < view.curve.loss[low]) low = i;
    minimum = { x: view.curve.x[low], y: view.curve.loss[low] };
  }
  return { end: full.at(-1), diverged: Boolean(path.diverged), minimum, oneD, width: surface.view.x_max - surface.view.x_min };
}

/**
 * @param {() => import('../page/model.js').PageModel} getModel
 */
export function modelFacts(getModel) {
  const runAt = (k) => {
    const model = getModel();
    const run = model.state.runs[k - 1];
    return run ? { rate: run.rate, key: run.key, record: model.runs.get(run.key) } : null;
  };
  return {
    get minLr() {
      return getModel().state.settings.plateau.min_lr;
    },

    run: runAt,

    // "run 3 (rate 0.5)", or by its schedule or branch when the runs share a rate
    // (web/words/run-names.js): words only, never an outcome.
    runName(k) {
      const model = getModel();
      const runs = model.state.runs.map((run) => ({ rate: run.rate, record: model.runs.get(run.key) }));
      return runNames(runs)[k - 1] ?? `run ${k}`;
    },

    // {done, best: {rate, loss, verdict} | null (lowest final loss), steady: {rate, loss} | null
    // (best steadily converging), recommendation: the core's SweepRecommendation | null (the rate
    // to use and the band of rates about as good), suggestion: rate | NaN}.
    sweep() {
      const { state, experiments } = getModel();
      const { sweep } = experiments;
      const done = sweep.status === 'done' && sweep.key === sweepKey(state.settings);
      return { done, best: done ? sweep.best : null, steady: done ? sweep.steady : null,
        recommendation: done ? sweep.recommendation ?? null : null, suggestion: sweep.suggestion };
    },

    // undefined: not computed yet for this run; else where its path ended.
    landscapePath(k) {
      const { state, experiments } = getModel();
      const { landscape } = experiments;
      const run = runAt(k);
      if (landscape.status !== 'done' || !run) return undefined;
      const index = landscape.runs.findIndex((r) => r.key === run.key);
      if (index < 0 || landscape.view.surface.name !== state.view.surface) return undefined;
      return pathEnd(landscape.view, index);
    },

    // The run's median step per recorded update ([{x, y}]).
    stepMedian(k) {
      const run = runAt(k);
      return getModel().experiments.stepSizes.sizes.get(run?.key)?.median ?? [];
    },
  };
}
