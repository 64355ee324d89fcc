// Everything the page's address carries, declared once (as TensorFlow Playground's PROPS table):
//
//   ?projector[=view]  projector mode on, with `view` beside the loss chart (default: the first
//                      projectable view)
//   ?hide=a,b          panels hidden by a teacher's link ("settings" = every settings card)
//   ?workers=N         how many workers share the sweep (tests, benchmark)
//   #s=JSON            the page's settings (what differs from the defaults), runs' rates, speed,
//                      view, the branches (runs with their own settings: web/page/branch.js) and
//                      each run's own optimizer or schedule (web/controls/run-own.js)
//   &lesson=N          the open lesson chapter (1-based), after #s=... or alone (#lesson=N)
//   &draw              the chapter asks for a drawn prediction (a teacher's link), after &lesson=N
//
// This module reads and writes them; nothing else in the page parses `location`. It is pure
// (no DOM): the page passes the address in, and tests import it to build links as the page does.
import { splitMessage } from '../words/field-names.js';
import { MAX_RUNS, OWN_FIELDS, mergeSettings, settingsDiff } from './state.js';
import { linkScheduleLength } from '../protocol/run-length-defaults.js';

/** @typedef {import('./model.js').PageState} PageState */

/**
 * @typedef {object} AddressField
 * @property {'query' | 'hash'} part
 * @property {string} meaning
 */
/** @type {Record<string, AddressField>} */
export const ADDRESS_FIELDS = {
  projector: { part: 'query', meaning: 'projector mode, and the view beside the loss chart' },
  hide: { part: 'query', meaning: 'panels a link hides, by name, comma separated' },
  workers: { part: 'query', meaning: 'how many workers share the sweep' },
  s: { part: 'hash', meaning: "the page's settings, the runs' rates, the speed and the view" },
  lesson: { part: 'hash', meaning: 'the open lesson chapter, 1-based' },
  draw: { part: 'hash', meaning: "the chapter's prediction is drawn on the loss chart" },
};
// Shorthands ?hide accepts for several panels at once.
export const HIDE_GROUPS = { settings: ['schedule', 'optimizer', 'plateau', 'problem'] };
// ?workers=N accepts 1 .. MAX_FORCED_WORKERS.
export const MAX_FORCED_WORKERS = 8;

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

// ---- the fragment: #s=...&lesson=N ----

/**
 * The fragment's parts. The state part is URI-encoded JSON, which never holds a raw '&', so the
 * fragment splits safely at '&'.
 * @param {string} hash
 * @returns {{state: string, lesson: number | null, draw: boolean}} state: the '#s=...' part or '';
 *   draw: only with a chapter (drawing is a way of answering one)
 */
