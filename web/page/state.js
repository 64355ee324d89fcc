// The page's state and its settings: what the page model adopts (web/page/model.js PageState)
// is {settings, runs, speed, view}: the core's settings JSON shared by every run (its
// optimizer.learning_rate unused: each run has its own rate), the compared runs ({key, rate,
// colour, branch?, own?}, at most MAX_RUNS; run i trains runSettings(state, i)), the speed in epochs per second
// and run (0 = as fast as possible), and how the views look ({surface}: the landscape's surface).
// Its address form is web/page/url-schema.js's.

export const MAX_RUNS = 6;

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// What a run may train differently from the shared settings (a lesson's run.own, lessons/README.md
// "runs"): whole components, so that one run can compare another optimizer or schedule, and the
// changes it makes while it trains (a branch's, docs/semantics.md "Changes while training").
export const OWN_COMPONENTS = ['optimizer', 'schedule'];
export const OWN_FIELDS = [...OWN_COMPONENTS, 'changes'];

/**
 * The settings run `index` trains with: the shared settings, with the run's own optimizer,
 * schedule or changes where it has them (a lesson's: each replaces the shared one whole), at the
 * run's own rate; or a branch's own settings (its parent's with a change at its epoch:
 * web/page/branch.js), which the shared controls do not reach.
 * @param {{settings: Record<string, any>, runs: Array<{rate: number, own?: Record<string, any>, branch?: {settings: Record<string, any>}}>}} state
 * @param {number} index
 */
export function runSettings(state, index) {
  const run = state.runs[index];
  if (run.branch) return run.branch.settings;
  const settings = { ...state.settings };
  for (const field of OWN_FIELDS) if (run.own?.[field]) settings[field] = structuredClone(run.own[field]);
  return { ...settings, optimizer: { ...settings.optimizer, learning_rate: run.rate } };
}

/**
 * The value in force at a control's field: "optimizer.beta_1" in the shared settings,
 * "runs.r2.optimizer.beta_1" in what run r2 trains (its own where it has one), "runs.r2.rate" its
 * rate; "schedule.parts[1].decay_steps" follows the list. Undefined where there is none.
 * @param {{settings: Record<string, any>, runs: Array<any>}} state
 * @param {string} field
 */
export function valueAt(state, field) {
  const run = /^runs\.([^.]+)\.(.*)$/.exec(field);
  const index = run ? state.runs.findIndex((r) => r.key === run[1]) : -1;
  if (run && index < 0) return undefined;
  if (run && run[2] === 'rate') return state.runs[index].rate;
  let value = run ? runSettings(state, index) : state.settings;
  for (const part of (run ? run[2] : field).split(/\.|\[(\d+)\]\.?/).filter(Boolean)) value = value?.[part];
  return value;
}

// Whether a run has an optimizer, schedule or changes of its own (OWN_FIELDS).
export const hasOwn = (run) => Boolean(run.own && Object.keys(run.own).length);

/**
 * The shared settings after an apply, as the core completed them for the plain run
 * (plainRunIndex) that trains them with nothing of its own; null when no run does (every run has its own optimizer or schedule, or is a
 * branch): no run checked them then, and the caller has the core validate them alone. (Taking
 * them from a run with its own optimizer made that optimizer the shared one.)
 * @param {Array<{own?: Record<string, any>, branch?: any}>} runs
 * @param {Record<string, any>[]} canonical each run's settings as the core completed them
 */
export function sharedFromRuns(runs, canonical) {
  const index = plainRunIndex(runs);
  return index >= 0 ? canonical[index] : null;
}

/**
 * A run's own components as the core completed them (every parameter spelled out, as the run's
 * controls show them), without the rate (the run's own, `rate`). In place.
 * @param {{own?: Record<string, any>}} run
 * @param {Record<string, any>} canonical the run's settings as the core completed them
 */
export function completeOwn(run, canonical) {
  if (!run.own) return;
  for (const component of OWN_COMPONENTS) {
    if (!run.own[component]) continue;
    run.own[component] = structuredClone(canonical[component]);
    if (component === 'optimizer') delete run.own.optimizer.learning_rate;
  }
}

// The run whose settings, as the core completed them, stand for the shared settings: the first
// that trains them with nothing of its own (no branch, no optimizer, schedule or changes of its
// own); -1 when no run does.
export const plainRunIndex = (runs) => runs.findIndex((run) => !run.branch && !hasOwn(run));

// Fields of `value` that differ from `base`. A component (an object with a name) whose name
// changed is kept whole: its parameters mean nothing against another component's defaults.
export function settingsDiff(value, base) {
  if (isObject(value) && isObject(base)) {
    if ('name' in value && value.name !== base.name) return value;
    const out = {};
    for (const key of Object.keys(value)) {
      const d = settingsDiff(value[key], base[key]);
      if (d !== undefined) out[key] = d;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return same(value, base) ? undefined : value;
}

export function mergeSettings(base, diff) {
  if (!isObject(base) || !isObject(diff)) return diff === undefined ? base : diff;
  if ('name' in diff && diff.name !== base.name) return structuredClone(diff);
  const out = structuredClone(base);
  for (const key of Object.keys(diff)) out[key] = mergeSettings(base[key], diff[key]);
  return out;
}
