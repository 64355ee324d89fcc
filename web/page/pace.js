// The speed the runs really train at. The speed slider asks for epochs per second per run; a slow
// computer (a school laptop, a busy machine) may not reach it, and then the page says what it
// reaches instead of letting the asked number stand as a claim (docs/performance.md, "A school
// laptop"). Measured from the page's own record of the runs, as drawn: each run's epochs over the
// last PACE_WINDOW_MS, counting only runs that were playing at every sample of it (a run catching
// up trains at full speed, and one that finished, paused or diverged says nothing of the pace).
import { formatNumber } from '../words/format.js';

export const PACE_WINDOW_MS = 3000;
// Below this share of the asked speed the page says so: the worker earns epochs by the clock in
// slices, so a run that keeps up still reads a few percent either side of the asked speed.
export const BEHIND_SHARE = 0.8;

/**
 * @typedef {{t: number, runs: Array<{key: string, status: string, epochs: number}>}} PaceSample
 *   t: performance.now() in ms; each run's lifecycle status and epochs done at that moment
 */

/**
 * Epochs per second per run over the samples (oldest first): the fastest run that played
 * throughout (the runs share one speed), or NaN when no run did or the samples span less than
 * two thirds of the window.
 * @param {PaceSample[]} samples
 */
export function reachedPace(samples) {
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last || last.t - first.t < (2 / 3) * PACE_WINDOW_MS) return NaN;
  const seconds = (last.t - first.t) / 1000;
  let fastest = NaN;
  for (const run of last.runs) {
    const playedThroughout = samples.every((sample) => sample.runs.some((r) => r.key === run.key && r.status === 'playing'));
    if (!playedThroughout) continue;
    const start = first.runs.find((r) => r.key === run.key)?.epochs ?? run.epochs;
    const pace = (run.epochs - start) / seconds;
    if (!(pace <= fastest)) fastest = pace;
  }
  return fastest;
}

/**
 * What the page says beside the speed: nothing while the runs keep up (or nothing is measured,
 * or the speed is 0, "as fast as the core can", which claims no number).
 * @param {number} asked  epochs per second per run (0: as fast as the core can)
 * @param {number} reached  reachedPace()
 */
export function paceWords(asked, reached) {
  if (!(asked > 0) || !Number.isFinite(reached) || reached >= BEHIND_SHARE * asked) return '';
  return `This computer reaches about ${formatNumber(reached, 2)} epochs/s per run, not ${formatNumber(asked, 4)}: ` +
    'the curves grow slower than asked.';
}
