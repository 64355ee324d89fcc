// The compared runs: one row each with its colour, its learning-rate slider (log scale 1e-5..100,
// typeable), its progress, what it trained with, the core's one-line diagnosis, and pin/remove
// buttons. Everything but the slider says what the run recorded (web/words/run-label.js): after a
// drag, the words change when the retrained or continued run says so.
import { el, setText } from './dom.js';
import { sliderField } from './slider-field.js';
import { runLabel } from '../words/run-label.js';
import { branchForm } from './branch-form.js';
import { runOwnControls } from './run-own.js';

// The slider spans every rate a default or a lesson uses (the default view's too-high run: 30).
export const RATE_MIN = 1e-5;
export const RATE_MAX = 100;

// options: {list, onRate(key, rate, {final}), onRemove(key), onPin(key), fields, branch}; final:
// false for each position a drag passes, true at its release and for a typed or keyed value.
// branch: {optimizers, onBranch, epochFor, rateFor, words(run, index)} for "Continue from here
// with..." (web/controls/branch-form.js); a branch's row says what it is instead of a rate slider
// (the shared controls do not reach it: web/page/state.js runSettings).
// own: {registry, formula, onChange(key, mutate(own), field)} for the run's own optimizer and
// schedule (web/controls/run-own.js); labels(): which of the runs' optimizers and schedules differ
// (web/words/run-label.js labelDifferences), so that the card names what sets the run apart.
export function runList({ list, onRate, onRemove, onPin, fields, branch, own, labels = () => ({}) }) {
  const rows = new Map();  // key -> {element, slider, progress, verdict, caption, index}

  function makeRow(run, index) {
    const name = `run ${index + 1}`;
    const slider = sliderField({
      label: `Learning rate of ${name}`, min: RATE_MIN, max: RATE_MAX, log: true, value: run.rate,
      field: `runs.${run.key}.rate`, onInput: (rate, info) => onRate(run.key, rate, info),
      retry: 'Type another rate or drag the slider', noun: 'rate',
    });
    const title = el('h3', { className: 'run-title' }, el('span', { className: 'swatch', 'aria-hidden': 'true' }), `Run ${index + 1}`);
    const progress = el('span', { className: 'run-progress' });
    const verdict = el('span', { className: 'verdict' });
    const caption = el('p', { className: 'run-caption', 'aria-live': 'polite' });
    const trained = el('p', { className: 'run-trained' });
    // The run at the page's cursor (web/page/cursor.js): its numbers and the verdict as of then.
    const then = el('p', { className: 'run-then', hidden: true });
    const pin = el('button', { type: 'button', className: 'small', 'aria-label': `Pin ${name} as a faded reference` }, 'Pin');
    const remove = el('button', { type: 'button', className: 'small', 'aria-label': `Remove ${name}` }, 'Remove');
    pin.addEventListener('click', () => onPin(run.key));
    remove.addEventListener('click', () => onRemove(run.key));
    const form = branch && branchForm({ key: run.key, name, optimizers: branch.optimizers, onBranch: branch.onBranch,
      epochFor: branch.epochFor, rateFor: branch.rateFor });
    const about = el('p', { className: 'run-branch' }, run.branch ? branch?.words(run, index) : '');
    slider.element.hidden = Boolean(run.branch);
    // A branch trains its own settings (its parent's with a change): nothing of its own to pick.
    const ownControls = own && !run.branch ? runOwnControls({
      key: run.key, name, registry: own.registry, fields, formula: own.formula,
      onChange: (mutate, field) => own.onChange(run.key, mutate, field),
    }) : null;
    const element = el('li', { className: 'run', dataset: { key: run.key, branch: run.branch ? 'true' : undefined } },
      el('div', { className: 'run-head' }, title, verdict, progress, el('span', { className: 'run-buttons' }, pin, remove)),
      about, slider.element, ownControls?.element, then, trained, caption, form?.element);
    element.style.setProperty('--run-colour', run.colour);
    fields.set(`runs.${run.key}.rate`, slider);
    if (form) fields.set(`runs.${run.key}.branch`, form);
    return {
      element, slider, progress, verdict, caption, trained, then, remove, index, about, form, own: ownControls, ownShown: '',
      // What the run says now (from its record), and whether the card shows the cursor's moment.
      now: /** @type {{progress: string, verdict: any, sentence: string} | null} */ (null), moment: false, shownVerdict: null,
    };
  }

  function showThen(row, text) {
    setText(row.then, text);
    if (row.then.hidden !== !text) row.then.hidden = !text;
  }

  // A card speaks of one moment. At "now": the run's badge, its progress and the core's sentence.
  // With the cursor set: the badge is the core's verdict as of the cursor's epoch, the line under
  // the rate names that epoch and the numbers then (showThen), and the progress and the sentence
  // about now are set aside: the progress is hidden (.at-cursor, web/styles/style.css) and the
  // sentence is dimmed and headed "Now, epoch 300 of 300:". Each text is written only when it
  // changes, so a move rewrites each card's line and, where the verdict differs, its badge.
  function showMoment(row, moment) {
    const now = row.now;
    if (!now) return;
    const verdict = !moment ? now.verdict : moment.verdict ?? (row.moment ? row.shownVerdict : null);
    row.moment = Boolean(moment);
    row.shownVerdict = verdict;
    const name = verdict?.verdict ?? '';
    if (row.verdict.dataset.verdict !== name) {
      row.verdict.dataset.verdict = name;
      row.verdict.dataset.tone = verdict?.words?.tone ?? '';
      setText(row.verdict, verdict?.words?.badge ?? verdict?.verdict ?? '');
    }
    setText(row.progress, now.progress);
    const caption = moment && now.sentence ? `Now, ${now.progress}: ${now.sentence}` : now.sentence;
    setText(row.caption, caption);
    if (row.element.classList.contains('at-cursor') !== Boolean(moment)) row.element.classList.toggle('at-cursor', Boolean(moment));
  }

  // A run's own controls show the adopted state: drawn again only when it changed (a control
  // being typed in or dragged keeps its value between frames), or after a refusal (back to the
  // value in force).
  function renderOwn(runs, shared, force = false) {
    for (const run of runs) {
      const row = rows.get(run.key);
      if (!row?.own) continue;
      const shown = JSON.stringify([run.own ?? null, shared.optimizer.name, shared.schedule.name]);
      if (!force && shown === row.ownShown) continue;
      row.ownShown = shown;
      row.own.render(run.own, shared);
    }
  }

  return {
    renderOwn,
    /**
     * Only what a move of the cursor changes in the rows: each run's line there, its badge and
     * progress as of then, and its branch form's epoch.
     * @param {(key: string) => string} atCursor
     * @param {(key: string) => ({epoch: number, verdict: any} | null)} [momentOf] the cursor's epoch
     *   and the core's verdict as of then (null while it is asked); null at "now"
     */
    renderCursor(atCursor, momentOf = () => null) {
      for (const [key, row] of rows) {
        showThen(row, atCursor(key));
        showMoment(row, momentOf(key));
        // An open branch form's untouched epoch follows the cursor.
        if (branch) row.form?.follow(branch.cursorEpoch(key));
      }
    },
    // Rebuilds rows only when the set of runs changes; otherwise updates values and text.
    /**
     * @param {any[]} runs
     * @param {Map<string, any>} records
     * @param {(key: string) => string} [atCursor] the run's line at the page's cursor, '' at "now"
     * @param {Record<string, any>} [shared] the shared settings (beside a run's own)
     * @param {(key: string) => ({epoch: number, verdict: any} | null)} [momentOf] as renderCursor's
     */
    render(runs, records, atCursor = () => '', shared = undefined, momentOf = () => null) {
      const keys = runs.map((run) => run.key).join();
      if (keys !== [...rows.keys()].join()) {
        for (const [key, row] of rows) {
          fields.delete(`runs.${key}.rate`);
          fields.delete(`runs.${key}.branch`);
          row.own?.dispose();
        }
        rows.clear();
        list.replaceChildren(...runs.map((run, index) => {
          const row = makeRow(run, index);
          rows.set(run.key, row);
          return row.element;
        }));
      }
      if (shared) renderOwn(runs, shared);
      const differ = labels();
      for (const run of runs) {
        const row = rows.get(run.key);
        row.slider.setValue(run.rate);
        // A branch's words follow its parent (renumbered, removed, changed since).
        const about = run.branch ? branch?.words(run, row.index) ?? '' : '';
        setText(row.about, about);
        row.form?.follow(branch.cursorEpoch(run.key));
        row.remove.disabled = runs.length <= 1;
        showThen(row, atCursor(run.key));
        const record = records.get(run.key);
        if (!record) continue;
        const label = runLabel(record, row.index, differ);
        // A diverged run names the epoch it blew up in as the core's sentence beside it does (the
        // one after the last finished: "epoch 175 of 300 · diverged in epoch 176").
        const status = record.diverged && record.divergedEpoch >= 0 ? `diverged in epoch ${record.divergedEpoch + 1}` : label.status;
        const progress = `epoch ${record.epochsDone} of ${record.target}${status ? ` · ${status}` : ''}`;
        let trained = label.trainedWith ? `Trained with ${label.trainedWith}` : '';
        if (label.changes.length) trained += `; ${label.changes.join('; ')}`;
        if (!label.sliderInEffect) trained += ' (the schedule sets the rate itself: this slider is not in effect)';
        setText(row.trained, trained);
        row.slider.setInEffect(label.sliderInEffect);
        // The worker's verdict carries the diverged flag from the same history: nothing to re-derive.
        // The badge as the core words it; its colour follows the core's tone (web/styles/style.css).
        row.now = { progress, verdict: record.diagnosis ?? null, sentence: record.diagnosis?.sentence ?? '' };
        showMoment(row, momentOf(run.key));
      }
    },
  };
}
