// Everything the address carries (web/page/url-schema.js): the fragment's state and lesson, the
// query's projector, hide and workers. Links are decoded against the real core (its
// validateSettings, the wasm module of the build), as the page's worker does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ADDRESS_FIELDS, decodeState, dropField, encodeState, fieldOf, forcedWorkers, hiddenPanels, joinHash,
  projectorView, readAddress, readStateHash, shapeQuery, splitHash, withQueryField,
} from '../../web/page/url-schema.js';
import { mergeSettings } from '../../web/page/state.js';
import { DEFAULT_VIEW } from '../../web/page/default-view.js';
import { PANEL_NAMES, PROJECTABLE_NAMES } from '../../web/page/panels.js';
import { loadApi } from '../wasm/load_module.mjs';
import { runLengthDefaults } from '../../web/protocol/run-length-defaults.js';

const api = await loadApi();
const validate = async (settings) => api.validateSettings(settings);
const makeRun = (rate, runs) => ({ key: `r${runs.length + 1}`, rate, colour: `c${runs.length}` });
// The run-length defaults as the worker gives them (web/worker/handlers.js): the pool counts a
// run's steps per epoch from its training samples (moons: 512 samples, a fifth kept to validate).
const stepsPerEpoch = (batch) => Math.ceil((512 * 0.8) / batch);
const lengthDefaults = async (settings) => runLengthDefaults(api, stepsPerEpoch, settings);
const defaults = {
  settings: api.validateSettings(mergeSettings(api.defaultSettings(), DEFAULT_VIEW.settings)),
  runs: DEFAULT_VIEW.rates.map((rate, i) => ({ key: `r${i + 1}`, rate, colour: `c${i}` })),
  speed: DEFAULT_VIEW.speed,
  view: DEFAULT_VIEW.view,
};
// Written out here, not read from the page, so that a view added or dropped without a word shows.
const PANELS = ['runs', 'transport', 'loss', 'sweep', 'landscape', 'step-sizes', 'schedule', 'sharpness', 'update',
  'optimizer', 'plateau', 'problem'];
const PROJECTABLE = ['sweep', 'landscape', 'step-sizes', 'sharpness', 'update'];

test('the schema declares every field the address carries, in the query or the fragment', () => {
  assert.deepEqual(Object.keys(ADDRESS_FIELDS).sort(), ['draw', 'hide', 'lesson', 'projector', 's', 'workers']);
  assert.deepEqual(Object.entries(ADDRESS_FIELDS).filter(([, f]) => f.part === 'hash').map(([n]) => n).sort(), ['draw', 'lesson', 's']);
});

test('the fragment splits into the state part and the lesson chapter', () => {
  assert.deepEqual(splitHash('#s=%7B%22r%22%3A%5B1%5D%7D&lesson=3'), { state: '#s=%7B%22r%22%3A%5B1%5D%7D', lesson: 3, draw: false });
  assert.deepEqual(splitHash('#lesson=12'), { state: '', lesson: 12, draw: false });
  assert.deepEqual(splitHash(''), { state: '', lesson: null, draw: false });
  assert.deepEqual(splitHash('#lesson=abc&other=1'), { state: '', lesson: null, draw: false }, 'a chapter is a number');
});

test("a teacher's link opens a chapter in drawing mode: &draw beside the chapter, and only with one", () => {
  assert.deepEqual(splitHash('#lesson=2&draw'), { state: '', lesson: 2, draw: true });
  assert.deepEqual(splitHash('#s=x&lesson=4&draw'), { state: '#s=x', lesson: 4, draw: true });
  assert.deepEqual(splitHash('#draw'), { state: '', lesson: null, draw: false }, 'drawing belongs to a chapter');
  assert.equal(joinHash('', 3, true), '#lesson=3&draw');
  assert.equal(joinHash('#s=x', 3, true), '#s=x&lesson=3&draw');
  assert.equal(joinHash('#s=x', null, true), '#s=x', 'no chapter, no drawing');
  assert.deepEqual(splitHash(joinHash('#s=x', 5, true)), { state: '#s=x', lesson: 5, draw: true });
});

