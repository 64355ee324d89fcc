// The lesson panel's part of a drawn prediction: what to draw, and a choice of shapes that stands
// for a sketch (for the keyboard and screen readers, or anyone who would rather pick), plus a way
// to start again. Only DOM; web/lessons/sketch/sketch-mode.js decides what a choice does.
import { el, uniqueId } from '../../controls/dom.js';
import { SHAPES } from './sketch-shapes.js';

/**
 * @param {{onShape: (id: string) => void, onClear: () => void}} handlers
 */
export function createSketchChoices({ onShape, onClear }) {
  const legend = el('legend', {});
  const name = uniqueId('sketch-shape');
  const list = el('div', { className: 'lesson-choices' });
  for (const shape of SHAPES) {
    const id = `${name}-${shape.id}`;
    const radio = el('input', { type: 'radio', name, id, value: shape.id });
    radio.addEventListener('change', () => onShape(shape.id));
    list.append(el('div', { className: 'lesson-choice' }, radio, el('label', { htmlFor: id }, shape.label)));
  }
  const clear = el('button', { type: 'button', id: 'sketch-clear' }, 'Clear the sketch');
  clear.addEventListener('click', onClear);
  const element = el('fieldset', { className: 'lesson-question lesson-sketch', id: 'lesson-sketch' },
    legend, el('p', { className: 'lesson-hint' }, 'Drag across the loss chart from left to right, or pick a shape:'), list, clear);
  element.hidden = true;

  return {
    element,
    // Shown for a run's prediction; every pick undone.
    show(text) {
      legend.textContent = text;
      for (const radio of list.querySelectorAll('input')) radio.checked = false;
      element.hidden = false;
    },
    hide() {
      element.hidden = true;
    },
    // A hand-drawn sketch replaces any picked shape.
    unpick() {
      for (const radio of list.querySelectorAll('input')) radio.checked = false;
    },
    enable(on) {
      for (const input of element.querySelectorAll('input, button')) input.disabled = !on;
    },
  };
}
