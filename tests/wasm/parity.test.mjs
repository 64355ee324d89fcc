// A settings JSON is an experiment: the wasm module (as the page runs it) and the native CLI must
// give the same history for it, bit for bit. That holds because the core draws from its own
// generator, uses its own elementary functions (core/detmath.h), sums in a fixed order and is
// compiled with -ffp-contract=off on both sides; the CLI prints 17 significant digits, which
// round-trip to the same doubles. So this compares with Object.is, not a tolerance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadApi, cliPath } from './load_module.mjs';

const api = await loadApi();
const settingsDir = 'tests/data/settings';
const files = readdirSync(settingsDir).filter((name) => name.endsWith('.json')).sort();

// The CLI writes non-finite numbers as null (JSON has no NaN): compare those as "not finite".
function sameNumber(wasm, native) {
  if (native === null) return !Number.isFinite(wasm);
  return Object.is(wasm, native);
}

function assertSeries(name, wasm, native) {
  assert.equal(wasm.length, native.length, `${name}: length`);
  for (let i = 0; i < native.length; i++) {
    assert.ok(sameNumber(wasm[i], native[i]), `${name}[${i}]: wasm ${wasm[i]} vs native ${native[i]}`);
  }
}

test('there are settings files to compare, one with each callback', () => {
  assert.ok(files.length >= 3, files.join(', '));
  const sections = files.map((file) => JSON.parse(readFileSync(join(settingsDir, file), 'utf8')));
  assert.ok(sections.some((s) => s.plateau?.enabled), 'ReduceLROnPlateau');
  assert.ok(sections.some((s) => s.early_stopping?.enabled), 'EarlyStopping');
  assert.ok(sections.some((s) => s.sharpness?.enabled && s.optimizer?.name === 'sgd'), 'sharpness, SGD');
  assert.ok(sections.some((s) => s.sharpness?.enabled && s.optimizer?.name === 'adam'), 'sharpness, Adam');
});

for (const file of files) {
  test(`${file}: wasm history equals the native CLI's, bit for bit`, () => {
    const path = join(settingsDir, file);
    const settings = JSON.parse(readFileSync(path, 'utf8'));
    const native = JSON.parse(execFileSync(cliPath, ['run', path, '--json'], { encoding: 'utf8' }));

    const trainer = api.createTrainer(settings);
    try {
      trainer.run(native.settings.epochs);
      const h = trainer.history();
      const n = native.history;
      assertSeries('train_loss', h.train_loss, n.train_loss);
      assertSeries('val_loss', h.val_loss, n.val_loss);
      assertSeries('accuracy', h.accuracy, n.accuracy);
      assertSeries('val_accuracy', h.val_accuracy, n.val_accuracy);
      assertSeries('learning_rate', h.learning_rate, n.learning_rate);
      // A schedule-free run's losses at its reported weights x (NaN for other rules).
      assertSeries('reported_train_loss', h.reported_train_loss, n.reported_train_loss);
      assertSeries('reported_val_loss', h.reported_val_loss, n.reported_val_loss);
      assert.equal(h.reported_train_loss.some(Number.isFinite), settings.optimizer.name.startsWith('schedule_free'));
      assertSeries('step_loss', h.step_loss, n.step_loss);
      assertSeries('step_learning_rate', h.step_learning_rate, n.step_learning_rate);
      assertSeries('step_size_median', h.step_size_median, n.step_size_median);
      assert.ok(sameNumber(h.initial_train_loss, n.initial_train_loss), 'initial loss');
      // The sharpness measurements (exact Hessian-vector products, Lanczos): the same bits too.
      const sharpness = trainer.sharpness();
      for (const name of ['sharpness_epoch', 'sharpness_step', 'sharpness', 'sharpness_preconditioned',
        'sharpness_threshold', 'sharpness_iterations']) assertSeries(name, sharpness[name], n[name]);
      assert.equal(sharpness.sharpness.length > 0, Boolean(settings.sharpness?.enabled));
      assert.equal(h.diverged, n.diverged);
      assert.equal(h.diverged_epoch, n.diverged_epoch);
      assert.deepEqual(h.events.map((e) => [e.kind, e.epoch, e.step, e.message]),
        n.events.map((e) => [e.kind, e.epoch, e.step, e.message]));
      // EarlyStopping's stop: the same wait, patience, best epoch and value, and restore.
      const stopOf = (events) => events.filter((e) => e.kind === 'early_stop')
        .map((e) => [e.wait, e.patience, e.best_epoch, e.best, e.restored_best_weights]);
      assert.deepEqual(stopOf(h.events), stopOf(n.events));
      assert.equal(trainer.stoppedEarly, stopOf(n.events).length > 0);
      // The canonical settings agree too: the page's export is the CLI's input.
      assert.deepEqual(trainer.settings(), native.settings);
    } finally {
      trainer.delete();
    }
  });
}
