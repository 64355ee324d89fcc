// One verdict per rate (docs/spec-page.md#one-verdict-per-rate): the page's runs are judged against the same reference as the
// sweep's rates. The core calls a run "stalling" when its loss is far above the best any compared
// rate reached; the sweep judges its 64 rates against the lowest loss any of them reached (the
// core's stall_reference). Once a sweep of the runs' own settings (everything but the rate and
// the epoch count) is done, the runs' reference is the lower of that and their own lowest losses,
// so a run trained exactly like one of the sweep's rates (same rate, same epochs) gets exactly
// that rate's verdict, and its badge matches the dot's colour.

// The settings that shape every rate's run alike: all but the rate and the epoch count.
export function referenceKey(settings) {
  const { epochs, optimizer, ...rest } = settings;
  const { learning_rate: rate, ...hyper } = optimizer ?? {};
  return JSON.stringify({ ...rest, optimizer: hyper });
}

// Wires the training worker's run pool (web/worker/run-pool.js) to its experiments
// (web/worker/experiment-jobs.js): the pool asks for the sweep's reference when it diagnoses, and
// re-diagnoses (and posts) when a sweep finishes.
export function shareSweepReference(pool, jobs) {
  pool.sweepReference = (runs) => jobs.stallReference([...runs.values()].map((run) => run.settings));
  jobs.onSweepDone = () => pool.flush(true);
}
