// The messages between the page (web/page/) and its workers (web/worker/worker.js: the training
// worker, and the sweep's helpers running the same script), declared once for both sides and
// checked by `tsc --checkJs` (tsconfig.json, ctest web.types): every request with its arguments
// and its answer, and every message a worker pushes unasked. A request the worker does not
// handle, or arguments it does not take, fail the type check.
//
// Wire format: the page posts {id, type, args}; the worker answers {id, result} or {id, error}
// (the core's message). Pushed messages carry a `type` and no id: 'update' (the runs'
// increments), 'experiment' (the sweep's and range test's partial results), 'sweep-records' (a
// helper's finished sweep rates), 'fatal' (the core failed to load).
//
// What the page shows of a run travels in its increments, never asked for: the new epochs and
// step records, the verdict (with the diverged flag read from the same history), the plateau
// state, the accuracies and the run's lifecycle. No page code polls the worker.

/** @typedef {import('../worker/lrlab-api-types.d.ts').Settings} Settings */
/** @typedef {import('../worker/lrlab-api-types.d.ts').Registry} Registry */
/** @typedef {import('../worker/lrlab-api-types.d.ts').RunEvent} RunEvent */
/** @typedef {import('../worker/lrlab-api-types.d.ts').Diagnosis} Diagnosis */
/** @typedef {import('../worker/lrlab-api-types.d.ts').FormulaCheck} FormulaCheck */
/** @typedef {import('../worker/lrlab-api-types.d.ts').SharpnessHistory} SharpnessHistory */
/** @typedef {import('../worker/lrlab-api-types.d.ts').PythonNames} PythonNames */
/** @typedef {import('../worker/lrlab-api-types.d.ts').CodeFacts} CodeFacts */
/** @typedef {import('../worker/lrlab-api-types.d.ts').LandscapeRequest} LandscapeRequest */
/** @typedef {import('../worker/lrlab-api-types.d.ts').LandscapeView} LandscapeView */
/** @typedef {import('../worker/lrlab-api-types.d.ts').RunStart} RunStart */
/** @typedef {import('../worker/lrlab-api-types.d.ts').UpdateInspection} UpdateInspection */
/** @typedef {import('../worker/lrlab-api-types.d.ts').DatasetSummary} DatasetSummary */
/** @typedef {import('../worker/lrlab-api-types.d.ts').SweepOptions} SweepOptions */
/** @typedef {import('../worker/lrlab-api-types.d.ts').SweepResult} SweepResult */
/** @typedef {import('../worker/lrlab-api-types.d.ts').SweepRecord} SweepRecord */
/** @typedef {import('../worker/lrlab-api-types.d.ts').RangeTestOptions} RangeTestOptions */
/** @typedef {import('../worker/lrlab-api-types.d.ts').RangeTestResult} RangeTestResult */
/** @typedef {import('../worker/lrlab-api-types.d.ts').PlateauState} PlateauState */

// ---- a run's lifecycle ----

/**
 * Where a run stands, one state at a time (web/worker/run-lifecycle.js moves it; the page shows
 * and derives from this value, never from counters of its own):
 * - idle: can train, waits (the view is paused, a lesson's question holds it, stepped by hand);
 * - playing: trains at the chosen speed towards its epoch count;
 * - catching-up: retrained from epoch 0 after a change (or added to a paused view), trains at
 *   full speed up to the epoch the view had reached, whether the view plays or not;
 * - schedule-paused: its schedule gave a rate the core refused; a fixed schedule continues it
 *   from that epoch;
 * - diverged: its loss left the finite numbers; only a change or a retrain starts it again;
 * - stopped-early: EarlyStopping ended it (core/callbacks/early_stopping.h); a change to its
 *   settings retrains it, Play does not move it;
 * - finished: reached its epoch count; Play continues it by another settings.epochs.
 * @typedef {'idle' | 'playing' | 'catching-up' | 'schedule-paused' | 'diverged' | 'stopped-early' | 'finished'} RunLifecycle
 */
