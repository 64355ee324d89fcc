// The experiments' results in the page model: the sweep and range test (run by the workers,
// web/page/sweep-client.js) and the step sizes (accumulated from the runs' pushes). Views draw
// them and lessons judge them from the model, each with a status value, never from a chart's
// datasets or a status line's words.
import { createSweepClient, sweepKey } from './sweep-client.js';

/** @typedef {import('./model.js').SweepExperiment} SweepExperiment */

/**
 * The sweep as the model holds it, from the sweep client's state. `key` names the settings it
 * belongs to (sweepKey): a result counts for the adopted settings only when the keys match.
 * @param {any} client the sweep client's state
 * @param {string} key
 * @returns {SweepExperiment & {key: string, requestedAt: number, elapsedMs: number}}
 */
export function sweepExperiment(client, key) {
  const { range, sweep, error, pending, token, workers, requestedAt, elapsedMs } = client;
  const result = sweep?.done ? sweep.result : null;
  const valley = range?.done ? range.result?.valley : null;
  return {
    status: error ? 'failed' : pending ? 'waiting' : sweep?.done ? 'done' : token ? 'running' : 'idle',
    range, sweep, error, token, workers, requestedAt, elapsedMs, key,
    // The core's lowest-loss rate and its best steadily converging rate, once the sweep is done.
    best: result?.best_index >= 0
      ? { rate: result.rates[result.best_index], loss: result.best_final_loss, verdict: result.verdict[result.best_index],
        words: result.words?.[result.best_index] ?? null } : null,
    steady: result?.best_converging_index >= 0
      ? { rate: result.rates[result.best_converging_index], loss: result.best_converging_loss } : null,
    // The core's recommendation (SweepRecommendation: the rate to use, judged on the validation
    // loss where there is one, and the band of rates that do about as well), once done.
    recommendation: result?.recommendation?.index >= 0 ? { ...result.recommendation } : null,
    // The range test's valley suggestion (fastai's rule, the core's), once the test is done.
    suggestion: Number.isFinite(valley?.rate) ? valley.rate : NaN,
  };
}

/**
 * Starts the sweep client on the model: asks again when the adopted settings change the curve.
 * @param {{store: import('./model.js').ModelStore, call: (type: string, args?: any) => Promise<any>}} options
 */
export function startSweep({ store, call }) {
  let key = '';
  const publish = (state) => {
    const { experiments } = store.get();
    store.update({ experiments: { ...experiments, sweep: sweepExperiment(state, key) } });
  };
  const client = createSweepClient({ call, onChange: publish });
  store.subscribe((model, changed) => {
    if (!changed.has('state')) return;
    key = sweepKey(model.state.settings);
    client.update(model.state.settings);
  });
  return {
    /** @param {import('../protocol/messages.js').ExperimentMessage} message */
    receive: (message) => client.receive(message),
    /** @param {any[]} helpers web/page/sweep-client.js startSweepHelpers */
    addHelpers: (helpers) => client.addHelpers(helpers),
  };
}
