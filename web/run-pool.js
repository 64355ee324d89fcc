// The compared runs inside the worker: one core Trainer per run, keyed by a stable run key.
// Trains in slices of a few milliseconds so that commands (pause, a new rate, a new schedule)
// are handled between slices, and posts what is new in each run's history at most once a frame.

import { soon } from './soon.js';

const SLICE_MS = 6;        // training time per slice: short, so commands wait at most this long
const FRAME_MS = 16;       // at most one history post per animation frame
const MAX_CREDIT = 4;      // epochs a run may owe after a stall, so it never bursts ahead

// The top-level settings sections that a running trainer can take without a fresh network.
const LIVE_SECTIONS = ['optimizer', 'schedule', 'plateau', 'epochs'];

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

export class RunPool {
  constructor(api, post) {
    this.api = api;
    this.post = post;
    this.runs = new Map();  // key -> run record
    this.playing = false;
    this.epochsPerSecond = 30;
    this.lastTick = 0;
    this.lastPost = 0;
    this.timer = null;
  }

  // runs: [{key, settings}]. Validates every run first, so a bad value changes nothing, then
  // brings each trainer to its settings: a new rate, optimizer, schedule or plateau is applied
  // mid-run; anything else (problem, model, seed, batch size) rebuilds that run from epoch 0.
  apply(specs) {
    const canonical = specs.map(({ key, settings }) => ({ key, settings: this.api.validateSettings(settings) }));
    const wanted = new Set(canonical.map((run) => run.key));
    for (const [key, run] of this.runs) {
      if (!wanted.has(key)) {
        run.trainer.delete();
        this.runs.delete(key);
      }
    }
    let fresh = false;
    for (const { key, settings } of canonical) {
      const run = this.runs.get(key);
      if (!run) this.runs.set(key, this.createRun(key, settings));
      else this.update(run, settings);
      fresh = fresh || this.runs.get(key).fresh;
    }
    // A new or rebuilt run starts training at once, like the view on load: an empty line would
    // only make people look for the Play button.
    if (fresh && !this.playing) this.play();
    this.flush(true);
    this.schedule();
    return canonical.map((run) => run.settings);
  }

  createRun(key, settings) {
    return {
      key,
      trainer: this.api.createTrainer(settings),
      settings,
      target: settings.epochs,   // training pauses itself here; play continues it
      sentEpochs: 0,
      sentSteps: 0,
      sentEvents: 0,
      credit: 0,
      fresh: true,               // the page must drop what it drew for this key
      diagnosisEpochs: -1,
      diagnosis: null,
      lowestLoss: Infinity,      // lowest finite training loss so far, for bestReference()
    };
  }

  update(run, settings) {
    const old = run.settings;
    const rebuild = Object.keys(settings).some(
      (section) => !LIVE_SECTIONS.includes(section) && !same(settings[section], old[section]));
    if (rebuild) {
      run.trainer.delete();
      Object.assign(run, this.createRun(run.key, settings));
      return;
    }
    const { learning_rate: newRate, ...newOptimizer } = settings.optimizer;
    const { learning_rate: oldRate, ...oldOptimizer } = old.optimizer;
    if (!same(newOptimizer, oldOptimizer)) run.trainer.setOptimizer(settings.optimizer);
    else if (newRate !== oldRate) run.trainer.setLearningRate(newRate);
    if (!same(settings.schedule, old.schedule)) run.trainer.setSchedule(settings.schedule);
    if (!same(settings.plateau, old.plateau)) run.trainer.setPlateau(settings.plateau);
    if (settings.epochs !== old.epochs) run.target = Math.max(settings.epochs, run.target - old.epochs + settings.epochs);
    run.settings = settings;
  }

  // Steps per epoch for a preview in steps: the core's count for the runs' batch size. Only while a
  // new batch size has not reached the runs yet (they are being rebuilt), an estimate sets the
  // preview's x scale for a moment.
  stepsPerEpoch(batchSize) {
    const first = this.runs.values().next().value;
    if (first && first.settings.batch_size === batchSize) return first.trainer.stepsPerEpoch;
    const samples = first ? first.settings.problem.samples * (1 - first.settings.problem.val_fraction) : 410;
    return Math.max(1, Math.ceil(samples / Math.max(1, batchSize)));
  }

  active(run) {
    return !run.trainer.stopped && run.trainer.epochsDone < run.target;
  }

  play() {
    // Playing a finished view continues it by another settings.epochs.
    const all = [...this.runs.values()];
    if (all.length && !all.some((run) => this.active(run))) {
      for (const run of all) if (!run.trainer.stopped) run.target = run.trainer.epochsDone + run.settings.epochs;
    }
    this.playing = true;
    this.lastTick = performance.now();
    for (const run of all) run.credit = Math.min(run.credit, 1);
    this.schedule();
    this.flush(true);
    return true;
  }

  pause() {
    this.playing = false;
    this.flush(true);
    return true;
  }

  stepAll() {
    this.playing = false;
    for (const run of this.runs.values()) {
      run.trainer.step();
      run.target = Math.max(run.target, run.trainer.epochsDone);
    }
    this.flush(true);
    return true;
  }

  epochAll() {
    this.playing = false;
    for (const run of this.runs.values()) {
      this.trainEpoch(run);
      run.target = Math.max(run.target, run.trainer.epochsDone);
    }
    this.flush(true);
    return true;
  }

