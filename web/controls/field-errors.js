// Shows the page's message for each control (web/page/control-errors.js derives them from the
// model): a control's line changes only when its message does. A control built again (a card
// that rebuilds its fields) is a new control, so it gets its message at once.
import { controlErrors } from '../page/control-errors.js';
import { valueAt } from '../page/state.js';

// A control says its refusal in its own words: the label it shows, how to go on there, and the
// value in force as it shows it (label, retry, noun, words(value): web/controls/param-field.js,
// slider-field.js); the one place a field's visible name comes from is its control.
/**
 * @param {Map<string, {showError: (text: string, position?: number) => void, label?: string,
 *          retry?: string, noun?: string, words?: (value: any) => string}>} fields
 * @returns {(model: import('../page/model.js').PageModel) => void} draws the model's messages
 */
export function fieldErrors(fields) {
  /** @type {WeakMap<object, string>} */
  const shown = new WeakMap();
  return (model) => {
    const errors = controlErrors({
      refusals: model.refusals, syntax: model.syntax, scheduleName: model.state.settings.schedule.name,
      runs: model.state.runs.map((run, index) => ({ index, record: model.runs.get(run.key), key: run.key, ownSchedule: run.own?.schedule?.name, rate: run.rate }))
        .filter((run) => run.record),
      describe: (field) => {
        const control = fields.get(field);
        if (!control?.label) return undefined;
        const value = valueAt(model.state, field);
        const shown = value === undefined || value === null || !control.words ? '' : control.words(value);
        return { label: control.label, retry: control.retry, noun: control.noun, shown };
      },
    });
    for (const [field, control] of fields) {
      const error = errors.get(field);
      const text = error?.message ?? '';
      const key = `${text}\u0000${error?.position ?? -1}`;
      if ((shown.get(control) ?? '\u0000-1') === key) continue;
      shown.set(control, key);
      control.showError(text, error?.position);
    }
  };
}
