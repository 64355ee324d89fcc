// A picker for one kind of core component (optimizer or schedule) plus the chosen component's own
// parameters, all built from the core's registry entry: label, summary, params with defaults and
// ranges. Picking another component sends just its name; the core fills in its defaults.
import { el, uniqueId } from './dom.js';
import { paramField, choiceField } from './param-field.js';

// options: {container, heading, section ('optimizer' | 'schedule'), components: registry list,
//           skip: param names owned elsewhere, extraFields(component) -> [{name, build(value)}],
//           onChange(mutate(settings)), formula (the formula box's checker), fields: Map field -> control,
//           prefix: before every field's name ("runs.r2." for a run's own: web/controls/run-own.js),
//           inherit: the words of a first choice that takes the section from elsewhere (a run's
//           "same as the other runs"; picking it deletes settings[section]), label: the picker's}
/**
 * @param {{container: HTMLElement, heading: string, section: string, components: any[], skip?: string[],
 *          onChange: (mutate: (settings: any) => void, field: string) => void,
 *          formula: import('./formula-box.js').FormulaChecker, fields: Map<string, any>,
 *          extra?: (component: any, value: any) => Array<{field: string, name: string | null, control: any, owns?: string[]}>,
 *          prefix?: string, inherit?: string | null, label?: string}} options
 *   extra: controls after the parameters; `owns` names parameters such a control shows itself (they
 *   get no control of their own), and `name` null gives it the whole section's value
 */
export function componentPanel({ container, heading, section, components, skip = [], onChange, formula, fields, extra,
  prefix = '', inherit = null, label = heading }) {
  const byName = new Map(components.map((component) => [component.name, component]));
  const pickerId = uniqueId('picker');
  const summary = el('p', { className: 'component-summary', 'aria-live': 'polite' });
  const params = el('div', { className: 'param-grid' });
  const names = components.map((c) => c.name);
  const picker = choiceField({
    label, choices: inherit === null ? names : ['', ...names], field: `${prefix}${section}.name`,
    labels: { ...Object.fromEntries(components.map((c) => [c.name, c.label])), '': inherit ?? '' },
    value: inherit === null ? components[0]?.name : '',
    onChange: (name) => onChange((settings) => {
      if (name === '') delete settings[section];
      else settings[section] = { name };
    }, `${prefix}${section}.name`),
  });
  picker.element.id = pickerId;
  fields.set(`${prefix}${section}.name`, picker);
  container.append(picker.element, summary, params);
  let shownName = null;
  let controls = [];

  function build(value) {
    for (const { field, control } of controls) {
      fields.delete(field);
      control.dispose?.();
    }
    controls = [];
    params.replaceChildren();
    const component = byName.get(value?.name);
    summary.textContent = component?.summary ?? '';
    // An extra control may own some of the component's parameters (a sequence's editor owns its
    // parts and milestones): those get no control of their own.
    const extras = extra?.(component, value) ?? [];
    const owned = extras.flatMap((item) => item.owns ?? []);
    for (const spec of component?.params ?? []) {
      if (skip.includes(spec.name) || owned.includes(spec.name)) continue;
      const field = `${prefix}${section}.${spec.name}`;
      const control = paramField({
        spec, value: value[spec.name], field, formula,
        onChange: (v) => onChange((settings) => { settings[section][spec.name] = v; }, field),
      });
      controls.push({ field, name: spec.name, control });
      fields.set(field, control);
      params.append(control.element);
    }
    for (const item of extras) {
      controls.push(item);
      fields.set(item.field, item.control);
      params.append(item.control.element);
      if (item.name === null) item.control.setValue(value);
    }
    shownName = value?.name ?? null;
  }

  return {
    picker,
    // Shows the settings in force: rebuilds on a new component, else only updates values. With
    // `inherit`, no value (null) is the inheriting choice, with no parameters.
    render(value) {
      picker.setValue(value?.name ?? '');
      if ((value?.name ?? null) !== shownName) build(value);
      // An extra control named null shows the whole section (a sequence editor).
      else for (const { name, control } of controls) control.setValue(name === null ? value : value[name]);
    },
  };
}
