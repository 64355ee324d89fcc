// The runs' panel: one row per run (web/controls/run-list.js), "Add a run" and the pinned
// reference. Rates are proposed like every setting; a pinned run is a frozen copy of a run's
// record in the model, drawn faded beside the others.
import { valuesAt } from '../page/cursor.js';
import { cardLine } from '../words/cursor-words.js';
import { runList } from './run-list.js';
import { MAX_RUNS } from '../page/state.js';
import { RUN_COLOURS } from '../charts/palette.js';
import { labelDifferences, runLabel } from '../words/run-label.js';
import { formatRate } from '../words/format.js';
import { branchRefusal, branchSettings, branchWords, sharesHistory } from '../page/branch.js';
import { runSettings } from '../page/state.js';

/** @type {(id: string) => any} */
const $ = (id) => document.getElementById(id);

/**
 * Makes runs with keys never used before in this page ("r1", "r2", ...): a run the page removed
 * and one it adds later are never taken for each other by the worker.
 * @returns {(rate: number, runs: Array<{key: string, rate: number, colour: string}>) => {key: string, rate: number, colour: string}}
 */
export function runMaker() {
  let made = 0;
  return (rate, runs) => newRun(runs, rate, `r${++made}`);
}

/**
 * A new run with the first colour no run has.
 * @param {{key: string, rate: number, colour: string}[]} existing
 * @param {number} rate
 * @param {string} key
 */
export function newRun(existing, rate, key) {
  const used = new Set(existing.map((run) => run.colour));
  const colour = RUN_COLOURS.find((c) => !used.has(c)) ?? RUN_COLOURS[existing.length % RUN_COLOURS.length];
  return { key, rate, colour };
}

// A new run's rate: a step of 3x from the last run's (up, else down, else 9x...), on the rate
// slider's range and away from every run's rate, so its curve is new and the slider sits near
// where the eye already is. (Copying the last rate drew every new curve under the last one.)
/** @param {number[]} rates */
export function newRunRate(rates) {
  const last = rates.at(-1) ?? 0.01;
  const taken = (rate) => rates.some((r) => Math.abs(Math.log(rate / r)) < Math.log(1.2));
  for (let k = 1; k <= 12; k++) {
    for (const rate of [last * 3 ** k, last / 3 ** k]) {
      const rounded = Number(rate.toPrecision(2));
      if (rounded >= 1e-5 && rounded <= 100 && !taken(rounded)) return rounded;
    }
  }
  return last;
}

/**
 * @param {{store: import('../page/model.js').ModelStore, propose: (mutate: (draft: any) => void, field: string) => void,
 *          makeRun: (rate: number, runs: any[]) => any, fields: Map<string, any>,
 *          call: import('../protocol/messages.js').Call}} options
 */
