// Shows the page's message for each control (web/page/control-errors.js derives them from the
// model): a control's line changes only when its message does. A control built again (a card
// that rebuilds its fields) is a new control, so it gets its message at once.
import { controlErrors } from '../page/control-errors.js';

/**
 * @param {Map<string, {showError: (text: string, position?: number) => void}>} fields
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
