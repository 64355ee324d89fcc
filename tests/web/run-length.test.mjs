// Schedule lengths follow the run's (web/protocol/run-length-defaults.js followRunLength): the
// shared schedule's, and each run's own (web/controls/run-own.js), against the real core's
// run-length defaults (core/schedule/run_length.cpp: a warmup-stable-decay spans the whole run).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { followRunLength, runLengthDefaults } from '../../web/protocol/run-length-defaults.js';
import { mergeSettings } from '../../web/page/state.js';
import { DEFAULT_VIEW } from '../../web/page/default-view.js';
import { loadApi } from '../wasm/load_module.mjs';

const api = await loadApi();
// The default view: moons, 512 samples (410 to train), full batch: one step an epoch.
const stepsPerEpoch = (batch) => Math.ceil(410 / batch);
const call = async (type, { settings }) => {
  assert.equal(type, 'runLengthDefaults');
  return runLengthDefaults(api, stepsPerEpoch, settings);
};
const shared = api.validateSettings(mergeSettings(api.defaultSettings(), DEFAULT_VIEW.settings));

test("a run's own schedule follows its run's length, and one just given to a run takes it", async () => {
  const wsd = api.validateSettings({ ...shared, schedule: { name: 'wsd', total_steps: 300 } }).schedule;
  const before = {
    settings: shared,
    runs: [{ key: 'r1', rate: 0.1 }, { key: 'r2', rate: 0.1, own: { schedule: wsd } },
      { key: 'r3', rate: 0.1, own: { schedule: { ...wsd, total_steps: 1000 } } }, { key: 'r4', rate: 0.1 }],
  };
  const after = structuredClone(before);
  after.settings.epochs = 120;
  after.runs[3].own = { schedule: { name: 'wsd' } };
  await followRunLength(before, after, call);
  // 120 epochs of one full-batch step each.
  assert.equal(after.runs[1].own.schedule.total_steps, 120, 'still at the old run\'s length: it moves');
  assert.equal(after.runs[2].own.schedule.total_steps, 1000, 'a length the student typed stays');
  assert.equal(after.runs[3].own.schedule.total_steps, 120, 'just given: the run\'s length');
  assert.equal(after.runs[0].own, undefined);
  assert.equal(after.settings.schedule.name, 'constant', 'the shared schedule is its own business');
});

test('a schedule just given to a run counts as picked even when the shared one has its name', async () => {
  const wsd = api.validateSettings({ ...shared, schedule: { name: 'wsd', total_steps: 300 } }).schedule;
  const before = { settings: { ...shared, schedule: wsd }, runs: [{ key: 'r1', rate: 0.1 }] };
  const after = structuredClone(before);
  after.runs[0].own = { schedule: { name: 'wsd', decay_fraction: 0.5 } };
  await followRunLength(before, after, call);
  assert.deepEqual([after.runs[0].own.schedule.total_steps, after.runs[0].own.schedule.decay_fraction], [300, 0.5]);
});

test("the worker counts a run's steps from the settings asked about, before any run of them exists", async () => {
  const { createContext, handlers } = await import('../../web/worker/handlers.js');
  const context = createContext(api, () => {});
  // moons, 1000 samples: int(1000 * 0.2) = 200 kept to validate, 800 to train; batches of 100:
  // 8 steps an epoch, 30 epochs: a warmup-stable-decay of 240 steps. (The pool, empty, counted
  // 410 training samples, the default problem's, and said 150.)
  const settings = mergeSettings(shared, { problem: { name: 'moons', samples: 1000 }, batch_size: 100, epochs: 30, schedule: { name: 'wsd' } });
  assert.equal((await handlers.runLengthDefaults(context, { settings })).total_steps, 240);
});
