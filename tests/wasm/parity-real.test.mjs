// Real data, same numbers everywhere: for each settings file in tests/data/real-settings, the wasm
// module (as the page's worker runs it, with the table handed over as text) and the native CLI
// (reading data/ or --data) give the same history, bit for bit (compare tests/wasm/parity.test.mjs
// for why Object.is and not a tolerance).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadApi, cliPath } from './load_module.mjs';

const api = await loadApi();
const dir = 'tests/data/real-settings';
const userCsv = join(dir, 'trees.csv');
const files = readdirSync(dir).filter((name) => name.endsWith('.json')).sort();

const sameNumber = (wasm, native) => (native === null ? !Number.isFinite(wasm) : Object.is(wasm, native));
function assertSeries(name, wasm, native) {
  assert.equal(wasm.length, native.length, `${name}: length`);
  for (let i = 0; i < native.length; i++)
    assert.ok(sameNumber(wasm[i], native[i]), `${name}[${i}]: wasm ${wasm[i]} vs native ${native[i]}`);
}

test('two or more built-in sets and a user CSV are compared', () => {
  const names = files.map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')).problem.name);
  assert.ok(new Set(names.filter((name) => name !== 'csv')).size >= 2, names.join(', '));
  assert.ok(names.includes('csv'));
});

for (const file of files) {
  test(`${file}: wasm history equals the native CLI's, bit for bit`, () => {
    const path = join(dir, file);
    const settings = JSON.parse(readFileSync(path, 'utf8'));
    const isCsv = settings.problem.name === 'csv';
    const native = JSON.parse(execFileSync(cliPath, ['run', path, '--json', ...(isCsv ? ['--data', userCsv] : [])],
      { encoding: 'utf8' }));
    const { table } = isCsv
      ? api.loadTable('csv', readFileSync(userCsv, 'utf8'), settings.problem.target, settings.problem.task)
      : api.loadTable(settings.problem.name, readFileSync(`data/${settings.problem.name}.csv`, 'utf8'));

    const trainer = api.createTrainer(settings, table);
    table.delete();  // the trainer keeps what it was given
    try {
      trainer.run(native.settings.epochs);
      const h = trainer.history();
      const n = native.history;
      for (const name of ['train_loss', 'val_loss', 'accuracy', 'val_accuracy', 'learning_rate', 'step_loss',
        'step_learning_rate', 'step_size_median']) assertSeries(name, h[name], n[name]);
      assert.ok(sameNumber(h.initial_train_loss, n.initial_train_loss), 'initial loss');
      assert.equal(h.diverged, n.diverged);
      assert.deepEqual(h.events.map((e) => [e.kind, e.epoch, e.step, e.message]),
        n.events.map((e) => [e.kind, e.epoch, e.step, e.message]));
      assert.deepEqual(trainer.settings(), native.settings);
    } finally {
      trainer.delete();
    }
  });
}

test('a bad CSV is refused with its row and column', () => {
  const good = readFileSync(userCsv, 'utf8');
  const bad = good.replace(/\n(oak|pine|birch);([\d.]+);/, '\n$1;;');
  assert.throws(() => api.loadTable('csv', bad, 1, 'classification'),
    /^Error: row \d+, column 2 \("width \(cm\)"\): the cell is empty or marks a missing value/);
  const { table } = api.loadTable('csv', good, 1, 'classification');
  const trainer = api.createTrainer({ problem: { name: 'csv', target: 1, task: 'classification' }, epochs: 1 }, table);
  try {
    assert.equal(trainer.run(1), 1);
  } finally {
    trainer.delete();
    table.delete();
  }
});

test('a trainer is given its table: without it the problem says how to give it', () => {
  const settings = { problem: { name: 'iris' }, epochs: 1 };
  assert.throws(() => api.createTrainer(settings), /problem\.name: "iris".*not loaded/);
  const { table } = api.loadTable('iris', readFileSync('data/iris.csv', 'utf8'));
  assert.throws(() => api.createTrainer({ problem: { name: 'wine' }, epochs: 1 }, table),
    /problem\.name: "wine".*the table given is "iris"'s/);
  const trainer = api.createTrainer(settings, table);
  table.delete();
  try {
    assert.equal(trainer.run(1), 1);
  } finally {
    trainer.delete();
  }
});
