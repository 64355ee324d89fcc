// The training worker: owns the wasm module and every trainer, so the page's main thread never
// blocks on training. It answers requests ({id, type, args} -> {id, result | error}) and, while
// playing, trains in short slices and posts history increments ({type: 'update'}) at most once
// per frame. All numbers it sends were computed by the core.
import createLrlab from '../gen/lrlab.mjs';
import createLrlabApi from './lrlab-api.js';
import { earlyModuleOptions } from './wasm-early-module.js';
import { RunPool } from './run-pool.js';
import { ExperimentJobs } from './experiment-jobs.js';
import { shareSweepReference } from './sweep-reference.js';
import { runLengthDefaults } from './run-length-defaults.js';

const post = (message, transfer = []) => self.postMessage(message, transfer);
// Per run: every epoch of the longest run the Stop-after slider offers (5,000), twice over.
const PREVIEW_MAX_POINTS = 10000;

// The wasm module compiled by web/boot.js when this is the page's early worker.
const ready = createLrlab(earlyModuleOptions()).then((module) => {
  const api = createLrlabApi(module);
  const context = { api, pool: new RunPool(api, post), jobs: new ExperimentJobs(api, post) };
  shareSweepReference(context.pool, context.jobs);
  return context;
});
ready.catch((error) => post({ type: 'fatal', message: `The training core failed to load: ${error.message}` }));

// Each request type is one small function of the API or the pool.
const handlers = {
  hello: ({ api }) => ({ registry: api.registry(), defaults: api.defaultSettings() }),
  validate: ({ api }, { settings }) => api.validateSettings(settings),
  checkFormula: ({ api }, { expression }) => api.checkFormula(expression),
  // The core's part of a run's "as code" listings (web/code-export.js, web/code-dialog.js).
  codeFacts: ({ api }, { settings, names }) => api.codeFacts(settings, names),
  runLengthDefaults: ({ api, pool }, { settings }) => runLengthDefaults(api, (b) => pool.stepsPerEpoch(b), settings),
  // ReduceLROnPlateau's state of each run now (web/plateau-readout.js).
  plateau: ({ pool }) => [...pool.runs.values()].map((run) => ({ key: run.key, state: run.trainer.plateauState() })),
  // The whole run, up to PREVIEW_MAX_POINTS points a run (a long run, or a per-step preview with
  // small batches, would be hundreds of thousands: drawn, held and redrawn for nothing); then the
  // first `epochs` of it, which the page says.
  preview: ({ api, pool }, { schedule, rates, count, granularity, batchSize }) => {
    const stepsPerEpoch = pool.stepsPerEpoch(batchSize);
    const perStep = granularity === 'step';
    const epochs = Math.max(1, Math.min(count, Math.floor(PREVIEW_MAX_POINTS / (perStep ? stepsPerEpoch : 1))));
    const points = perStep ? epochs * stepsPerEpoch : epochs;
    return {
      stepsPerEpoch: perStep ? stepsPerEpoch : 1, epochs,
      series: rates.map((rate) => api.previewSchedule(schedule, rate, points, stepsPerEpoch)),
    };
  },
  apply: ({ pool }, { runs, hold }) => pool.apply(runs, { hold }),
  play: ({ pool }) => pool.play(),
  pause: ({ pool }) => pool.pause(),
  step: ({ pool }) => pool.stepAll(),
  epoch: ({ pool }) => pool.epochAll(),
  reset: ({ pool }) => pool.resetAll(),
  retrain: ({ pool }, { keys }) => pool.retrainRuns(keys ?? []),
  histories: ({ pool }) => pool.fullHistories(),
  speed: ({ pool }, { epochsPerSecond }) => pool.setSpeed(epochsPerSecond),
  // Part 2's views: the sweep and range test run in slices (web/experiment-jobs.js); a landscape
  // is computed whole (two parameters: milliseconds). The same script runs the sweep's helper
  // workers (web/sweep-client.js), which only ever get sweepShare and cancelExperiments.
  experiments: ({ jobs }, request) => jobs.start(request),
  sweepShare: ({ jobs }, request) => jobs.startShare(request),
  sweepRecords: ({ jobs }, request) => jobs.addRecords(request),
  cancelExperiments: ({ jobs }) => jobs.cancel(),
  landscape: ({ api }, { request }) => api.landscape(request),
  // Real data (web/data-sources.js): a table's text for this worker's core, checked by its CSV door.
  loadDataset: ({ api }, { name, text, target, task }) => api.loadDataset(name, text, target, task),
  // Each run's accuracy at its latest epoch, as its core recorded it (web/accuracy-readout.js).
  accuracy: ({ pool }) => [...pool.runs.values()].map((run) => {
    const epoch = run.trainer.epochsDone;
    const h = run.trainer.history(Math.max(0, epoch - 1), 1e14);  // no step records (>= 1e15 means all)
    return { key: run.key, epoch, accuracy: h.accuracy.at(-1) ?? NaN, valAccuracy: h.val_accuracy.at(-1) ?? NaN };
  }),
};

self.onmessage = async (event) => {
  const { id, type, args } = event.data;
  try {
    const context = await ready;
    const handler = handlers[type];
    if (!handler) throw new Error(`unknown request ${type}`);
    post({ id, result: handler(context, args ?? {}) });
  } catch (error) {
    post({ id, error: error instanceof Error ? error.message : String(error) });
  }
};
