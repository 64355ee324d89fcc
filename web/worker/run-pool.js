// The compared runs inside the worker: one core Trainer per run, keyed by a stable run key.
// Trains in slices of a few milliseconds so that requests (pause, a new rate, a new schedule)
// are handled between slices, and pushes what is new in each run, with everything the page shows
// of it (verdict, plateau state, accuracy, lifecycle), at most once a frame.
//
// Each run's lifecycle is one explicit state (web/worker/run-lifecycle.js); the view's transport
// (playing or paused) is the one other thing that decides whether a run trains.

import { NO_TABLES } from './worker-tables.js';
import { soon } from './soon.js';
import { begin, blocked, extend, resumed, retarget, settle, trains } from './run-lifecycle.js';

const SLICE_MS = 6;        // training time per slice: short, so requests wait at most this long
const FRAME_MS = 32;       // at most one post per drawn frame (the page draws every >= 30 ms)
const MAX_CREDIT = 4;      // epochs a playing run may owe after a stall, so it never bursts ahead
const DIAGNOSIS_MS = 200;  // a training run's verdict is refreshed at most this often

// The top-level settings sections that a running trainer can take without a fresh network.
// (early_stopping never needs a fresh network, but is not applied live: see update().)
const LIVE_SECTIONS = ['optimizer', 'schedule', 'plateau', 'early_stopping', 'epochs'];

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// The settings in force after `changes` (the core's canonical ones: whole sections), without them.
const inForce = (settings, changes) => {
  const { changes: _ignored, ...now } = settings;
  for (const change of changes) {
    if (change.optimizer) now.optimizer = change.optimizer;
    if (change.schedule) now.schedule = change.schedule;
    if (change.plateau) now.plateau = change.plateau;
  }
  return now;
};

/** @typedef {import('./lrlab-api-types.d.ts').Settings} Settings */
/** @typedef {import('./lrlab-api-types.d.ts').Trainer} Trainer */
/** @typedef {import('./lrlab-api-types.d.ts').SettingsChange} SettingsChange */
/** @typedef {import('./lrlab-api-types.d.ts').LrlabApi} LrlabApi */
/** @typedef {import('./run-lifecycle.js').Lifecycle} Lifecycle */
/** @typedef {import('../protocol/messages.js').Segment} Segment */
/** @typedef {import('../protocol/messages.js').Verdict} Verdict */
/** @typedef {import('../protocol/messages.js').RunIncrement} RunIncrement */
/** @typedef {import('../protocol/messages.js').PushedMessage} PushedMessage */

/**
 * @typedef {{
 *   key: string, trainer: Trainer, settings: Settings, lifecycle: Lifecycle,
 *   credit: number, fresh: boolean, retrained: boolean,
 *   sent: { epochs: number, steps: number, events: number, sharpness: number, changes: number },
 *   verdict: Verdict | null, verdictKey: string, verdictAt: number,
 *   lowestLoss: number, segments: Segment[], start: Settings, changes: SettingsChange[],
 * }} Run
 */

export class RunPool {
  /**
   * @param {LrlabApi} api
   * @param {(message: PushedMessage, transfer?: Transferable[]) => void} post
   * @param {{ for: (settings: unknown) => (import('./lrlab-api-types.d.ts').Table | undefined) }} [tables]
   *   the real problems' tables this worker was given (web/worker/worker-tables.js)
   */
  constructor(api, post, tables = NO_TABLES) {
    this.api = api;
    this.tables = tables;
    this.post = post;
    /** @type {Map<string, Run>} */
    this.runs = new Map();
    this.playing = false;      // the view's transport: runs that can train, train
    this.epochsPerSecond = 30;
    this.lastTick = 0;
    this.lastPost = 0;
    this.timer = null;
    /** @type {((runs: Map<string, Run>) => number) | null} */
    this.sweepReference = null;  // web/worker/sweep-reference.js
    const registry = api.registry();
    this.labels = {
      optimizers: new Map(registry.optimizers.map((o) => [o.name, o.label])),
      schedules: new Map(registry.schedules.map((o) => [o.name, o.label])),
    };
  }

