// The update at the cursor: for one run and one parameter, followed as the cursor moves (picked
// once, as the one that moved most, when the panel first shows, when another run is chosen or the
// run changes, and again on "Largest step here"; a parameter shown must not jump at each step),
// the optimizer's rule as its registry entry writes it (Keras 3's form) and the numbers it used at
// the update right after the cursor's position: the rate in force, the gradient, the optimizer's
// state before and after, the weight before and after. The core replays the run from its settings
// (its recorded ones, changes made while it trained included) to that update (the worker's
// 'inspectUpdates', a block of positions from one replay: web/views/update/update-blocks.js), so
// every number is one the run itself used.
import { el, setText } from '../../controls/dom.js';
import { formatRate } from '../../words/format.js';
import { runSettings } from '../../page/state.js';
import { cursorLimits, cursorUpdate } from '../../page/cursor.js';
import { updatePlace, updateRows } from './update-numbers.js';
import { updateBlocks } from './update-blocks.js';
import { TRAINING_DONE } from '../../protocol/messages.js';
import { untakenUpdate } from '../../words/cursor-words.js';

/** @type {(id: string) => any} */
const $ = (id) => document.getElementById(id);

/** @type {import('../view-context.js').View} */
export const updateView = {
  name: 'update',
  title: 'The update at the cursor',
  named: 'the update panel',
  panel: () => $('update-card'),
  // On the projector it stands beside the loss chart when chosen, and is hidden otherwise:
  // every view under the loss chart's column must leave the chosen one on the screen.
  projectable: true,
  hideable: true,
  create({ store, call, redrawCursor }) {
    const runPicker = $('update-run');
    const parameterField = $('update-parameter');
    const blocks = updateBlocks({
      ask: (args) => call('inspectUpdates', args),
      answered: () => look(store.get()),
    });
    let shownRuns = '';
    // The parameter followed: null until one is picked (the one that moved most where the panel is).
    /** @type {number | null} */
    let followed = null;
    let followedRun = '';  // the run (its key and settings) the pick was made for
    let lastUpdate = -1;
    let direction = 1;
    /** @type {{settings: unknown, text: string} | null} the last settings written out, reused while they stand */
    let settingsText = null;
    /** @type {{update: number, subject: string, entry: any, runName: string, optimizer?: Record<string, unknown>} | null} what the cursor's frame draws */
    let shown = null;
    let warmed = null;  // the state the positions where a cursor first lands were asked for
    let refusal = '';  // the Parameter field's refusal of what was typed, until it holds a parameter
    const pickAgain = () => {
      followed = null;
      refusal = '';
      parameterField.value = '';
    };

    // Finds the answer at the cursor (asking the core for it and the positions ahead) and, when
    // it is another than the one drawn, asks for the cursor's frame, which draws it with the markers.
    function look(model) {
      const { cursor, state } = model;
      const runs = state.runs.map((run, i) => `${run.key}:${formatRate(run.rate)}:${i}`).join();
      if (runs !== shownRuns) {
        shownRuns = runs;
        const chosen = runPicker.value;
        runPicker.replaceChildren(...state.runs.map((run, i) =>
          el('option', { value: run.key }, `run ${i + 1}: rate ${formatRate(run.rate)}`)));
        if (state.runs.some((run) => run.key === chosen)) runPicker.value = chosen;
      }
      if (!cursor) {
        shown = null;
        if (warmed !== state && state.runs.every((run) => TRAINING_DONE.has(model.runs.get(run.key)?.status))) {
          warmed = state;
          const { subjectAt, limits } = subjectOf(model);
          const last = limits.epochs * limits.stepsPerEpoch;
          blocks.warm([subjectAt(followed ?? -1, last, -1), subjectAt(followed ?? -1, 0, 1)]);
        }
        return;
      }
      const { subjectAt, limits, index, optimizer } = subjectOf(model);
      const update = cursorUpdate(cursor, limits.stepsPerEpoch);
      if (update !== lastUpdate) {
        if (lastUpdate >= 0) direction = update > lastUpdate ? 1 : -1;
        lastUpdate = update;
      }
      // The panel speaks of updates the run took: past them it says so, whatever a replay could show.
      const record = model.runs.get(state.runs[index]?.key);
      if (record && update >= record.updates) {
        const stopped = TRAINING_DONE.has(record.status);
        const subject = `untaken:${followedRun}:${record.updates}:${stopped}`;
        if (shown?.subject === subject && shown.update === update) return;
        shown = { update, subject, entry: { note: untakenUpdate(`run ${index + 1}`, update + 1, record.updates, stopped) }, runName: `run ${index + 1}` };
        redrawCursor();
        return;
      }
      const entry = blocks.at(subjectAt(followed ?? -1, update, direction));
      if (!entry) return;
      if (followed === null && entry.result) {  // the pick, kept from now on; its answer stands for it
        followed = entry.result.parameter;
        parameterField.value = String(followed);
        blocks.at(subjectAt(followed, update, direction));
        blocks.adopt(update, entry);
      }
      const { subject } = subjectAt(followed ?? -1, update, direction);
      if (shown?.subject === subject && shown.update === update) return;
      shown = { update, subject, entry, runName: `run ${index + 1}`, optimizer };
      redrawCursor();
    }

    // The run the panel speaks of (the picked one), and what to ask the core at a position.
    function subjectOf(model) {
      const { state } = model;
      const index = Math.max(0, state.runs.findIndex((run) => run.key === runPicker.value));
      const limits = cursorLimits(model);
      // A run changed while it trained replays from its recorded settings (its changes included).
      const settings = model.runs.get(state.runs[index]?.key)?.replaySettings ?? runSettings(state, index);
      if (settingsText?.settings !== settings) settingsText = { settings, text: JSON.stringify(settings) };
      const runIdentity = `${state.runs[index]?.key}:${settingsText.text}`;
      if (runIdentity !== followedRun) {  // another run, or the run retrained: pick again
        followedRun = runIdentity;
        pickAgain();
      }
      const last = limits.epochs * limits.stepsPerEpoch;
      const subjectAt = (parameter, update, towards) => ({
        subject: `${runIdentity}|${parameter}`, settings, parameter, update, last, direction: towards, stepsPerEpoch: limits.stepsPerEpoch,
      });
      return { subjectAt, limits, index, optimizer: /** @type {any} */ (settings)?.optimizer };
    }

    function draw(model) {
      if (!shown || !model.cursor) return;
      const limits = cursorLimits(model);
      if (shown.update !== cursorUpdate(model.cursor, limits.stepsPerEpoch)) return;
      if (shown.entry.result) {
        show(shown.entry.result, shown.runName, limits);
      } else {
        // An update the run has not taken (still to come, or past where it stopped): a note of
        // what the run did, not an error, and no rule or numbers a replay could make up. The
        // core's refusal of the position is an error.
        const { note = '', error = '' } = shown.entry;
        write('update-note', note);
        setHidden('update-note', !note);
        if (error) write('update-error', error);
        setHidden('update-error', !error && !refusal);
        setHidden('update-rule', true);
        setHidden('update-numbers', true);
      }
    }

    // Text and flags written only when they change: the same text again still lays the page out.
    const write = (id, text) => setText($(id), text);
    const setHidden = (id, hidden) => {
      if ($(id).hidden !== hidden) $(id).hidden = hidden;
    };

    function show(u, runName, limits) {
      // A refused parameter stays said beside the numbers of the one still followed.
      if (refusal) write('update-error', refusal);
      setHidden('update-error', !refusal);
      setHidden('update-note', true);
      setHidden('update-rule', false);
      setHidden('update-numbers', false);
      write('update-where', updatePlace(u, runName, limits));
      write('update-rule', u.rule.join('\n'));
      // What each quantity is goes under its name: three columns still fit a phone's width. The
      // rows are built again only for another rule; a move of the cursor rewrites their numbers.
      const rows = updateRows(u, shown?.optimizer);
      const body = $('update-rows');
      if (body.dataset.names !== rows.map((row) => row.name).join()) {
        body.dataset.names = rows.map((row) => row.name).join();
        body.replaceChildren(...rows.map(() => el('tr', {},
          el('th', { scope: 'row' }, el('code'), el('span', { className: 'update-meaning' })), el('td'), el('td'))));
      }
      rows.forEach((row, i) => {
        const [name, meaning, before, after] = [...body.rows[i].querySelectorAll('code, span, td')];
        for (const [node, text] of [[name, row.name], [meaning, row.meaning], [before, row.before], [after, row.after]]) setText(node, text);
      });
      const card = $('update-card');
      if (card.dataset.update !== String(u.update)) card.dataset.update = String(u.update);
      if (card.dataset.parameter !== String(u.parameter)) card.dataset.parameter = String(u.parameter);
      if (card.dataset.largest !== String(u.largest)) card.dataset.largest = String(u.largest);
    }

    runPicker.addEventListener('change', () => look(store.get()));
    parameterField.addEventListener('change', () => {
      const typed = parameterField.value.trim();
      const count = shown?.entry?.result?.parameters;
      refusal = parameterRefusal(typed, count, followed);
      if (refusal) {
        write('update-error', refusal);
        setHidden('update-error', false);
        return;
      }
      if (typed === '' || typed === '-1') pickAgain();
      else followed = Number(typed);
      look(store.get());
      redrawCursor();  // the refusal gone: the panel is drawn again even where its answer stands
    });
    $('update-largest').addEventListener('click', () => {
      pickAgain();
      look(store.get());
    });
    store.subscribe((model, changed) => {
      // Runs: a run's training ending frees the worker to warm the panel's first answers, and a
      // run training on reaches the update at the cursor.
      if (changed.has('cursor') || changed.has('state') || changed.has('runs')) look(model);
    });
    look(store.get());
    return {
      // The panel's body or its hint, and the answer at the cursor when it is in, in the cursor's
      // frame (web/page/main.js): written outside it, a text change lays the page out again.
      cursor(model) {
        setHidden('update-empty', Boolean(model.cursor));
        setHidden('update-body', !model.cursor);
        draw(model);
      },
    };
  },
};

/**
 * Why the Parameter field refuses what was typed, in its own words ('' when it holds a
 * parameter: a whole number below the network's count, or empty or -1 for the one that moved most).
 * @param {string} typed
 * @param {number | undefined} count the network's parameters (undefined: not known yet)
 * @param {number | null} followed the parameter followed meanwhile
 */
export function parameterRefusal(typed, count, followed) {
  if (typed === '' || typed === '-1') return '';
  const n = Number(typed);
  if (Number.isInteger(n) && n >= 0 && (count === undefined || n < count)) return '';
  const range = count === undefined ? 'a whole number from 0 on' : `a whole number from 0 to ${count - 1}`;
  const meanwhile = followed === null ? '' : ` The panel keeps following parameter ${followed} until then.`;
  return `Parameter: ${typed} is not allowed: must be ${range} (empty: the one that moved most).${meanwhile}`;
}
