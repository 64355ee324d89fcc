// The page's state and its settings: what the page model adopts (web/page/model.js PageState)
// is {settings, runs, speed, view}: the core's settings JSON shared by every run (its
// optimizer.learning_rate unused: each run has its own rate), the compared runs ({key, rate,
// colour, branch?}, at most MAX_RUNS; run i trains runSettings(state, i)), the speed in epochs per second
// and run (0 = as fast as possible), and how the views look ({surface}: the landscape's surface).
// Its address form is web/page/url-schema.js's.

export const MAX_RUNS = 6;

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The settings run `index` trains with: the shared settings at the run's own rate, or a branch's
 * own settings (its parent's with a change at its epoch: web/page/branch.js), which the shared
 * controls do not reach.
 * @param {{settings: Record<string, any>, runs: Array<{rate: number, branch?: {settings: Record<string, any>}}>}} state
 * @param {number} index
 */
export function runSettings(state, index) {
  const { settings } = state;
  const run = state.runs[index];
  if (run.branch) return run.branch.settings;
  return { ...settings, optimizer: { ...settings.optimizer, learning_rate: run.rate } };
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