test('joinHash writes the lesson beside the state, or alone, and splitHash reads it back', () => {
  assert.equal(joinHash('#s=x', null), '#s=x');
  assert.equal(joinHash('#s=x', 2), '#s=x&lesson=2');
  assert.equal(joinHash('', 4), '#lesson=4');
  assert.deepEqual(splitHash(joinHash('#s=x', 7)), { state: '#s=x', lesson: 7, draw: false });
});

test('the default view encodes as its rates only', () => {
  assert.equal(encodeState(defaults, defaults), `#s=${encodeURIComponent(JSON.stringify({ r: [0.01, 0.5, 30] }))}`);
});

test('encodeState keeps only what differs: settings, speed and view', () => {
  const state = structuredClone(defaults);
  state.settings.batch_size = 32;
  state.speed = 5;
  state.view.surface = 'rosenbrock';
  const { compact } = readStateHash(encodeState(state, defaults));
  assert.deepEqual(compact, { r: [0.01, 0.5, 30], s: { batch_size: 32 }, v: 5, w: { surface: 'rosenbrock' } });
});

test('a state survives the round trip through the address and the core', async () => {
  const state = structuredClone(defaults);
  state.settings = api.validateSettings(mergeSettings(defaults.settings, {
    optimizer: { name: 'adam', beta_1: 0.8 }, schedule: { name: 'exponential', decay_rate: 0.5 }, epochs: 120,
  }));
  state.runs = [0.002, 0.05].map((rate, i) => ({ key: `r${i + 1}`, rate, colour: `c${i}` }));
  state.speed = 0;
  state.view = { surface: 'two_basins' };
  const { state: back, notices, dropped } = await decodeState(encodeState(state, defaults), defaults, validate, makeRun);
  assert.deepEqual(notices, []);
  assert.deepEqual(dropped, []);
  assert.deepEqual(back.settings, state.settings);
  assert.deepEqual(back.runs.map((r) => r.rate), [0.002, 0.05]);
  assert.equal(back.speed, 0);
  assert.deepEqual(back.view, { surface: 'two_basins' });
});

test('a damaged field is dropped and named; the rest of the link still applies', async () => {
  const hash = `#s=${encodeURIComponent(JSON.stringify({ r: [0.1], s: { batch_size: 0, epochs: 77 } }))}`;
  const { state, notices, dropped } = await decodeState(hash, defaults, validate, makeRun);
  assert.deepEqual(dropped, ['batch_size']);
  assert.equal(notices.length, 1);
  assert.match(notices[0], /^Batch size from the link was ignored: 0 is not allowed .*Using the default, 512\.$/);
  assert.equal(state.settings.batch_size, 512);
  assert.equal(state.settings.epochs, 77, 'the field beside it is kept');
  assert.deepEqual(state.runs.map((r) => r.rate), [0.1]);
});

test('an unknown component name voids its whole section, named', async () => {
  const hash = `#s=${encodeURIComponent(JSON.stringify({ s: { optimizer: { name: 'nope', beta_1: 0.5 }, seed: 9 } }))}`;
  const { state, notices, dropped } = await decodeState(hash, defaults, validate, makeRun);
  assert.deepEqual(dropped, ['optimizer.name']);
  assert.match(notices[0], /^Optimizer from the link was ignored: .*Using the default, "sgd" with its default settings\.$/);
  assert.equal(state.settings.optimizer.name, defaults.settings.optimizer.name);
  assert.equal(state.settings.seed, 9);
});

