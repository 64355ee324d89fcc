// The timeline under the loss chart: a slider over every update of the run length that sets the
// page's cursor (model.cursor, web/page/cursor.js), a "Now" button and Escape that leave it. The
// slider moves by one epoch with the arrows, by one update with Shift+arrows (the modifier a
// range input leaves free: Alt+arrow is the browser's back and forward), by ten epochs with
// PageUp/PageDown. A screen reader hears the position in the slider's aria-valuetext and, once
// it settles, each run's numbers there from a polite live region.
import { el, setText } from './dom.js';
import { cursorAtUpdate, cursorLimits, cursorUpdate, moveCursor, valuesAt } from '../page/cursor.js';
import { cursorAnnouncement, cursorPosition } from '../words/cursor-words.js';
import { debounced } from '../page/frames.js';

// The live region speaks this long after the last move: a drag is heard once, where it stops.
const ANNOUNCE_MS = 400;

/**
 * @param {{store: import('../page/model.js').ModelStore, slot: HTMLElement}} options
 */
export function startTimeline({ store, slot }) {
  const slider = el('input', {
    type: 'range', id: 'cursor', min: '0', max: '1', step: '1', value: '1',
    'aria-describedby': 'cursor-help',
  });
  const label = el('label', { htmlFor: 'cursor', className: 'timeline-label' }, 'Look at');
  const where = el('output', { id: 'cursor-where', htmlFor: 'cursor', className: 'timeline-where' });
  const now = el('button', { type: 'button', id: 'cursor-now', className: 'small' }, 'Now');
  // The keys are said where there is a keyboard to press them (not on a touch screen: style.css).
  const help = el('p', { id: 'cursor-help', className: 'timeline-help' },
    'Drag, or click a chart, to see every view at one epoch; Now goes back to now. ',
    el('span', { className: 'keys-help' }, 'Arrows: one epoch; Shift+arrows: one update; ' +
      'PageUp/PageDown: ten epochs later/earlier; End: the latest epoch done; Escape: back to now.'));
  const live = el('p', { id: 'cursor-live', className: 'visually-hidden', 'aria-live': 'polite' });
  slot.replaceChildren(el('div', { className: 'timeline-row' }, label, slider, where, now), help, live);

  const set = (cursor) => store.update({ cursor });
  slider.addEventListener('input', () => set(cursorAtUpdate(Number(slider.value), cursorLimits(store.get()))));
  slider.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' || event.altKey || event.ctrlKey || event.metaKey) return;  // Escape: below
    const model = store.get();
    const next = moveCursor(model.cursor, event, cursorLimits(model));
    if (next === undefined) return;
    event.preventDefault();
    set(next);
  });
  now.addEventListener('click', () => set(null));
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || store.get().cursor === null || document.querySelector('dialog[open]')) return;
    set(null);
  });

  // Where the cursor settles is heard once a drag stops; leaving it, at once.
  const announce = debounced(() => {
    const model = store.get();
    if (model.cursor) setText(live, announcement(model));
  }, ANNOUNCE_MS);

  let shown = '';  // what the slider last showed: a frame with nothing new writes nothing
  let lastCursor = store.get().cursor;
  let lastVerdicts = store.get().cursorVerdicts;
  return {
    /** @param {import('../page/model.js').PageModel} model */
    draw(model) {
      const limits = cursorLimits(model);
      const { cursor } = model;
      const max = limits.epochs * limits.stepsPerEpoch;
      const value = cursor ? cursorUpdate(cursor, limits.stepsPerEpoch) : max;
      const text = cursor ? cursorPosition(cursor, limits) : `now (${latestText(model, limits)})`;
      const key = `${max}:${value}:${text}`;
      if (key !== shown) {
        shown = key;
        if (slider.max !== String(max)) slider.max = String(max);
        if (slider.value !== String(value)) slider.value = String(value);
        slider.setAttribute('aria-valuetext', text);
        setText(where, cursor ? text.replace(/^epoch/, 'Epoch') : 'Now');
        now.disabled = !cursor;
        slot.dataset.cursor = cursor ? String(cursorUpdate(cursor, limits.stepsPerEpoch)) : '';
      }
      // The verdicts at the cursor arrive a moment after it moved: the sentence is made again then.
      if (cursor !== lastCursor || model.cursorVerdicts !== lastVerdicts) {
        const left = !cursor && lastCursor;
        lastCursor = cursor;
        lastVerdicts = model.cursorVerdicts;
        if (!cursor) announce.cancel();
        if (left) setText(live, 'Back to now.');
        else if (cursor) announce();
      }
    },
  };
}

function latestText(model, limits) {
  const done = Math.max(0, ...model.state.runs.map((run) => model.runs.get(run.key)?.epochsDone ?? 0));
  return `epoch ${done} of ${limits.epochs}`;
}

function announcement(model) {
  const limits = cursorLimits(model);
  const verdicts = model.cursorVerdicts?.epochs === model.cursor.epoch ? model.cursorVerdicts.verdicts : {};
  return cursorAnnouncement(cursorPosition(model.cursor, limits), model.state.runs.map((run, i) => ({
    name: `run ${i + 1}`,
    values: valuesAt(model.runs.get(run.key), model.cursor.epoch),
    verdict: verdicts[run.key] ?? null,
  })));
}