export function splitHash(hash) {
  let state = '';
  let lesson = null;
  let draw = false;
  for (const part of (hash ?? '').replace(/^#/, '').split('&').filter(Boolean)) {
    if (part.startsWith('s=')) state = `#${part}`;
    const match = /^lesson=(\d{1,3})$/.exec(part);
    if (match) lesson = Number(match[1]);
    if (part === 'draw') draw = true;
  }
  return { state, lesson, draw: draw && lesson !== null };
}

/**
 * The fragment to write: the state's part, and the chapter while a lesson is open.
 * @param {string} stateHash '#s=...' or ''
 * @param {number | null | undefined} lesson
 * @param {boolean} [draw] the chapter asks for a drawn prediction
 */
export function joinHash(stateHash, lesson, draw = false) {
  if (lesson === null || lesson === undefined) return stateHash;
  const chapter = `lesson=${lesson}${draw ? '&draw' : ''}`;
  return stateHash ? `${stateHash}&${chapter}` : `#${chapter}`;
}

/**
 * The compact JSON the `#s=` part holds: {r: rates, s: settings diff, v: speed, w: view diff,
 * b: runs with their own settings, o: each run's own optimizer, schedule or changes (whole,
 * null for a run with none; web/page/state.js runSettings)}. A branch is {i: its run's index, p: its parent's index (-1:
 * removed), e: epoch, c: what it changed there, s: its settings as a diff from the shared ones,
 * its changes whole}; a run changed while it trained is {i, s, k: 'replay'}: it opens replaying
 * its changes (drawn whole), as a run the shared controls no longer reach.
 * @param {string} stateHash
 * @returns {{compact: Record<string, any> | null, broken: boolean}}
 */
export function readStateHash(stateHash) {
  if (!stateHash || !stateHash.startsWith('#s=')) return { compact: null, broken: false };
  try {
    const compact = JSON.parse(decodeURIComponent(stateHash.slice(3)));
    if (!isObject(compact)) throw new Error('not an object');
    return { compact, broken: false };
  } catch {
    return { compact: null, broken: true };
  }
}

/**
 * '#s=' + the state's compact form: only the settings and view fields that differ from the
 * defaults, so links stay short.
 * @param {Pick<PageState, 'settings' | 'runs' | 'speed' | 'view'>} state
 * @param {Pick<PageState, 'settings' | 'speed' | 'view'>} defaults
 * @param {(key: string) => (Record<string, any> | null)} [replayOf] the settings that replay a run
 *   changed while it trained (its record's, from the worker), or null: such a run is kept in the
 *   link with them, so the link opens on its history, not on its latest settings from epoch 0
 */
export function encodeState(state, defaults, replayOf = () => null) {
  /** @type {Record<string, any>} */
  const compact = { r: state.runs.map((run) => run.rate) };
  const diff = settingsDiff(state.settings, defaults.settings);
  if (diff) compact.s = diff;
  if (state.speed !== defaults.speed) compact.v = state.speed;
  const view = settingsDiff(state.view, defaults.view);
  if (view) compact.w = view;
  /** @type {Record<string, any>[]} */
  const branches = [];
  state.runs.forEach((run, i) => {
    const own = run.branch ? run.branch.settings : replayOf(run.key);
    if (!own) return;
    const entry = { i, s: settingsDiff(own, state.settings) ?? {} };
    if (!run.branch) branches.push({ ...entry, k: 'replay' });
    else branches.push({ ...entry, p: state.runs.findIndex((other) => other.key === run.branch.parent), e: run.branch.epoch, c: run.branch.choice });
  });
  if (branches.length) compact.b = branches;
  // A run's own components (a lesson's, or picked in its row) travel whole: a link restores them.
  const own = state.runs.map((run) => (!run.branch && run.own && Object.keys(run.own).length ? run.own : null));
  if (own.some(Boolean)) compact.o = own;
  return compactHash(compact);
}

/**
 * '#s=' + a compact state as the address holds it: URI-encoded JSON {r, s, v, w, b, o}.
 * @param {{r?: number[], s?: Record<string, any>, v?: number, w?: Record<string, any>, b?: any[], o?: any[]}} compact
 */
export const compactHash = (compact) => `#s=${encodeURIComponent(JSON.stringify(compact))}`;

/**
 * The settings field a core message names: "optimizer.beta_1: 5 is not allowed" -> "optimizer.beta_1".
 * @param {string} message
 */
export function fieldOf(message) {
  const match = /^([A-Za-z_][\w.[\]]*):/.exec(message);
  return match ? match[1] : null;
}

/**
 * Removes the field a core message named from a settings diff; false if it was not there. A bad
 * component name voids its whole section.
 * @param {Record<string, any>} diff
 * @param {string} field
 */
export function dropField(diff, field) {
  const path = field.replace(/\[\d+\]/g, '').split('.');
  if (path.at(-1) === 'name') path.pop();
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

/**
 * "Batch size from the link was ignored: 0 is not allowed (must be ...). Using the default, 512."
 * @param {string} message the core's refusal
 * @param {Record<string, any>} defaults the default settings
 */
export function ignoredNotice(message, defaults) {
  const { field, name, rest } = splitMessage(message);
  if (!field) return `The link's settings could not be used (${message}), so the lab opened with its default settings.`;
  const plain = field.replace(/\[\d+\]/g, '');
  const fallback = plain.endsWith('.name')
    ? `the default, ${shown(valueAt(defaults, plain))} with its default settings`
    : valueAt(defaults, plain) === undefined ? 'its default' : `the default, ${shown(valueAt(defaults, plain))}`;
  return `${name} from the link was ignored: ${rest}. Using ${fallback}.`;
}

/**
 * Restores a page state from the fragment's `#s=` part. validate(settings) is the core's
 * validateSettings (async, through the worker). A field the core refuses is dropped from what the
 * link said and named in a notice, so a damaged link still opens with everything else it said.
 * @template {{rate: number}} Run
 * @param {string} stateHash
 * @param {{settings: Record<string, any>, runs: Run[], speed: number, view: {surface: string} & Record<string, any>}} defaults
 * @param {(settings: Record<string, any>) => Promise<Record<string, any>>} validate
 * @param {(rate: number, runs: Run[]) => Run} makeRun
 * @param {(settings: Record<string, any>) => Promise<Record<string, any>>} [lengthDefaults] the
 *   schedule defaults that follow a run's length (the worker's runLengthDefaults): a schedule the
 *   link names takes them for what it leaves out, as a schedule picked on the page does
 * @returns {Promise<{state: {settings: Record<string, any>, runs: Run[], speed: number, view: {surface: string} & Record<string, any>},
 *                    notices: string[], dropped: string[]}>} dropped: the fields the core refused
 */
export async function decodeState(stateHash, defaults, validate, makeRun, lengthDefaults = null) {
  /** @type {string[]} */
  const notices = [];
  /** @type {string[]} */
  const dropped = [];
  const { compact, broken } = readStateHash(stateHash);
  if (broken) notices.push('This link could not be read, so the lab opened with its default settings.');
  if (!compact) return { state: structuredClone(defaults), notices, dropped };

  let diff = isObject(compact.s) ? structuredClone(compact.s) : {};
  let settings = null;
  for (let attempt = 0; attempt < 40 && !settings; attempt++) {
    try {
      settings = await validate(mergeSettings(defaults.settings, diff));
    } catch (error) {
      const field = fieldOf(error.message);
      notices.push(ignoredNotice(error.message, defaults.settings));
      if (field) dropped.push(field);
      if (!field || !dropField(diff, field)) diff = {};
    }
  }
  settings ??= structuredClone(defaults.settings);
  if (lengthDefaults) settings = await followLinkLength(settings, diff.schedule, lengthDefaults, validate);

  const rates = Array.isArray(compact.r) && compact.r.length ? compact.r.slice(0, MAX_RUNS) : defaults.runs.map((run) => run.rate);
  /** @type {Run[]} */
  const runs = [];
  for (const [index, rate] of rates.entries()) {
    const fallback = defaults.runs[index]?.rate ?? defaults.runs.at(-1).rate;
    try {
      await validate({ ...settings, optimizer: { ...settings.optimizer, learning_rate: rate } });
      runs.push(makeRun(rate, runs));
    } catch (error) {
      notices.push(`Learning rate of run ${index + 1} from the link was ignored: ${splitMessage(error.message).rest}. Using ${fallback} instead.`);
      dropped.push(`runs[${index}].rate`);
      runs.push(makeRun(fallback, runs));
    }
  }
  await restoreOwn(compact.o, settings, runs, { validate, lengthDefaults }, notices, dropped);
  await restoreBranches(compact.b, settings, runs, validate, notices, dropped);
  const speed = typeof compact.v === 'number' && compact.v >= 0 ? compact.v : defaults.speed;
  // View fields are checked where they are used (the landscape view knows the core's surface names).
  const view = { ...defaults.view };
  if (isObject(compact.w) && typeof compact.w.surface === 'string') view.surface = compact.w.surface;
  return { state: { settings, runs, speed, view }, notices, dropped };
}

// Settings whose schedule the link names, with its lengths following the run's where the link
// leaves them out (web/protocol/run-length-defaults.js linkScheduleLength); as they were when the
// core refuses that.
async function followLinkLength(settings, given, lengthDefaults, validate) {
  const schedule = await linkScheduleLength(settings, given, lengthDefaults);
  if (!schedule) return settings;
  try {
    return await validate({ ...settings, schedule });
  } catch {
    return settings;
  }
}

/**
 * Each run's own optimizer, schedule or changes from the link (its `o`), checked by the core with
 * the run's rate and completed as the core completes them (a schedule's lengths following the
 * run's where the link leaves them out); one the core refuses is left out, named: the run opens
 * with the shared settings.
 * @param {unknown} owns the link's `o`
 * @param {Record<string, any>} settings the shared settings restored
 * @param {Array<{rate: number, own?: Record<string, any>}>} runs
 * @param {{validate: (settings: Record<string, any>) => Promise<Record<string, any>>,
 *          lengthDefaults: ((settings: Record<string, any>) => Promise<Record<string, any>>) | null}} core
 * @param {string[]} notices
 * @param {string[]} dropped
 */
async function restoreOwn(owns, settings, runs, { validate, lengthDefaults }, notices, dropped) {
  if (!Array.isArray(owns)) return;
  for (const [index, own] of owns.entries()) {
    if (!isObject(own) || !runs[index]) continue;
    const given = Object.fromEntries(OWN_FIELDS.filter((field) => own[field] !== undefined).map((field) => [field, own[field]]));
    if (!Object.keys(given).length) continue;
    try {
      const optimizer = { ...(isObject(given.optimizer) ? given.optimizer : settings.optimizer), learning_rate: runs[index].rate };
      let full = await validate({ ...settings, ...given, optimizer });
      if (lengthDefaults && given.schedule) full = await followLinkLength(full, given.schedule, lengthDefaults, validate);
      runs[index].own = Object.fromEntries(Object.keys(given).map((field) => [field, structuredClone(full[field])]));
      if (runs[index].own.optimizer) delete runs[index].own.optimizer.learning_rate;
    } catch (error) {
      notices.push(`Run ${index + 1}'s own optimizer or schedule from the link could not be used (${error.message}): it opens with the shared ones.`);
      dropped.push(`runs[${index}].own`);
    }
  }
}

/**
 * The link's branches onto the runs restored (in place): each run the link says is a branch gets
 * its settings back, checked by the core; a branch the core refuses stays a plain run at its rate,
 * named in a notice.
 * @param {unknown} branches the link's `b`
 * @param {Record<string, any>} settings the shared settings restored
 * @param {Array<{key?: string, rate: number, branch?: any, replay?: any}>} runs
 * @param {(settings: Record<string, any>) => Promise<Record<string, any>>} validate
 * @param {string[]} notices
 * @param {string[]} dropped
 */
async function restoreBranches(branches, settings, runs, validate, notices, dropped) {
  if (!Array.isArray(branches)) return;
  for (const branch of branches) {
    if (!isObject(branch) || !Number.isInteger(branch.i) || !runs[branch.i] || !isObject(branch.s)) continue;
    try {
      const own = await validate(mergeSettings(settings, branch.s));
      if (branch.k === 'replay') {
        runs[branch.i].replay = own;
        continue;
      }
      const parent = runs[branch.p]?.key ?? '';
      const epoch = Number.isInteger(branch.e) ? branch.e : own.changes?.at(-1)?.epoch ?? 0;
      const choice = isObject(branch.c) ? branch.c : {};
      runs[branch.i].branch = { parent, epoch, choice, settings: own };
    } catch (error) {
      const what = branch.k === 'replay' ? 'a run changed while it trained' : 'a branch';
      notices.push(`Run ${branch.i + 1} from the link was ${what} whose settings could not be used (${error.message}): it opens as a plain run.`);
      dropped.push(`runs[${branch.i}].branch`);
    }
  }
}

// ---- the query: ?projector, ?hide, ?workers ----

/**
 * ?hide=settings,sweep -> {names: ['schedule', ..., 'sweep'] in the panels' order, unknown: names
 * the page does not have}.
 * @param {string} search
 * @param {string[]} panels every panel a link may hide, in page order
 */
export function hiddenPanels(search, panels) {
  const asked = (new URLSearchParams(search).get('hide') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const known = new Set(panels);
  const names = new Set();
  const unknown = [];
  for (const name of asked) {
    if (HIDE_GROUPS[name]) HIDE_GROUPS[name].forEach((n) => names.add(n));
    else if (known.has(name)) names.add(name);
    else unknown.push(name);
  }
  return { names: panels.filter((n) => names.has(n)), unknown };
}

/**
 * ?projector -> the first projectable view; ?projector=landscape -> 'landscape'; absent -> null.
 * @param {string} search
 * @param {string[]} projectable the views that may stand beside the loss chart
 */
export function projectorView(search, projectable) {
  const params = new URLSearchParams(search);
  if (!params.has('projector')) return null;
  const view = params.get('projector');
  return projectable.includes(view) ? view : projectable[0];
}

/**
 * ?workers=N: N when it is a whole number >= 1 (at most MAX_FORCED_WORKERS); else null.
 * @param {string} search
 */
export function forcedWorkers(search) {
  const forced = Number(new URLSearchParams(search).get('workers'));
  return Number.isInteger(forced) && forced >= 1 ? Math.min(forced, MAX_FORCED_WORKERS) : null;
}

/**
 * The query of a shaped link: ?projector=view&hide=a,b (each only when set).
 * @param {{hide?: string[], projector?: string | null}} shape
 */
export function shapeQuery({ hide = [], projector = null }) {
  const params = [];
  if (projector) params.push(`projector=${encodeURIComponent(projector)}`);
  if (hide.length) params.push(`hide=${hide.map(encodeURIComponent).join(',')}`);
  return params.length ? `?${params.join('&')}` : '';
}

/**
 * The address with one query field set (a string) or removed (null), the rest kept.
 * @param {string} href
 * @param {'projector' | 'hide' | 'workers'} name
 * @param {string | null} value
 */
export function withQueryField(href, name, value) {
  const url = new URL(href);
  if (value === null) url.searchParams.delete(name);
  else url.searchParams.set(name, value);
  return url.href;
}

/**
 * Everything the address says, read once.
 * @param {{search: string, hash: string}} address
 * @param {{panels: string[], projectable: string[]}} page what the page has
 */
export function readAddress({ search, hash }, { panels, projectable }) {
  const { state, lesson, draw } = splitHash(hash);
  return {
    stateHash: state,
    lesson,
    draw,
    hide: hiddenPanels(search, panels),
    projector: projectorView(search, projectable),
    workers: forcedWorkers(search),
  };
}
