// What the page knows of each run: the core's history, accumulated from the worker's increments,
// in bounded memory whatever the run's length (the whole history stays in the worker's core, for
// exports and links):
// - chart series (train, validation, rate) as BucketSeries: at most two points per bucket, with
//   buckets bounded by the chart's width, so drawing costs the same at epoch 100 and 1,000,000;
// - raw per-epoch columns (for readouts, markers and lessons) exact up to RAW_CAP epochs, then
//   thinned by doubling a stride, as the core thins its step records: `rawStride` says which
//   epochs they hold (0, s, 2s, ...), and at() reads the nearest one.
// Non-finite values are kept in the raw columns (for readouts) but never enter the chart series,
// so the charts hold no NaN: a diverged run is drawn up to its last finite point and its
// divergence is marked there.
//
// The x axis counts epochs done: a loss is drawn at x = e + 1 (after 0-based epoch e), the loss
// before any update at x = 0, and the rate used during epoch e over [e, e + 1] (a point at each
// end). So a plateau cut after epoch e shows where the rate steps down, at x = e + 1.
import { BucketSeries } from '../charts/bucket-series.js';

const finitePositive = (value) => Number.isFinite(value) && value > 0;
export const RAW_CAP = 16384;
const RATE_CHANGES_KEPT = 3;
const COLUMNS = ['train', 'val', 'accuracy', 'lr', 'reportedTrain', 'reportedVal'];

function emptyRecord(key) {
  // reportedTrain, reportedVal: a schedule-free run's losses at the weights it reports (x, what
  // Keras evaluates); train and val are then at y, where its gradients are taken. Empty (NaN in
  // the raw columns) for every other rule.
  const series = { train: new BucketSeries(), val: new BucketSeries(), lr: new BucketSeries(),
    reportedTrain: new BucketSeries(), reportedVal: new BucketSeries() };
  return {
    key,
    train: [], val: [], accuracy: [], lr: [],   // raw per-epoch columns: index i = epoch i * rawStride
    reportedTrain: [], reportedVal: [],
    rawStride: 1,
    recorded: 0,                                  // epochs received (the raw columns may hold fewer)
    rewinds: 0,                                   // times its history was cut back (truncate()): what was kept of it may be stale
    initialLoss: NaN,                             // training loss before the first update
    series,
    trainPoints: series.train.points, valPoints: series.val.points, lrPoints: series.lr.points,  // {x, y}, finite only
    events: [], eventKeys: new Set(),
    // Where the run stands, as the worker's last increment said (web/protocol/messages.js):
    status: /** @type {import('../protocol/messages.js').RunLifecycle} */ ('idle'),
    diverged: false, divergedEpoch: -1,          // from the verdict: the same history read
    epochsDone: 0, updates: 0, stepsPerEpoch: 1, learningRate: NaN,
    stopped: false,                               // diverged or paused by its schedule: Play cannot move it
    target: 0,                                    // the epoch count where it finishes
    diagnosis: null,                              // the core's verdict, with its words
    plateau: null,                                // ReduceLROnPlateau's state now (null without it)
    latestAccuracy: { epoch: 0, accuracy: NaN, valAccuracy: NaN },  // at its latest epoch
    segments: [],     // what the run trained with, from which epoch (web/words/run-label.js)
    replaySettings: null,  // the settings that replay it, when it was changed live (for links)
    rateChanges: [],  // the first few rates it recorded, each with the epoch it began: [{epoch, rate}]
    ghost: null,      // {points, since, record}: the curve a retrain replaced, drawn faded for a moment
    // The sharpness measurements (docs/spec-core.md#sharpness), one entry each: the epochs done when
    // measured, the value the threshold applies to (of P^-1 H for Adam and AdamW, else of H) and
    // the stability threshold at the rate then in force. Few (one per `every` epochs): kept whole.
    sharpness: { epoch: [], value: [], threshold: [] },
  };
}

// The raw values of 0-based epoch e, or of the nearest epoch the thinned columns still hold:
// {epoch, train, val, accuracy, lr}.
export function rawAt(record, e) {
  const i = Math.min(Math.max(Math.round(e / record.rawStride), 0), record.train.length - 1);
  if (i < 0) return null;
  return { epoch: i * record.rawStride, train: record.train[i], val: record.val[i], accuracy: record.accuracy[i], lr: record.lr[i] };
}

// Appends an increment's sharpness measurements; a measurement again at an epoch already held (a
// run taken back and trained again) replaces what was kept from there on.
function addSharpness(kept, measured) {
  const n = measured?.sharpness.length ?? 0;
  if (!n) return;
  const from = kept.epoch.findIndex((epoch) => epoch >= measured.sharpness_epoch[0]);
  if (from >= 0) for (const column of Object.values(kept)) column.length = from;
  for (let i = 0; i < n; i++) {
    const preconditioned = measured.sharpness_preconditioned[i];
    kept.epoch.push(measured.sharpness_epoch[i]);
    kept.value.push(Number.isFinite(preconditioned) ? preconditioned : measured.sharpness[i]);
    kept.threshold.push(measured.sharpness_threshold[i]);
  }
}

export class RunHistories {
  constructor() {
    this.records = new Map();
  }

  get(key) {
    return this.records.get(key);
  }

