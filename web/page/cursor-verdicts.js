// The runs' verdicts as of the cursor's epoch, from the worker's core, kept in the model
// (model.cursorVerdicts: {epochs, verdicts: run key -> Verdict}). The page never re-derives a
// verdict from the curve: the core diagnoses each run's history as it stood at that epoch, so a
// card, the sentence a screen reader hears and a lesson all read the same one.
//
// The core answers for a block of epochs at once, and the page keeps the answers: a drag over
// epochs already answered finds its verdicts at once, in the same frame as the markers, instead
// of drawing every run card twice per position (once without the verdict, once when the worker
// answered; bench/cursor_probe.mjs). The block after the cursor's, in the direction it moves, is
// asked before it is reached, and at "now" with every run done, the blocks of the timeline's end
// and start. One request travels at a time; the cursor's own block goes first.
import { cursorLimits } from './cursor.js';
import { TRAINING_DONE } from '../protocol/messages.js';

// Epochs per request. A diagnosis copies the run's history up to its epoch
// (core/history_until.h): far into a long run the block is cut to keep a request's copying
// to about HISTORY_BUDGET epochs per run.
export const BLOCK = 16;
const HISTORY_BUDGET = 200_000;
// Epochs whose answers are kept (the oldest go first): the default run length several times over,
// a few hundred kB of verdicts per run; a longer run dragged end to end asks again.
const EPOCHS_KEPT = 1024;

/**
 * What the page shows of a verdict at the cursor (the run card's badge and tone, its line and the
 * sentence a screen reader hears: web/controls/runs-panel.js, web/words/cursor-words.js), kept
 * for each epoch answered. The core's whole diagnosis (its evidence and every view's words, some
 * 1.4 kB a run and epoch) is read where it is shown in full, from the run's record, not here.
 * @param {Record<string, any>} verdicts run key -> the core's diagnosis as of an epoch
 * @returns {Record<string, any>}
 */
export function shownAtCursor(verdicts) {
  /** @type {Record<string, any>} */
  const kept = {};
  for (const [key, v] of Object.entries(verdicts)) {
    kept[key] = v && {
      verdict: v.verdict, diverged: v.diverged, divergedEpoch: v.divergedEpoch,
      words: v.words && { badge: v.words.badge, tone: v.words.tone },
    };
  }
  return kept;
}

/**
 * What a verdict as of `epoch` depends on, per run: the record it was read from (a retrain
 * replaces it, a cut-back history counts a rewind), the part of the history up to that epoch the
 * page has received, and whether the run diverged. Equal keys: the core's answer still holds.
 * @param {import('./model.js').PageModel} model
 * @param {number} epoch
 * @param {(record: any) => number} idOf
 */
export function verdictKey(model, epoch, idOf) {
  return model.state.runs.map((run) => {
    const record = model.runs.get(run.key);
    if (!record) return `${run.key}@-`;
    return `${run.key}#${idOf(record)}.${record.rewinds ?? 0}@${Math.min(record.recorded, epoch + 1)}${record.diverged ? 'x' : ''}`;
  }).join();
}

/**
 * The epochs a request for `epoch` covers: its block, cut where a run still training has not
 * reached (its verdicts there change with every epoch it trains), at the timeline's end, and
 * far into a long run. Always holds `epoch` itself.
 * @param {number} epoch
 * @param {{recordedStable: number, last: number}} limits  recordedStable: the fewest epochs
 *   recorded by a run still training (Infinity for none); last: the timeline's last epoch
 * @returns {{from: number, count: number}}
 */
export function blockFor(epoch, { recordedStable, last }) {
  const size = Math.max(1, Math.min(BLOCK, Math.floor(HISTORY_BUDGET / (epoch + 1))));
  const from = Math.floor(epoch / size) * size;
  const end = Math.min(from + size, last + 1, recordedStable);
  return end > epoch ? { from, count: end - from } : { from: epoch, count: 1 };
}

/**
 * @param {{store: import('./model.js').ModelStore, call: (type: string, args?: any) => Promise<any>}} options
 */