test("a run's refused rate falls back to the default run's, named by its run number", async () => {
  const hash = `#s=${encodeURIComponent(JSON.stringify({ r: [0.1, -3] }))}`;
  const { state, notices, dropped } = await decodeState(hash, defaults, validate, makeRun);
  assert.deepEqual(state.runs.map((r) => r.rate), [0.1, 0.5]);
  assert.deepEqual(dropped, ['runs[1].rate']);
  assert.match(notices[0], /^Learning rate of run 2 from the link was ignored: -3 is not allowed .*Using 0\.5 instead\.$/);
});

test('an unreadable fragment opens the defaults and says so; no fragment says nothing', async () => {
  const broken = await decodeState('#s=%7Bnot json', defaults, validate, makeRun);
  assert.deepEqual(broken.state.runs.map((r) => r.rate), [0.01, 0.5, 30]);
  assert.deepEqual(broken.notices, ['This link could not be read, so the lab opened with its default settings.']);
  const none = await decodeState('', defaults, validate, makeRun);
  assert.deepEqual(none.notices, []);
  assert.deepEqual(none.state.settings, defaults.settings);
});

test('more rates than runs allowed are cut at six', async () => {
  const hash = `#s=${encodeURIComponent(JSON.stringify({ r: [1e-3, 2e-3, 3e-3, 4e-3, 5e-3, 6e-3, 7e-3, 8e-3] }))}`;
  const { state } = await decodeState(hash, defaults, validate, makeRun);
  assert.equal(state.runs.length, 6);
});

test('fieldOf reads the field a core message starts with', () => {
  assert.equal(fieldOf('optimizer.beta_1: 5 is not allowed'), 'optimizer.beta_1');
  assert.equal(fieldOf('schedule.milestones[1]: must increase'), 'schedule.milestones[1]');
  assert.equal(fieldOf('The core failed'), null);
});

test('dropField removes nested fields and array items by their field, and reports a miss', () => {
  const diff = { schedule: { name: 'piecewise', milestones: [1, 2] }, batch_size: 3 };
  assert.equal(dropField(diff, 'schedule.milestones[1]'), true);
  assert.deepEqual(diff, { schedule: { name: 'piecewise' }, batch_size: 3 });
  assert.equal(dropField(diff, 'schedule.name'), true, 'a bad name drops the section');
  assert.deepEqual(diff, { batch_size: 3 });
  assert.equal(dropField(diff, 'model.hidden'), false);
});

test('the page\'s panels and projectable views are the ones listed here, in page order', () => {
  assert.deepEqual(PANEL_NAMES, PANELS);
  assert.deepEqual(PROJECTABLE_NAMES, PROJECTABLE);
});

test('?hide expands groups, keeps the panels\' order and names what it does not know', () => {
  assert.deepEqual(hiddenPanels('?hide=sweep,settings', PANELS),
    { names: ['sweep', 'schedule', 'optimizer', 'plateau', 'problem'], unknown: [] });
  assert.deepEqual(hiddenPanels('?hide=loss,%20nope', PANELS), { names: ['loss'], unknown: ['nope'] });
  assert.deepEqual(hiddenPanels('?hide=problem,sharpness', PANELS), { names: ['sharpness', 'problem'], unknown: [] });
  assert.deepEqual(hiddenPanels('', PANELS), { names: [], unknown: [] });
});

test('?projector names the view beside the loss chart; bare or unknown means the first projectable', () => {
  assert.equal(projectorView('', PROJECTABLE), null);
  assert.equal(projectorView('?projector', PROJECTABLE), 'sweep');
  assert.equal(projectorView('?projector=landscape', PROJECTABLE), 'landscape');
  assert.equal(projectorView('?projector=sharpness', PROJECTABLE), 'sharpness');
  assert.equal(projectorView('?projector=loss', PROJECTABLE), 'sweep');
});

test('?workers forces a whole number of sweep workers, at most eight', () => {
  assert.equal(forcedWorkers('?workers=3'), 3);
  assert.equal(forcedWorkers('?workers=20'), 8);
  assert.equal(forcedWorkers('?workers=0'), null);
  assert.equal(forcedWorkers('?workers=1.5'), null);
  assert.equal(forcedWorkers(''), null);
});

