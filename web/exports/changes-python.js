// The changes a run made while it trained, written into its listings (web/exports/code-export.js):
// PyTorch's loop makes each change where the run made it, as lrlab's trainer does
// (web/exports/settings-stretches.js), so the listing prints the run's own losses; Keras' fit()
// trains each stretch between two changes. A plateau section set anew is a new callback with
// fresh counts (core/trainer.cpp set_plateau): PyTorch's loop makes a new ReduceLROnPlateau there
// (or drops it, turned off), Keras' callback list gets a new one before the next fit().
import { py } from './python-literals.js';
import { settingsStretches, whatChanged } from './settings-stretches.js';


/**
 * The stretches a listing replays, each with the core's code facts for its settings, or null
 * when the run made no change or one no listing replays.
 * @param {Record<string, any>} settings the run's canonical settings, changes included
 * @param {any[] | undefined} stretchFacts the core's code facts per stretch (settingsStretches order)
 */
export function replayedStretches(settings, stretchFacts) {
  const stretches = settingsStretches(settings);
  if (stretches.length < 2 || stretchFacts?.length !== stretches.length) return null;
  return stretches.map((stretch, k) => ({ ...stretch, facts: stretchFacts[k] }));
}

// Where a change was made, as the listings print their epochs (from 1): a change at epoch 120,
// step 0 of the settings is made after 120 whole epochs, "after epoch 120"; one at step 2 of
// that epoch, after two of its updates, "after 2 updates of epoch 121"; one at epoch 0, step 0
// (a branch from the start), "before the first epoch".
export const where = ({ epoch, step }) => (step
  ? `after ${step} update${step === 1 ? '' : 's'} of epoch ${epoch + 1}` : epoch ? `after epoch ${epoch}` : 'before the first epoch');

// The stretch's schedule function, named for it: lr_schedule for the first, lr_schedule_k after.
export const scheduleName = (k) => (k === 0 ? 'lr_schedule' : `lr_schedule_${k}`);

