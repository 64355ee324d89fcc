// docs/spec-core.md#bad-input through the wasm module: every bad input throws a JS Error whose message names
// the field (and the value), and the module keeps working afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadApi } from './load_module.mjs';

const api = await loadApi();

const badSettings = [
  [{ optimizer: { name: 'sgd', learning_rate: -1 } }, /optimizer\.learning_rate: -1 /],
  [{ optimizer: { name: 'sgd', learning_rate: 0 } }, /optimizer\.learning_rate: 0 /],
  [{ optimizer: { name: 'sgd', learning_rate: 1e9 } }, /optimizer\.learning_rate: 1e9 /],
  [{ optimizer: { name: 'sgd', learning_rate: 'fast' } }, /optimizer\.learning_rate: "fast"/],
  [{ batch_size: 0 }, /batch_size: 0 /],
  [{ model: { hidden: [16, 0] } }, /model\.hidden\[1\]: 0 /],
  [{ model: { hidden: [65] } }, /model\.hidden\[0\]: 65 /],
  [{ plateau: { factor: 1 } }, /plateau\.factor: 1 /],
  [{ plateau: { patience: -1 } }, /plateau\.patience: -1 /],
  [{ optimizer: { name: 'adamx' } }, /optimizer\.name: "adamx"/],
  [{ schedule: { name: 'wiggle' } }, /schedule\.name: "wiggle"/],
  [{ schedule: { name: 'formula', expression: '0.01 * (1 + epoch' } }, /schedule\.expression.*position/],
  [{ problem: { name: 'donut' } }, /problem\.name: "donut"/],
  [{ optimizer: { name: 'adam', beta_1: 1 } }, /optimizer\.beta_1: 1 /],
  [{ optimizer: { name: 'rmsprop', rho: 1.5 } }, /optimizer\.rho: 1\.5 /],
  [{ optimizer: { name: 'adam', epsilon: 0 } }, /optimizer\.epsilon: 0 /],
  [{ lerning_rate: 0.1 }, /lerning_rate: unknown field/],
];

for (const [settings, pattern] of badSettings) {
  test(`createTrainer rejects ${JSON.stringify(settings)}`, () => {
    assert.throws(() => api.createTrainer(settings),
      (error) => error instanceof Error && pattern.test(error.message), `expected ${pattern}`);
  });
}

test('NaN and Infinity from JavaScript reach the core as numbers and are refused by field', () => {
  // JSON.stringify turns NaN into null, which the core reports as a wrong type for the field.
  assert.throws(() => api.createTrainer({ optimizer: { name: 'sgd', learning_rate: NaN } }),
    /optimizer\.learning_rate: null is not allowed/);
  const trainer = api.createTrainer({ epochs: 2 });
  try {
    assert.throws(() => trainer.setLearningRate(NaN), /optimizer\.learning_rate: NaN/);
    assert.throws(() => trainer.setLearningRate(Infinity), /optimizer\.learning_rate: Infinity/);
    assert.throws(() => trainer.setLearningRate(-1), /optimizer\.learning_rate: -1/);
  } finally {
    trainer.delete();
  }
});

test('a failed change mid-run leaves the run as it was', () => {
  const trainer = api.createTrainer({ epochs: 5, optimizer: { name: 'sgd', learning_rate: 0.1 } });
  try {
    trainer.run(2);
    const before = trainer.history();
    assert.throws(() => trainer.setSchedule({ name: 'formula', expression: 'epoch <' }),
      /schedule\.expression.*position/);
    assert.throws(() => trainer.setOptimizer({ name: 'adam', beta_2: 2 }), /optimizer\.beta_2/);
    assert.throws(() => trainer.setPlateau({ enabled: true, factor: 3 }), /plateau\.factor/);
    assert.equal(trainer.learningRate, 0.1);
    assert.deepEqual(trainer.history().train_loss, before.train_loss);
    assert.ok(trainer.epoch(), 'the run continues');
    assert.equal(trainer.epochsDone, 3);
  } finally {
    trainer.delete();
  }
});