test('shapeQuery writes projector and hide, and readAddress reads them back with the fragment', () => {
  const query = shapeQuery({ hide: ['sweep', 'runs'], projector: 'landscape' });
  assert.equal(query, '?projector=landscape&hide=sweep,runs');
  assert.equal(shapeQuery({}), '');
  const address = readAddress({ search: `${query}&workers=2`, hash: '#s=abc&lesson=5' }, { panels: PANELS, projectable: PROJECTABLE });
  assert.deepEqual(address, {
    stateHash: '#s=abc', lesson: 5, draw: false, hide: { names: ['runs', 'sweep'], unknown: [] }, projector: 'landscape', workers: 2,
  });
});

test('withQueryField sets or removes one query field and keeps the rest of the address', () => {
  const href = 'http://h/index.html?hide=sweep#s=abc';
  assert.equal(withQueryField(href, 'projector', 'sweep'), 'http://h/index.html?hide=sweep&projector=sweep#s=abc');
  assert.equal(withQueryField(href, 'hide', null), 'http://h/index.html#s=abc');
});

test('a branch survives the round trip: its own settings with its changes, its parent and epoch', async () => {
  const state = structuredClone(defaults);
  const parent = { ...state.settings, optimizer: { ...state.settings.optimizer, learning_rate: 0.5 } };
  const own = api.validateSettings({ ...parent, changes: [{ epoch: 12, optimizer: { learning_rate: 0.05 } }] });
  state.runs = [...state.runs, { key: 'r4', rate: 0.05, colour: 'c3', branch: { parent: 'r2', epoch: 12, choice: { rate: 0.05 }, settings: own } }];
  const { compact } = readStateHash(encodeState(state, defaults));
  assert.deepEqual(compact.b.map(({ i, p, e, c }) => ({ i, p, e, c })), [{ i: 3, p: 1, e: 12, c: { rate: 0.05 } }]);
  const { state: back, notices } = await decodeState(encodeState(state, defaults), defaults, validate, makeRun);
  assert.deepEqual(notices, []);
  assert.equal(back.runs.length, 4);
  assert.deepEqual(back.runs[3].branch, { parent: back.runs[1].key, epoch: 12, choice: { rate: 0.05 }, settings: own });
  assert.equal(back.runs[0].branch, undefined);
});

test("a branch the core refuses opens as a plain run, named", async () => {
  const hash = `#s=${encodeURIComponent(JSON.stringify({ r: [0.01, 0.05], b: [{ i: 1, p: 0, e: 3, c: {}, s: { changes: [{ epoch: 3, optimizer: { learning_rate: -2 } }] } }] }))}`;
  const { state: back, notices, dropped } = await decodeState(hash, defaults, validate, makeRun);
  assert.equal(back.runs[1].branch, undefined);
  assert.deepEqual(dropped, ['runs[1].branch']);
  assert.match(notices[0], /^Run 2 from the link was a branch .*changes\[0\]\.optimizer\.learning_rate: -2 is not allowed/);
});

test('a run changed while it trained goes into the link with the settings that replay it', async () => {
  const state = structuredClone(defaults);
  const replay = api.validateSettings({ ...state.settings, optimizer: { ...state.settings.optimizer, learning_rate: 0.5 },
    changes: [{ epoch: 40, optimizer: { learning_rate: 0.05 } }] });
  const replayOf = (key) => (key === 'r2' ? replay : null);
  const { compact } = readStateHash(encodeState(state, defaults, replayOf));
  assert.deepEqual(compact.b.map(({ i, k }) => ({ i, k })), [{ i: 1, k: 'replay' }]);
  const { state: back, notices } = await decodeState(encodeState(state, defaults, replayOf), defaults, validate, makeRun);
  assert.deepEqual(notices, []);
  assert.deepEqual(back.runs[1].replay, replay);
  assert.equal(back.runs[1].branch, undefined, 'a run like the others: its settings are the shared ones');
  assert.equal(back.runs[0].replay, undefined);
});

