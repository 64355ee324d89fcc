// ReduceLROnPlateau made visible (issue 17): for each run with the callback, its state as the core
// holds it now (pushed by the worker with each of the run's increments: the trainer's
// plateauState, record.plateau) - the monitored value, the best so far, wait against patience,
// cooldown left and the cuts so far - as numbers beside the run (a line in its row of the run
// list) and in the loss chart's readout area (one line for all runs). Refreshed with each drawn
// frame, text written only when it changes; the loss chart's drawing stays untouched.
import { el, setText } from '../../controls/dom.js';
import { formatNumber } from '../../words/format.js';

// One run's state in words: "val_loss 0.412 (best 0.398) · wait 3 / 5 · cooldown 0 / 0 · cuts 2".
export function plateauWords(s) {
  const value = Number.isFinite(s.last) ? formatNumber(s.last, 3) : '–';
  const best = Number.isFinite(s.best) ? formatNumber(s.best, 3) : '–';
  return `${s.monitor} ${value} (best ${best}) · wait ${s.wait} / ${s.patience} · cooldown ${s.cooldown_left} / ${s.cooldown} · cuts ${s.cuts}`;
}

// list: the run list (<ol id="run-list"> of <li data-key>); after: the element the chart's line
// goes after (the loss chart's readout).
/**
 * @param {{ getState: () => any, list: HTMLElement, after: HTMLElement,
 *   histories: import('../../page/run-histories.js').RunHistories }} options
 */
export function startPlateauReadout({ getState, list, after, histories }) {
  const line = el('p', { id: 'plateau-readout', className: 'readout plateau-readout', hidden: true });
  after.after(line);
  function refresh() {
    const state = getState();
    if (!state) return;
    if (!state.settings.plateau?.enabled) {
      line.hidden = true;
      for (const old of list.querySelectorAll('.plateau-state')) old.remove();
      return;
    }
    const parts = [];
    state.runs.forEach((run, index) => {
      const s = histories.get(run.key)?.plateau;
      const row = /** @type {HTMLElement | undefined} */ ([...list.children].find((li) => /** @type {HTMLElement} */ (li).dataset.key === run.key));
      let beside = /** @type {HTMLElement | null | undefined} */ (row?.querySelector('.plateau-state'));
      if (!s) {
        beside?.remove();
        return;
      }
      const words = plateauWords(s);
      parts.push(`run ${index + 1}: ${words}`);
      if (!row) return;
      if (!beside) {
        beside = el('p', { className: 'plateau-state' });
        row.append(beside);
      }
      const text = `ReduceLROnPlateau: ${words}`;
      setText(beside, text);
      Object.assign(beside.dataset, { wait: s.wait, patience: s.patience, cooldown: s.cooldown_left, cuts: s.cuts, best: s.best, last: s.last });
    });
    const text = parts.length ? `ReduceLROnPlateau now - ${parts.join('; ')}` : '';
    setText(line, text);
    line.hidden = !parts.length;
  }
  return { refresh };
}