export function startRunsPanel({ store, propose, makeRun, fields, call }) {
  const optimizerLabel = (name) => store.get().registry.optimizers.find((o) => o.name === name)?.label ?? name;
  // A branch of a run at an epoch (web/page/branch.js): the parent's recorded settings (its live
  // changes included) with one more change there, as a new run.
  async function onBranch(key, { epoch, choice }) {
    const model = store.get();
    const refusal = branchRefusal({ runs: model.state.runs.length, maxRuns: MAX_RUNS, epoch, epochsDone: model.runs.get(key)?.epochsDone ?? 0 });
    if (refusal) return refusal;
    if (choice.rate !== undefined && !(choice.rate > 0)) return 'The learning rate must be a number above 0 (such as 0.01), or empty to keep the run\'s.';
    const parent = await call('recorded', { key });
    if (!parent) return 'This run is gone.';
    const settings = branchSettings(parent, epoch, choice);
    propose((draft) => {
      if (draft.runs.length >= MAX_RUNS) return;
      const run = makeRun(choice.rate ?? parent.optimizer.learning_rate, draft.runs);
      run.branch = { parent: key, epoch, choice, settings };
      draft.runs.push(run);
    }, `runs.${key}.branch`);
    return '';
  }
  // The cursor's epoch (model.cursor: null for now, else {epoch, step}) for a run that has reached
  // it, else null: where "Continue from here with..." starts.
  const cursorEpoch = (key) => {
    const { cursor, runs: records } = store.get();
    const at = /** @type {any} */ (cursor)?.epoch ?? cursor;
    const done = records.get(key)?.epochsDone ?? 0;
    return Number.isFinite(at) ? Math.min(Math.floor(at), done) : null;
  };
  const branch = {
    optimizers: store.get().registry.optimizers,
    onBranch,
    // The epoch a new branch starts from: the page's cursor when it points at one the run has
    // reached (model.cursor: null for now, else its epoch), else the run's latest.
    epochFor: (key) => cursorEpoch(key) ?? store.get().runs.get(key)?.epochsDone ?? 0,
    cursorEpoch,
    rateFor: (key) => store.get().state.runs.find((run) => run.key === key)?.rate ?? 0.01,
    words: (run) => {
      const { state, runs: records } = store.get();
      const parent = state.runs.findIndex((r) => r.key === run.branch.parent);
      // The parent's settings now: what replays it when it was changed live, else what it trains.
      const parentNow = parent >= 0 ? records.get(run.branch.parent)?.replaySettings ?? runSettings(state, parent) : null;
      return branchWords({ parentNumber: parent >= 0 ? parent + 1 : null, epoch: run.branch.epoch, choice: run.branch.choice,
        optimizerLabel: run.branch.choice.optimizer && optimizerLabel(run.branch.choice.optimizer), formatRate,
        parentChanged: Boolean(parentNow) && !sharesHistory(parentNow, run.branch.settings, run.branch.epoch) });
    },
  };
  // What the runs' records say sets them apart (their optimizers, their schedules).
  const differences = () => {
    const { state, runs: records } = store.get();
    return labelDifferences(state.runs.map((run) => records.get(run.key)));
  };
  // A run's own optimizer and schedule (web/controls/run-own.js): proposed like every setting, at
  // the run's field ("runs.r2.optimizer.beta_1"). A typed formula of its own is checked as the
  // shared one is, its failing check shown beside it (the preview draws the shared schedule only).
  const own = {
    registry: store.get().registry,
    formula: {
      check: (expression) => call('checkFormula', { expression }),
      checked: (field, expression, result) => store.update({
        syntax: result.ok ? null : { field, text: expression, message: result.message, position: result.position },
      }),
    },
    onChange: (key, mutate, field) => propose((draft) => {
      const run = draft.runs.find((r) => r.key === key);
      if (!run || run.branch) return;
      run.own = run.own ?? {};
      mutate(run.own);
      if (!Object.keys(run.own).length) delete run.own;
    }, field),
  };
  const runs = runList({
    list: $('run-list'),
    fields,
    branch,
    own,
    labels: differences,
    // While the runs train, a drag is one change, applied at its release: applied at every
    // position it passed, one drag made one change each (30 ◆ and a legend of 30 rates). A run
    // that is not training retrains at each position, so the curve follows the thumb.
    onRate: (key, rate, { final = true } = {}) => {
      if (store.get().transport.playing && !final) return;
      propose((draft) => { draft.runs.find((run) => run.key === key).rate = rate; }, `runs.${key}.rate`);
    },
    onRemove: (key) => propose((draft) => { draft.runs = draft.runs.filter((run) => run.key !== key); }, `runs.${key}.rate`),
    onPin: (key) => {
      const model = store.get();
      const index = model.state.runs.findIndex((r) => r.key === key);
      const record = model.runs.snapshot(key);
      if (!record) return;
      store.update({ pinned: { key: 'pinned', label: `pinned ${runLabel(record, index, differences()).legend}`, colour: model.state.runs[index].colour, record, faded: true } });
    },
  });
  $('add-run').addEventListener('click', () => propose((draft) => {
    if (draft.runs.length >= MAX_RUNS) return;
    draft.runs.push(makeRun(newRunRate(draft.runs.map((run) => run.rate)), draft.runs));
  }, 'add-run'));
  $('unpin').addEventListener('click', () => store.update({ pinned: null }));
  // A refused value of a run's own goes back to the one in force (its message stays beside it).
  store.subscribe((model, changed) => {
    if (changed.has('refusals')) runs.renderOwn(model.state.runs, model.state.settings, true);
  });
  return {
    /** Once per frame. @param {import('../page/model.js').PageModel} model */
    draw(model) {
      runs.render(model.state.runs, model.runs.records, (key) => cursorLine(model, key), model.state.settings, (key) => cursorMoment(model, key));
      const full = model.state.runs.length >= MAX_RUNS;
      $('add-run').disabled = full;
      $('add-run').title = full ? `At most ${MAX_RUNS} runs side by side: remove one to add another.` : '';
      $('unpin').hidden = !model.pinned;
    },
    /** When only the cursor moved: each run's line there. @param {import('../page/model.js').PageModel} model */
    drawCursor(model) {
      runs.renderCursor((key) => cursorLine(model, key), (key) => cursorMoment(model, key));
    },
  };
}

// The moment a run's card speaks of: null at "now"; with the cursor set, its epoch and the core's
// verdict as of then (null until the worker has answered for that epoch).
function cursorMoment(model, key) {
  const { cursor, cursorVerdicts } = model;
  if (!cursor) return null;
  return { epoch: cursor.epoch, verdict: cursorVerdicts?.epochs === cursor.epoch ? cursorVerdicts.verdicts[key] ?? null : null };
}

// A run's card line at the page's cursor: the epoch and its numbers there; '' at "now".
function cursorLine(model, key) {
  const { cursor } = model;
  if (!cursor) return '';
  return cardLine(cursor.epoch, valuesAt(model.runs.get(key), cursor.epoch));
}