  /**
   * Validates every run first, so a bad value changes nothing, then brings each trainer to its
   * settings: a new rate, optimizer, schedule or plateau reaches the run as it is (mid-run while
   * it plays, or where its schedule paused it) or retrains it up to the view's epoch (when it
   * was not training); a new problem, model, seed or batch size rebuilds it from epoch 0.
   * hold: the view stays paused and new runs wait at epoch 0 (a lesson's question is open).
   * @param {{ key: string, settings: unknown, replay?: unknown }[]} specs  replay: a link's
   *   settings with changes for a run not made yet (used when they lead to `settings`)
   * @param {{ hold?: boolean }} [options]
   * @returns {Settings[]} each run's settings as the core validated them
   */
  apply(specs, { hold = false } = {}) {
    const canonical = specs.map(({ key, settings }) => ({ key, settings: this.api.validateSettings(settings, this.tables.for(settings)) }));
    // A new run a link restored with its changes while training starts from them, if they lead to
    // the settings it is given (they are what it trains with now): its history is the link's.
    const replays = new Map(specs.filter((spec) => spec.replay && !this.runs.has(spec.key)).map((spec) => [spec.key, spec.replay]));
    const wanted = new Set(canonical.map((run) => run.key));
    for (const [key, run] of this.runs) {
      if (!wanted.has(key)) {
        run.trainer.delete();
        this.runs.delete(key);
      }
    }
    const viewEpoch = this.viewEpoch();
    let started = false;  // a new view: it plays at once, like the view on load
    let resume = false;   // a fixed schedule continues a run its error paused while it played
    for (const { key, settings } of canonical) {
      const run = this.runs.get(key);
      if (!run) {
        // A run added to a view that is not playing catches up with it at once, like a retrain.
        // A run created with changes (a branch) replays at full speed through its last change:
        // that part of its history was seen already (its parent's), so it is not shown growing.
        // Not while a lesson's question holds the runs: every run waits at epoch 0 (its reset
        // replays the branch when the student has answered).
        const replay = this.replayFor(replays.get(key), settings);
        const replayed = hold ? 0 : (replay ?? settings).changes?.at(-1)?.epoch ?? 0;
        const catchUp = !this.playing && viewEpoch > 0 ? Math.min(settings.epochs, viewEpoch) : 0;
        const to = Math.max(catchUp, replayed);
        this.runs.set(key, this.createRun(key, settings, to, Math.max(settings.epochs, to), replay));
        started = started || catchUp === 0;
      } else {
        const answer = this.update(run, settings, viewEpoch);
        started = started || answer === 'rebuilt';
        resume = resume || answer === 'resumed';
      }
    }
    const wasPlaying = this.playing;
    if (hold) this.playing = false;
    else if (started || resume) this.playing = true;
    if (this.playing && !wasPlaying) {
      this.lastTick = performance.now();  // a paused view owes no epochs for the time it stood still
      if (started) this.prepareToPlay();
    }
    this.settleAll();
    this.flush(true);
    this.schedule();
    return canonical.map((run) => run.settings);
  }

  // The epoch the view has reached: the most epochs any run has done, or is catching up to (a
  // second change while a retrain catches up retrains to where the view was, not to where the
  // first retrain had got).
  viewEpoch() {
    let epochs = 0;
    for (const run of this.runs.values()) {
      const to = run.lifecycle.name === 'catching-up' ? run.lifecycle.to : 0;
      epochs = Math.max(epochs, run.trainer.epochsDone, to);
    }
    return epochs;
  }

