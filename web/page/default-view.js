// The view the page opens on: one network, one seed, three learning rates that show at once
// what the tutorial says: too low stalls, a good rate converges, too high bounces. Only the
// fields that differ from the core's defaults are listed.
//
// Chosen by running candidates through the core and reading its diagnosis: two moons with full-
// batch gradient descent (batch 512 > the 410 training points), so the good rate's curve is smooth
// and only the rate's effect is visible (with mini-batches the core, rightly, sees the noise as
// bouncing). After 300 epochs: 0.01 stalling (loss 0.66 -> 0.36; the core says so from about epoch
// 100, once the good run is far below it), 0.5 converging smoothly (-> 0.022; rate 1 gets lower
// but spikes near epoch 97), 30 bouncing (the loss jumps between ~1 and ~80). At 60 epochs
// per second it settles in 5 s.
export const DEFAULT_VIEW = {
  settings: { problem: { name: 'moons' }, batch_size: 512, epochs: 300 },
  rates: [0.01, 0.5, 30],
  speed: 60,
  // Part 2's views: the landscape opens on the ill-conditioned bowl, where 2/L = 1 sits between
  // the good rate (0.5) and the too-high one.
  view: { surface: 'bowl' },
};
