// The settings cards (schedule, optimizer, callbacks, problem and model) and the transport's
// two sliders (speed, "Stop after"), built from the core's registry. Each proposes its change; each
// shows the adopted state (the page model's), and the message the page derives for its field.
import { componentPanel } from './component-panel.js';
import { callbackPanel } from './callback-panel.js';
import { problemPanel } from './problem-panel.js';
import { sliderField } from './slider-field.js';
import { scheduleExtra } from './schedule-extra.js';
import { startSpeedReadout } from './speed-readout.js';

/** @type {(id: string) => any} */
const $ = (id) => document.getElementById(id);

/**
 * @param {{store: import('../page/model.js').ModelStore, call: (type: string, args?: any) => Promise<any>,
 *          propose: (mutate: (draft: any) => void, field: string) => void, fields: Map<string, any>}} options
 *   fields: settings field -> its control (showError, setValue): where the page's messages go
 */
export function startSettingsCards({ store, call, propose, fields }) {
  const { registry } = store.get();
  const changeSettings = (mutate, field) => propose((draft) => mutate(draft.settings), field);
  // The formula box asks the core whether its text parses at every pause in typing; a formula
  // that does is drawn at once in the preview (not applied: Enter applies it), so the curve
  // follows what is typed. A failing check is the model's `syntax`, shown beside the box.
  /** @type {import('./formula-box.js').FormulaChecker} */
  const formula = {
    check: (expression) => call('checkFormula', { expression }),
    checked(field, expression, result) {
      const { state } = store.get();
      const schedule = state.settings.schedule;
      // A formula that parses is drawn; back to the one in force, that one is (no draft). One that
      // does not parse is not drawn at all (web/views/schedule/schedule-view.js reads `syntax`).
      let draftSchedule = store.get().draftSchedule;
      if (result.ok && schedule.name === 'formula') draftSchedule = expression !== schedule.expression ? { ...schedule, expression } : null;
      store.update({ syntax: result.ok ? null : { field, text: expression, message: result.message, position: result.position }, draftSchedule });
    },
  };
  const schedule = componentPanel({
    container: $('schedule-controls'), heading: 'Schedule', section: 'schedule', components: registry.schedules,
    onChange: changeSettings, formula, fields,
    extra: scheduleExtra({ schedules: registry.schedules, fields, onChange: changeSettings }),
  });
  const optimizer = componentPanel({
    container: $('optimizer-controls'), heading: 'Optimizer', section: 'optimizer', components: registry.optimizers,
    skip: ['learning_rate'], onChange: changeSettings, formula, fields,
  });
  const plateau = callbackPanel({
    container: $('plateau-controls'), section: 'plateau', specs: registry.plateau.params, onChange: changeSettings, fields,
    title: 'Reduce the rate when the loss plateaus (ReduceLROnPlateau)',
  });
  const earlyStopping = callbackPanel({
    container: $('early-stopping-controls'), section: 'early_stopping', specs: registry.early_stopping.params,
    onChange: changeSettings, fields, title: 'Stop when the monitored loss stops improving (EarlyStopping)',
  });
  const problem = problemPanel({ container: $('problem-controls'), registry, onChange: changeSettings, fields, call });

  const speed = sliderField({
    label: 'Speed, epochs/s', description: 'epochs per second per run; 0: as fast as the core can', min: 1, max: 1000, log: true,
    value: store.get().state.speed, field: 'speed', meanings: { 0: 'as fast as the core can' },
    // The speed needs no validation: the worker takes it at once, and the model adopts it.
    onInput: (value) => {
      call('speed', { epochsPerSecond: value });
      const { state } = store.get();
      store.update({ state: { ...state, speed: value } });
    },
  });
  $('speed-slot').append(speed.element);
  const readout = document.createElement('p');
  Object.assign(readout, { id: 'speed-readout', className: 'field-note', hidden: true });
  $('speed-slot').append(readout);
  startSpeedReadout({ store, element: readout });
  const epochs = sliderField({
    label: 'Stop after (epochs)', min: 1, max: 5000, log: true, integer: true, value: store.get().state.settings.epochs, field: 'epochs',
    // The description says why a run's counter can exceed this number: Play on stopped runs adds it.
    description: 'Play on runs that have stopped trains this many more',
    onInput: (value, { final }) => final && changeSettings((settings) => { settings.epochs = Math.round(value); }, 'epochs'),
  });
  fields.set('epochs', epochs);
  $('epochs-slot').append(epochs.element);

  // Every adopted state, and every refusal (a refused value goes back to the one in force).
  store.subscribe((model, changed) => {
    if (!changed.has('state') && !changed.has('refusals')) return;
    const { settings } = model.state;
    schedule.render(settings.schedule);
    optimizer.render(settings.optimizer);
    plateau.render(settings.plateau);
    earlyStopping.render(settings.early_stopping);
    problem.render(settings);
    epochs.setValue(settings.epochs);
    speed.setValue(model.state.speed);
  });
}
