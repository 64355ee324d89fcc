// The problem and the model: which data, how much and how noisy, the network's hidden layers and
// activation, batch size and seed. Changing any of these starts every run afresh. Real tables (the
// built-in data/*.csv and the user's own CSV, web/controls/csv-picker.js) are problems too; their
// data is loaded into every worker before the change is proposed (web/page/main.js, drain).
import { el, errorLine, uniqueId } from './dom.js';
import { choiceField } from './param-field.js';
import { sliderField } from './slider-field.js';
import { csvPicker } from './csv-picker.js';
import { isRealProblem, userCsv, USER_CSV } from '../page/data-sources.js';
import { showRealDataNotes } from '../views/real-data-notes.js';

const TASK_WORDS = { binary: '2 classes', multiclass: 'classes', regression: 'regression' };

function listField({ label, description, value, field, onChange }) {
  const id = uniqueId('list');
  const error = errorLine(`${id}-error`);
  const input = el('input', { type: 'text', id, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `${id}-help ${id}-error`, dataset: { field } });
  input.value = value;
  // Splitting "16, 16" on commas is all the page does; the core checks each size.
  const commit = () => onChange(input.value.trim() === '' ? [] : input.value.split(',').map((part) => Number(part.trim())));
  input.addEventListener('change', commit);
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') commit();
  });
  return {
    element: el('div', { className: 'text-field', dataset: { field } },
      el('label', { htmlFor: id, className: 'field-label' }, label), input,
      el('p', { className: 'field-help', id: `${id}-help` }, description), error.element),
    label, retry: 'Type other sizes', words: (v) => v.join(', '),
    setValue(v) {
      if (document.activeElement !== input) input.value = v.join(', ');
    },
    showError: error.show,
  };
}

function problemLabels(registry) {
  const labels = Object.fromEntries(registry.problems.map((p) => [p.name, `${p.name} (${p.task})`]));
  for (const d of registry.datasets ?? []) {
    const task = d.task === 'regression' ? 'regression' : `${d.classes} ${TASK_WORDS.multiclass}`;
    labels[d.name] = `${d.title}: ${d.rows} rows, ${d.features} features, ${task}`;
  }
  labels[USER_CSV] = 'Your CSV (load a file below)';
  return labels;
}

export function problemPanel({ container, registry, onChange, fields, call }) {
  let shown = null;  // the settings last rendered
  const set = (field, apply) => (value) => onChange((settings) => apply(settings, value), field);
  // Sliders here rebuild the network, so they commit on release (or Enter), not while dragging.
  const onRelease = (field, apply) => (value, { final }) => final && set(field, apply)(value);
  /** @type {Array<[string, (settings: any) => any, any]>} */
  const items = [
    ['problem.name', (s) => s.problem.name, choiceField({
      label: 'Problem', field: 'problem.name', value: registry.problems[0]?.name,
      description: 'generated from the seed, or a real table (its file loads when first chosen)',
      choices: [...registry.problems.map((p) => p.name), ...(registry.datasets ?? []).map((d) => d.name), USER_CSV],
      labels: problemLabels(registry),
      onChange: (value) => {
        // The user's CSV is chosen by loading a file; the option only returns to a loaded one.
        if (value === USER_CSV && !userCsv()) {
          const control = fields.get('problem.name');
          control.showError('Load a CSV file first (below): your data stays in this browser.');
          if (shown) control.setValue(shown.problem.name);
          return;
        }
        set('problem.name', (s, v) => { s.problem.name = v; })(value);
      },
    })],
    ['problem.samples', (s) => s.problem.samples, sliderField({
      label: 'Samples', description: 'training + validation points', min: 16, max: 4096, log: true, integer: true,
      value: 512, field: 'problem.samples', onInput: onRelease('problem.samples', (s, v) => { s.problem.samples = Math.round(v); }),
    })],
    ['problem.noise', (s) => s.problem.noise, sliderField({
      label: 'Noise', min: 0, max: 1, value: 0.1, field: 'problem.noise',
      onInput: onRelease('problem.noise', (s, v) => { s.problem.noise = v; }),
    })],
    ['model.hidden', (s) => s.model.hidden, listField({
      label: 'Hidden layers', description: 'units per hidden layer, comma-separated (0 to 4 layers of 1 to 64)',
      value: '16, 16', field: 'model.hidden', onChange: set('model.hidden', (s, v) => { s.model.hidden = v; }),
    })],
    ['model.activation', (s) => s.model.activation, choiceField({
      label: 'Activation', field: 'model.activation', value: registry.activations[0], choices: registry.activations,
      onChange: set('model.activation', (s, v) => { s.model.activation = v; }),
    })],
    ['batch_size', (s) => s.batch_size, sliderField({
      label: 'Batch size', min: 1, max: 4096, log: true, integer: true, value: 32, field: 'batch_size',
      onInput: onRelease('batch_size', (s, v) => { s.batch_size = Math.round(v); }),
    })],
    ['seed', (s) => s.seed, sliderField({
      label: 'Seed', description: 'same seed, same data and same starting weights', min: 0, max: 1000, integer: true,
      value: 1, field: 'seed', onInput: onRelease('seed', (s, v) => { s.seed = Math.round(v); }),
    })],
  ];
  const grid = el('div', { className: 'param-grid' });
  for (const [field, , control] of items) {
    fields.set(field, control);
    grid.append(control.element);
  }
  // Samples and noise shape the generated problems only: a real table has the rows it has.
  const generatedOnly = items.filter(([field]) => field === 'problem.samples' || field === 'problem.noise')
    .map(([, , control]) => control.element);
  const realNote = el('p', { className: 'field-help real-data-note', hidden: true },
    'A real table has the rows it has: samples and noise shape the generated problems only. Its features are ' +
    'standardized with the training part\'s mean and spread (the validation part stays unseen).');
  generatedOnly[0]?.before(realNote);
  const picker = csvPicker({ call, onChange, fields });
  fields.set('problem.data', picker);
  container.append(grid, picker.element);
  return {
    render(settings) {
      shown = settings;
      for (const [, read, control] of items) control.setValue(read(settings));
      const real = isRealProblem(settings.problem.name);
      for (const element of generatedOnly) element.hidden = real;
      realNote.hidden = !real;
      picker.render(settings);
      showRealDataNotes(settings, registry);
    },
  };
}
