// What the page's exports say about a run (web/exports/export.js): the PNG's settings line names
// the problem, the model and the batch as the run trained with them, and the CSV has the CLI's
// columns (cli/history_writer.cpp) with its empty cell where a run has no number. Settings come
// from the real core (its validateSettings and registry), as the page's worker has them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { historiesCsv, settingsSummary } from '../../web/exports/export.js';
import { loadApi, cliPath } from '../wasm/load_module.mjs';

const api = await loadApi();
const registry = api.registry();
const stateWith = (settings, rates = [0.1], table = undefined) => ({
  settings: api.validateSettings({ ...api.defaultSettings(), ...settings }, table),
  runs: rates.map((rate, i) => ({ key: `r${i + 1}`, rate })),
});
// The parts of a settings line, split at its separators.
const partsOf = (line) => line.replace(/^lrlab · /, '').split(' · ');

test('a real table is named by its rows, not by the generators\' samples and noise', () => {
  const line = settingsSummary(stateWith({ problem: { name: 'digits' } }), registry);
  // data/digits.csv: its lines but the header, counted here from the file, not from the registry.
  const rows = readFileSync('data/digits.csv', 'utf8').trim().split('\n').length - 1;
  assert.equal(rows, 1797);
  assert.equal(partsOf(line)[0], 'digits (1,797 rows)', line);
  assert.doesNotMatch(line, /samples|noise/, line);
});

test('a user table is named by the rows the core read from it', () => {
  // 1,234 rows of x and a class, through the core's CSV door as the page's picker sends them.
  const text = ['x,y', ...Array.from({ length: 1234 }, (_, i) => `${i / 100},${i % 2}`)].join('\n');
  const { summary: { rows }, table } = api.loadTable('csv', text, 0, 'auto');
  assert.equal(rows, 1234);
  const line = settingsSummary(stateWith({ problem: { name: 'csv' } }, [0.1], table), registry, String, { userRows: rows });
  table.delete();
  assert.equal(partsOf(line)[0], 'your CSV (1,234 rows)', line);
});

test('a generated problem keeps its samples and noise', () => {
  const line = settingsSummary(stateWith({ problem: { name: 'circles', samples: 300, noise: 0.2 } }), registry);
  assert.equal(partsOf(line)[0], 'circles (300 samples, noise 0.2)', line);
});

test('a model with no hidden layer is a linear model, whatever its activation says', () => {
  const line = settingsSummary(stateWith({ model: { hidden: [], activation: 'tanh' } }), registry);
  assert.ok(partsOf(line).includes('linear model (no hidden layer)'), line);
  assert.doesNotMatch(line, /network|tanh/, line);
  const deep = settingsSummary(stateWith({ model: { hidden: [16, 8], activation: 'relu' } }), registry);
  assert.ok(partsOf(deep).includes('network 16-8 relu'), deep);
});

test('the batch as the run used it: one at least as large as the training split is full batch', () => {
  // 512 samples, validation fraction 0.2: 512 - floor(102.4) = 410 training samples.
  const full = settingsSummary(stateWith({ problem: { name: 'moons', samples: 512, val_fraction: 0.2 }, batch_size: 1000 }), registry);
  assert.ok(partsOf(full).includes('full batch (410 samples)'), full);
  assert.doesNotMatch(full, /batch 1000/, full);
  const exact = settingsSummary(stateWith({ problem: { name: 'moons', samples: 512, val_fraction: 0.2 }, batch_size: 410 }), registry);
  assert.ok(partsOf(exact).includes('full batch (410 samples)'), exact);
  const mini = settingsSummary(stateWith({ problem: { name: 'moons', samples: 512, val_fraction: 0.2 }, batch_size: 409 }), registry);
  assert.ok(partsOf(mini).includes('batch 409'), mini);
  // digits: 1,797 rows, 0.2 held out: 1797 - floor(359.4) = 1,438 training rows.
  const table = settingsSummary(stateWith({ problem: { name: 'digits', val_fraction: 0.2 }, batch_size: 5000 }), registry);
  assert.ok(partsOf(table).includes('full batch (1,438 samples)'), table);
});

// The CLI's own CSV for a regression table: its header and its cells for a missing accuracy.
function cliCsv(settings) {
  return execFileSync(cliPath, ['run', '-'], { input: JSON.stringify(settings), encoding: 'utf8' }).trim().split('\n');
}

test('the page\'s CSV has the CLI\'s columns after run and rate, with empty cells where the CLI has them', () => {
  const settings = { problem: { name: 'diabetes' }, model: { hidden: [] }, epochs: 3 };
  const [cliHeader, ...cliRows] = cliCsv(settings);
  const native = JSON.parse(execFileSync(cliPath, ['run', '-', '--json'], { input: JSON.stringify(settings), encoding: 'utf8' })).history;
  // The record as the worker's full history hands it over: NaN where the core has no number.
  const nan = (series) => series.map((v) => (v === null ? NaN : v));
  const record = {
    train: native.train_loss, val: native.val_loss, accuracy: nan(native.accuracy),
    val_accuracy: nan(native.val_accuracy), lr: native.learning_rate,
  };
  const lines = historiesCsv([{ number: 1, rate: 0.1, record, settings }]).trim().split('\n').filter((l) => !l.startsWith('#'));
  const [header, ...rows] = lines;
  assert.equal(header, `run,rate,${cliHeader}`);
  assert.equal(rows.length, cliRows.length);
  rows.forEach((row, e) => {
    const cells = row.split(',').slice(2);
    const cliCells = cliRows[e].split(',');
    // Epochs: the page counts the loss after epoch 1 as 1, the CLI as 0 (its row index).
    assert.equal(Number(cells[0]), Number(cliCells[0]) + 1);
    for (let c = 1; c < cliCells.length; c++) {
      assert.equal(cells[c] === '' , cliCells[c] === '', `epoch ${e + 1}, ${cliHeader.split(',')[c]}: page "${cells[c]}" vs CLI "${cliCells[c]}"`);
      if (cells[c] !== '') assert.ok(Object.is(Number(cells[c]), Number(cliCells[c])), `epoch ${e + 1}, column ${c}`);
    }
    assert.doesNotMatch(row, /NaN/);
  });
});

test('a classification run\'s CSV carries its validation accuracy', () => {
  const record = { train: [1, 0.5], val: [1.1, 0.6], accuracy: [0.5, 0.75], val_accuracy: [0.4, 0.8], lr: [0.1, 0.1] };
  const [header, ...rows] = historiesCsv([{ number: 2, rate: 0.1, record, settings: {} }]).trim().split('\n').filter((l) => !l.startsWith('#'));
  const column = header.split(',').indexOf('val_accuracy');
  assert.ok(column > 0, header);
  assert.deepEqual(rows.map((row) => Number(row.split(',')[column])), [0.4, 0.8]);
});

test("the settings line names a run's own optimizer and schedule beside its rate", () => {
  const state = stateWith({}, [0.003, 0.01, 0.01]);
  state.runs[0].own = { optimizer: { name: 'lion' } };
  state.runs[2].own = { optimizer: { name: 'adam' }, schedule: { name: 'wsd' } };
  const line = settingsSummary(state, registry);
  assert.equal(partsOf(line).at(-1), 'rates 0.003 (Lion), 0.01, 0.01 (Adam, schedule wsd)', line);
  assert.equal(partsOf(settingsSummary(stateWith({}, [0.1, 0.2]), registry)).at(-1), 'rates 0.1, 0.2', 'runs alike: their rates');
});
