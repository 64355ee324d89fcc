// The main thread's side of the sweep and range test (web/worker/experiment-jobs.js in the workers):
// asks again when the settings that shape the curve change (problem, model, optimizer, schedule,
// plateau, batch size, seed: not the runs' rates, not the runs' epoch count), after a short pause
// so a drag sends one request, and keeps only the answer to the latest request.
//
// The sweep is spread over several workers: the page's training worker (which also runs the
// range test and collects the whole curve) and a few helpers running the same worker script. Each
// trains its share of the rates (the core's sweep_share: coarse to fine, dealt in turn, so the
// whole U appears at low resolution first and sharpens); the helpers' finished rates pass through
// here to the training worker, whose core object merges them and, once every rate is in, makes
// the verdicts over the whole curve. A change of settings cancels the old job in every worker at
// once (not only when the new one starts), and every message carries its request's token, so
// nothing stale is queued or drawn.

import { latestWins } from '../protocol/latest-wins.js';

const SETTLE_MS = 250;

// The curve's own options. The rates span the page's rate sliders and a decade beyond (the
// default view's too-high run, 30, is on it). docs/spec-numbers.md#targets' 64 rates x 50 epochs, measured by
// bench/sweep_workers.mjs (headless Chromium, default view, hardwareConcurrency 2 on a machine
// shared with other work, medians of 9), from the request to the last point drawn: one worker
// 1.00 s, two 0.60 s; with the three runs animating meanwhile, 1.45 s and 0.80 s. The first
// points show after 0.07-0.12 s either way. (32 rates was the default while one worker took
// 1.7 s for 64.)
export const SWEEP_OPTIONS = { low: 1e-4, high: 100, count: 64, epochs: 50 };
// On a real table an epoch costs far more (digits: 1,438 samples through 64-32-10, ~15 MFLOP of
// matrix products, ~15x the reference epoch's), so the curve takes fewer rates for fewer epochs: 24 rates (4 per
// decade over the same span, enough to place the best rate within a factor of 1.8) x 20 epochs
// (at a good rate every table's loss has come down by then; too low a rate has barely moved, too
// high a one has blown up), measured by bench/sweep_workers.mjs (README, "Real data").
export const REAL_SWEEP_OPTIONS = { low: 1e-4, high: 100, count: 24, epochs: 20 };
const REAL_PROBLEMS = new Set(['iris', 'wine', 'breast_cancer', 'digits', 'diabetes', 'csv']);
export const sweepOptionsFor = (settings) => (REAL_PROBLEMS.has(settings?.problem?.name) ? REAL_SWEEP_OPTIONS : SWEEP_OPTIONS);
export const RANGE_TEST_OPTIONS = { start: 1e-5, end: 100, steps: 100 };

// Workers sharing the sweep: one per core the browser reports (the main thread and the training
// worker's runs are light next to a sweep), at most MAX_SWEEP_WORKERS (beyond that the merge and
// the page's own work gain more than the sweep does), at least one: the training worker alone.
// `?workers=N` in the page's address forces N (web/page/url-schema.js), so a test or the
// benchmark can compare one worker with several.
export const MAX_SWEEP_WORKERS = 4;
/**
 * @param {number | null} forced the address's ?workers (web/page/url-schema.js forcedWorkers)
 * @param {number} [cores] what the browser reports
 */
export function sweepWorkerCount(forced, cores = globalThis.navigator?.hardwareConcurrency) {
  return forced ?? Math.max(1, Math.min(cores || 2, MAX_SWEEP_WORKERS));
}

// The helpers: count - 1 workers beside the training worker. web/page/main.js starts them once the
// page is ready: loading them beside the training worker delayed the first drawn chart by ~0.2 s
// (median of 15 loads, 1.14 -> 1.35 s on this busy 2-core machine), so the sweep that starts with
// the page runs in the training worker alone, and every later one is shared.
// startWorker is web/page/worker-client.js's.
export function startSweepHelpers(count, startWorker) {
  const helpers = [];
  for (let i = 1; i < count; i++) {
    const helper = { failed: false, onRecords: null, onFailed: null };
    const client = startWorker({
      onSweepRecords: (message) => helper.onRecords?.(message),
      onFatal: () => {
        helper.failed = true;
        helper.onFailed?.();
      },
    });
    helper.call = client.call;
    helper.terminate = client.terminate;
    helpers.push(helper);
  }
  return helpers;
}

