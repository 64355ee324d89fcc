// ReduceLROnPlateau: an on/off switch and the callback's parameters, from registry().plateau.
import { el, uniqueId } from './dom.js';
import { paramField } from './param-field.js';

export function plateauPanel({ container, specs, onChange, fields }) {
  const id = uniqueId('plateau');
  const toggle = el('input', { type: 'checkbox', id, dataset: { field: 'plateau.enabled' } });
  const params = el('div', { className: 'param-grid' });
  toggle.addEventListener('change', () =>
    onChange((settings) => { settings.plateau.enabled = toggle.checked; }, 'plateau.enabled'));
  container.append(
    el('div', { className: 'check-field toggle' }, toggle,
      el('label', { htmlFor: id }, 'Reduce the rate when the loss plateaus (ReduceLROnPlateau)')),
    params);
  const controls = specs.map((spec) => {
    const field = `plateau.${spec.name}`;
    const control = paramField({
      spec, value: spec.default, field,
      onChange: (v) => onChange((settings) => { settings.plateau[spec.name] = v; }, field),
    });
    fields.set(field, control);
    params.append(control.element);
    return { name: spec.name, control };
  });
  return {
    render(plateau) {
      toggle.checked = Boolean(plateau.enabled);
      params.hidden = !plateau.enabled;
      for (const { name, control } of controls) control.setValue(plateau[name]);
    },
  };
}
