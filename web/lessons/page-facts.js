// The facts a lesson's check reads (web/lessons/checks.js), taken from what the page already has:
// the runs' histories (the core's epochs, events and diagnosis, web/page/run-histories.js) and the
// charts of the views (sweep, landscape, step sizes), read through Chart.getChart like a test
// would. The views are optional: a page without one reports it as missing (null) and the lesson
// says so instead of failing.
//
// The sweep is computed for the settings, not for a run, so its chart may still show the previous
// settings' curve for a moment after a chapter changes them (web/page/sweep-client.js waits for the
// controls to settle). After a change of the settings that shape it (everything but the epoch
// count, the sweep's own rule) a result counts only once the sweep has been seen restarting: its
// status without a sweep yet ("Running the range test…"), which only a fresh start shows.

const chartOf = (id) => {
  const canvas = document.getElementById(id);
  return canvas && globalThis.Chart?.getChart(canvas);
};
const DONE = /rates × \d+ epochs in/;  // the sweep's status once every rate has trained
const SWEEPING = /^Sweep:/;            // ... and while its rates train (a restart shows neither)

export function createPageFacts({ histories, getState }) {
  let sweepKey = null;
  let sweepFresh = true;
  const status = document.getElementById('sweep-status');
  if (status) {
    new MutationObserver(() => {
      if (!SWEEPING.test(status.textContent.trim())) sweepFresh = true;
    }).observe(status, { childList: true, characterData: true, subtree: true });
  }

  const runAt = (k) => {
    const run = getState()?.runs[k - 1];
    return run ? { rate: run.rate, key: run.key, record: histories.get(run.key) } : null;
  };

  return {
    // Each adopted state: a change in what shapes the sweep makes its current curve stale.
    adopt(state) {
      const { epochs, ...shaping } = state.settings;
      const key = JSON.stringify(shaping);
      if (key !== sweepKey && sweepKey !== null) sweepFresh = false;
      sweepKey = key;
    },

    get minLr() {
      return getState()?.settings.plateau.min_lr;
    },

    run: runAt,

    // null: no sweep on the page; else {done, best: {rate, loss, verdict, words} | null (lowest final
    // loss), steady: {rate, loss} | null (best steadily converging), suggestion: rate | NaN}.
    sweep() {
      const chart = chartOf('sweep-chart');
      if (!chart || !status) return null;
      const done = sweepFresh && DONE.test(status.textContent);
      const best = chart.data.lrlab?.best ?? null;  // the core's, once the sweep is done
      const star = chart.data.datasets.find((d) => d.lrlab?.role === 'suggestion')?.data[0];
      const steady = chart.data.lrlab?.steady ?? null;
      return { done, best, steady, suggestion: star ? star.x : NaN };
    },

    // null: no landscape; undefined: not computed yet for this run; else where its path ended.
    landscapePath(k) {
      const chart = chartOf('landscape-chart');
      if (!chart) return null;
      const run = runAt(k);
      const path = chart.data.datasets.find((d) => d.lrlab?.role === 'path' && d.lrlab.key === run?.key);
      const full = path?.lrlab.full;
      if (!full?.length) return undefined;
      const curve = chart.data.datasets.find((d) => d.lrlab?.role === 'curve');
      const marked = chart.data.datasets.find((d) => d.lrlab?.role === 'minimum')?.data[0];
      // A 1-D surface draws its curve instead of a minimum mark: its lowest point is the minimum.
      const minimum = marked ?? curve?.data.reduce((low, p) => (p.y < low.y ? p : low));
      const { min, max } = chart.options.scales.x;
      return {
        end: full.at(-1),
        diverged: /diverged/.test(path.label),
        minimum,
        oneD: Boolean(curve),
        width: max - min,
      };
    },

    // null: no step-size chart; else the run's median step per recorded update ([{x, y}]).
    stepMedian(k) {
      const chart = chartOf('step-size-chart');
      if (!chart) return null;
      const run = runAt(k);
      return chart.data.datasets.find((d) => d.lrlab?.role === 'median' && d.lrlab.key === run?.key)?.data ?? [];
    },
  };
}
