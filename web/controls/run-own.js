// A run's own optimizer and schedule, in its row of the runs panel: a disclosure "Optimizer and
// schedule" holding an optimizer picker and a schedule picker whose first choice is "as the other
// runs" (the shared cards' settings); any other choice gives this run that component of its own
// (web/page/state.js runSettings), with its parameters below it, built from the core's registry
// as the shared cards' are. The fields are the run's: "runs.r2.optimizer.beta_1", so the core's
// refusal of a value shows beside this run's control (web/page/proposals.js refusalField).
//
// Why a disclosure per run and not a second set of cards: the row already is the run's card, and
// "Continue from here with…" is a disclosure in it too; closed, the row stays as short as before.
import { el, setText } from './dom.js';
import { componentPanel } from './component-panel.js';
import { scheduleExtra } from './schedule-extra.js';

/** "Optimizer and schedule: Lion, as the others" in words, from the run's own components. */
export function ownSummary(own, label) {
  const optimizer = own?.optimizer ? label.optimizer(own.optimizer.name) : null;
  const schedule = own?.schedule ? label.schedule(own.schedule.name) : null;
  if (!optimizer && !schedule) return 'Optimizer and schedule: as the other runs';
  return `Optimizer and schedule: ${optimizer ?? 'optimizer as the others'}, ${schedule ?? 'schedule as the others'}`;
}

/**
 * @param {{key: string, name: string, registry: any, fields: Map<string, any>,
 *          onChange: (mutate: (own: Record<string, any>) => void, field: string) => void,
 *          formula: import('./formula-box.js').FormulaChecker}} options
 *   name: the run's name in words ("run 2"); onChange: changes the run's own components
 */
export function runOwnControls({ key, name, registry, fields, onChange, formula }) {
  const prefix = `runs.${key}.`;
  const labelOf = (list) => (componentName) => list.find((c) => c.name === componentName)?.label ?? componentName;
  const label = { optimizer: labelOf(registry.optimizers), schedule: labelOf(registry.schedules) };
  const summary = el('summary', {}, ownSummary(null, label));
  const optimizerBox = el('div', { className: 'run-own-part' });
  const scheduleBox = el('div', { className: 'run-own-part' });
  const element = el('details', { className: 'run-own' }, summary,
    el('p', { className: 'field-help' }, `Give ${name} an optimizer or a schedule of its own; "as the other runs" follows the Optimizer and Schedule cards.`),
    optimizerBox, scheduleBox);
  // A message shown inside opens the disclosure, so that it is seen beside its control: the
  // run's own optimizer's and schedule's controls only (its rate and its branch form stand outside).
  const inside = [`${prefix}optimizer.`, `${prefix}schedule.`];
  const opening = new Map();
  const watched = (panelFields) => {
    for (const [field, control] of panelFields) {
      if (!inside.some((start) => field.startsWith(start)) || opening.has(control)) continue;
      const show = control.showError;
      opening.set(control, true);
      control.showError = (text, position) => {
        if (text) element.open = true;
        show(text, position);
      };
    }
  };
  const inherit = 'as the other runs';
  const optimizer = componentPanel({
    container: optimizerBox, heading: 'Optimizer', label: `Optimizer of ${name}`, section: 'optimizer', components: registry.optimizers,
    skip: ['learning_rate'], onChange, formula, fields, prefix, inherit,
  });
  const schedule = componentPanel({
    container: scheduleBox, heading: 'Schedule', label: `Schedule of ${name}`, section: 'schedule', components: registry.schedules,
    onChange, formula, fields, prefix, inherit, extra: scheduleExtra({ schedules: registry.schedules, fields, onChange, prefix }),
  });
  // The inheriting choice names what it inherits: "as the other runs (SGD)".
  const inheritOption = (panel) => panel.picker.element.querySelector('option[value=""]');
  return {
    element,
    /**
     * The run's own components (or none) and the shared settings they stand beside.
     * @param {Record<string, any> | undefined} own
     * @param {Record<string, any>} shared
     */
    render(own, shared) {
      optimizer.render(own?.optimizer ?? null);
      schedule.render(own?.schedule ?? null);
      for (const [panel, section] of /** @type {const} */ ([[optimizer, 'optimizer'], [schedule, 'schedule']])) {
        const text = `${inherit} (${label[section](shared[section].name)})`;
        const option = inheritOption(panel);
        if (option && option.textContent !== text) option.textContent = text;
      }
      const words = ownSummary(own, label);
      setText(summary, words);
      watched(fields);
    },
    /** Takes this run's fields out of the page's map (its row is gone). */
    dispose() {
      for (const field of [...fields.keys()]) if (field.startsWith(prefix) && !field.endsWith('.rate') && !field.endsWith('.branch')) fields.delete(field);
    },
  };
}