  /**
   * What the run trains with from now on (or from `epoch`), as the page words it (web/words/run-label.js).
   * @param {Run} run
   * @param {Settings} settings
   * @param {number} [epoch]
   * @returns {Segment}
   */
  segmentOf(run, settings, epoch = run.trainer.epochsDone) {
    const { optimizer, schedule, plateau } = settings;
    return {
      epoch,
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

  /**
   * A run with fresh weights (the same initial ones for the same seed).
   * @param {string} key
   * @param {Settings} settings
   * @param {number} [to]  epochs to catch up to at full speed (0: train with the view)
   * @param {number} [until]  where it finishes
   * @param {Settings | null} [replay]  settings with changes that lead to `settings` (a link's)
   * @returns {Run}
   */
  createRun(key, settings, to = 0, until = settings.epochs, replay = null) {
    const start = replay ?? settings;
    /** @type {Run} */
    const run = {
      key,
      trainer: this.api.createTrainer(start, this.tables.for(start)),
      settings,
      lifecycle: begin(until, this.playing, to),
      credit: 0,
      fresh: true,               // the page must drop what it drew for this key
      retrained: to > 0,         // ... and may keep the replaced curve faded for a moment
      sent: { epochs: 0, steps: 0, events: 0, sharpness: 0, changes: -1 },
      verdict: null,
      verdictKey: '',
      verdictAt: -Infinity,
      lowestLoss: Infinity,      // lowest finite training loss so far, for bestReference()
      segments: [],              // what it trained with, from which epoch (web/words/run-label.js)
      start,                     // what it was created with (a branch's or a link's changes included)
      changes: [],               // the changes made live since, as data (recordedSettings)
    };
    run.segments = this.createdSegments(run, start);
    return run;
  }

  /**
   * `replay` validated, if its changes lead to `settings` (the sections in force after the last
   * change are the ones given; nothing else differs), else null.
   * @param {unknown} replay
   * @param {Settings} settings
   * @returns {Settings | null}
   */
  replayFor(replay, settings) {
    if (!replay) return null;
    try {
      const checked = this.api.validateSettings(replay, this.tables.for(replay));
      const { changes = [], ...start } = checked;
      if (!changes.length) return null;
      return same({ ...inForce(start, changes), epochs: settings.epochs }, settings) ? { ...checked, epochs: settings.epochs } : null;
    } catch {
      return null;  // a link's replay the core refuses: the run trains its settings as they are
    }
  }

  /**
   * The segments of a run created with changes (a branch): one from epoch 0, then one per change
   * with the sections it made (the core's canonical changes hold them whole).
   * @param {Run} run
   * @param {Settings} settings
   * @returns {Segment[]}
   */
  createdSegments(run, settings) {
    const segments = [this.segmentOf(run, settings, 0)];
    let now = settings;
    for (const change of settings.changes ?? []) {
      now = inForce(now, [change]);
      const segment = this.segmentOf(run, now, change.epoch);
      if (segments.at(-1).epoch === segment.epoch) segments[segments.length - 1] = segment;
      else segments.push(segment);
    }
    return segments;
  }

  /**
   * A change reaches a run in one of three ways, so that every change answers visibly:
   * - a playing run continues mid-run with the change (the epoch is recorded in its segments,
   *   and the chart marks it);
   * - a run its schedule paused takes a new schedule and continues where it stopped;
   * - a run that is not training (idle, finished, diverged, catching up) retrains from the same
   *   initial weights with the new settings, at full speed, up to the epoch the view had reached.
   * Anything that needs a fresh network (problem, model, seed, batch size) rebuilds it from 0.
   * @param {Run} run
   * @param {Settings} settings
   * @param {number} viewEpoch
   * @returns {'same' | 'rebuilt' | 'live' | 'resumed' | 'retrained'}
   */
  update(run, settings, viewEpoch) {
    const old = run.settings;
    if (same(settings, old)) return 'same';
    const rebuild = Object.keys(settings).some(
      (section) => !LIVE_SECTIONS.includes(section) && !same(settings[section], old[section]));
    if (rebuild) {
      run.trainer.delete();
      this.runs.set(run.key, this.createRun(run.key, settings));
      return 'rebuilt';
    }
    if (settings.epochs !== old.epochs) run.lifecycle = retarget(run.lifecycle, old.epochs, settings.epochs);
    // A run EarlyStopping ended had finished its course early: on a paused view its retrain goes as
    // far as the run was to go (its stop is no measure of how far the view got); on a playing view
    // it catches up with the view and plays on.
    const reach = run.lifecycle.name === 'stopped-early' && !this.playing ? run.lifecycle.until : viewEpoch;
    // Where EarlyStopping stops depends on every epoch it watched: a change retrains the run from
    // its initial weights with the new settings, so its history is the CLI's for them.
    if (!same(settings.early_stopping, old.early_stopping)) {
      this.retrain(run, settings, Math.min(run.lifecycle.until, reach));
      return 'retrained';
    }
    const changed = ['optimizer', 'schedule', 'plateau'].some((section) => !same(settings[section], old[section]));
    if (!changed) {
      run.settings = settings;
      return 'same';
    }
    const name = run.lifecycle.name;
    const scheduleFix = name === 'schedule-paused' && !same(settings.schedule, old.schedule);
    if (name === 'playing' || scheduleFix) {
      this.applyLive(run, settings);
      if (scheduleFix && run.trainer.resume()) {
        const wasPlaying = run.lifecycle.name === 'schedule-paused' && run.lifecycle.resume === 'playing';
        run.lifecycle = resumed(run.lifecycle);
        return wasPlaying ? 'resumed' : 'live';
      }
      return 'live';
    }
    this.retrain(run, settings, Math.min(run.lifecycle.until, reach));
    return 'retrained';
  }

  /**
   * The change applied to the trainer as it is: its weights and history stay.
   * @param {Run} run
   * @param {Settings} settings
   */
  applyLive(run, settings) {
    const old = run.settings;
    const trainer = run.trainer;
    const { learning_rate: newRate, ...newOptimizer } = settings.optimizer;
    const { learning_rate: oldRate, ...oldOptimizer } = old.optimizer;
    // The change as data, at the point the trainer stands (the core replays it there, through the
    // same setters: core/trainer.cpp apply_due_changes). Between two epochs step is 0; within one
    // (a run its schedule paused mid-epoch) it is the updates the epoch had done.
    const epoch = trainer.epochsDone;
    const step = trainer.updates - epoch * trainer.stepsPerEpoch;
    /** @type {SettingsChange} */
    const change = { epoch, ...(step > 0 && { step }) };
    if (!same(newOptimizer, oldOptimizer)) trainer.setOptimizer(settings.optimizer);
    else if (newRate !== oldRate) trainer.setLearningRate(newRate);
    if (!same(settings.optimizer, old.optimizer)) change.optimizer = settings.optimizer;
    if (!same(settings.schedule, old.schedule)) {
      trainer.setSchedule(settings.schedule);
      change.schedule = settings.schedule;
    }
    if (!same(settings.plateau, old.plateau)) {
      trainer.setPlateau(settings.plateau);
      change.plateau = settings.plateau;
    }
    run.changes.push(change);
    run.settings = settings;
    const segment = this.segmentOf(run, settings);
    // Several changes before the next epoch: the last one is what the run trains with.
    if (run.segments.at(-1).epoch === segment.epoch) run.segments[run.segments.length - 1] = segment;
    else run.segments.push(segment);
  }

  /**
   * Fresh weights (the same initial ones: same seed) with these settings, trained at once up to
   * `to` epochs. The page keeps the old curve faded for a moment (web/page/run-histories.js).
   * @param {Run} run
   * @param {Settings} settings
   * @param {number} to
   */
  retrain(run, settings, to) {
    run.trainer.delete();
    this.runs.set(run.key, this.createRun(run.key, settings, to, run.lifecycle.until));
  }

  /**
   * Runs that cannot continue (diverged or paused by a schedule error) start again from their
   * initial weights, and the view plays.
   * @param {string[]} keys
   */
  retrainRuns(keys) {
    for (const key of keys) {
      const run = this.runs.get(key);
      if (!run) continue;
      run.trainer.delete();
      this.runs.set(key, this.createRun(key, run.settings));
    }
    this.playing = true;
    this.lastTick = performance.now();
    this.settleAll();
    this.flush(true);
    this.schedule();
    return true;
  }

  /**
   * The steps an epoch of these (canonical) settings takes: a run's trainer's when one trains the
   * same problem at that batch size, else a trainer's built for them and let go (a link opened,
   * or a problem just picked, has no run of them yet: its first run's count was not theirs).
   * @param {Settings} settings
   * @param {any} [table] the real table the settings name
   */
  stepsPerEpochOf(settings, table) {
    for (const run of this.runs.values()) {
      if (run.settings.batch_size === settings.batch_size && same(run.settings.problem, settings.problem)) return run.trainer.stepsPerEpoch;
    }
    let trainer = null;
    try {
      trainer = this.api.createTrainer(settings, table);
      return trainer.stepsPerEpoch;
    } catch {
      return this.stepsPerEpoch(settings.batch_size);  // a table not here yet: the estimate
    } finally {
      trainer?.delete();
    }
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

  /**
   * What the run's trainer says of itself: two cheap reads while it trains, its whole status once
   * it has stopped (why it stopped decides its lifecycle).
   * @param {Run} run
   * @returns {import('./run-lifecycle.js').TrainerFacts}
   */
  facts(run) {
    const trainer = run.trainer;
    if (!trainer.stopped) return { epochsDone: trainer.epochsDone, stopped: false, diverged: false, stoppedBy: '' };
    const status = trainer.status();
    return { epochsDone: status.epochs_done, stopped: true, diverged: status.diverged, stoppedBy: status.stopped_by };
  }

  // Every run where its trainer and the transport say it is; the view stops playing once no run
  // trains.
  settleAll() {
    for (const run of this.runs.values()) run.lifecycle = settle(run.lifecycle, this.facts(run), this.playing);
    if (this.playing && ![...this.runs.values()].some((run) => trains(run.lifecycle))) {
      this.playing = false;
      this.settleAll();
    }
  }

  // Play on a view where no run can train continues every finished run by its settings' epochs.
  prepareToPlay() {
    const all = [...this.runs.values()];
    const canTrain = (run) => !blocked(run.lifecycle) && run.lifecycle.name !== 'finished';
    if (all.length && !all.some(canTrain)) {
      for (const run of all) run.lifecycle = extend(run.lifecycle, run.trainer.epochsDone, run.settings.epochs);
    }
    for (const run of all) run.credit = Math.min(run.credit, 1);
  }

  /**
   * @returns {{ playing: boolean, blocked: string[] }} blocked: the keys of runs that cannot
   *   continue (diverged, or paused by a schedule error), so the page can say why Play did not
   *   move them.
   */
  play() {
    this.prepareToPlay();
    this.playing = true;
    this.lastTick = performance.now();
    this.settleAll();
    this.schedule();
    this.flush(true);
    return { playing: this.playing, blocked: [...this.runs.values()].filter((run) => blocked(run.lifecycle)).map((run) => run.key) };
  }

  pause() {
    this.playing = false;
    this.settleAll();
    this.flush(true);
    return true;
  }

  // One mini-batch (or one epoch) for every run, by hand: the view pauses; a run stepped past
  // where it would finish finishes there.
  stepAll() {
    return this.byHand((trainer) => trainer.step());
  }

  epochAll() {
    return this.byHand((trainer) => trainer.epoch());
  }

  byHand(train) {
    this.playing = false;
    for (const run of this.runs.values()) {
      train(run.trainer);
      const { until } = run.lifecycle;
      run.lifecycle = { ...run.lifecycle, until: Math.max(until, run.trainer.epochsDone) };
    }
    this.settleAll();
    this.flush(true);
    return true;
  }

  // Fresh weights for every run, and play from the start: watching it happen again is what a
  // reset is for here (Pause is one click away for stepping through by hand).
  resetAll() {
    this.playing = true;
    this.lastTick = performance.now();
    for (const run of this.runs.values()) {
      // Reset trains what the run trains with now; a trainer created with a link's changes would
      // replay them, so it is made again from the settings in force.
      if (run.start.changes?.length && run.start !== run.settings) {
        run.trainer.delete();
        run.trainer = this.api.createTrainer(run.settings, this.tables.for(run.settings));
      } else {
        run.trainer.reset();
      }
      // A branch replays its shared history at full speed again, as when it was made.
      const replayed = run.settings.changes?.at(-1)?.epoch ?? 0;
      Object.assign(run, {
        lifecycle: begin(Math.max(run.settings.epochs, replayed), true, replayed), credit: 0, fresh: true, retrained: false,
        sent: { epochs: 0, steps: 0, events: 0, sharpness: 0, changes: -1 }, verdict: null, verdictKey: '', lowestLoss: Infinity,
      });
      run.segments = this.createdSegments(run, run.settings);
      // Reset trains the settings in force from epoch 0 (a branch replays its own changes).
      run.start = run.settings;
      run.changes = [];
    }
    this.settleAll();
    this.flush(true);
    this.schedule();
    return true;
  }

  /** @param {number} epochsPerSecond  0: as fast as the core can */
  setSpeed(epochsPerSecond) {
    this.epochsPerSecond = epochsPerSecond > 0 ? epochsPerSecond : Infinity;
    return true;
  }

  schedule() {
    if (this.timer !== null) return;
    if ([...this.runs.values()].some((run) => trains(run.lifecycle))) this.timer = setTimeout(() => this.tick(), 0);
  }

  // One slice: every playing run earns epochs at the chosen speed and every catching-up run may
  // train without limit; they spend them round-robin until the slice's time is up. Then the
  // worker goes back to its message queue.
  tick() {
    this.timer = null;
    const running = [...this.runs.values()].filter((run) => trains(run.lifecycle));
    if (!running.length) return;
    const now = performance.now();
    const seconds = Math.min(now - this.lastTick, 250) / 1000;
    this.lastTick = now;
    // Speed 0 ("as fast as the core can") trains for the whole slice; a finite speed earns epochs
    // by the clock, capped so a run never bursts ahead after a stall. A catching-up run trains
    // at full speed.
    const unlimited = this.epochsPerSecond === Infinity;
    for (const run of running) {
      run.credit = run.lifecycle.name === 'catching-up' || unlimited ? Infinity
        : Math.min(run.credit + seconds * this.epochsPerSecond, MAX_CREDIT);
    }
    const end = now + SLICE_MS;
    let worked = true;
    while (worked && performance.now() < end) {
      worked = false;
      for (const run of running) {
        if (run.credit < 1 || !trains(run.lifecycle)) continue;
        const catching = run.lifecycle.name === 'catching-up';
        run.trainer.epoch();
        run.credit -= 1;
        worked = true;
        run.lifecycle = settle(run.lifecycle, this.facts(run), this.playing);
        // Caught up: from here it earns epochs at the chosen speed, from the next slice on.
        if (catching && run.lifecycle.name !== 'catching-up') run.credit = 0;
      }
    }
    for (const run of running) if (run.lifecycle.name !== 'playing') run.credit = 0;
    this.settleAll();
    const more = [...this.runs.values()].some((run) => trains(run.lifecycle));
    this.flush(!more);
    // Still work to do: the next slice as soon as queued messages are handled; setTimeout(0)
    // would idle >= 4 ms per 6 ms slice.
    if (more) this.timer = worked ? soon(() => this.tick()) ?? true : setTimeout(() => this.tick(), 8);
  }

  /**
   * Each run's verdict as of `from`, `from` + 1, ... `from` + `count` - 1 epochs done (the page's
   * cursor and the epochs beside it, web/page/cursor-verdicts.js), from the core's diagnosis of
   * its history as it stood then. Its best reference is, like a live verdict's, the lowest loss a
   * compared run had reached, but by that epoch: what the verdict would have said then.
   * @param {number} from
   * @param {number} count
   * @returns {Array<Record<string, Verdict>>} one entry per epoch, from `from` on
   */
  verdictsFrom(from, count) {
    const runs = [...this.runs.values()];
    const losses = runs.map((run) => run.trainer.epochHistory(0).train_loss);
    // The lowest loss any run had reached by `from` epochs, then carried along epoch by epoch.
    let best = Infinity;
    const lower = (epoch) => {
      for (const column of losses) {
        const loss = column[epoch];
        if (Number.isFinite(loss)) best = Math.min(best, loss);
      }
    };
    for (let epoch = 0; epoch < from; epoch++) lower(epoch);
    const answers = [];
    for (let epochs = from; epochs < from + count; epochs++) {
      if (epochs > from) lower(epochs - 1);
      /** @type {Record<string, Verdict>} */
      const verdicts = {};
      for (const run of runs) {
        const diagnosis = run.trainer.diagnosisAt(epochs, Number.isFinite(best) ? best : NaN);
        const diverged = diagnosis.verdict === 'diverged';
        verdicts[run.key] = { ...diagnosis, diverged, divergedEpoch: diverged ? Number(diagnosis.evidence.diverged_epoch ?? -1) : -1 };
      }
      answers.push(verdicts);
    }
    return answers;
  }

  /**
   * The settings that reproduce the run's history from epoch 0: what it was created with and every
   * change made to it live, in order (docs/semantics.md, "Changes while training").
   * @param {Run} run
   * @returns {Settings}
   */
  recordedSettings(run) {
    // Its length is the one it has now ("Stop after" is not a change to its training).
    if (!run.changes.length) return { ...run.start, epochs: run.settings.epochs };
    return { ...run.start, epochs: run.settings.epochs, changes: [...(run.start.changes ?? []), ...run.changes] };
  }

  // Every run's whole per-epoch history, straight from its core (the page keeps only what it
  // draws, thinned for long runs): for exports. settings: the run's recorded settings, which the
  // CLI replays to the same history.
  fullHistories() {
    return [...this.runs.values()].map((run) => {
      const history = run.trainer.epochHistory(0);
      return {
        key: run.key, settings: this.recordedSettings(run), segments: run.segments, diverged: history.diverged,
        train: history.train_loss, val: history.val_loss, accuracy: history.accuracy,
        val_accuracy: history.val_accuracy, lr: history.learning_rate,
        reported_train: history.reported_train_loss, reported_val: history.reported_val_loss,
      };
    });
  }

  // The core's diagnosis tells "stuck" from "already at the bottom" by the lowest loss any
  // compared run reached: passed in as its best_reference (NaN with nothing to compare).
  bestReference() {
    let best = Infinity;
    for (const run of this.runs.values()) best = Math.min(best, run.lowestLoss);
    // And what a finished sweep of the same settings reached (web/worker/sweep-reference.js).
    const shared = this.sweepReference?.(this.runs);
    if (shared >= 0) best = Math.min(best, shared);
    return Number.isFinite(best) ? best : NaN;
  }

  /**
   * The run's verdict, asked of the core again whenever its history changed at all (a run that
   * diverges mid-epoch has the same epoch count as before, but not the same verdict). The core
   * reads the whole history for it, so while a run trains it is asked at most every DIAGNOSIS_MS;
   * a run that stops, and every forced post (pause, a change), gets it at once. The diverged flag
   * travels inside it, read from the same history: a reader never has to choose between them.
   * @param {Run} run
   * @param {{ diverged: boolean, diverged_epoch: number }} history
   * @param {number} best
   * @param {boolean} force
   * @param {number} now
   * @returns {Verdict}
   */
  verdictOf(run, history, best, force, now) {
    const trainer = run.trainer;
    const key = `${trainer.epochsDone}:${trainer.updates}:${history.diverged}:${trainer.stopped}:${best}`;
    const stale = !run.verdict || run.verdict.diverged !== history.diverged;
    const due = force || stale || trainer.stopped || now - run.verdictAt >= DIAGNOSIS_MS;
    if (key !== run.verdictKey && due) {
      const diagnosis = trainer.diagnosis(best);
      run.verdict = { ...diagnosis, diverged: history.diverged, divergedEpoch: history.diverged_epoch };
      run.verdictKey = key;
      run.verdictAt = now;
    }
    return run.verdict;
  }

  /**
   * Posts each run's new epochs, step records and events (typed arrays transferred, not copied
   * again) with where the run stands: lifecycle, verdict, plateau state, latest accuracy.
   * @param {boolean} [force]  post now, not at most once a frame
   */
  flush(force = false) {
    const now = performance.now();
    if (!force && now - this.lastPost < FRAME_MS) return;
    this.lastPost = now;
    /** @type {Transferable[]} */
    const transfer = [];
    /** @type {RunIncrement[]} */
    const runs = [];
    const histories = new Map();
    for (const run of this.runs.values()) {
      const history = run.trainer.history(run.sent.epochs, run.sent.steps);
      for (const loss of history.train_loss) if (Number.isFinite(loss)) run.lowestLoss = Math.min(run.lowestLoss, loss);
      histories.set(run, history);
    }
    const best = this.bestReference();
    for (const [run, history] of histories) {
      const trainer = run.trainer;
      const epochsDone = trainer.epochsDone;
      const sharpness = trainer.sharpness(run.sent.sharpness);
      /** @type {RunIncrement} */
      const increment = {
        key: run.key,
        fresh: run.fresh,
        retrained: run.retrained,
        from: run.sent.epochs,
        train_loss: history.train_loss,
        val_loss: history.val_loss,
        accuracy: history.accuracy,
        val_accuracy: history.val_accuracy,
        learning_rate: history.learning_rate,
        // Schedule-free rules: the losses at the weights they report (x); NaN for other rules.
        reported_train_loss: history.reported_train_loss,
        reported_val_loss: history.reported_val_loss,
        initial_train_loss: history.initial_train_loss,
        events: history.events.slice(run.sent.events),  // only the new ones
        // Per recorded step, for the step-size chart (web/views/step-sizes/): the core's spread of
        // per-parameter step sizes, from the first step record not sent yet.
        step_index: history.step_index,
        step_size_min: history.step_size_min,
        step_size_median: history.step_size_median,
        step_size_max: history.step_size_max,
        sharpness,
        segments: run.segments,
        status: run.lifecycle.name,
        epochsDone,
        until: run.lifecycle.until,
        updates: trainer.updates,
        stepsPerEpoch: trainer.stepsPerEpoch,
        learningRate: trainer.learningRate,
        verdict: this.verdictOf(run, history, best, force, now),
        plateau: trainer.plateauState(),
      };
      // The settings that replay the run, once each time its live changes grow (for links).
      if (run.sent.changes !== run.changes.length) increment.recorded = run.changes.length || run.start.changes?.length ? this.recordedSettings(run) : null;
      run.fresh = false;
      run.retrained = false;
      run.sent = {
        epochs: run.sent.epochs + history.train_loss.length,
        steps: run.sent.steps + history.step_loss.length,
        events: history.events.length,
        sharpness: run.sent.sharpness + sharpness.sharpness.length,
        changes: run.changes.length,
      };
      for (const name of ['train_loss', 'val_loss', 'accuracy', 'val_accuracy', 'learning_rate',
        'reported_train_loss', 'reported_val_loss', 'step_index', 'step_size_min', 'step_size_median', 'step_size_max']) {
        transfer.push(increment[name].buffer);
      }
      for (const series of Object.values(sharpness)) transfer.push(series.buffer);
      runs.push(increment);
    }
    this.post({ type: 'update', playing: this.playing, runs }, transfer);
  }
}
