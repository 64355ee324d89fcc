// A run's settings as the stretches it trained with: the settings it started with, then the
// settings in force after each of its recorded changes (docs/semantics.md "Changes while
// training"). The core writes every change whole (each section it names complete), so a
// stretch's settings are the previous stretch's with the change's sections put in place.
// What a change did is read as the core's trainer applies it (core/trainer.cpp
// apply_due_changes): an optimizer with the same name and parameters only takes the new rate
// (its state kept); another optimizer, or other parameters, starts with fresh state; a schedule
// or plateau section is set anew.

const SECTIONS = ['optimizer', 'schedule', 'plateau'];

/**
 * @typedef {{epoch: number, step: number, settings: Record<string, any>, change: Record<string, any> | null}} Stretch
 * @param {Record<string, any>} settings the core's canonical settings, `changes` possibly listed
 * @returns {Stretch[]} the first stretch starts at epoch 0 with change null
 */
export function settingsStretches(settings) {
  const { changes = [], ...startSettings } = settings;
  const stretches = [{ epoch: 0, step: 0, settings: startSettings, change: null }];
  for (const change of changes) {
    const previous = stretches.at(-1).settings;
    const next = { ...previous };
    for (const section of SECTIONS) if (change[section]) next[section] = change[section];
    stretches.push({ epoch: change.epoch, step: change.step ?? 0, settings: next, change });
  }
  return stretches;
}

// The optimizer's parameters without its rate, as text: two optimizers with the same text are
// one optimizer whose rate may have moved.
const optimizerKind = ({ learning_rate: _rate, ...rest }) => JSON.stringify(rest);

/**
 * What one change did to the stretch before it.
 * @param {Record<string, any>} before the settings in force before the change
 * @param {Record<string, any>} change
 * @returns {{freshOptimizer: boolean, rate: number | null, schedule: boolean, plateau: boolean}}
 *   rate: the new base rate, null when it stayed
 */
export function whatChanged(before, change) {
  const optimizer = change.optimizer;
  const freshOptimizer = Boolean(optimizer) && optimizerKind(optimizer) !== optimizerKind(before.optimizer);
  const rate = optimizer && optimizer.learning_rate !== before.optimizer.learning_rate ? optimizer.learning_rate : null;
  return { freshOptimizer, rate, schedule: Boolean(change.schedule), plateau: Boolean(change.plateau) };
}
