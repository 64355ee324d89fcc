// One control per core ParamSpec (registry().optimizers/schedules/plateau): the core says the
// name, kind, default, range and meaning, and this builds the matching labelled control, so a new
// optimizer or schedule in the core appears on the page with no page change.
import { breakable, el, errorLine, uniqueId } from './dom.js';
import { sliderField } from './slider-field.js';
import { formulaBox } from './formula-box.js';
import { formatNumber } from '../words/format.js';

// A slider only where the range is finite and not absurdly wide; else a typeable field alone.
function sliderRange(spec) {
  const { min, max } = spec;
  if (!Number.isFinite(min) || !Number.isFinite(max) || max <= min) return null;
  if (spec.log_scale) {
    const low = min > 0 ? min : max * 1e-6;
    return max / low <= 1e12 ? { min: low, max, log: true } : null;
  }
  // A wide linear range from 0 (inverse-time decay_rate, 0..1000) would put every useful value
  // (0.01..10) in the first pixel and snap it to 0: span its top six decades on a log scale.
  if (spec.kind === 'number' && min >= 0 && max - min > 100) return max - min <= 1e4 ? { min: max * 1e-6, max, log: true } : null;
  return max - min <= 1e4 ? { min, max, log: false } : null;
}

/**
 * @param {{spec: any, value: any, field: string, onChange: (value: any, info?: {final: boolean}) => void,
 *          formula?: import('./formula-box.js').FormulaChecker}} options
 */
export function paramField({ spec, value, field, onChange, formula }) {
  const label = spec.name;
  switch (spec.kind) {
    case 'number':
    case 'integer': {
      // A number that may be none (Keras' None, e.g. EarlyStopping's baseline): typed, empty for none.
      if (spec.nullable) {
        return textField({
          spec, value: value === null ? '' : formatNumber(value), field, onChange,
          parse: (text) => (text.trim() === '' ? null : Number(text)),
          show: (v) => (v === null || v === undefined ? '' : formatNumber(v)),
          help: `${spec.meaning} (empty: none)`,
        });
      }
      const range = sliderRange(spec);
      if (range) {
        return sliderField({
          label, description: spec.meaning, ...range, integer: spec.kind === 'integer', value, field,
          onInput: (v, { final }) => onChange(v, { final }),
        });
      }
      return textField({ spec, value: formatNumber(value), field, parse: Number, onChange });
    }
    case 'boolean':
      return checkboxField({ spec, value, field, onChange });
    case 'choice':
      return choiceField({ label, description: spec.meaning, choices: spec.choices, value, field, onChange });
    case 'number_list':
      return textField({
        spec, value: (value ?? []).join(', '), field, onChange,
        parse: (text) => (text.trim() === '' ? [] : text.split(',').map((part) => Number(part.trim()))),
        show: (v) => v.join(', '),
      });
    case 'schedule_list':
      // A sequence's parts, as the settings JSON writes them: one line of JSON, checked by the core.
      return textField({
        spec, value: JSON.stringify(value ?? []), field, onChange,
        parse: (text) => { try { return JSON.parse(text); } catch { return text; } },
        show: (v) => JSON.stringify(v),
      });
    case 'text':
      return formulaBox({ label, description: spec.meaning, value, field, formula, onChange });
    default:
      return textField({ spec, value: String(value), field, parse: String, onChange });
  }
}

/**
 * @param {{label: string, description?: string, choices: string[], value: string, field: string,
 *          onChange: (value: string, info?: {final: boolean}) => void, labels?: Record<string, string>}} options
 */
export function choiceField({ label, description, choices, value, field, onChange, labels = {} }) {
  const id = uniqueId('choice');
  const error = errorLine(`${id}-error`);
  const select = el('select', { id, 'aria-describedby': `${id}-error`, dataset: { field } },
    choices.map((choice) => el('option', { value: choice }, labels[choice] ?? choice)));
  select.value = value;
  select.addEventListener('change', () => onChange(select.value, { final: true }));
  return {
    element: el('div', { className: 'choice-field', dataset: { field } },
      el('label', { htmlFor: id, className: 'field-label' }, breakable(label)), select,
      description ? el('p', { className: 'field-help' }, description) : null, error.element),
    label, retry: 'Pick another', words: (v) => labels[v] ?? String(v),
    setValue(v) { select.value = v; },
    showError: error.show,
  };
}

function checkboxField({ spec, value, field, onChange }) {
  const id = uniqueId('check');
  const error = errorLine(`${id}-error`);
  const box = el('input', { type: 'checkbox', id, 'aria-describedby': `${id}-error`, dataset: { field } });
  box.checked = Boolean(value);
  box.addEventListener('change', () => onChange(box.checked, { final: true }));
  return {
    element: el('div', { className: 'check-field', dataset: { field } },
      box, el('label', { htmlFor: id }, spec.name), el('p', { className: 'field-help' }, spec.meaning), error.element),
    label: spec.name, retry: 'Change it back', words: (v) => (v ? 'on' : 'off'),
    setValue(v) { box.checked = Boolean(v); },
    showError: error.show,
  };
}

function textField({ spec, value, field, parse, onChange, show = formatNumber, help = spec.meaning }) {
  const id = uniqueId('text');
  const error = errorLine(`${id}-error`);
  const input = el('input', { type: 'text', id, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `${id}-error`, dataset: { field } });
  input.value = value;
  const commit = () => onChange(parse(input.value), { final: true });
  input.addEventListener('change', commit);
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') commit();
  });
  return {
    element: el('div', { className: 'text-field', dataset: { field } },
      el('label', { htmlFor: id, className: 'field-label' }, breakable(spec.name)), input,
      el('p', { className: 'field-help' }, help), error.element),
    label: spec.name, retry: 'Type another value', words: show,
    setValue(v) {
      if (document.activeElement !== input) input.value = show(v);
    },
    showError: error.show,
  };
}
