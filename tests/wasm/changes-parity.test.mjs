// A run changed while it trains, as the page trains it (the worker's run pool, web/worker/run-pool.js,
// on the wasm module), exported as the page exports it (web/exports/export.js historiesCsv), is
// reproduced bit for bit by a trainer built from its recorded settings in Node and by the native
// CLI from the exported CSV (`lrlab run lrlab-runs.csv --run N`): with one, two and five changes
// made while it played, one made within an epoch, and for a branch of a changed run.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadApi, cliPath } from './load_module.mjs';
import { RunPool } from '../../web/worker/run-pool.js';
import { historiesCsv } from '../../web/exports/export.js';

const api = await loadApi();
const dir = mkdtempSync(join(tmpdir(), 'lrlab-changes-'));
const pools = [];
after(() => {
  for (const pool of pools) pool.apply([]);
  rmSync(dir, { recursive: true, force: true });
});

// Two moons, 3 mini-batches an epoch; long enough that it is still playing when changed.
const BASE = {
  seed: 7, problem: { name: 'moons', samples: 96, noise: 0.1, val_fraction: 0.25 }, model: { hidden: [6] },
  optimizer: { name: 'sgd', learning_rate: 0.1, momentum: 0.9 }, batch_size: 24, epochs: 100000,
};