// A schedule function's source (code-export.js scheduleFunction) under stretch k's name.
export const renamedSchedule = (source, k) => source.replace(/^def lr_schedule\(/, `def ${scheduleName(k)}(`);

const perStep = (settings) => settings.schedule.granularity === 'step';

/**
 * PyTorch: what the loop does at each change.
 * @param {ReturnType<typeof replayedStretches>} stretches
 * @param {{optimizerExpression: (settings: Record<string, any>, facts: any) => string,
 *           scheduleSource: (settings: Record<string, any>, facts: any) => string,
 *           plateauExpression: (plateau: Record<string, any>) => string, plateauMonitors: boolean}} write
 *   the call that makes a stretch's optimizer (its arguments read LR0), its schedule function's
 *   source, the call that makes a ReduceLROnPlateau on `optimizer`, and whether the loop reads
 *   the monitor in force from plateau_monitor (the stretches' monitors differ)
 * @returns {{schedules: string[], mixedGranularity: boolean, atEpochStart: string[], inBatch: string[], note: string[]}}
 */
export function torchChanges(stretches, { optimizerExpression, scheduleSource, plateauExpression, plateauMonitors }) {
  const mixedGranularity = new Set(stretches.map((s) => perStep(s.settings))).size > 1;
  const schedules = [];
  const atEpochStart = [];
  const inBatch = [];
  stretches.forEach((stretch, k) => {
    if (k === 0) return;
    const { change, settings } = stretch;
    const what = whatChanged(stretches[k - 1].settings, change);
    const actions = [];
    if (what.rate !== null) actions.push(`LR0 = ${py.float(what.rate)}  # the new base rate`);
    if (what.freshOptimizer) {
      if (what.rate === null) actions.push('kept = rate()  # the rate in force stays');
      actions.push(`optimizer = ${optimizerExpression(settings, stretch.facts)}  # another optimizer: fresh state`,
        what.rate === null ? 'set_rate(kept)' : 'set_rate(LR0)');
      if (settings.plateau.enabled && !what.plateau) actions.push('plateau.optimizer = optimizer  # the plateau callback cuts the new one\'s rate');
    } else if (what.rate !== null) {
      actions.push('set_rate(LR0)  # the same optimizer: its state is kept');
    }
    if (what.plateau) {
      actions.push(settings.plateau.enabled
        ? `plateau = ${plateauExpression(settings.plateau)}  # the plateau callback set anew: its counts start again`
        : 'plateau = None  # the plateau callback off from here');
      if (settings.plateau.enabled && plateauMonitors) actions.push(`plateau_monitor = ${py.str(settings.plateau.monitor)}`);
    }
    if (what.schedule) {
      schedules.push(renamedSchedule(scheduleSource(settings, stretch.facts), k));
      actions.push(`lr_schedule = ${scheduleName(k)}  # from here the rate follows this schedule`);
      if (mixedGranularity) actions.push(`PER_STEP = ${perStep(settings) ? 'True' : 'False'}`);
    }
    const comment = `# change ${k}, ${where(stretch)}`;
    if (stretch.step) {
      inBatch.push(`        if epoch == ${stretch.epoch} and first // BATCH_SIZE == ${stretch.step}:  ${comment}`,
        ...actions.map((line) => `            ${line}`));
    } else {
      atEpochStart.push(`    if epoch == ${stretch.epoch}:  ${comment}`, ...actions.map((line) => `        ${line}`));
    }
  });
  const epochs = stretches.slice(1).map(where).join(', ');
  const note = ['# This run changed its settings while it trained, and the loop below makes each change',
    `# where the run made it (${epochs}), so it prints the run's own losses.`];
  return { schedules, mixedGranularity, atEpochStart, inBatch, note };
}

/**
 * Keras: fit() once per stretch, the changes made between two calls. fit() ends on whole epochs,
 * so a change lrlab made within an epoch is made at that epoch's start (the listing says so).
 * Keras' callbacks start their counts again at each fit(): where lrlab's plateau callback went
 * on counting across a change that did not set it anew (or its EarlyStopping did), the listing
 * says at which changes.
 * @param {NonNullable<ReturnType<typeof replayedStretches>>} stretches
 * @param {{optimizerCall: (settings: Record<string, any>, facts: any) => string,
 *          scheduleSource: (settings: Record<string, any>, facts: any) => string,
 *          plateauCall: (plateau: Record<string, any>) => string,
 *          compileArgs: string, fitArgs: (epochs: string[]) => string[], earlyStopping: boolean}} write
 *   the Keras call that makes a stretch's optimizer, its schedule function's source, the call
 *   that makes a ReduceLROnPlateau, what model.compile() takes besides the optimizer, fit()'s
 *   arguments around the epochs it trains, and whether an EarlyStopping callback is in the list
 * @returns {{schedules: string[], perStep: boolean, fit: string[]}}
 */
export function kerasChanges(stretches, { optimizerCall, scheduleSource, plateauCall, compileArgs, fitArgs, earlyStopping }) {
  const schedules = [];
  // The changes across which lrlab's plateau callback kept its counts: on, and not set anew.
  const counting = stretches.flatMap((stretch, k) => (k > 0 && stretch.settings.plateau.enabled
    && stretches[k - 1].settings.plateau.enabled && !stretch.change.plateau ? [k] : []));
  const fit = [
    '# This run changed its settings while it trained: fit() trains each stretch between two',
    `# changes, which are made in between (${stretches.slice(1).map(where).join(', ')}).`,
    ...(counting.length ? [`# Keras' ReduceLROnPlateau counts its epochs again from each fit(); lrlab's went on counting across change${counting.length > 1 ? 's' : ''} ${counting.join(', ')}.`] : []),
    ...(earlyStopping ? ['# Keras\' EarlyStopping counts its epochs again from each fit(); lrlab\'s went on counting.'] : []),
    'histories = []',
  ];
  const fitTo = (from, to) => {
    if (from !== to) {
      fit.push('histories.append(model.fit(',
        ...fitArgs([`initial_epoch=${from}`, `epochs=${to}`]).map((arg) => `    ${arg},`), '))');
    }
  };
  stretches.forEach((stretch, k) => {
    if (k === 0) return;
    fitTo(stretches[k - 1].epoch, stretch.epoch);
    const { change, settings } = stretch;
    const what = whatChanged(stretches[k - 1].settings, change);
    fit.push(`# change ${k}, ${where(stretch)}${stretch.step ? ' (fit() ends on whole epochs: made at the epoch\'s start here)' : ''}`);
    if (what.rate !== null) fit.push(`LR0 = ${py.float(what.rate)}  # the new base rate`);
    if (what.freshOptimizer) {
      if (what.rate === null) fit.push('kept = float(model.optimizer.learning_rate)  # the rate in force stays');
      fit.push(`optimizer = ${optimizerCall(settings, stretch.facts)}  # another optimizer: fresh state`,
        `model.compile(optimizer=optimizer, ${compileArgs})`,
        ...(what.rate === null ? ['model.optimizer.learning_rate = kept'] : []));
    } else if (what.rate !== null) {
      fit.push('model.optimizer.learning_rate = LR0  # the same optimizer: its state is kept');
    }
    if (what.plateau) {
      // The list keeps lrlab's order of callbacks: the schedule, the plateau, EarlyStopping.
      const on = settings.plateau.enabled;
      if (stretches[k - 1].settings.plateau.enabled) {
        fit.push(`callbacks = [c for c in callbacks if not isinstance(c, keras.callbacks.ReduceLROnPlateau)]${on ? '' : '  # the plateau callback off from here'}`);
      }
      if (on) fit.push(`callbacks.insert(1, ${plateauCall(settings.plateau)})  # the plateau callback set anew`);
    }
    if (what.schedule) {
      schedules.push(renamedSchedule(scheduleSource(settings, stretch.facts), k));
      fit.push(perStep(settings)
        ? `callbacks[0] = PerStepSchedule(${scheduleName(k)}, step=${stretch.epoch} * STEPS_PER_EPOCH)`
        : `callbacks[0] = keras.callbacks.LearningRateScheduler(${scheduleName(k)})`);
    }
  });
  fitTo(stretches.at(-1).epoch, 'EPOCHS');
  return { schedules, perStep: stretches.some((s) => perStep(s.settings)), fit };
}
