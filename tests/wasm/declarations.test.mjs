// web/worker/lrlab-api-types.d.ts is written by hand (Emscripten 3.1.6 cannot emit declarations).
// tsc --checkJs (ctest web.types) holds web/worker/lrlab-api.js to its LrlabApi; this keeps the
// data declared there honest against the real module: every member it declares exists on the
// objects the core returns. The declarations are read with TypeScript's own parser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { loadApi } from './load_module.mjs';

const source = ts.createSourceFile('lrlab-api-types.d.ts', readFileSync('web/worker/lrlab-api-types.d.ts', 'utf8'),
  ts.ScriptTarget.Latest, true);
const interfaces = new Map(source.statements.filter(ts.isInterfaceDeclaration).map((node) => [node.name.text, node]));

// The member names one interface declares itself (not those it extends).
function membersOf(interfaceName) {
  const node = interfaces.get(interfaceName);
  assert.ok(node, `interface ${interfaceName} is declared`);
  return node.members.filter((member) => member.name).map((member) => member.name.getText(source));
}

const api = await loadApi();

test('every LrlabApi member exists', () => {
  const members = membersOf('LrlabApi');
  assert.ok(members.length >= 6);
  for (const name of members) assert.equal(typeof api[name], 'function', name);
});

test('every Trainer member exists on a real trainer', () => {
  const trainer = api.createTrainer({ epochs: 1 });
  try {
    for (const name of membersOf('Trainer')) assert.ok(name in trainer, name);
  } finally {
    trainer.delete();
  }
});

test('History, Registry, ParamSpec, Diagnosis and VerdictWords fields match what the module returns', () => {
  const trainer = api.createTrainer({ epochs: 3 });
  try {
    trainer.run(3);
    const history = trainer.history();
    for (const name of membersOf('History')) assert.ok(name in history, `History.${name}`);
    const sharpness = trainer.sharpness();
    for (const name of membersOf('SharpnessHistory')) assert.ok(name in sharpness, `SharpnessHistory.${name}`);
    const diagnosis = trainer.diagnosis();
    for (const name of membersOf('Diagnosis')) assert.ok(name in diagnosis, `Diagnosis.${name}`);
    for (const name of membersOf('VerdictWords')) assert.ok(name in diagnosis.words, `VerdictWords.${name}`);
  } finally {
    trainer.delete();
  }
  const registry = api.registry();
  for (const name of membersOf('Registry')) assert.ok(name in registry, `Registry.${name}`);
  const spec = registry.optimizers[0].params[0];
  for (const name of membersOf('ParamSpec')) assert.ok(name in spec, `ParamSpec.${name}`);
  for (const name of membersOf('OptimizerInfo')) assert.ok(name in registry.optimizers[0], name);
  for (const name of membersOf('ScheduleInfo')) assert.ok(name in registry.schedules[0], name);
  for (const name of membersOf('FormulaCheck')) assert.ok(name in api.checkFormula('1'), name);
});

test('the registry lists every optimizer and schedule of the spec with Keras defaults', () => {
  const registry = api.registry();
  const optimizers = registry.optimizers.map((o) => o.name);
  for (const name of ['sgd', 'adagrad', 'adadelta', 'rmsprop', 'adam', 'adamw', 'nadam', 'adamax', 'lion', 'ftrl', 'lamb', 'adafactor', 'muon', 'schedule_free_adamw', 'schedule_free_sgd'])
    assert.ok(optimizers.includes(name), name);
  const adam = registry.optimizers.find((o) => o.name === 'adam');
  assert.equal(adam.default_learning_rate, 0.001);
  const beta1 = adam.params.find((p) => p.name === 'beta_1');
  assert.equal(beta1.default, 0.9);
  const schedules = registry.schedules.map((s) => s.name);
  for (const name of ['constant', 'tutorial', 'formula', 'cosine', 'cyclic'])
    assert.ok(schedules.includes(name), name);
  const factor = registry.plateau.params.find((p) => p.name === 'factor');
  assert.equal(factor.default, 0.1);
});

test('SweepResult, SweepRecommendation and SweepRecord fields match what the module returns', () => {
  const settings = { problem: { name: 'moons', samples: 80 }, model: { hidden: [4] } };
  const sweep = api.createSweepShare(settings, { low: 0.01, high: 1, count: 3, epochs: 3 }, 0, 1);
  try {
    while (!sweep.done) sweep.advance(100);
    const result = sweep.result();
    for (const name of membersOf('SweepResult')) assert.ok(name in result, `SweepResult.${name}`);
    for (const name of membersOf('SweepRecommendation')) {
      assert.ok(name in result.recommendation, `SweepRecommendation.${name}`);
    }
  } finally {
    sweep.delete();
  }
  const helper = api.createSweepShare(settings, { low: 0.01, high: 1, count: 3, epochs: 3 }, 1, 2);
  try {
    while (!helper.trained) helper.advance(100);
    const [record] = helper.takeRecords();
    for (const name of membersOf('SweepRecord')) assert.ok(name in record, `SweepRecord.${name}`);
  } finally {
    helper.delete();
  }
});
