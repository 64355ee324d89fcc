// The training worker's answers: each request of the protocol (web/protocol/messages.js) is one
// small function of the core's API, the run pool or the experiments. Kept apart from the worker's
// message loop (web/worker/worker.js) so Node tests can answer requests against the real module.
import { RunPool } from './run-pool.js';
import { ExperimentJobs } from './experiment-jobs.js';
import { shareSweepReference } from './sweep-reference.js';
import { runLengthDefaults } from '../protocol/run-length-defaults.js';
import { WorkerTables } from './worker-tables.js';

/** @typedef {import('../protocol/messages.js').Requests} Requests */
/** @typedef {import('../protocol/messages.js').RequestType} RequestType */
/** @typedef {import('../protocol/messages.js').Answer} Answer */
/** @typedef {import('../protocol/messages.js').PushedMessage} PushedMessage */
/** @typedef {{ api: import('./lrlab-api-types.d.ts').LrlabApi, tables: WorkerTables, pool: RunPool, jobs: ExperimentJobs }} Context */

// Per run: every epoch of the longest run the Stop-after slider offers (5,000), twice over.
const PREVIEW_MAX_POINTS = 10000;

/**
 * The worker's state around one module instance.
 * @param {import('./lrlab-api-types.d.ts').LrlabApi} api
 * @param {(message: PushedMessage, transfer?: Transferable[]) => void} post
 * @returns {Context}
 */
export function createContext(api, post) {
  const tables = new WorkerTables(api);
  const context = { api, tables, pool: new RunPool(api, post, tables), jobs: new ExperimentJobs(api, post, tables) };
  shareSweepReference(context.pool, context.jobs);
  return context;
}

/** @type {{ [K in RequestType]: (context: Context, args: Requests[K]['args']) => Requests[K]['result'] }} */
export const handlers = {
  hello: ({ api }) => ({ registry: api.registry(), defaults: api.defaultSettings() }),
  validate: ({ api, tables }, { settings }) => api.validateSettings(settings, tables.for(settings)),
  checkFormula: ({ api }, { expression }) => api.checkFormula(expression),
  // The core's part of a run's "as code" listings (web/exports/code-export.js, web/exports/code-dialog.js).
  codeFacts: ({ api }, { settings, names }) => api.codeFacts(settings, names),
  runLengthDefaults: ({ api, pool, tables }, { settings }) =>
    runLengthDefaults(api, (b, canonical) => pool.stepsPerEpochOf(canonical, tables.for(canonical)), settings, tables.for(settings)),
  // The whole run, up to PREVIEW_MAX_POINTS points a run (a long run, or a per-step preview with
  // small batches, would be hundreds of thousands: drawn, held and redrawn for nothing); then the
  // first `epochs` of it, which the page says.
  preview: ({ api, pool, tables }, { schedule, rates, count, granularity, batchSize, own = [], replays = [] }) => {
    const stepsPerEpoch = pool.stepsPerEpoch(batchSize);
    // A run with a schedule of its own is previewed with it, at its own granularity; a run given
    // with its settings and their changes (replays: a branch, web/views/schedule/schedule-view.js)
    // from those, the changes where they are made, per update if any of its schedules is. Every
    // run over the same epochs, as few as the finest one's point budget allows.
    const schedules = rates.map((_, i) => own[i] ?? schedule);
    const perStep = (s) => (s === schedule ? granularity : s.granularity) === 'step';
    const replayPerStep = (settings) => [settings.schedule, ...settings.changes.map((c) => c.schedule)]
      .some((s) => s?.granularity === 'step');
    const stepped = rates.map((_, i) => (replays[i] ? replayPerStep(replays[i]) : perStep(schedules[i])));
    const finest = stepped.some(Boolean) ? stepsPerEpoch : 1;
    const epochs = Math.max(1, Math.min(count, Math.floor(PREVIEW_MAX_POINTS / finest)));
    const seriesSteps = stepped.map((step) => (step ? stepsPerEpoch : 1));
    return {
      stepsPerEpoch: perStep(schedule) ? stepsPerEpoch : 1, epochs, seriesSteps,
      series: rates.map((rate, i) => (replays[i]
        ? api.previewRunRates(replays[i], epochs, stepsPerEpoch, stepped[i], tables.for(replays[i]))
        : api.previewSchedule(schedules[i], rate, epochs * seriesSteps[i], stepsPerEpoch))),
    };
  },
  apply: ({ pool }, { runs, hold }) => pool.apply(runs, { hold }),
  play: ({ pool }) => pool.play(),
  pause: ({ pool }) => pool.pause(),
  step: ({ pool }) => pool.stepAll(),
  epoch: ({ pool }) => pool.epochAll(),
  reset: ({ pool }) => pool.resetAll(),
  retrain: ({ pool }, { keys }) => pool.retrainRuns(keys ?? []),
  speed: ({ pool }, { epochsPerSecond }) => pool.setSpeed(epochsPerSecond),
  histories: ({ pool }) => pool.fullHistories(),
  // The verdicts as of a few epochs in a row, for the page's cursor (web/page/cursor-verdicts.js).
  verdictsFrom: ({ pool }, { from, count }) => pool.verdictsFrom(from, count),
  // The settings that reproduce one run from epoch 0, its live changes included (a branch's base).
  recorded: ({ pool }, { key }) => {
    const run = pool.runs.get(key);
    return run ? pool.recordedSettings(run) : null;
  },
  // The sweep and range test run in slices (web/worker/experiment-jobs.js); a landscape is
  // computed whole (two parameters: milliseconds). The same script runs the sweep's helper
  // workers (web/page/sweep-client.js), which only ever get sweepShare and cancelExperiments.
  experiments: ({ jobs }, request) => jobs.start(request),
  sweepShare: ({ jobs }, request) => jobs.startShare(request),
  sweepRecords: ({ jobs }, request) => jobs.addRecords(request),
  cancelExperiments: ({ jobs }) => jobs.cancel(),
  landscape: ({ api }, { request }) => api.landscape(request),
  // A run's exact samples and initial weights, for the code listings (web/exports/code-export.js).
  runStart: ({ api, tables }, { settings }) => api.runStart(settings, tables.for(settings)),
  // Updates written out at the page's cursor (web/views/update/), a block of them from one replay.
  inspectUpdates: ({ api, tables }, { settings, epoch, step, count, parameter }) =>
    api.inspectUpdates(settings, epoch, step, count, parameter, tables.for(settings)),
  // The sharpness at the settings' initial weights, for the sweep's 2/λ₀ mark.
  initialSharpness: ({ api, tables }, { settings }) => api.initialSharpness(settings, tables.for(settings)),
  // Real data (web/page/data-sources.js): a table's text for this worker's core, checked by its CSV
  // door and kept for the requests that train on it (web/worker/worker-tables.js).
  loadDataset: ({ tables }, request) => tables.load(request),
};

/**
 * The reply to one request message: its result, or the core's message as its error.
 * @param {Context} context
 * @param {{ id: number, type: string, args?: object }} message
 * @returns {Answer}
 */
export function answer(context, { id, type, args }) {
  try {
    if (!Object.hasOwn(handlers, type)) throw new Error(`unknown request ${type}`);
    return { id, result: handlers[type](context, args ?? {}) };
  } catch (error) {
    return { id, error: error instanceof Error ? error.message : String(error) };
  }
}
