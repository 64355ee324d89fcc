// The page model: every piece of page state in one store, each with its shape. Controls propose
// changes (web/page/proposals.js), the worker's pushes land here, and views, controls and lessons
// read it and subscribe to it. What can be computed from it (the errors beside the controls, a
// run's lifecycle) is a pure function of it, never a second copy kept in step by hand.
//
// The store is deliberately small: get() returns the model, update(changes, what) replaces the
// named top-level fields and tells every subscriber which fields changed. Large per-run data (the
// runs' records, the step sizes) is held in containers updated in place by their owner, which then
// calls touch('runs') so subscribers redraw: copying every history increment would cost a frame.

import { StepSizes } from './step-sizes.js';

/** @typedef {import('../protocol/messages.js').ExperimentStatus} ExperimentStatus */
/** @typedef {import('./run-histories.js').RunHistories} RunHistories */

/**
 * One compared run: its key (stable for its life), its rate and its colour. Run i trains
 * runSettings(state, i) (web/page/state.js). A lesson's run may have an optimizer or schedule of
 * its own (`own`, lessons/README.md "runs"). A branch (web/page/branch.js) also holds its parent's
 * key, the epoch it continues from, what it changed there and its own settings.
 * A run a link restored with the changes it had while training holds them as `replay` (the
 * settings that lead to its settings now): the worker starts it from them.
 * @typedef {{parent: string, epoch: number, choice: import('./branch.js').BranchChoice, settings: Record<string, any>}} Branch
 * @typedef {{key: string, rate: number, colour: string, own?: Record<string, any>, branch?: Branch, replay?: Record<string, any>}} Run
 */

/**
 * What the page has adopted: only settings the core validated and applied (a refused proposal
 * never reaches it). The URL's #s= is its serialisation (web/page/url-schema.js).
 * @typedef {object} PageState
 * @property {Record<string, any>} settings  the core's canonical settings shared by every run
 *                                           (its optimizer.learning_rate unused: each run has its own)
 * @property {Run[]} runs                    at most MAX_RUNS
 * @property {number} speed                  epochs per second per run (0: as fast as the core can)
 * @property {{surface: string} & Record<string, any>} view  how the views look (the landscape's surface)
 */

/**
 * The sweep and the range test (the loss against the rate), as the sweep client holds them.
 * @typedef {object} SweepExperiment
 * @property {ExperimentStatus} status
 * @property {any} range          the range test's latest result message ({done, result}) or null
 * @property {any} sweep          the sweep's latest result message ({done, progress, result, epochs}) or null
 * @property {string} error
 * @property {number} token       the request shown
 * @property {number} workers     how many workers share it
 * @property {any} best           the core's lowest-loss rate once done: {rate, loss, verdict, words} | null
 * @property {any} steady         the core's best steadily converging rate once done: {rate, loss} | null
 * @property {any} recommendation the core's SweepRecommendation once done (the rate to use, its measure, the band about as good) | null
 * @property {number} suggestion  the range test's valley suggestion (NaN: none yet)
 * @property {string} [key]        the settings it belongs to (web/page/sweep-client.js sweepKey)
 * @property {number} [requestedAt] when it was asked for (performance.now())
 * @property {number} [elapsedMs]  from the request to the whole curve's arrival
 */

/**
 * The loss landscape: the core's surface and each run's path on it.
 * @typedef {object} LandscapeExperiment
 * @property {ExperimentStatus} status
 * @property {string} error
 * @property {any} view                        the core's landscape() result for the current request, or null
 * @property {Array<{key: string, label: string}>} runs  the runs the paths belong to, in order
 */

/**
 * The optimizer's per-parameter step sizes per recorded update, accumulated from the runs' pushes.
 * @typedef {object} StepSizesExperiment
 * @property {ExperimentStatus} status   'running' once step sizes arrive
 * @property {StepSizes} sizes           run key -> {median, min, max} points (updated in place)
 * @property {number} version            counts the changes to `sizes`
 */

/**
 * @typedef {object} Experiments
 * @property {SweepExperiment} sweep
 * @property {LandscapeExperiment} landscape
 * @property {StepSizesExperiment} stepSizes
 */

/**
 * @typedef {object} PageModel
 * @property {any} registry                    the core's registry (optimizers, schedules, problems...)
 * @property {Record<string, any>} coreDefaults the core's default settings
 * @property {PageState} defaults              the page's default view, validated
 * @property {PageState} state                 the adopted state
 * @property {RunHistories} runs               each run's record, accumulated from the worker's pushes
 * @property {{playing: boolean}} transport    whether the worker is training
 * @property {Record<string, string>} refusals field -> the core's last refusal of a change there
 * @property {import('./control-errors.js').SyntaxCheck | null} syntax  the failing syntax check of the typed formula
 * @property {Record<string, any> | null} draftSchedule a typed formula that parses, not applied yet (the preview draws it)
 * @property {any} pinned                      a frozen copy of a run drawn beside the others, or null
 * @property {Experiments} experiments
 * @property {import('./cursor.js').Cursor | null} cursor  the position in training the page points at (web/page/cursor.js); null: now
 * @property {{epochs: number, verdicts: Record<string, any>} | null} cursorVerdicts  the core's verdict of each run as of the cursor's epoch (web/page/cursor-verdicts.js)
 * @property {{hidden: string[], projector: string | null}} shape  panels hidden by the link, projector mode
 * @property {{chapter: number | null, draw: boolean}} lesson  the lesson chapter open (null: lesson
 *   mode closed) and whether its prediction is drawn
 */

/**
 * @param {PageModel} initial
 */
export function createModel(initial) {
  let model = initial;
  /** @type {Set<(model: PageModel, changed: Set<string>) => void>} */
  const listeners = new Set();
  const tell = (changed) => {
    for (const listener of [...listeners]) listener(model, changed);
  };
  return {
    /** @returns {PageModel} */
    get: () => model,
    /**
     * Replaces the given top-level fields.
     * @param {Partial<PageModel>} changes
     */
    update(changes) {
      model = { ...model, ...changes };
      tell(new Set(Object.keys(changes)));
    },
    /**
     * Says a field's container changed in place (the runs' records, the step sizes).
     * @param {keyof PageModel} field
     */
    touch(field) {
      tell(new Set([field]));
    },
    /**
     * @param {(model: PageModel, changed: Set<string>) => void} listener
     * @returns {() => void} unsubscribe
     */
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** @typedef {ReturnType<typeof createModel>} ModelStore */


/**
 * The experiments before anything ran.
 * @returns {Experiments}
 */
export function idleExperiments() {
  return {
    sweep: { status: 'idle', range: null, sweep: null, error: '', token: 0, workers: 1, best: null, steady: null, recommendation: null, suggestion: NaN },
    landscape: { status: 'idle', error: '', view: null, runs: [] },
    stepSizes: { status: 'idle', sizes: new StepSizes(), version: 0 },
  };
}
