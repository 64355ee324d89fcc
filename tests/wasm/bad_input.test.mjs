// Bad input through the wasm module, as the page's worker passes it on (docs/spec-core.md#bad-input), beyond
// errors.test.mjs: hostile JSON (deep nesting, huge and non-numeric values), the formula box at its
// limits (10,000 characters, deep nesting, unknown names), each a thrown Error with a short message
// naming the field, and every setter refusal leaving the run exactly as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModule } from './load_module.mjs';
import createLrlabApi from '../../web/worker/lrlab-api.js';

const module = await loadModule();
const api = createLrlabApi(module);
const MAX_MESSAGE = 400;

function refused(action, pattern) {
  let caught;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof Error, `expected an Error, got ${caught}`);
  assert.match(caught.message, pattern);
  assert.ok(caught.message.length <= MAX_MESSAGE, `message of ${caught.message.length} characters`);
}

test('deeply nested JSON is refused with a message, not a crash (regression: stack overflow)', () => {
  for (const depth of [40, 1000]) {
    const deep = JSON.parse('['.repeat(depth) + ']'.repeat(depth));
    refused(() => api.createTrainer({ model: { hidden: deep } }), /nested too deeply/);
  }
  // A crafted link carries text, not objects, and deeper than JSON.stringify itself can go: send
  // the raw text through the module's door (the API wrapper would stringify an object first).
  const noTable = new module.Table();  // a generated problem is given no table
  for (const depth of [10000, 200000]) {
    const text = `{"model": {"hidden": ${'['.repeat(depth)}${']'.repeat(depth)}}}`;
    refused(() => {
      const result = module.validateSettings(text, noTable);
      if (result instanceof Error) throw result;
    }, /nested too deeply/);
  }
  noTable.delete();
  const trainer = api.createTrainer({ epochs: 2 });
  try {
    assert.equal(trainer.run(2), 2, 'the module still trains afterwards');
  } finally {
    trainer.delete();
  }
});

test('huge, negative, non-finite and textual values are refused by field', () => {
  const cases = [
    [{ seed: 1e300 }, /seed: 1e300/],
    [{ epochs: -1 }, /epochs: -1/],
    [{ batch_size: 1e20 }, /batch_size: 1e20/],
    [{ batch_size: '32' }, /batch_size: "32"/],
    [{ problem: { name: 'moons', samples: 1e12 } }, /problem\.samples/],
    [{ problem: { name: 'moons', noise: '0.1' } }, /problem\.noise/],
    [{ model: { hidden: [1e20] } }, /model\.hidden\[0\]/],
    [{ model: { hidden: '[16]' } }, /model\.hidden/],
    [{ optimizer: { name: 'sgd', learning_rate: Infinity } }, /optimizer\.learning_rate: null/],
    [{ optimizer: { name: 'sgd', learning_rate: -1e-300 } }, /optimizer\.learning_rate/],
    [{ optimizer: { name: 'sgd', learning_rate: [0.1] } }, /optimizer\.learning_rate/],
    [{ optimizer: { name: 'x'.repeat(10000) } }, /optimizer\.name/],
    [{ ['y'.repeat(10000)]: 1 }, /unknown field/],
    [{ optimizer: null }, /optimizer/],
    [{ plateau: { patience: 1e300 } }, /plateau\.patience/],
  ];
  for (const [settings, pattern] of cases) refused(() => api.createTrainer(settings), pattern);
});

test('the formula box: 10,000 characters, deep nesting and unknown names each get a clear message', () => {
  const long = '0.01' + ' + 0'.repeat(2500);
  assert.ok(long.length >= 10000);
  const tooLong = api.checkFormula(long);
  assert.equal(tooLong.ok, false);
  assert.match(tooLong.message, /formula too long: \d+ characters \(at most 1000\)/);
  const deepFormulas = ['('.repeat(200) + '1' + ')'.repeat(200), '-'.repeat(500) + '1',
    'exp('.repeat(100) + '0' + ')'.repeat(100), '1' + '^1'.repeat(300)];
  for (const text of deepFormulas) {
    const check = api.checkFormula(text);
    assert.equal(check.ok, false);
    assert.match(check.message, /nested too deeply at position \d+/);
    assert.ok(check.position > 0);
  }
  const unknown = [['0.1 * decay(epoch)', /unknown function 'decay' at position 7/],
    ['rate * 0.5', /unknown variable 'rate' at position 1 \(variables: epoch, step, lr, lr0, pi\)/],
    ['window.alert(1)', /position \d+/], ['eval("1")', /unknown function 'eval'|unexpected/]];
  for (const [text, pattern] of unknown) {
    const check = api.checkFormula(text);
    assert.equal(check.ok, false, text);
    assert.match(check.message, pattern);
  }
  // The same texts through the settings door name the field.
  for (const text of [long, deepFormulas[0], 'rate * 0.5']) {
    refused(() => api.createTrainer({ schedule: { name: 'formula', expression: text } }),
      /schedule\.expression/);
  }
});

test('every refused change leaves the previous run untouched', () => {
  const trainer = api.createTrainer({
    problem: { name: 'moons', samples: 128 }, model: { hidden: [4] },
    optimizer: { name: 'sgd', learning_rate: 0.3 }, epochs: 10,
  });
  try {
    trainer.run(3);
    const before = trainer.history();
    const settingsBefore = trainer.settings();
    const attempts = [
      () => trainer.setSchedule({ name: 'formula', expression: '0.01' + ' + 0'.repeat(2500) }),
      () => trainer.setSchedule({ name: 'formula', expression: '('.repeat(200) + '1' + ')'.repeat(200) }),
      () => trainer.setSchedule({ name: 'formula', expression: '0.1 * foo(epoch)' }),
      () => trainer.setSchedule({ name: 'formula', expression: 'epoch <' }),
      () => trainer.setSchedule({ name: 'formula', expression: 12 }),
      () => trainer.setSchedule(JSON.parse('{"name":' + '['.repeat(1000) + ']'.repeat(1000) + '}')),
      () => trainer.setSchedule({ name: 'step', step_size: '10' }),
      () => trainer.setOptimizer({ name: 'adam', learning_rate: 1e300 }),
      () => trainer.setOptimizer({ name: 'sgd', momentum: 'high' }),
      () => trainer.setOptimizer(null),
      () => trainer.setPlateau({ enabled: 'yes' }),
      () => trainer.setPlateau({ enabled: true, patience: -5 }),
      () => trainer.setLearningRate('fast'),
      () => trainer.setLearningRate(-0),
      () => trainer.setLearningRate(1e300),
    ];
    for (const attempt of attempts) assert.throws(attempt, Error);
    assert.equal(trainer.learningRate, 0.3);
    assert.deepEqual(trainer.settings(), settingsBefore);
    const after = trainer.history();
    assert.deepEqual(after.train_loss, before.train_loss);
    assert.deepEqual(after.step_loss, before.step_loss);
    assert.deepEqual(after.events, before.events);
    assert.ok(trainer.epoch(), 'the run continues');
    assert.equal(trainer.epochsDone, 4);
  } finally {
    trainer.delete();
  }
});
