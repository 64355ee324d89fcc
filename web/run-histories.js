// What the page knows of each run: the core's history, accumulated from the worker's increments,
// plus chart-ready point arrays. Non-finite values are kept in the raw columns (for tooltips) but
// never enter the point arrays, so the charts hold no NaN: a diverged run is drawn up to its last
// finite point and its divergence is marked there.
//
// The x axis counts epochs done: a loss is drawn at x = e + 1 (after 0-based epoch e), the loss
// before any update at x = 0, and the rate used during epoch e over [e, e + 1] (a point at each
// end). So a plateau cut after epoch e shows where the rate steps down, at x = e + 1.

const finitePositive = (value) => Number.isFinite(value) && value > 0;

function emptyRecord(key) {
  return {
    key,
    train: [], val: [], accuracy: [], lr: [],   // raw per-epoch columns, index = 0-based epoch
    initialLoss: NaN,                            // training loss before the first update
    trainPoints: [], valPoints: [], lrPoints: [], // {x: epoch, y} for the charts, finite only
    events: [], eventKeys: new Set(),
    diverged: false, divergedEpoch: -1,
    epochsDone: 0, updates: 0, stopped: false, target: 0, goal: 0, learningRate: NaN,
    diagnosis: null,
    segments: [],     // what the run trained with, from which epoch (web/run-label.js)
    rateChanges: [],  // the first few rates it recorded, each with the epoch it began: [{epoch, rate}]
    ghost: null,      // {points, since}: the curve a retrain replaced, drawn faded for a moment
  };
}

const RATE_CHANGES_KEPT = 3;

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
      if (replaced && replaced.trainPoints.length > 1 && increment.goal > 0) {
        record.ghost = { points: replaced.trainPoints, since: now };
      }
      this.records.set(increment.key, record);
    }
    if (increment.from !== record.train.length) this.truncate(record, increment.from);
    if (!record.trainPoints.length && finitePositive(increment.initial_train_loss)) {
      record.initialLoss = increment.initial_train_loss;
      record.trainPoints.push({ x: 0, y: record.initialLoss });
    }
    const n = increment.train_loss.length;
    for (let i = 0; i < n; i++) {
      const epoch = increment.from + i;
      const train = increment.train_loss[i];
      const val = increment.val_loss[i];
      const lr = increment.learning_rate[i];
      record.train.push(train);
      record.val.push(val);
      record.accuracy.push(increment.accuracy[i]);
      record.lr.push(lr);
      const lastRate = record.rateChanges.at(-1);
      if (record.rateChanges.length < RATE_CHANGES_KEPT && (!lastRate || lastRate.rate !== lr)) {
        record.rateChanges.push({ epoch, rate: lr });
      }
      if (finitePositive(train)) record.trainPoints.push({ x: epoch + 1, y: train });
      if (finitePositive(val)) record.valPoints.push({ x: epoch + 1, y: val });
      // Both ends of the epoch, so the rate is drawn as a step over the epoch it was used in.
      if (finitePositive(lr)) record.lrPoints.push({ x: epoch, y: lr }, { x: epoch + 1, y: lr });
    }
    // The core may send every event each time or only new ones: keep each once.
    for (const event of increment.events ?? []) {
      const id = `${event.kind}:${event.epoch}:${event.step}`;
      if (record.eventKeys.has(id)) continue;
      record.eventKeys.add(id);
      record.events.push(event);
    }
    Object.assign(record, {
      diverged: increment.diverged,
      divergedEpoch: increment.diverged_epoch,
      epochsDone: increment.epochsDone,
      updates: increment.updates,
      stopped: increment.stopped,
      target: increment.target,
      goal: increment.goal ?? 0,
      segments: increment.segments ?? record.segments,
      learningRate: increment.learningRate,
      diagnosis: increment.diagnosis ?? record.diagnosis,
    });
    return record;
  }

  truncate(record, epochs) {
    for (const column of ['train', 'val', 'accuracy', 'lr']) record[column].length = Math.min(record[column].length, epochs);
    record.rateChanges = record.rateChanges.filter((change) => change.epoch < epochs);
    for (const points of ['trainPoints', 'valPoints']) record[points] = record[points].filter((point) => point.x <= epochs);
    record.lrPoints = record.lrPoints.filter((point) => point.x <= epochs);
  }

  remove(key) {
    this.records.delete(key);
  }

  // A frozen copy for a pinned reference: it no longer changes when the run does.
  snapshot(key) {
    const record = this.records.get(key);
    return record ? structuredClone({ ...record, eventKeys: undefined }) : null;
  }
}
