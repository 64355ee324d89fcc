// The messages between the page (web/page/) and the training worker (web/worker/), declared once
// for both sides and checked by `tsc --checkJs` (tsconfig.json). A request is {id, type, args} and
// its answer {id, result} or {id, error}; everything else the worker sends is pushed:
// 'update' (the runs' history increments), 'experiment' (the sweep's and range test's partial
// results), 'sweep-records' (a helper's finished sweep rates), 'fatal' (the core failed to load).
// This module has no code: its names are for JSDoc imports
// (`@typedef {import('../protocol/messages.js').RunLifecycle} RunLifecycle`).

/**
 * Where a run is in its life, as the worker holds it. The page shows and derives from this value
 * (never from the worker's own target and goal counters):
 * - 'idle': built, not training (paused, or never played);
 * - 'playing': training towards its epoch count;
 * - 'catching-up': retraining from epoch 0 after a change to a finished run, up to where it was;
 * - 'schedule-paused': its schedule gave a rate the core refused; it waits at that epoch;
 * - 'diverged': its loss left the finite numbers; it trains no further;
 * - 'finished': it reached its epoch count.
 * @typedef {'idle' | 'playing' | 'catching-up' | 'schedule-paused' | 'diverged' | 'finished'} RunLifecycle
 */

/**
 * Where an experiment (range test, sweep, landscape, step sizes) is, as the page shows it:
 * - 'idle': nothing asked yet;
 * - 'waiting': the settings that shape it changed; it starts again when they settle;
 * - 'running': partial results are arriving;
 * - 'done': the whole result is in;
 * - 'failed': the core refused or failed (the message is beside the status).
 * @typedef {'idle' | 'waiting' | 'running' | 'done' | 'failed'} ExperimentStatus
 */

/**
 * The core's verdict on a run (core/experiments/diagnosis.h): its kind's id, its evidence and every
 * form it is said in (core/words/verdict_words.h), as web/worker/lrlab-api-types.d.ts declares it.
 * @typedef {import('../worker/lrlab-api-types').Diagnosis} Diagnosis
 */

/**
 * What a run trained with from an epoch on (web/words/run-label.js reads these).
 * @typedef {{from: number, settings: Record<string, any>} & Record<string, unknown>} Segment
 */

/**
 * One run's new history since the last push (typed arrays transferred, not copied).
 * @typedef {object} RunIncrement
 * @property {string} key
 * @property {boolean} fresh            the run was (re)built: the page starts its record again
 * @property {number} from              the first epoch these columns hold
 * @property {Float64Array} train_loss
 * @property {Float64Array} val_loss
 * @property {Float64Array} accuracy
 * @property {Float64Array} learning_rate
 * @property {number} initial_train_loss
 * @property {Array<Record<string, any>>} events  only the new ones
 * @property {boolean} diverged
 * @property {number} diverged_epoch
 * @property {number} epochsDone
 * @property {number} updates
 * @property {boolean} stopped
 * @property {number} target
 * @property {number} goal
 * @property {Segment[]} segments
 * @property {number} learningRate
 * @property {Diagnosis | null} diagnosis
 * @property {RunLifecycle} [status]    the run's lifecycle (pushed with every increment)
 * @property {Float64Array} step_index
 * @property {Float64Array} step_size_min
 * @property {Float64Array} step_size_median
 * @property {Float64Array} step_size_max
 */

/** @typedef {{type: 'update', playing: boolean, runs: RunIncrement[]}} UpdateMessage */
/**
 * @typedef {{type: 'experiment', token: number, kind: 'range' | 'sweep', done: boolean,
 *            progress: number, result: any}} ExperimentMessage
 */
/** @typedef {{type: 'sweep-records', token: number, records: any[], trained: number}} SweepRecordsMessage */
/** @typedef {{type: 'fatal', message: string}} FatalMessage */
/** @typedef {UpdateMessage | ExperimentMessage | SweepRecordsMessage | FatalMessage} PushedMessage */

/** @typedef {{id: number, type: string, args?: any}} Request */
/** @typedef {{id: number, result: any} | {id: number, error: string}} Answer */

export {};
