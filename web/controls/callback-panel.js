// A Keras callback's controls (ReduceLROnPlateau, EarlyStopping): an on/off switch and the
// callback's parameters, built from the core's registry (registry().plateau, .early_stopping), so
// a parameter the core adds appears here with no page change.
import { el, uniqueId } from './dom.js';
import { paramField } from './param-field.js';

// section: the settings key ("plateau", "early_stopping"); title: the switch's words.
export function callbackPanel({ container, section, title, specs, onChange, fields }) {
  const id = uniqueId(section);
  const toggle = el('input', { type: 'checkbox', id, dataset: { field: `${section}.enabled` } });
  const params = el('div', { className: 'param-grid' });
  toggle.addEventListener('change', () =>
    onChange((settings) => { settings[section].enabled = toggle.checked; }, `${section}.enabled`));
  container.append(
    el('div', { className: 'check-field toggle' }, toggle, el('label', { htmlFor: id }, title)),
    params);
  const controls = specs.map((spec) => {
    const field = `${section}.${spec.name}`;
    const control = paramField({
      spec, value: spec.default, field,
      onChange: (v) => onChange((settings) => { settings[section][spec.name] = v; }, field),
    });
    fields.set(field, control);
    params.append(control.element);
    return { name: spec.name, control };
  });
  return {
    render(values) {
      toggle.checked = Boolean(values.enabled);
      params.hidden = !values.enabled;
      for (const { name, control } of controls) control.setValue(values[name]);
    },
  };
}
