// "Your CSV": a file picker and a drop zone for the user's own table. The file is read here, in
// the browser, and handed to the core's CSV door in the workers (web/page/data-sources.js): it is never
// uploaded anywhere, and a link to these settings does not carry it. The core's message for a bad
// file (naming the row and the column) shows beside the picker and nothing else changes; a good
// file becomes the problem "csv", with its target column and task choosable (inferred at first).
import { el, errorLine, uniqueId } from './dom.js';
import { choiceField } from './param-field.js';
import { loadUserCsv, userCsv, USER_CSV } from '../page/data-sources.js';

// Files far past the core's 5 MB limit are not read whole: the core's message names the limit
// either way, and reading hundreds of megabytes into a string would stall the page.
const READ_AT_MOST = 64 * 1024 * 1024;

export function csvPicker({ call, onChange, fields }) {
  const id = uniqueId('csv');
  const error = errorLine(`${id}-error`);
  const status = el('p', { className: 'field-help csv-status', id: `${id}-status`, role: 'status' });
  const input = el('input', { type: 'file', id, accept: '.csv,.tsv,.txt,text/csv', 'aria-describedby': `${id}-help ${id}-status ${id}-error`, dataset: { field: 'problem.data' } });
  let text = null;      // the accepted file's text, to re-check with another target or task
  let fileName = '';

  const target = choiceField({ label: 'Target column', field: 'problem.target', choices: ['0'], value: '0',
    description: 'the column to predict; every other column is a feature and must hold numbers',
    onChange: (value) => reinterpret({ target: Number(value) }) });
  const task = choiceField({ label: 'Task', field: 'problem.task', choices: ['auto', 'classification', 'regression'], value: 'auto',
    labels: { auto: 'auto (classes if the target is text or a few integers)' },
    onChange: (value) => reinterpret({ task: value }) });
  const details = el('div', { className: 'param-grid csv-details', hidden: true }, target.element, task.element);
  fields.set('problem.target', target);
  fields.set('problem.task', task);

  function describe(summary) {
    const kind = summary.task === 'regression' ? 'regression'
      : `${summary.classes} classes (${summary.class_names.slice(0, 8).join(', ')}${summary.classes > 8 ? ', …' : ''})`;
    // The core words how the file is written when it is not the usual comma-separated one.
    return `${fileName}: ${summary.rows} rows, ${summary.columns - 1} features; target ` +
      `"${summary.column_names[summary.target - 1]}", ${kind}.${summary.format ? ` ${summary.format}` : ''}`;
  }

  function showColumns(summary) {
    const select = target.element.querySelector('select');
    select.replaceChildren(...summary.column_names.map((name, i) => el('option', { value: String(i + 1) }, `${i + 1}: ${name}`)));
    select.value = String(summary.target);
    details.hidden = false;
  }

  async function accept(newText, name, { target: column = 0, task: kind = 'auto' } = {}) {
    error.show('');
    const previous = fileName;
    fileName = name;
    try {
      const summary = await loadUserCsv(call, { text: newText, fileName: name, target: column, task: kind });
      text = newText;
      status.textContent = describe(summary);
      showColumns(summary);
      onChange((settings) => {
        settings.problem.name = USER_CSV;
        settings.problem.target = summary.target;
        settings.problem.task = kind;
      }, 'problem.data');
    } catch (failure) {
      fileName = previous;
      error.show(`${name}: ${failure.message}`);
    }
  }

  async function readFile(file) {
    if (!file) return;
    const newText = await (file.size > READ_AT_MOST ? file.slice(0, READ_AT_MOST) : file).text();
    await accept(newText, file.name);
  }

  function reinterpret(change) {
    if (text === null) return;
    const settings = { target: Number(target.element.querySelector('select').value), task: task.element.querySelector('select').value, ...change };
    accept(text, fileName, settings);
  }

  input.addEventListener('change', () => readFile(input.files?.[0]));
  const zone = el('div', { className: 'csv-drop', dataset: { field: 'problem.data' } },
    el('label', { htmlFor: id, className: 'field-label' }, 'Your CSV'), input,
    el('p', { className: 'field-help', id: `${id}-help` },
      'Choose or drop a .csv file (header row optional; at most 5 MB, 50,000 rows, 256 columns). It stays in this ' +
      'browser: nothing is uploaded, and a link to these settings does not carry your data.'),
    status, error.element, details);
  for (const type of ['dragenter', 'dragover']) {
    zone.addEventListener(type, (event) => {
      event.preventDefault();
      zone.classList.add('dragging');
    });
  }
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('dragging');
    readFile(event.dataTransfer?.files?.[0]);
  });

  return {
    element: zone,
    // Errors the core names for the whole upload (a settings door refusal) land here too.
    showError: (message) => error.show(message),
    render(settings) {
      const mine = settings.problem.name === USER_CSV && userCsv();
      details.hidden = !mine;
      if (mine) {
        target.setValue(String(settings.problem.target || userCsv().summary.target));
        task.setValue(settings.problem.task);
      }
    },
    setValue() {},
  };
}