/** @type {readonly RunLifecycle[]} */
export const RUN_LIFECYCLES = Object.freeze(['idle', 'playing', 'catching-up', 'schedule-paused', 'diverged', 'stopped-early', 'finished']);
/** The lifecycles of a run not training: its record grows no further until a change, and the worker is free to replay it. */
export const TRAINING_DONE = new Set(['finished', 'diverged', 'stopped-early', 'schedule-paused']);

// ---- what a run pushes ----

/**
 * What a run trains with from `epoch` on, as the page words it (web/words/run-label.js).
 * @typedef {{ epoch: number, rate: number, optimizer: string, optimizerLabel: string,
 *   schedule: string, scheduleLabel: string, scheduleKey: string, plateau: boolean,
 *   ignoresRate: boolean }} Segment
 */
/**
 * The core's diagnosis of the run, and its divergence read from the same history: `diverged` is
 * true exactly when `verdict` is 'diverged'.
 * @typedef {Diagnosis & { diverged: boolean, divergedEpoch: number }} Verdict
 */
/**
 * One run's news since its last increment. The series are per epoch from `from` (per step record
 * for the step_* ones) and travel as transferred buffers.
 * @typedef {{
 *   key: string,
 *   fresh: boolean,
 *   retrained: boolean,
 *   from: number,
 *   train_loss: Float64Array, val_loss: Float64Array, accuracy: Float64Array,
 *   val_accuracy: Float64Array, learning_rate: Float64Array,
 *   reported_train_loss: Float64Array, reported_val_loss: Float64Array,
 *   initial_train_loss: number,
 *   events: RunEvent[],
 *   step_index: Float64Array, step_size_min: Float64Array, step_size_median: Float64Array,
 *   step_size_max: Float64Array,
 *   sharpness: SharpnessHistory,
 *   segments: Segment[],
 *   status: RunLifecycle,
 *   epochsDone: number, until: number, updates: number, stepsPerEpoch: number, learningRate: number,
 *   verdict: Verdict,
 *   plateau: PlateauState | null,
 *   recorded?: Settings | null,
 * }} RunIncrement
 *   fresh: the page drops what it drew for this key (new weights); retrained: because a change
 *   retrained a run that was not training (the page may keep the old curve faded a moment);
 *   until: the epoch count where the run finishes (its settings' epochs, moved on by Play);
 *   learningRate: the rate in force now; stepsPerEpoch: mini-batch updates per epoch
 *   reported_train_loss, reported_val_loss: a schedule-free run's losses at the weights it reports
 *   (x, what Keras evaluates) after each epoch, train_loss and val_loss being at y, where its
 *   gradients are taken; NaN for every other rule
 *   recorded: the settings that replay the run from epoch 0 (its live changes included; null
 *   without any), sent when they change
 *   sharpness: the sharpness measurements (docs/spec-core.md#sharpness) not sent yet, each with
 *   its epoch, step and the stability threshold at the rate then in force; empty while the run's
 *   settings leave the measurement off
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

// ---- pushed messages ----

/** @typedef {{ type: 'update', playing: boolean, runs: RunIncrement[] }} UpdateMessage */
/**
 * The range test's or the sweep's partial result, for the request `token`.
 * @typedef {{ type: 'experiment', token: number, kind: 'range' | 'sweep', done: boolean,
 *   progress: number, result: RangeTestResult | SweepResult }} ExperimentMessage
 */
/**
 * A helper's finished sweep rates, for the page to hand to the collecting training worker.
 * @typedef {{ type: 'sweep-records', token: number, records: SweepRecord[], trained: boolean }} SweepRecordsMessage
 */
/** @typedef {{ type: 'fatal', message: string }} FatalMessage */
/** @typedef {UpdateMessage | ExperimentMessage | SweepRecordsMessage | FatalMessage} PushedMessage */
/** @typedef {{ id: number, result: unknown } | { id: number, error: string }} Answer */
/**
 * The one message the page's boot script sends outside the requests: the core's compiled module.
 * @typedef {{ type: 'lrlab-wasm-module', module: WebAssembly.Module | null }} WasmModuleMessage
 */

// ---- requests ----

