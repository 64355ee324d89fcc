// The main thread's side of the sweep and range test (web/experiment-jobs.js in the worker):
// asks again when the settings that shape the curve change (problem, model, optimizer, schedule,
// plateau, batch size, seed: not the runs' rates, not the runs' epoch count), after a short pause
// so a drag sends one request, and keeps only the answer to the latest request: partial results
// of a cancelled job that are still in flight are dropped by their token.

const SETTLE_MS = 250;

// The curve's own options. The rates span the page's rate sliders and a decade beyond (the
// default view's too-high run, 30, is on it). 32 rates (the core's default count, five per
// decade) x 50 epochs: SPEC 7's sweep is 64 x 50 in under 1 s, but measured here (wasm of
// 2025-11-25, default view: moons, 2-16-16-1 tanh, full batch) one epoch costs ~0.36 ms of CPU,
// so 64 x 50 takes ~1.15 s of CPU and 32 x 50 ~0.6 s, which keeps the curve live. Raise the
// count when the core gets faster.
export const SWEEP_OPTIONS = { low: 1e-4, high: 100, count: 32, epochs: 50 };
export const RANGE_TEST_OPTIONS = { start: 1e-5, end: 100, steps: 100 };

export function sweepKey(settings) {
  const { epochs, ...shaping } = settings;
  return JSON.stringify(shaping);
}

export function createSweepClient({ call, onChange, onError }) {
  let token = 0;
  let key = null;
  let timer = null;
  const state = { range: null, sweep: null, error: '', token: 0 };

  async function start(settings) {
    const mine = ++token;
    state.range = null;
    state.sweep = null;
    state.error = '';
    state.token = mine;
    onChange(state);
    try {
      await call('experiments', { token: mine, settings, sweep: SWEEP_OPTIONS, rangeTest: RANGE_TEST_OPTIONS });
    } catch (error) {
      if (mine !== token) return;
      state.error = error.message;
      onError?.(error.message);
      onChange(state);
    }
  }

  return {
    state,
    // Called with every adopted state; re-runs only when the curve would change.
    update(settings) {
      const next = sweepKey(settings);
      if (next === key) return;
      key = next;
      clearTimeout(timer);
      // The first curve starts at once; later ones wait for the controls to settle.
      const delay = token === 0 ? 0 : SETTLE_MS;
      timer = setTimeout(() => start(settings), delay);
    },
    // A worker message {type: 'experiment', token, kind, done, progress, result, elapsedMs}.
    receive(message) {
      if (message.token !== token) return;
      const entry = { result: message.result, done: message.done, progress: message.progress, elapsedMs: message.elapsedMs };
      if (message.kind === 'range') state.range = entry;
      else state.sweep = { ...entry, epochs: SWEEP_OPTIONS.epochs };
      onChange(state);
    },
  };
}
