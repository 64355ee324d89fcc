// How the page changes: a control proposes a change to a draft of the adopted state; the worker
// (the core) validates and applies it to the runs; only then does the model adopt it. Proposals
// are queued and coalesced (a drag sends many) and applied in order, one batch at a time. A
// refused change leaves the adopted state as it was and puts the core's message in the model's
// refusals, at the field the change came from (or the field the core named).
import { completeOwn, plainRunIndex, runSettings, sharedFromRuns } from './state.js';
import { fieldOf } from './url-schema.js';
import { followRunLength } from '../protocol/run-length-defaults.js';
import { ensureProblemData } from './data-sources.js';

/** @typedef {import('./model.js').PageState} PageState */
/** @typedef {{mutate: (draft: PageState) => void, field: string, hold: boolean}} Proposal */

/**
 * Where the core's refusal of a batch is shown: the control the change came from wins over its
 * section's ("schedule: rate at epoch 0 ..." for a typed formula belongs beside the formula, not
 * the schedule picker); a field the core named wins otherwise, but a rate error belongs to the
 * run whose rate was being changed, and a field of a run's own optimizer or schedule
 * ("runs.r2.optimizer.beta_1", the core naming "optimizer.beta_1") to that run's control.
 * @param {string} message the core's refusal
 * @param {string} field the field the last change of the batch came from
 * @param {(field: string) => boolean} hasControl
 */
export function refusalField(message, field, hasControl) {
  const named = fieldOf(message);
  const run = /^runs\.[^.]+\./.exec(field ?? '')?.[0];
  // A change to a run's own stays with that run: the shared control of that name is another's.
  if (run) return named && hasControl(run + named) ? run + named : field;
  const withinField = named && field?.startsWith(`${named}.`);
  return named && !withinField && named !== 'optimizer.learning_rate' && hasControl(named) ? named : field;
}

/**
 * @param {{store: import('./model.js').ModelStore, call: (type: string, args?: any) => Promise<any>,
 *          hasControl: (field: string) => boolean, showNotice: (text: string) => void}} options
 */
export function createProposals({ store, call, hasControl, showNotice }) {
  /** @type {Proposal[]} */
  const queue = [];
  let applying = false;
  // The shared settings keep the default rate: every run carries its own (runSettings).
  const withDefaultRate = (settings) => ({
    ...settings, optimizer: { ...settings.optimizer, learning_rate: store.get().defaults.settings.optimizer.learning_rate },
  });

  async function drain() {
    applying = true;
    while (queue.length) {
      const batch = queue.splice(0);
      const adopted = store.get().state;
      const draft = structuredClone(adopted);
      // A run's own optimizer or schedule stays when the shared one changes: its row shows it
      // (web/controls/run-own.js), and "same as the others" gives it the shared one again.
      for (const { mutate } of batch) mutate(draft);
      await followRunLength(adopted, draft, call);  // schedule lengths follow the run's
      try {
        // A real table is fetched and handed to every worker before the runs are built on it.
        await ensureProblemData(call, draft.settings.problem.name);
        // No run trains the shared settings as they are (each has its own optimizer or schedule,
        // or is a branch): the core checks them alone, before any run is changed.
        const alone = plainRunIndex(draft.runs) >= 0 ? null : await call('validate', { settings: draft.settings });
        const canonical = await call('apply', {
          // A lesson's question holds its new runs at epoch 0 (web/lessons/lesson-mode.js).
          hold: batch.some((proposal) => proposal.hold),
          // A run a link restored with its changes starts from them (web/worker/run-pool.js).
          runs: draft.runs.map((run, index) => ({ key: run.key, settings: runSettings(draft, index), ...(run.replay && { replay: run.replay }) })),
        });
        // The shared settings as the core completed them, from a run that trains them (a branch
        // trains its own, a run may have its own optimizer or schedule), or checked alone when
        // none does; a branch keeps its settings, a run its own components, as the core completed them.
        draft.settings = withDefaultRate(sharedFromRuns(draft.runs, canonical) ?? alone);
        draft.runs.forEach((run, index) => {
          if (run.branch) run.branch = { ...run.branch, settings: canonical[index] };
          else completeOwn(run, canonical[index]);
        });
        const { runs, refusals, experiments } = store.get();
        const kept = { ...refusals };
        for (const { field } of batch) delete kept[field];
        // What the page holds of a run goes with it: its record and its step sizes (kept, these
        // grew the page's heap by every run a long session ever made: bench/soak.mjs).
        const gone = (key) => !draft.runs.some((run) => run.key === key);
        for (const key of [...runs.records.keys()]) if (gone(key)) runs.remove(key);
        const { sizes } = experiments.stepSizes;
        for (const key of [...sizes.series.keys()]) if (gone(key)) sizes.remove(key);
        store.update({ state: draft, refusals: kept, draftSchedule: null });
      } catch (error) {
        const field = refusalField(error.message, batch.at(-1).field, hasControl);
        if (hasControl(field)) store.update({ refusals: { ...store.get().refusals, [field]: error.message }, draftSchedule: null });
        else {
          showNotice(error.message);
          store.update({ draftSchedule: null });
        }
      }
    }
    applying = false;
  }

  return {
    /**
     * @param {(draft: PageState) => void} mutate changes a draft of the adopted state
     * @param {string} field the control the change came from (where a refusal is shown)
     * @param {{hold?: boolean}} [options] hold: new runs wait at epoch 0 (a lesson's question)
     */
    propose(mutate, field, { hold = false } = {}) {
      queue.push({ mutate, field, hold });
      if (!applying) drain();
    },
  };
}