/**
 * own: per run, the schedule of its own (null: the shared `schedule`); each series is that run's.
 * replays: per run, its settings with their changes (null: previewed from `schedule` or its own).
 * seriesSteps: per series, its positions per epoch (1 per epoch, the steps per epoch per step).
 * @typedef {{ schedule: Settings['schedule'], rates: number[], count: number,
 *   granularity: 'epoch' | 'step', batchSize: number, own?: (Settings['schedule'] | null)[],
 *   replays?: (Settings | null)[] }} PreviewRequest
 * @typedef {{ stepsPerEpoch: number, epochs: number, series: Float64Array[], seriesSteps: number[] }} PreviewAnswer
 * @typedef {{ token: number, settings: unknown, rangeTest: RangeTestOptions, sweep: SweepOptions,
 *   part?: number, parts?: number }} ExperimentRequest
 * @typedef {{ token: number, settings: unknown, sweep: SweepOptions, part: number, parts: number }} SweepShareRequest
 * @typedef {{ key: string, settings: Settings, segments: Segment[], diverged: boolean,
 *   train: Float64Array, val: Float64Array, accuracy: Float64Array, val_accuracy: Float64Array, lr: Float64Array,
 *   reported_train: Float64Array, reported_val: Float64Array }} FullHistory
 */

/**
 * Every request, by type: its arguments and its answer.
 * @typedef {{
 *   hello: { args: {}, result: { registry: Registry, defaults: Settings } },
 *   validate: { args: { settings: unknown }, result: Settings },
 *   checkFormula: { args: { expression: string }, result: FormulaCheck },
 *   codeFacts: { args: { settings: Settings, names: PythonNames }, result: CodeFacts },
 *   runLengthDefaults: { args: { settings: unknown }, result: Record<string, number | number[]> },
 *   preview: { args: PreviewRequest, result: PreviewAnswer },
 *   apply: { args: { runs: { key: string, settings: unknown, replay?: unknown }[], hold?: boolean }, result: Settings[] },
 *   play: { args: {}, result: { playing: boolean, blocked: string[] } },
 *   pause: { args: {}, result: boolean },
 *   step: { args: {}, result: boolean },
 *   epoch: { args: {}, result: boolean },
 *   reset: { args: {}, result: boolean },
 *   retrain: { args: { keys: string[] }, result: boolean },
 *   speed: { args: { epochsPerSecond: number }, result: boolean },
 *   histories: { args: {}, result: FullHistory[] },
 *   verdictsFrom: { args: { from: number, count: number }, result: Array<Record<string, Verdict>> },
 *   recorded: { args: { key: string }, result: Settings | null },
 *   experiments: { args: ExperimentRequest, result: { token: number } },
 *   sweepShare: { args: SweepShareRequest, result: { token: number } },
 *   sweepRecords: { args: { token: number, records: SweepRecord[] }, result: boolean },
 *   cancelExperiments: { args: {}, result: boolean },
 *   landscape: { args: { request: LandscapeRequest }, result: LandscapeView },
 *   runStart: { args: { settings: unknown }, result: RunStart },
 *   inspectUpdates: { args: { settings: unknown, epoch: number, step: number, count: number, parameter: number }, result: UpdateInspection[] },
 *   initialSharpness: { args: { settings: unknown }, result: number },
 *   loadDataset: { args: { name: string, table: { text: string, target?: number, task?: string } }, result: DatasetSummary },
 * }} Requests
 */
/** @typedef {keyof Requests} RequestType */
/**
 * @template {RequestType} K
 * @typedef {{ id: number, type: K, args: Requests[K]['args'] }} Request
 */
/**
 * The page's way to ask: web/page/worker-client.js's call().
 * @typedef {<K extends RequestType>(type: K, args?: Requests[K]['args']) => Promise<Requests[K]['result']>} Call
 */

/** Every request type, for the worker's dispatch and the tests. @type {readonly RequestType[]} */
export const REQUEST_TYPES = Object.freeze(['hello', 'validate', 'checkFormula', 'codeFacts', 'runLengthDefaults', 'preview',
  'apply', 'play', 'pause', 'step', 'epoch', 'reset', 'retrain', 'speed', 'histories', 'verdictsFrom', 'recorded', 'experiments',
  'sweepShare', 'sweepRecords', 'cancelExperiments', 'landscape', 'runStart', 'inspectUpdates', 'initialSharpness', 'loadDataset']);
