// Messages shown to people name the controls, not the core's field paths (web/words/field-names.js):
// every path the core names in its messages, for every optimizer, schedule and plateau parameter
// in its registry, reads as a control's name, and plain sentences pass through unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadApi } from './load_module.mjs';
import { readableMessage, visibleName } from '../../web/words/field-names.js';

const api = await loadApi();
const registry = api.registry();

test('the core\'s own messages read with the controls\' names', () => {
  const cases = [
    [{ batch_size: 0 }, /^Batch size: 0 is not allowed/],
    [{ optimizer: { name: 'adam', beta_1: 5 } }, /^beta_1 \(Optimizer\): 5 is not allowed/],
    [{ optimizer: { name: 'sgd', learning_rate: -1 } }, /^Learning rate: -1 is not allowed/],
    [{ schedule: { name: 'multistep', milestones: [5, 3] } }, /^milestones \(Learning-rate schedule\), item 2: 3 is not allowed/],
    [{ plateau: { enabled: true, factor: 2 } }, /^factor \(Plateau callback\): 2 is not allowed/],
    [{ problem: { name: 'volcano' } }, /^Problem: "volcano" is not allowed/],
  ];
  for (const [settings, expected] of cases) {
    let message = '';
    try {
      api.validateSettings(settings);
    } catch (error) {
      message = error.message;
    }
    assert.ok(message, JSON.stringify(settings));
    assert.match(readableMessage(message), expected, message);
  }
});

test('every registry parameter has a name without a dot path', () => {
  const sections = { optimizer: registry.optimizers, schedule: registry.schedules };
  for (const [section, components] of Object.entries(sections)) {
    for (const component of components) {
      for (const spec of component.params) assert.doesNotMatch(visibleName(`${section}.${spec.name}`), /\./, `${section}.${spec.name}`);
    }
  }
  for (const spec of registry.plateau.params) assert.doesNotMatch(visibleName(`plateau.${spec.name}`), /\./);
  assert.equal(readableMessage('The lab could not start: no wasm'), 'The lab could not start: no wasm');
});
