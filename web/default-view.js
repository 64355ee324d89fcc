// The view the page opens on: one network, one seed, three learning rates that show at once
// what the tutorial says (too low stalls, a good rate converges, too high overshoots and
// diverges). Only the fields that differ from the core's defaults are listed; the rates were
// chosen by running this view and reading the core's diagnosis of each (see tests/e2e).
export const DEFAULT_VIEW = {
  settings: { problem: { name: 'spiral' }, epochs: 150 },
  rates: [0.001, 0.3, 5],
  speed: 40,  // epochs per second per run: the view animates and settles in a few seconds
};