  // Applies one worker increment; returns the record.
  apply(increment, now = performance.now()) {
    let record = this.records.get(increment.key);
    if (!record || increment.fresh) {
      const replaced = record;
      record = emptyRecord(increment.key);
      // A retrain replaces a curve the eye was following: keep the old one faded for a moment.
      // Only the curve it replaced: the replaced record's own ghost goes, or each retrain would
      // hold every record before it (a rate dragged on a paused run retrains at each position).
      if (replaced && replaced.trainPoints.length > 1 && increment.retrained) {
        replaced.ghost = null;
        record.ghost = { points: replaced.trainPoints, since: now, record: replaced };
      }
      this.records.set(increment.key, record);
    }
    if (increment.from !== record.recorded) this.truncate(record, increment.from);
    if (!record.series.train.length && finitePositive(increment.initial_train_loss)) {
      record.initialLoss = increment.initial_train_loss;
      record.series.train.add(0, record.initialLoss);
    }
    const n = increment.train_loss.length;
    for (let i = 0; i < n; i++) {
      const epoch = increment.from + i;
      const train = increment.train_loss[i];
      const val = increment.val_loss[i];
      const lr = increment.learning_rate[i];
      const reportedTrain = increment.reported_train_loss?.[i] ?? NaN;
      const reportedVal = increment.reported_val_loss?.[i] ?? NaN;
      if (epoch % record.rawStride === 0) this.keepRaw(record, train, val, increment.accuracy[i], lr, reportedTrain, reportedVal);
      const lastRate = record.rateChanges.at(-1);
      if (record.rateChanges.length < RATE_CHANGES_KEPT && (!lastRate || lastRate.rate !== lr)) {
        record.rateChanges.push({ epoch, rate: lr });
      }
      if (finitePositive(train)) record.series.train.add(epoch + 1, train);
      if (finitePositive(val)) record.series.val.add(epoch + 1, val);
      if (finitePositive(reportedTrain)) {
        // x starts at the initial weights, as y does: the same loss before the first update.
        if (!record.series.reportedTrain.length && finitePositive(record.initialLoss)) {
          record.series.reportedTrain.add(0, record.initialLoss);
        }
        record.series.reportedTrain.add(epoch + 1, reportedTrain);
      }
      if (finitePositive(reportedVal)) record.series.reportedVal.add(epoch + 1, reportedVal);
      // Both ends of the epoch, so the rate is drawn as a step over the epoch it was used in.
      if (finitePositive(lr)) {
        record.series.lr.add(epoch, lr);
        record.series.lr.add(epoch + 1, lr);
      }
    }
    record.recorded = increment.from + n;
    addSharpness(record.sharpness, increment.sharpness);
    record.trainPoints = record.series.train.points;
    record.valPoints = record.series.val.points;
    record.lrPoints = record.series.lr.points;
    // The worker sends only new events; keep each once all the same. The message is part of an
    // event's identity: a second schedule error at the same step (a new formula that fails where
    // the last one did) is a new event, and the page must say its words, not the old ones.
    for (const event of increment.events ?? []) {
      const id = `${event.kind}:${event.epoch}:${event.step}:${event.message}`;
      if (record.eventKeys.has(id)) continue;
      record.eventKeys.add(id);
      record.events.push(event);
    }
    if (n > 0) {
      record.latestAccuracy = { epoch: increment.from + n, accuracy: increment.accuracy[n - 1], valAccuracy: increment.val_accuracy[n - 1] };
    }
    if (increment.recorded !== undefined) record.replaySettings = increment.recorded;
    const { status, verdict } = increment;
    Object.assign(record, {
      status,
      diverged: verdict.diverged,
      divergedEpoch: verdict.divergedEpoch,
      epochsDone: increment.epochsDone,
      updates: increment.updates,
      stepsPerEpoch: increment.stepsPerEpoch ?? 1,
      stopped: status === 'diverged' || status === 'schedule-paused' || status === 'stopped-early',
      target: increment.until,
      segments: increment.segments,
      learningRate: increment.learningRate,
      diagnosis: verdict,
      plateau: increment.plateau,
    });
    return record;
  }

  // Keeps an epoch's raw values (one that falls on the stride); past RAW_CAP values, every second
  // one goes and the stride doubles.
  keepRaw(record, train, val, accuracy, lr, reportedTrain = NaN, reportedVal = NaN) {
    record.train.push(train);
    record.val.push(val);
    record.accuracy.push(accuracy);
    record.lr.push(lr);
    record.reportedTrain.push(reportedTrain);
    record.reportedVal.push(reportedVal);
    if (record.train.length <= RAW_CAP) return;
    for (const column of COLUMNS) record[column] = record[column].filter((_, i) => i % 2 === 0);
    record.rawStride *= 2;
  }

  truncate(record, epochs) {
    record.rewinds++;
    const kept = Math.ceil(epochs / record.rawStride);
    for (const column of COLUMNS) record[column].length = Math.min(record[column].length, kept);
    record.recorded = Math.min(record.recorded, epochs);
    record.rateChanges = record.rateChanges.filter((change) => change.epoch < epochs);
    record.series.train.truncate(epochs);
    record.series.val.truncate(epochs);
    record.series.lr.truncate(epochs);
    record.series.reportedTrain.truncate(epochs);
    record.series.reportedVal.truncate(epochs);
    const measured = record.sharpness.epoch.filter((epoch) => epoch <= epochs).length;
    for (const column of Object.values(record.sharpness)) column.length = measured;
  }

  remove(key) {
    this.records.delete(key);
  }

  // A frozen copy for a pinned reference: it no longer changes when the run does.
  snapshot(key) {
    const record = this.records.get(key);
    if (!record) return null;
    const copy = structuredClone({ ...record, eventKeys: undefined, series: undefined });
    return copy;
  }
}