async function until(predicate, what, ms = 20000) {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

// The page's way: the run plays; after each `after` epochs the page applies the next settings
// (a control moved while it plays), then pauses. Returns the pool's full history of the run.
async function trainChanged(settingsList, afterEpochs) {
  const pool = new RunPool(api, () => {});
  pools.push(pool);
  // A few hundred epochs a second: a slice trains at most a few (web/worker/run-pool.js MAX_CREDIT),
  // so each change lands near its epoch and the run trains on after it.
  pool.setSpeed(400);
  pool.apply([{ key: 'a', settings: settingsList[0] }]);
  const trainer = () => pool.runs.get('a').trainer;
  let next = 0;
  for (let i = 1; i < settingsList.length; i++) {
    next = Math.max(next, afterEpochs[i - 1]);
    await until(() => trainer().epochsDone >= next, `epoch ${next}`);
    pool.apply([{ key: 'a', settings: settingsList[i] }]);
    next = trainer().epochsDone + 3;
  }
  next = Math.max(next, afterEpochs.at(-1));
  await until(() => trainer().epochsDone >= next, 'the last epochs');
  pool.pause();
  return { pool, history: pool.fullHistories()[0] };
}

const sameBits = (name, a, b) => {
  assert.equal(a.length, b.length, `${name}: length`);
  for (let i = 0; i < a.length; i++) assert.ok(Object.is(a[i], b[i]) || (b[i] === null && !Number.isFinite(a[i])), `${name}[${i}]: ${a[i]} vs ${b[i]}`);
};

// Node: a fresh trainer from the recorded settings; CLI: the page's CSV export of the run.
function expectReproduced(history) {
  const epochs = history.train.length;
  const trainer = api.createTrainer(history.settings);
  try {
    trainer.run(epochs);
    const node = trainer.epochHistory(0);
    for (const [name, mine] of [['train_loss', 'train'], ['val_loss', 'val'], ['accuracy', 'accuracy'], ['learning_rate', 'lr']]) {
      sameBits(`node ${name}`, node[name], history[mine]);
    }
  } finally {
    trainer.delete();
  }
  const csv = join(dir, `runs-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(csv, historiesCsv([{ number: 1, rate: history.settings.optimizer.learning_rate, record: history, settings: history.settings }]));
  const cli = JSON.parse(execFileSync(cliPath, ['run', csv, '--run', '1', '--epochs', String(epochs), '--json'], { encoding: 'utf8' })).history;
  for (const [name, mine] of [['train_loss', 'train'], ['val_loss', 'val'], ['accuracy', 'accuracy'], ['learning_rate', 'lr']]) {
    sameBits(`cli ${name}`, history[mine], cli[name]);
  }
}

const withOptimizer = (optimizer) => ({ ...BASE, optimizer });
const sgd = (rate, momentum = 0.9) => withOptimizer({ name: 'sgd', learning_rate: rate, momentum });

test('one change: the rate lowered while the run plays', async () => {
  const { history } = await trainChanged([sgd(0.1), sgd(0.02)], [6, 14]);
  expectReproduced(history);
  assert.equal(history.settings.changes.length, 1);
  const at = history.settings.changes[0].epoch;
  assert.ok(at >= 6 && at < history.train.length, `changed at ${at}`);
  assert.equal(history.settings.optimizer.learning_rate, 0.1, 'the settings are the ones it started with');
  assert.equal(history.lr[at - 1], 0.1);
  assert.equal(history.lr[at], 0.02);
});

test('two changes: the rate, then another optimizer', async () => {
  const { history } = await trainChanged([sgd(0.1), sgd(0.3), withOptimizer({ name: 'adam', learning_rate: 0.01 })], [4, 9, 15]);
  expectReproduced(history);
  assert.deepEqual(history.settings.changes.map((c) => Object.keys(c).filter((k) => k !== 'epoch')), [['optimizer'], ['optimizer']]);
});

test('five changes: rate, momentum, schedule, plateau, optimizer', async () => {
  const schedule = { name: 'exponential', decay_rate: 0.5, decay_steps: 5 };
  const plateau = { enabled: true, patience: 1, factor: 0.5 };
  const { history } = await trainChanged([
    sgd(0.1), sgd(0.05), sgd(0.05, 0.5), { ...sgd(0.05, 0.5), schedule }, { ...sgd(0.05, 0.5), schedule, plateau },
    { ...withOptimizer({ name: 'rmsprop', learning_rate: 0.002 }), schedule, plateau },
  ], [3, 6, 9, 12, 15, 20]);
  expectReproduced(history);
  assert.equal(history.settings.changes.length, 5);
});

test('a change within an epoch: a per-step schedule that failed mid-epoch, fixed', async () => {
  // 3 updates an epoch; the formula refuses from update 8 on (epoch 2, its third update).
  const failing = { ...sgd(0.1), schedule: { name: 'formula', granularity: 'step', expression: 'step < 8 ? lr0 : -1' } };
  const pool = new RunPool(api, () => {});
  pools.push(pool);
  pool.setSpeed(0);
  pool.apply([{ key: 'a', settings: failing }]);
  const run = () => pool.runs.get('a');
  await until(() => run().lifecycle.name === 'schedule-paused', 'the schedule error');
  assert.equal(run().trainer.updates, 8);
  pool.apply([{ key: 'a', settings: { ...failing, schedule: { name: 'formula', granularity: 'step', expression: 'lr0 * 0.5' } } }]);
  await until(() => run().trainer.epochsDone >= 10, 'epochs after the fix');
  pool.pause();
  const history = pool.fullHistories()[0];
  expectReproduced(history);
  assert.deepEqual(history.settings.changes.map((c) => [c.epoch, c.step]), [[2, 2]]);
});

test('a branch of a changed run shares its history up to the branch and is reproduced', async () => {
  const { pool, history: parent } = await trainChanged([sgd(0.1), sgd(0.3)], [5, 14]);
  const at = parent.settings.changes[0].epoch + 2;
  const branch = { ...parent.settings, changes: [...parent.settings.changes, { epoch: at, optimizer: { learning_rate: 0.01 } }] };
  pool.apply([{ key: 'a', settings: sgd(0.3) }, { key: 'b', settings: branch }]);
  // Added to a paused view, the branch catches up with it (the parent's epochs) and waits there.
  await until(() => pool.runs.get('b').trainer.epochsDone >= parent.train.length, 'the branch to catch up');
  pool.pause();
  const histories = pool.fullHistories();
  const child = histories.find((h) => h.key === 'b');
  assert.ok(child.train.length > at + 1, 'trained past its change');
  sameBits('shared history', child.train.slice(0, at), parent.train.slice(0, at));
  assert.equal(child.lr[at], 0.01);
  expectReproduced(child);
});

test("a link's changes start a new run when they lead to the settings it is given, and only then", async () => {
  const replay = api.validateSettings({ ...sgd(0.1), changes: [{ epoch: 3, optimizer: { learning_rate: 0.02 } }] });
  for (const [settings, replayed] of [[sgd(0.02), true], [sgd(0.5), false]]) {
    const pool = new RunPool(api, () => {});
    pools.push(pool);
    pool.setSpeed(400);
    pool.apply([{ key: 'a', settings, replay }]);
    await until(() => pool.runs.get('a').trainer.epochsDone >= 8, 'eight epochs');
    pool.pause();
    const history = pool.fullHistories()[0];
    if (replayed) {
      assert.deepEqual([history.lr[2], history.lr[3]], [0.1, 0.02], 'the link\'s change at epoch 3');
      assert.deepEqual(history.settings.changes, replay.changes);
    } else {
      assert.equal(history.lr[0], 0.5, 'changes that do not lead to its settings are not its history');
      assert.equal(history.settings.changes, undefined);
    }
    expectReproduced(history);
  }
});

test('Reset trains a branch again from epoch 0 to the same history, its shared part at full speed', async () => {
  const { pool, history: parent } = await trainChanged([sgd(0.1), sgd(0.3)], [4, 10]);
  const at = parent.settings.changes[0].epoch + 1;
  const branch = { ...parent.settings, changes: [...parent.settings.changes.filter((c) => c.epoch < at), { epoch: at, optimizer: { learning_rate: 0.01 } }] };
  pool.apply([{ key: 'a', settings: sgd(0.3) }, { key: 'b', settings: branch }]);
  await until(() => pool.runs.get('b').trainer.epochsDone >= parent.train.length, 'the branch to catch up');
  const before = pool.fullHistories().find((h) => h.key === 'b');
  pool.resetAll();
  assert.equal(pool.runs.get('b').lifecycle.name, 'catching-up');
  await until(() => pool.runs.get('b').trainer.epochsDone >= before.train.length, 'the branch again');
  pool.pause();
  const again = pool.fullHistories().find((h) => h.key === 'b');
  sameBits('the branch after Reset', again.train.slice(0, before.train.length), before.train);
  assert.deepEqual(again.settings, before.settings, 'still the branch');
});
