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

// A change to a shared optimizer or schedule field (the control's field, "schedule.decay_steps")
// is meant for every run: the runs' own component of that name is dropped, so that no run keeps
// training with something the controls no longer show. The rate is each run's own and drops nothing.
export function dropOwn(runs, field) {
  const component = String(field ?? '').split('.')[0];
  if (!OWN_COMPONENTS.includes(component) || field === 'optimizer.learning_rate') return;
  for (const run of runs) {
    if (!run.own?.[component]) continue;
    delete run.own[component];
    if (!Object.keys(run.own).length) delete run.own;
  }
}

// The run whose settings, as the core completed them, stand for the shared settings: the first
// that trains them with nothing of its own; else the first that is not a branch (every run then
// has an optimizer or schedule of its own); -1 when every run is a branch (they train their own).
export function sharedRunIndex(runs) {
  const plain = runs.findIndex((run) => !run.branch && (!run.own || !Object.keys(run.own).length));
  return plain >= 0 ? plain : runs.findIndex((run) => !run.branch);
}

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