test('formula checks give the message and the position, never evaluate JavaScript', () => {
  const bad = api.checkFormula('epoch < 5 ? 0.01 : 0.01 * exp(0.1 * (10 - epoch)');
  assert.equal(bad.ok, false);
  assert.ok(bad.position > 0);
  assert.match(bad.message, /expected/);
  const good = api.checkFormula('epoch < 5 ? 0.01 : 0.01 * exp(0.1 * (10 - epoch))');
  assert.deepEqual({ ok: good.ok, position: good.position }, { ok: true, position: 0 });
  globalThis.__lrlabHacked = false;
  const hostile = api.checkFormula('globalThis.__lrlabHacked = true');
  assert.equal(hostile.ok, false);
  assert.equal(globalThis.__lrlabHacked, false);
});

test('a preview of a formula that turns non-positive names the epoch', () => {
  assert.throws(() => api.previewSchedule({ name: 'formula', expression: '0.1 - 0.02 * epoch' }, 0.1, 10),
    /epoch 5/);
  const rates = api.previewSchedule({ name: 'tutorial' }, 0.01, 12);
  assert.equal(rates.length, 12);
  assert.equal(rates[4], 0.01);
  // The tutorial's jump: 0.01 * exp(0.1 * (10 - 5)) at epoch 5.
  assert.ok(Math.abs(rates[5] - 0.01 * Math.exp(0.5)) < 1e-15);
});

test('after many errors the module still trains normally', () => {
  for (let i = 0; i < 200; i++) {
    assert.throws(() => api.createTrainer({ batch_size: -i }));
  }
  const trainer = api.createTrainer({ epochs: 3 });
  try {
    assert.equal(trainer.run(3), 3);
    const h = trainer.history();
    assert.equal(h.train_loss.length, 3);
    assert.ok(h.train_loss.every(Number.isFinite));
  } finally {
    trainer.delete();
  }
});

test('a diverging trainer reports it in history and diagnosis, and step() never throws', () => {
  const trainer = api.createTrainer({
    problem: { name: 'linear', samples: 100 }, model: { hidden: [] },
    optimizer: { name: 'sgd', learning_rate: 50 }, batch_size: 100, epochs: 100,
  });
  try {
    let steps = 0;
    while (trainer.step() && steps < 10000) steps++;
    assert.equal(trainer.stopped, true);
    assert.equal(trainer.step(), false);
    assert.equal(trainer.epoch(), false);
    const h = trainer.history();
    assert.equal(h.diverged, true);
    assert.ok(h.diverged_epoch >= 0);
    assert.ok(h.events.some((e) => e.kind === 'diverged' && /diverged at epoch/.test(e.message)));
    assert.ok(h.train_loss.every(Number.isFinite), 'no non-finite epoch loss is recorded');
    assert.equal(trainer.diagnosis().verdict, 'diverged');
  } finally {
    trainer.delete();
  }
});

test('a deleted trainer refuses use with a clear error', () => {
  const trainer = api.createTrainer({});
  trainer.delete();
  assert.throws(() => trainer.step(), /deleted/);
  trainer.delete();  // twice is harmless
});

test('stepsPerEpoch is the training-set size over the batch size, rounded up', () => {
  // 100 samples, 20% held out: 80 training samples; batches of 32 -> 3 steps (32, 32, 16).
  const trainer = api.createTrainer({ problem: { name: 'xor', samples: 100 }, batch_size: 32 });
  try {
    assert.equal(trainer.stepsPerEpoch, 3);
    trainer.epoch();
    assert.equal(trainer.updates, 3);
  } finally {
    trainer.delete();
  }
});

test('history offsets that are not counts read from the start; past the end, nothing', () => {
  const trainer = api.createTrainer({ problem: { name: 'xor', samples: 64 }, epochs: 3 });
  try {
    trainer.run(3);
    for (const from of [NaN, -5, -Infinity]) {
      assert.equal(trainer.history(from, from).train_loss.length, 3, `from ${from}`);
    }
    assert.equal(trainer.history(2, 0).train_loss.length, 1);
    const steps = trainer.history(0, 0).step_loss.length;
    assert.equal(trainer.history(3, steps).train_loss.length, 0, 'from the end: nothing');
    assert.equal(trainer.history(3, steps).step_loss.length, 0);
    for (const from of [1e14, 1e20, Infinity]) {
      const h = trainer.history(from, from);
      assert.equal(h.train_loss.length, 0, `epochs from ${from}`);
      assert.equal(h.step_loss.length, 0, `steps from ${from}`);
    }
  } finally {
    trainer.delete();
  }
});
