// A run's lifecycle in the worker's run pool (web/worker/run-pool.js): one explicit state per run,
// moved only by the functions below, so "is this run training, and why not" has one answer that
// the worker pushes with every increment (web/protocol/messages.js names the states).
//
// What each state keeps is what only it needs: a catching-up run the epoch it catches up to, a run
// paused by its schedule whether it was playing when it stopped. `until` is where every run
// finishes: its settings' epochs, moved on by Play on a finished view.
//
// Invariant: a run that is not stopped, not catching up and not finished is 'playing' exactly
// when the view plays, else 'idle'; so Play and Pause are settle() with the transport changed.

/** @typedef {import('../protocol/messages.js').RunLifecycle} RunLifecycle */
/**
 * @typedef {{ name: 'idle' | 'playing' | 'diverged' | 'stopped-early' | 'finished', until: number }
 *   | { name: 'catching-up', until: number, to: number }
 *   | { name: 'schedule-paused', until: number, resume: 'playing' | 'idle' }} Lifecycle
 */
/**
 * What the run's trainer says of itself (web/worker/lrlab-api.js). stoppedBy: the kind of the
 * event that stopped it ('schedule_error', 'diverged', or a callback's), '' while it can train.
 * @typedef {{ epochsDone: number, stopped: boolean, diverged: boolean, stoppedBy: string }} TrainerFacts
 */

/**
 * A run with fresh weights: trains with the view (playing or idle), or first catches up to `to`
 * epochs at full speed (a run retrained or added while the view stands at that epoch).
 * @param {number} until
 * @param {boolean} playing  whether the view plays
 * @param {number} [to]
 * @returns {Lifecycle}
 */
export function begin(until, playing, to = 0) {
  if (to > 0) return { name: 'catching-up', until, to };
  return { name: playing ? 'playing' : 'idle', until };
}

/**
 * Where the run stands now that its trainer says `facts` and the view plays or not.
 * @param {Lifecycle} lifecycle
 * @param {TrainerFacts} facts
 * @param {boolean} playing
 * @returns {Lifecycle}
 */
export function settle(lifecycle, facts, playing) {
  const { until } = lifecycle;
  if (facts.diverged) return { name: 'diverged', until };
  // EarlyStopping ended it: the run stays stopped (a change retrains it), Play cannot move it.
  if (facts.stopped && facts.stoppedBy === 'early_stop') {
    return lifecycle.name === 'stopped-early' ? lifecycle : { name: 'stopped-early', until };
  }
  // Stopped by anything else but its schedule: it is done.
  if (facts.stopped && facts.stoppedBy !== 'schedule_error') return { name: 'finished', until };
  if (facts.stopped) {
    if (lifecycle.name === 'schedule-paused') return lifecycle;
    // A run its schedule stopped while it played plays again once the schedule is fixed.
    return { name: 'schedule-paused', until, resume: lifecycle.name === 'playing' ? 'playing' : 'idle' };
  }
  if (lifecycle.name === 'catching-up' && facts.epochsDone < lifecycle.to) return lifecycle;
  if (facts.epochsDone >= until) return lifecycle.name === 'finished' ? lifecycle : { name: 'finished', until };
  const name = playing ? 'playing' : 'idle';
  return lifecycle.name === name ? lifecycle : { name, until };  // unchanged: no new object per epoch
}

/**
 * Play on a view where no run can train: each finished run gets another `epochs`.
 * @param {Lifecycle} lifecycle
 * @param {number} epochsDone
 * @param {number} epochs
 * @returns {Lifecycle}
 */
export function extend(lifecycle, epochsDone, epochs) {
  return lifecycle.name === 'finished' ? { name: 'idle', until: epochsDone + epochs } : lifecycle;
}

/**
 * A new "Stop after": the run finishes that many epochs later than its settings said before,
 * never before the new count. (Play may have moved `until` past the old settings' epochs.)
 * @param {Lifecycle} lifecycle
 * @param {number} oldEpochs
 * @param {number} newEpochs
 * @returns {Lifecycle}
 */
export function retarget(lifecycle, oldEpochs, newEpochs) {
  return { ...lifecycle, until: Math.max(newEpochs, lifecycle.until - oldEpochs + newEpochs) };
}

/**
 * The run's fixed schedule let its trainer resume: it goes back to what it did when it stopped.
 * @param {Lifecycle} lifecycle
 * @returns {Lifecycle}
 */
export function resumed(lifecycle) {
  if (lifecycle.name !== 'schedule-paused') return lifecycle;
  return { name: lifecycle.resume, until: lifecycle.until };
}

/** Whether the run trains in the next slice: at the chosen speed, or at full speed. */
export const trains = (lifecycle) => lifecycle.name === 'playing' || lifecycle.name === 'catching-up';
/** Whether the run has stopped for a reason of its own (Play cannot move it). */
export const blocked = (lifecycle) =>
  lifecycle.name === 'diverged' || lifecycle.name === 'schedule-paused' || lifecycle.name === 'stopped-early';