// A warmup-stable-decay schedule spans the whole run (core/schedule/run_length.cpp): picked on the
// page, its total_steps follows the run's length; a link that names the schedule and leaves its
// length out must open the same way, not at the core's fixed default (1000).
test("a schedule from a link takes the run's length for what the link leaves out, and keeps what it says", async () => {
  const link = (s) => `#s=${encodeURIComponent(JSON.stringify({ r: [0.01], s }))}`;
  // 300 epochs, full batch (410 training points under 512): one step per epoch, 300 steps.
  const plain = await decodeState(link({ schedule: { name: 'wsd' } }), defaults, validate, makeRun, lengthDefaults);
  assert.deepEqual(plain.notices, []);
  assert.equal(plain.state.settings.schedule.total_steps, 300);
  // 30 epochs of batches of 100: ceil(410 / 100) = 5 steps each, 150 steps.
  const batches = await decodeState(link({ epochs: 30, batch_size: 100, schedule: { name: 'wsd', decay_fraction: 0.3 } }),
    defaults, validate, makeRun, lengthDefaults);
  assert.equal(batches.state.settings.schedule.total_steps, 150);
  assert.equal(batches.state.settings.schedule.decay_fraction, 0.3, 'what the link says stays');
  const typed = await decodeState(link({ schedule: { name: 'wsd', total_steps: 1000 } }), defaults, validate, makeRun, lengthDefaults);
  assert.equal(typed.state.settings.schedule.total_steps, 1000, 'a length the link gives is kept');
});

test("each run's own optimizer and schedule survive the round trip; one the core refuses is left out, named", async () => {
  const state = structuredClone(defaults);
  const lion = { name: 'lion', beta_1: 0.8, beta_2: 0.99, weight_decay: 0 };
  state.runs = [
    { key: 'r1', rate: 0.003, colour: 'c0', own: { optimizer: lion } },
    { key: 'r2', rate: 0.01, colour: 'c1' },
    { key: 'r3', rate: 0.01, colour: 'c2', own: { optimizer: { name: 'adam' }, schedule: { name: 'wsd', decay_fraction: 0.3 } } },
  ];
  const { compact } = readStateHash(encodeState(state, defaults));
  assert.deepEqual(compact.o, [state.runs[0].own, null, state.runs[2].own]);
  const { state: back, notices } = await decodeState(encodeState(state, defaults), defaults, validate, makeRun, lengthDefaults);
  assert.deepEqual(notices, []);
  assert.equal(back.runs[0].own.optimizer.name, 'lion');
  assert.equal(back.runs[0].own.optimizer.beta_1, 0.8);
  assert.equal(back.runs[0].own.optimizer.learning_rate, undefined, "the rate is the run's own");
  assert.equal(back.runs[1].own, undefined);
  assert.deepEqual(Object.keys(back.runs[2].own).sort(), ['optimizer', 'schedule']);
  // The link left the schedule's length out: it spans the run (300 full-batch steps).
  assert.equal(back.runs[2].own.schedule.total_steps, 300);
  assert.equal(back.runs[2].own.schedule.decay_fraction, 0.3);
  assert.equal(back.settings.optimizer.name, defaults.settings.optimizer.name, 'the shared optimizer is not a run\'s');

  const bad = `#s=${encodeURIComponent(JSON.stringify({ r: [0.1, 0.2], o: [{ optimizer: { name: 'lion', beta_1: 5 } }, null] }))}`;
  const refused = await decodeState(bad, defaults, validate, makeRun, lengthDefaults);
  assert.equal(refused.state.runs[0].own, undefined);
  assert.deepEqual(refused.dropped, ['runs[0].own']);
  assert.match(refused.notices[0], /^Run 1's own optimizer or schedule from the link could not be used \(optimizer\.beta_1: 5 is not allowed/);
});
