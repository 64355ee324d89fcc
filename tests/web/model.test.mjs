// The page model's store and what is derived from it (web/page/model.js): subscribers hear which
// fields changed; a run's lifecycle comes from the worker's push, or from its record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createModel, idleExperiments } from '../../web/page/model.js';

const base = () => ({ transport: { playing: false }, cursor: null, refusals: {}, syntax: null });

test('update replaces the named fields and tells subscribers which changed', () => {
  const store = createModel(base());
  const heard = [];
  store.subscribe((model, changed) => heard.push([[...changed], model.cursor]));
  const before = store.get();
  store.update({ cursor: 12 });
  assert.deepEqual(heard, [[['cursor'], 12]]);
  assert.equal(store.get().cursor, 12);
  assert.equal(before.cursor, null, 'an earlier model is not changed under its reader');
  assert.equal(store.get().transport, before.transport, 'fields not named are the same objects');
});

test('touch tells subscribers a container changed in place, without a new model', () => {
  const store = createModel(base());
  const model = store.get();
  let heard = null;
  store.subscribe((m, changed) => { heard = [m, [...changed]]; });
  store.touch('runs');
  assert.deepEqual(heard, [model, ['runs']]);
});

test('an unsubscribed listener hears nothing more; one listener unsubscribing while told does not skip another', () => {
  const store = createModel(base());
  let a = 0;
  let b = 0;
  const offA = store.subscribe(() => { a++; offA(); });
  store.subscribe(() => { b++; });
  store.update({ cursor: 1 });
  store.update({ cursor: 2 });
  assert.deepEqual([a, b], [1, 2]);
});

test('every experiment starts idle, with no result', () => {
  const experiments = idleExperiments();
  assert.deepEqual(Object.keys(experiments).sort(), ['landscape', 'stepSizes', 'sweep']);
  for (const experiment of Object.values(experiments)) assert.equal(experiment.status, 'idle');
  assert.equal(experiments.sweep.best, null);
  assert.ok(Number.isNaN(experiments.sweep.suggestion));
  assert.equal(idleExperiments().stepSizes.sizes === experiments.stepSizes.sizes, false, 'each call is a fresh one');
});
