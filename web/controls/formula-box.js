// The custom-schedule formula box. The text goes to the core's parser (checkFormula, in the
// worker) and is never evaluated here. While it does not parse, the error is shown beside the box
// with a caret under the position the core named, and the schedule in force stays as it was, so
// running runs keep training.
import { el, uniqueId } from './dom.js';
import { latestWins } from '../protocol/latest-wins.js';

/** @typedef {{ok: boolean, message: string, position: number}} FormulaCheck */
/**
 * The page's side of the parser: check(text) asks the core; checked(field, text, result) hands the
 * latest keystroke's answer to the page model, whose errors (web/page/control-errors.js) the box
 * then shows through showError.
 * @typedef {{check: (text: string) => Promise<FormulaCheck>,
 *            checked: (field: string, text: string, result: FormulaCheck) => void}} FormulaChecker
 */
/**
 * @param {{label: string, description?: string, value: string, field: string, formula: FormulaChecker,
 *          onChange: (text: string) => void}} options
 */
export function formulaBox({ label, description, value, field, formula, onChange }) {
  const id = uniqueId('formula');
  const input = el('input', {
    type: 'text', id, className: 'formula-input', spellcheck: 'false', autocomplete: 'off',
    'aria-describedby': `${id}-help ${id}-error`, dataset: { field },
  });
  input.value = value ?? '';
  const caret = el('pre', { className: 'formula-caret', 'aria-hidden': 'true' });
  const message = el('span', { className: 'formula-message' });
  const errorBox = el('div', { className: 'field-error formula-error', id: `${id}-error`, role: 'alert' }, caret, message);
  errorBox.hidden = true;
  const element = el('div', { className: 'formula-field', dataset: { field } },
    el('label', { htmlFor: id, className: 'field-label' }, label),
    input,
    errorBox,
    el('p', { className: 'field-help', id: `${id}-help` }, description));

  // The message is the page's to choose (the parser's, the core's refusal, or a paused run's):
  // the box only draws it, with a caret under the parser's position.
  function showError(text, position) {
    errorBox.hidden = !text;
    input.setAttribute('aria-invalid', text ? 'true' : 'false');
    message.textContent = text ?? '';
    // The typed text with a caret under the offending character (the core counts from 1).
    // A long formula is cut to a window around the position so the caret is always in view.
    if (text && Number.isInteger(position) && position >= 1) {
      const at = Math.min(position - 1, input.value.length);
      const start = Math.max(0, at - 24);
      const shown = (start > 0 ? '…' : '') + input.value.slice(start, start + 40);
      caret.textContent = `${shown}\n${' '.repeat(at - start + (start > 0 ? 1 : 0))}^`;
    } else {
      caret.textContent = '';
    }
    caret.hidden = !caret.textContent;
  }

  // Only the latest text's check counts: a newer keystroke's supersedes it (web/protocol/latest-wins.js).
  const checks = latestWins((text) => formula.check(text));
  async function validate({ commit }) {
    const text = input.value;
    let result;
    try {
      const answer = await checks.ask(text);
      if (answer.superseded) return;
      result = answer.result;
    } catch (error) {
      result = { ok: false, message: error.message, position: -1 };
    }
    formula.checked(field, text, result);
    if (result.ok && commit) onChange(text);
  }

  let timer = null;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => validate({ commit: false }), 120);
  });
  // Enter (or leaving the box) commits: the check still pending from the last keystroke is
  // dropped, else it could land after this one and, being newer, discard the commit (seen under
  // load: the typed formula never applied while the run trained on).
  const commit = () => {
    clearTimeout(timer);
    validate({ commit: true });
  };
  input.addEventListener('change', commit);
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') commit();
  });

  return {
    element,
    label, retry: 'Type another formula', words: String,
    setValue(v) {
      if (document.activeElement !== input) input.value = v;
    },
    /** @param {string} text @param {number} [position] */
    showError: (text, position = -1) => showError(text, position),
  };
}