export function startCursorVerdicts({ store, call }) {
  /** @type {Map<number, {key: string, verdicts: Record<string, any>}>} epoch -> the core's answer */
  const known = new Map();
  const ids = new WeakMap();
  let nextId = 0;
  const idOf = (record) => {
    if (!ids.has(record)) ids.set(record, ++nextId);
    return ids.get(record);
  };
  let inFlight = false;
  let failed = false;  // the last request failed: asked again only once the cursor or the runs change
  let lastEpoch = -1;
  let direction = 1;

  function limits(model) {
    let recordedStable = Infinity;
    for (const run of model.state.runs) {
      const record = model.runs.get(run.key);
      if (record && !TRAINING_DONE.has(record.status)) recordedStable = Math.min(recordedStable, record.recorded);
    }
    return { recordedStable, last: cursorLimits(model).epochs };
  }

  const answered = (model, epoch) => known.get(epoch)?.key === verdictKey(model, epoch, idOf);

  // Shows the verdicts for the cursor's epoch when they are known.
  function show(model) {
    const { cursor } = model;
    if (!cursor) return;
    const entry = known.get(cursor.epoch);
    if (!entry || entry.key !== verdictKey(model, cursor.epoch, idOf)) return;
    const shown = model.cursorVerdicts;
    if (shown?.epochs === cursor.epoch && shown.verdicts === entry.verdicts) return;
    store.update({ cursorVerdicts: { epochs: cursor.epoch, verdicts: entry.verdicts } });
  }

  // The next request: the cursor's epoch if unanswered, else the block ahead of it. At "now",
  // once every run has stopped training (the worker is idle), the blocks where the cursor first
  // lands: the end, where the slider's thumb stands and a drag starts, and the start (Home).
  function wanted(model) {
    const { cursor } = model;
    const at = limits(model);
    if (!cursor) {
      if (at.recordedStable !== Infinity || !model.state.runs.every((run) => model.runs.get(run.key))) return null;
      const first = [at.last, 0].find((epoch) => !answered(model, epoch));
      return first === undefined ? null : blockFor(first, at);
    }
    if (!answered(model, cursor.epoch)) return blockFor(cursor.epoch, at);
    const here = blockFor(cursor.epoch, at);
    const ahead = direction > 0 ? here.from + here.count : here.from - 1;
    if (ahead < 0 || ahead > at.last || ahead >= at.recordedStable || answered(model, ahead)) return null;
    return blockFor(ahead, at);
  }

  function ask() {
    if (inFlight || failed) return;
    const model = store.get();
    const block = wanted(model);
    if (!block) return;
    inFlight = true;
    // The keys as the page sees the runs now: an answer for runs that changed meanwhile is kept
    // under the old keys, and so never shown.
    const keys = Array.from({ length: block.count }, (_, i) => verdictKey(model, block.from + i, idOf));
    call('verdictsFrom', block).then((answers) => {
      answers.forEach((verdicts, i) => {
        known.delete(block.from + i);  // re-inserted: the newest answers are the last to go
        known.set(block.from + i, { key: keys[i], verdicts: shownAtCursor(verdicts) });
      });
      for (const epoch of known.keys()) {
        if (known.size <= EPOCHS_KEPT) break;
        known.delete(epoch);
      }
    }).catch(() => {
      failed = true;
    }).finally(() => {
      inFlight = false;
      show(store.get());
      ask();
    });
  }

  store.subscribe((model, changed) => {
    if (!changed.has('cursor') && !changed.has('runs')) return;
    const { cursor } = model;
    failed = false;
    if (!cursor) {
      if (model.cursorVerdicts) store.update({ cursorVerdicts: null });
      ask();
      return;
    }
    if (cursor.epoch !== lastEpoch) {
      if (lastEpoch >= 0) direction = cursor.epoch > lastEpoch ? 1 : -1;
      lastEpoch = cursor.epoch;
    }
    show(model);
    ask();
  });
}