  // Fresh weights for every run, and play from the start: watching it happen again is what a
  // reset is for here (Pause is one click away for stepping through by hand).
  resetAll() {
    this.playing = true;
    this.lastTick = performance.now();
    for (const run of this.runs.values()) {
      run.trainer.reset();
      Object.assign(run, { target: run.settings.epochs, sentEpochs: 0, sentSteps: 0, sentEvents: 0,
        credit: 0, fresh: true, diagnosisEpochs: -1, diagnosis: null, lowestLoss: Infinity });
    }
    this.flush(true);
    this.schedule();
    return true;
  }

  setSpeed(epochsPerSecond) {
    this.epochsPerSecond = epochsPerSecond > 0 ? epochsPerSecond : Infinity;
    return true;
  }

  trainEpoch(run) {
    run.trainer.epoch();
  }

  schedule() {
    if (this.timer === null && this.playing) this.timer = setTimeout(() => this.tick(), 0);
  }

  // One slice: every active run earns epochs at the chosen speed and spends them round-robin,
  // until the slice's time is up. Then the worker goes back to its message queue.
  tick() {
    this.timer = null;
    if (!this.playing) return;
    const now = performance.now();
    const seconds = Math.min(now - this.lastTick, 250) / 1000;
    this.lastTick = now;
    const running = [...this.runs.values()].filter((run) => this.active(run));
    // Speed 0 ("as fast as the core can") trains for the whole slice; a finite speed earns epochs
    // by the clock, capped so a run never bursts ahead after a stall.
    const unlimited = this.epochsPerSecond === Infinity;
    for (const run of running) {
      run.credit = unlimited ? Infinity : Math.min(run.credit + seconds * this.epochsPerSecond, MAX_CREDIT);
    }
    const end = now + SLICE_MS;
    let worked = true;
    while (worked && performance.now() < end) {
      worked = false;
      for (const run of running) {
        if (run.credit >= 1 && this.active(run)) {
          this.trainEpoch(run);
          run.credit -= 1;
          worked = true;
        }
      }
    }
    if (![...this.runs.values()].some((run) => this.active(run))) this.playing = false;
    this.flush(!this.playing);
    // Still work to do (speed 0, "as fast as the core can", or catching up): the next slice as
    // soon as queued messages are handled; setTimeout(0) would idle >= 4 ms per 6 ms slice.
    if (this.playing) this.timer = worked ? soon(() => this.tick()) ?? true : setTimeout(() => this.tick(), 8);
  }

  // The core's diagnosis tells "stuck" from "already at the bottom" by the lowest loss any
  // compared run reached: passed in as its best_reference (NaN with nothing to compare).
  bestReference() {
    let best = Infinity;
    for (const run of this.runs.values()) best = Math.min(best, run.lowestLoss);
    // And what a finished sweep of the same settings reached (web/sweep-reference.js).
    const shared = this.sweepReference?.(this.runs);
    if (shared >= 0) best = Math.min(best, shared);
    return Number.isFinite(best) ? best : NaN;
  }

  // Posts each run's new epochs and events (typed arrays transferred, not copied again).
  flush(force = false) {
    const now = performance.now();
    if (!force && now - this.lastPost < FRAME_MS) return;
    this.lastPost = now;
    const transfer = [];
    const runs = [];
    const histories = new Map();
    for (const run of this.runs.values()) {
      const history = run.trainer.history(run.sentEpochs, run.sentSteps);
      for (const loss of history.train_loss) if (Number.isFinite(loss)) run.lowestLoss = Math.min(run.lowestLoss, loss);
      histories.set(run, history);
    }
    const best = this.bestReference();
    for (const [run, history] of histories) {
      const trainer = run.trainer;
      const epochsDone = trainer.epochsDone;
      if (epochsDone !== run.diagnosisEpochs || best !== run.diagnosisBest) {
        run.diagnosis = trainer.diagnosis(best);
        run.diagnosisEpochs = epochsDone;
        run.diagnosisBest = best;
      }
      const increment = {
        key: run.key,
        fresh: run.fresh,
        from: run.sentEpochs,
        train_loss: history.train_loss,
        val_loss: history.val_loss,
        accuracy: history.accuracy,
        learning_rate: history.learning_rate,
        initial_train_loss: history.initial_train_loss,
        events: history.events,
        diverged: history.diverged,
        diverged_epoch: history.diverged_epoch,
        epochsDone,
        updates: trainer.updates,
        stopped: trainer.stopped,
        target: run.target,
        learningRate: trainer.learningRate,
        diagnosis: run.diagnosis,
        // Per recorded step, for the step-size chart (web/step-sizes.js): the core's spread of
        // per-parameter step sizes, from the first step record not sent yet.
        step_index: history.step_index,
        step_size_min: history.step_size_min,
        step_size_median: history.step_size_median,
        step_size_max: history.step_size_max,
      };
      run.fresh = false;
      run.sentEpochs = run.sentEpochs + history.train_loss.length;
      run.sentSteps = run.sentSteps + history.step_loss.length;
      for (const name of ['train_loss', 'val_loss', 'accuracy', 'learning_rate',
        'step_index', 'step_size_min', 'step_size_median', 'step_size_max']) {
        transfer.push(increment[name].buffer);
      }
      runs.push(increment);
    }
    this.post({ type: 'update', playing: this.playing, runs }, transfer);
  }
}
