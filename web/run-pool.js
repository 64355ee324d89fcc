// The compared runs inside the worker: one core Trainer per run, keyed by a stable run key.
// Trains in slices of a few milliseconds so that commands (pause, a new rate, a new schedule)
// are handled between slices, and posts what is new in each run's history at most once a frame.

import { soon } from './soon.js';

const SLICE_MS = 6;        // training time per slice: short, so commands wait at most this long
const FRAME_MS = 32;       // at most one history post per drawn frame (the page draws every >= 30 ms)
const MAX_CREDIT = 4;      // epochs a run may owe after a stall, so it never bursts ahead
const DIAGNOSIS_MS = 200;  // a training run's verdict is refreshed at most this often

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
    const registry = api.registry();
    this.labels = {
      optimizers: new Map(registry.optimizers.map((o) => [o.name, o.label])),
      schedules: new Map(registry.schedules.map((o) => [o.name, o.label])),
    };
  }

  // runs: [{key, settings}]. Validates every run first, so a bad value changes nothing, then
  // brings each trainer to its settings: a new rate, optimizer, schedule or plateau is applied
  // mid-run; anything else (problem, model, seed, batch size) rebuilds that run from epoch 0.
  // hold: new runs wait at epoch 0 instead of playing (a lesson's question is open).
  apply(specs, { hold = false } = {}) {
    const canonical = specs.map(({ key, settings }) => ({ key, settings: this.api.validateSettings(settings) }));
    const wanted = new Set(canonical.map((run) => run.key));
    for (const [key, run] of this.runs) {
      if (!wanted.has(key)) {
        run.trainer.delete();
        this.runs.delete(key);
      }
    }
    let autoplay = false;
    this.resumePlaying = false;
    const viewEpoch = this.viewEpoch();
    for (const { key, settings } of canonical) {
      const run = this.runs.get(key);
      if (run) {
        this.update(run, settings, viewEpoch);
      } else {
        const created = this.createRun(key, settings);
        // A run added to a view that is not playing catches up with it at once, like a retrain.
        if (!this.playing && viewEpoch > 0) created.goal = Math.min(created.target, viewEpoch);
        else created.autoplay = true;
        this.runs.set(key, created);
      }
      const current = this.runs.get(key);
      autoplay = autoplay || current.autoplay;
      current.autoplay = false;
    }
    // A new view (the first runs, or a new problem, model, seed or batch size) starts training at
    // once, like the view on load: an empty line would only make people look for the Play button.
    if (hold) this.playing = false;
    else if (autoplay && !this.playing) this.play();
    // A fixed schedule continues the runs its error had paused while they were playing.
    if (this.resumePlaying && !this.playing) {
      this.playing = true;
      this.lastTick = performance.now();
    }
    this.flush(true);
    this.schedule();
    return canonical.map((run) => run.settings);
  }

  // The epoch the view has reached: the most epochs any run has done.
  viewEpoch() {
    let epochs = 0;
    for (const run of this.runs.values()) epochs = Math.max(epochs, run.trainer.epochsDone);
    return epochs;
  }

  // What the run trains with from now on, as the page words it (web/run-label.js).
  segmentOf(run, settings) {
    const { optimizer, schedule, plateau } = settings;
    return {
      epoch: run.trainer.epochsDone,
      rate: optimizer.learning_rate,
      optimizer: optimizer.name,
      optimizerLabel: this.labels.optimizers.get(optimizer.name) ?? optimizer.name,
      schedule: schedule.name,
      scheduleLabel: this.labels.schedules.get(schedule.name) ?? schedule.name,
      scheduleKey: JSON.stringify(schedule),
      plateau: Boolean(plateau.enabled),
      ignoresRate: this.ignoresRate(settings),
    };
  }

  // Whether the schedule sets the rate without the run's own (the tutorial preset, piecewise
  // values, a formula without lr0 or lr): the core's registry says where its rate comes from.
  ignoresRate(settings) {
    return this.api.scheduleRateSource(settings.schedule) === 'absolute';
  }

  createRun(key, settings) {
    const run = {
      key,
      trainer: this.api.createTrainer(settings),
      settings,
      target: settings.epochs,   // training pauses itself here; play continues it
      goal: 0,                   // a retrained run trains at full speed up to here, playing or not
      autoplay: false,           // a new view: play it at once
      stoppedWhilePlaying: false,
      sentEpochs: 0,
      sentSteps: 0,
      sentEvents: 0,
      credit: 0,
      fresh: true,               // the page must drop what it drew for this key
      diagnosisKey: '',
      diagnosedAt: -Infinity,
      diagnosis: null,
      lowestLoss: Infinity,      // lowest finite training loss so far, for bestReference()
      segments: [],              // what it trained with, from which epoch (web/run-label.js)
    };
    run.segments.push(this.segmentOf(run, settings));
    return run;
  }

  // A change reaches a run in one of three ways, so that every change answers visibly:
  // - while the run trains, it continues mid-run with the change (the epoch is recorded in its
  //   segments, and the chart marks it);
  // - a run that a schedule error paused takes a new schedule and continues where it stopped;
  // - a run that is not training (finished, paused, diverged) retrains from the same initial
  //   weights with the new settings, at full speed, up to the epoch the view had reached.
  // Anything that needs a fresh network (problem, model, seed, batch size) rebuilds it from 0.
  update(run, settings, viewEpoch) {
    const old = run.settings;
    if (same(settings, old)) return;
    const rebuild = Object.keys(settings).some(
      (section) => !LIVE_SECTIONS.includes(section) && !same(settings[section], old[section]));
    if (rebuild) {
      run.trainer.delete();
      Object.assign(run, this.createRun(run.key, settings), { autoplay: true });
      return;
    }
    if (settings.epochs !== old.epochs) run.target = Math.max(settings.epochs, run.target - old.epochs + settings.epochs);
    const changed = ['optimizer', 'schedule', 'plateau'].some((section) => !same(settings[section], old[section]));
    if (!changed) {
      run.settings = settings;
      return;
    }
    const trainer = run.trainer;
    const pausedBySchedule = trainer.stopped && !this.divergedRun(run) && !same(settings.schedule, old.schedule);
    if ((this.playing && this.active(run)) || pausedBySchedule) {
      this.applyLive(run, settings);
      if (pausedBySchedule && trainer.resume() && run.stoppedWhilePlaying) this.resumePlaying = true;
      return;
    }
    this.retrain(run, settings, Math.min(run.target, viewEpoch));
  }

  divergedRun(run) {
    return run.trainer.history(run.trainer.epochsDone, 1e14).diverged;  // no series, only the flags
  }

  // The change applied to the trainer as it is: its weights and history stay.
  applyLive(run, settings) {
    const old = run.settings;
    const trainer = run.trainer;
    const { learning_rate: newRate, ...newOptimizer } = settings.optimizer;
    const { learning_rate: oldRate, ...oldOptimizer } = old.optimizer;
    if (!same(newOptimizer, oldOptimizer)) trainer.setOptimizer(settings.optimizer);
    else if (newRate !== oldRate) trainer.setLearningRate(newRate);
    if (!same(settings.schedule, old.schedule)) trainer.setSchedule(settings.schedule);
    if (!same(settings.plateau, old.plateau)) trainer.setPlateau(settings.plateau);
    run.settings = settings;
    const segment = this.segmentOf(run, settings);
    // Several changes before the next epoch: the last one is what the run trains with.
    if (run.segments.at(-1).epoch === segment.epoch) run.segments[run.segments.length - 1] = segment;
    else run.segments.push(segment);
  }

  // Fresh weights (the same initial ones: same seed) with the new settings, trained at once up to
  // `goal` epochs. The page keeps the old curve faded for a moment (web/run-histories.js).
  retrain(run, settings, goal) {
    const target = run.target;
    run.trainer.delete();
    Object.assign(run, this.createRun(run.key, settings), { target, goal });
  }

  // Runs that cannot continue (diverged or paused by a schedule error) start again from their
  // initial weights and play.
  retrainRuns(keys) {
    for (const key of keys) {
      const run = this.runs.get(key);
      if (!run) continue;
      this.retrain(run, run.settings, 0);
      run.target = run.settings.epochs;
    }
    this.playing = true;
    this.lastTick = performance.now();
    this.flush(true);
    this.schedule();
    return true;
  }

  catchingUp(run) {
    return !run.trainer.stopped && run.trainer.epochsDone < run.goal;
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

  // Returns {playing, blocked}: blocked are the keys of runs that cannot continue (diverged, or
  // paused by a schedule error), so the page can say why Play did not move them.
  play() {
    // Playing a finished view continues it by another settings.epochs.
    const all = [...this.runs.values()];
    if (all.length && !all.some((run) => this.active(run))) {
      for (const run of all) if (!run.trainer.stopped) run.target = run.trainer.epochsDone + run.settings.epochs;
    }
    this.playing = all.some((run) => this.active(run));
    this.lastTick = performance.now();
    for (const run of all) run.credit = Math.min(run.credit, 1);
    this.schedule();
    this.flush(true);
    return { playing: this.playing, blocked: all.filter((run) => run.trainer.stopped).map((run) => run.key) };
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
      Object.assign(run, { target: run.settings.epochs, goal: 0, sentEpochs: 0, sentSteps: 0, sentEvents: 0,
        credit: 0, fresh: true, diagnosisKey: '', diagnosis: null, lowestLoss: Infinity, stoppedWhilePlaying: false });
      run.segments = [this.segmentOf(run, run.settings)];
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
    if (this.timer !== null) return;
    if (this.playing || [...this.runs.values()].some((run) => this.catchingUp(run))) this.timer = setTimeout(() => this.tick(), 0);
  }

  // One slice: every active run earns epochs at the chosen speed and spends them round-robin,
  // until the slice's time is up. Then the worker goes back to its message queue.
  tick() {
    this.timer = null;
    const all = [...this.runs.values()];
    const catching = all.filter((run) => this.catchingUp(run));
    if (!this.playing && !catching.length) return;
    const now = performance.now();
    const seconds = Math.min(now - this.lastTick, 250) / 1000;
    this.lastTick = now;
    const playing = this.playing ? all.filter((run) => this.active(run) && !this.catchingUp(run)) : [];
    // Speed 0 ("as fast as the core can") trains for the whole slice; a finite speed earns epochs
    // by the clock, capped so a run never bursts ahead after a stall. A retrained run catches up
    // at full speed.
    const unlimited = this.epochsPerSecond === Infinity;
    for (const run of playing) {
      run.credit = unlimited ? Infinity : Math.min(run.credit + seconds * this.epochsPerSecond, MAX_CREDIT);
    }
    for (const run of catching) run.credit = Infinity;
    const running = [...catching, ...playing];
    const end = now + SLICE_MS;
    let worked = true;
    while (worked && performance.now() < end) {
      worked = false;
      for (const run of running) {
        const more = this.catchingUp(run) || (this.playing && this.active(run) && !catching.includes(run));
        if (run.credit >= 1 && more) {
          this.trainEpoch(run);
          run.credit -= 1;
          worked = true;
        }
      }
    }
    for (const run of catching) if (!this.catchingUp(run)) run.credit = 0;
    // A run stopped while it played (a schedule error) continues when its schedule is fixed.
    for (const run of playing) if (run.trainer.stopped) run.stoppedWhilePlaying = true;
    if (!all.some((run) => this.active(run))) this.playing = false;
    const stillCatching = all.some((run) => this.catchingUp(run));
    this.flush(!this.playing && !stillCatching);
    // Still work to do (speed 0, "as fast as the core can", or catching up): the next slice as
    // soon as queued messages are handled; setTimeout(0) would idle >= 4 ms per 6 ms slice.
    if (this.playing || stillCatching) {
      this.timer = worked ? soon(() => this.tick()) ?? true : setTimeout(() => this.tick(), 8);
    }
  }

  // Every run's whole per-epoch history, straight from its core (the page keeps only what it
  // draws, thinned for long runs): for exports. settings: what the run trains with now.
  fullHistories() {
    return [...this.runs.values()].map((run) => {
      const history = run.trainer.history(0, 1e14);
      return {
        key: run.key, settings: run.settings, segments: run.segments, diverged: history.diverged,
        train: history.train_loss, val: history.val_loss, accuracy: history.accuracy, lr: history.learning_rate,
      };
    });
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
      // Asked again whenever the history changed at all: a run that diverges mid-epoch has the
      // same epoch count as before, but not the same verdict.
      // The core reads the whole history for it, so while a run trains it is asked at most every
      // DIAGNOSIS_MS; a run that stops, and every forced post (pause, a change), gets it at once.
      const diagnosisKey = `${epochsDone}:${trainer.updates}:${trainer.stopped}:${best}`;
      const due = force || trainer.stopped || !run.diagnosis || now - run.diagnosedAt >= DIAGNOSIS_MS;
      if (diagnosisKey !== run.diagnosisKey && due) {
        run.diagnosis = trainer.diagnosis(best);
        run.diagnosisKey = diagnosisKey;
        run.diagnosedAt = now;
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
        events: history.events.slice(run.sentEvents),  // only the new ones
        diverged: history.diverged,
        diverged_epoch: history.diverged_epoch,
        epochsDone,
        updates: trainer.updates,
        stopped: trainer.stopped,
        target: run.target,
        goal: run.goal,
        segments: run.segments,
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
      run.sentEvents = history.events.length;
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