export function sweepKey(settings) {
  const { epochs, ...shaping } = settings;
  return JSON.stringify(shaping);
}

// call: the training worker's requests; helpers (from startSweepHelpers) join with addHelpers().
// Only the latest request counts (web/protocol/latest-wins.js): its number is the token every
// worker tags its partial results with, and a change of settings supersedes it at once.
/** @param {{call: (type: string, args?: any) => Promise<any>, onChange: (state: any) => void, onError?: (message: string) => void}} options */
export function createSweepClient({ call, onChange, onError }) {
  const experiments = latestWins((args, token) => call('experiments', { ...args, token }));
  let key = null;
  let timer = null;
  let latest = null;  // the settings of the latest request, to start again if a helper fails
  let pool = [];
  // token: the request shown; workers: how many share it; requestedAt, elapsedMs: when it was
  // asked for and how long until the whole sweep arrived (performance.now(), this thread);
  // pending: settings changed, the next request waits for the controls to settle.
  const state = { range: null, sweep: null, error: '', token: 0, workers: 1,
    requestedAt: NaN, elapsedMs: NaN, pending: false };

  const ignore = () => {};
  function cancelEverywhere() {
    call('cancelExperiments').catch(ignore);
    for (const helper of pool) helper.call('cancelExperiments').catch(ignore);
  }

  async function start(settings) {
    latest = settings;
    const parts = pool.length + 1;
    // A setting the core refuses is refused by every worker alike: the training worker says so.
    const sweep = sweepOptionsFor(settings);
    const answer = experiments.ask({ settings, sweep, rangeTest: RANGE_TEST_OPTIONS, part: 0, parts });
    const token = experiments.latest;
    Object.assign(state, { range: null, sweep: null, error: '', token, workers: parts,
      requestedAt: performance.now(), elapsedMs: NaN, pending: false });
    onChange(state);
    pool.forEach((helper, i) => helper.call('sweepShare', { token, settings, sweep, part: i + 1, parts }).catch(ignore));
    try {
      await answer;  // superseded meanwhile: its refusal is nobody's business
    } catch (error) {
      state.error = error.message;
      onError?.(error.message);
      onChange(state);
    }
  }

  // A helper's finished rates go to the training worker's collecting core object.
  function receiveRecords(message) {
    if (!experiments.current(message.token) || !message.records.length) return;
    call('sweepRecords', { token: message.token, records: message.records }).catch((error) => {
      if (!experiments.current(message.token)) return;
      state.error = error.message;
      onChange(state);
    });
  }

  // A helper that failed to load or crashed: the others carry on without it, from the start.
  function drop(helper) {
    if (!pool.includes(helper)) return;
    pool = pool.filter((h) => h !== helper);
    helper.terminate();
    if (latest && !state.pending) {
      cancelEverywhere();
      start(latest);
    }
  }
  return {
    state,
    // More workers for the next request (the one running keeps its shares).
    addHelpers(helpers) {
      for (const helper of helpers) {
        helper.onRecords = receiveRecords;
        helper.onFailed = () => drop(helper);
        if (!helper.failed) pool.push(helper);
      }
    },
    // Called with every adopted state; re-runs only when the curve would change.
    update(settings) {
      const next = sweepKey(settings);
      if (next === key) return;
      const first = key === null;
      key = next;
      clearTimeout(timer);
      if (!first) {
        // The curve on screen and the job still running belong to the old settings: stop the
        // job in every worker now, not when the controls settle, and draw none of it again.
        experiments.supersede();
        cancelEverywhere();
        Object.assign(state, { range: null, sweep: null, error: '', token: experiments.latest, pending: true });
        onChange(state);
      }
      // The first curve starts at once; later ones wait for the controls to settle.
      timer = setTimeout(() => start(settings), first ? 0 : SETTLE_MS);
    },
    // A training-worker message {type: 'experiment', token, kind, done, progress, result}.
    receive(message) {
      if (!experiments.current(message.token)) return;
      const entry = { result: message.result, done: message.done, progress: message.progress };
      if (message.kind === 'range') state.range = entry;
      else {
        state.sweep = { ...entry, epochs: sweepOptionsFor(latest).epochs };
        if (message.done) state.elapsedMs = performance.now() - state.requestedAt;
      }
      onChange(state);
    },
  };
}
