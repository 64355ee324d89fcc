// A number shown three ways that stay in step: a slider (linear or logarithmic), a typeable field,
// and the slider's spoken value. Typing accepts anything Number() reads ("3e-4", "0.001"); the
// core decides what is allowed, and its message comes back through showError().
import { breakable, el, errorLine, uniqueId, setText } from './dom.js';
import { formatNumber } from '../words/format.js';

// options: {label, description, min, max, log, integer, value, field, onInput(value, {final}),
//           meanings: {value: words} for values outside the range that mean something (speed 0),
//           retry: how to go on after a refusal, noun: what a run keeps meanwhile (see
//           web/page/control-errors.js ControlWords)}
/**
 * @param {{label: string, description?: string, min: number, max: number, log?: boolean, integer?: boolean,
 *          value: number, field: string, onInput: (value: number, info: {final: boolean}) => void,
 *          meanings?: Record<number, string>, retry?: string, noun?: string}} options
 */
export function sliderField({ label, description, min, max, log = false, integer = false, value, field, onInput, meanings = {},
  retry = 'Type another value or drag the slider', noun }) {
  const id = uniqueId('slider');
  const toPosition = (v) => (log ? Math.log10(v) : v);
  const fromPosition = (p) => (log ? 10 ** p : p);
  const positions = log ? { min: Math.log10(min), max: Math.log10(max), step: 0.02 }
    : { min, max, step: integer ? 1 : (max - min) / 200 };
  const error = errorLine(`${id}-error`);
  const help = description ? el('p', { className: 'field-help', id: `${id}-help` }, description) : null;
  // Said when the value lies outside what the slider can show, or when the slider is not in effect.
  const note = el('p', { className: 'field-note', id: `${id}-note`, hidden: true });
  const describedBy = [help && `${id}-help`, `${id}-note`, `${id}-error`].filter(Boolean).join(' ');
  const range = el('input', {
    type: 'range', id: `${id}-range`, min: positions.min, max: positions.max, step: positions.step,
    'aria-label': log ? `${label} (logarithmic slider)` : `${label} (slider)`,
    'aria-describedby': describedBy,
    dataset: { field },
  });
  const text = el('input', {
    type: 'text', id: `${id}-value`, inputmode: 'decimal', autocomplete: 'off', spellcheck: 'false',
    'aria-label': label, 'aria-describedby': describedBy, className: 'value-field', dataset: { field },
  });
  const element = el('div', { className: 'slider-field', dataset: { field } },
    el('label', { htmlFor: `${id}-value`, className: 'field-label' }, breakable(label)),
    el('div', { className: 'slider-row' }, range, text),
    note, help, error.element);

  let current = value;
  let inEffectNote = '';
  // One line of error: what was typed here ("abc" is not a number) replaces the core's refusal of
  // an earlier value until the next value is committed; the core's comes through showError().
  let typedError = '';
  let refusal = '';
  function showError() {
    error.show(typedError || refusal);
    showNote();
  }
  // The thumb shows the value, or sits at the end the value lies beyond, and the note says so:
  // the thumb and the field never disagree silently.
  function showNote() {
    // A refused or unreadable value is not where the thumb "stays": the error says what it is.
    const outside = !typedError && !refusal && Number.isFinite(current) && (current < min || current > max);
    const end = current < min ? 'low' : 'high';
    const rangeNote = !outside ? ''
      : current in meanings ? `${formatNumber(current, 4)}: ${meanings[current]} (the thumb stays at its ${end} end).`
        : `${formatNumber(current, 4)} is outside the slider's range (${formatNumber(min, 4)} to ${formatNumber(max, 4)}): the thumb stays at its ${end} end.`;
    const text = [rangeNote, inEffectNote].filter(Boolean).join(' ');
    setText(note, text);
    note.hidden = !text;
  }
  function show(v, { keepText = false } = {}) {
    current = v;
    const pinned = Number.isFinite(v) ? Math.min(Math.max(v, min), max) : min;
    range.value = String(toPosition(pinned));
    range.setAttribute('aria-valuetext', formatNumber(v, 4));
    if (!keepText) text.value = formatNumber(v, 4);
    showNote();
  }
  show(value);

  // Dragging reports every position (final: false) and the release once more (final: true).
  range.addEventListener('input', () => {
    typedError = '';
    let v = fromPosition(Number(range.value));
    if (log) v = Number(v.toPrecision(3));  // a log slider lands on round-looking numbers
    if (integer) v = Math.round(v);
    show(v);
    showError();
    onInput(v, { final: false });
  });
  range.addEventListener('change', () => onInput(current, { final: true }));
  const commitText = () => {
    const typed = text.value.trim();
    const v = typed === '' ? NaN : Number(typed);
    if (Number.isNaN(v)) {
      typedError = `${label}: "${typed}" is not a number. Type a number, or drag the slider.`;
      showError();
      return;
    }
    typedError = '';
    show(v, { keepText: true });
    showError();
    onInput(v, { final: true });
  };
  text.addEventListener('change', commitText);
  text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') commitText();
  });

  return {
    element,
    // Its words for the page's messages (web/controls/field-errors.js): the label it shows.
    label, retry, noun, words: (v) => formatNumber(v, 4),
    get value() { return current; },
    // The settings in force, shown unless someone is on this control: a drag or key presses in
    // flight must not be pulled back to a value that the core has not caught up with yet.
    setValue(v) {
      if (v === current || document.activeElement === text || document.activeElement === range) return;
      show(v);
    },
    showError(text) {
      refusal = text ?? '';
      showError();
    },
    // A control whose value the run does not use (a schedule that sets the rate itself).
    setInEffect(inEffect, why = 'The schedule sets the rate itself: this slider is not in effect.') {
      const wanted = inEffect ? '' : why;
      if (wanted === inEffectNote) return;
      inEffectNote = wanted;
      element.classList.toggle('not-in-effect', !inEffect);
      showNote();
    },
  };
}
