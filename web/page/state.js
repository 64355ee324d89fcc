// The page's one source of truth and its URL form.
//
// state = {
//   settings,  the core's settings JSON shared by every run (its optimizer.learning_rate is unused:
//              each run has its own rate), as returned by the core's validateSettings
//   runs:      [{key, rate, color}] the compared runs, at most MAX_RUNS; run i trains
//              runSettings(state, i)
//   speed:     epochs per second and run (0 = as fast as possible)
//   view:      how part 2's views look: {surface} (the landscape's surface)
// }
//
// The URL keeps it in one fragment parameter, `#s=` + URI-encoded JSON of {s, r, v, w}: `s` holds
// only the settings fields that differ from the page's defaults (short links), `r` the rates, `v` the
// speed and `w` the view fields that differ from the default view. Decoding asks the core to
// validate; a field the core rejects is dropped (the core's message names it) and reported, so a
// damaged link still opens with everything else it said.

import { splitMessage } from '../words/field-names.js';

export const MAX_RUNS = 6;

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

export function runSettings(state, index) {
  const { settings } = state;
  return { ...settings, optimizer: { ...settings.optimizer, learning_rate: state.runs[index].rate } };
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

export function encodeState(state, defaults) {
  const compact = { r: state.runs.map((run) => run.rate) };
  const diff = settingsDiff(state.settings, defaults.settings);
  if (diff) compact.s = diff;
  if (state.speed !== defaults.speed) compact.v = state.speed;
  const view = settingsDiff(state.view, defaults.view);
  if (view) compact.w = view;
  return `#s=${encodeURIComponent(JSON.stringify(compact))}`;
}

// "optimizer.beta_1: 5 is not allowed (...)" -> "optimizer.beta_1"
export function fieldOf(message) {
  const match = /^([A-Za-z_][\w.[\]]*):/.exec(message);
  return match ? match[1] : null;
}

// Removes the field a core message named from a settings diff. Returns false if it was not there.
function dropField(diff, field) {
  const path = field.replace(/\[\d+\]/g, '').split('.');
  if (path.at(-1) === 'name') path.pop();  // a bad component name voids its whole section
  let node = diff;
  for (let i = 0; i < path.length - 1; i++) {
    if (!isObject(node[path[i]])) return false;
    node = node[path[i]];
  }
  if (!path.length || !(path.at(-1) in node)) return false;
  delete node[path.at(-1)];
  return true;
}

// The value at a field path ("optimizer.beta_1", "schedule.milestones[1]") of a settings object.
function valueAt(settings, field) {
  return field.replace(/\[\d+\]/g, '').split('.').reduce((node, key) => (isObject(node) ? node[key] : undefined), settings);
}
const shown = (value) => (typeof value === 'string' ? `"${value}"` : Array.isArray(value) ? value.join(', ') : String(value));

// "Batch size from the link was ignored: 0 is not allowed (must be ...). Using the default, 512."
function ignoredNotice(message, defaults) {
  const { field, name, rest } = splitMessage(message);
  if (!field) return `The link's settings could not be used (${message}), so the lab opened with its default settings.`;
  const plain = field.replace(/\[\d+\]/g, '');
  const fallback = plain.endsWith('.name')
    ? `the default, ${shown(valueAt(defaults, plain))} with its default settings`
    : valueAt(defaults, plain) === undefined ? 'its default' : `the default, ${shown(valueAt(defaults, plain))}`;
  return `${name} from the link was ignored: ${rest}. Using ${fallback}.`;
}

function readFragment(hash) {
  if (!hash || !hash.startsWith('#s=')) return { compact: null };
  try {
    const compact = JSON.parse(decodeURIComponent(hash.slice(3)));
    if (!isObject(compact)) throw new Error('not an object');
    return { compact };
  } catch {
    return { compact: null, broken: true };
  }
}

// Restores a state from a URL fragment. validate(settings) is the core's validateSettings (async,
// through the worker). Returns {state, notices}: each notice names a field that was reset.
export async function decodeState(hash, defaults, validate, makeRun) {
  const notices = [];
  const { compact, broken } = readFragment(hash);
  if (broken) notices.push('This link could not be read, so the lab opened with its default settings.');
  if (!compact) return { state: structuredClone(defaults), notices };

  let diff = isObject(compact.s) ? structuredClone(compact.s) : {};
  let settings = null;
  for (let attempt = 0; attempt < 40 && !settings; attempt++) {
    try {
      settings = await validate(mergeSettings(defaults.settings, diff));
    } catch (error) {
      const field = fieldOf(error.message);
      notices.push(ignoredNotice(error.message, defaults.settings));
      if (!field || !dropField(diff, field)) diff = {};
    }
  }
  settings ??= structuredClone(defaults.settings);

  const rates = Array.isArray(compact.r) && compact.r.length ? compact.r.slice(0, MAX_RUNS) : defaults.runs.map((run) => run.rate);
  const runs = [];
  for (const [index, rate] of rates.entries()) {
    const fallback = defaults.runs[index]?.rate ?? defaults.runs.at(-1).rate;
    try {
      await validate({ ...settings, optimizer: { ...settings.optimizer, learning_rate: rate } });
      runs.push(makeRun(rate, runs));
    } catch (error) {
      notices.push(`Learning rate of run ${index + 1} from the link was ignored: ${splitMessage(error.message).rest}. Using ${fallback} instead.`);
      runs.push(makeRun(fallback, runs));
    }
  }
  const speed = typeof compact.v === 'number' && compact.v >= 0 ? compact.v : defaults.speed;
  // View fields are checked where they are used (web/views/below-the-loss-chart.js knows the core's surface names).
  const view = { ...defaults.view };
  if (isObject(compact.w) && typeof compact.w.surface === 'string') view.surface = compact.w.surface;
  return { state: { settings, runs, speed, view }, notices };
}
