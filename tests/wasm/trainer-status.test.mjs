// The Trainer binding's explicit reads (bindings/lrlab.cpp): epochHistory(from) gives the
// per-epoch series, events and flags with no step records, and status() where the run stands
// with no series at all, so no caller asks for "no step records" with an offset far past the end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModule } from './load_module.mjs';

const module = await loadModule();
const noTable = new module.Table();  // the generated problems are given no table

function trainer(settings) {
  const handle = new module.Trainer();
  assert.equal(handle.configure(JSON.stringify(settings), noTable), undefined);
  return handle;
}
const sameBits = (a, b) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

test('epochHistory holds the per-epoch series, events and flags of history, without step records', () => {
  const t = trainer({ problem: { name: 'xor', samples: 64 }, batch_size: 16, epochs: 6 });
  try {
    t.run(6);
    const all = t.history(0, 0);
    for (const from of [0, 2, 6]) {
      const epochs = t.epochHistory(from);
      for (const name of ['train_loss', 'val_loss', 'accuracy', 'val_accuracy', 'learning_rate']) {
        assert.ok(sameBits(epochs[name], all[name].slice(from)), `${name} from ${from}`);
      }
      assert.equal(epochs.step_loss, undefined, 'no step records');
      assert.deepEqual(epochs.events, all.events);
      assert.equal(epochs.diverged, all.diverged);
      assert.equal(epochs.initial_train_loss, all.initial_train_loss);
    }
  } finally {
    t.delete();
  }
});

test('status names the event that stopped a run: a schedule error', () => {
  const t = trainer({ problem: { name: 'xor', samples: 64 }, epochs: 10,
    schedule: { name: 'formula', expression: 'lr0 / (3 - epoch)' } });
  try {
    t.run(10);
    const status = t.status();
    assert.equal(status.stopped, true);
    assert.equal(status.stopped_by, 'schedule_error');
    assert.equal(status.diverged, false);
    assert.equal(status.epochs_done, 3);
  } finally {
    t.delete();
  }
});

test('status says where the run stands: epochs, updates, stopped, diverged, the rate in force', () => {
  const t = trainer({ seed: 1, problem: { name: 'linear', samples: 64 }, model: { hidden: [] }, batch_size: 64,
    optimizer: { name: 'sgd', learning_rate: 50 }, epochs: 200 });
  try {
    assert.deepEqual(t.status(), { epochs_done: 0, updates: 0, stopped: false, stopped_by: '', diverged: false, diverged_epoch: -1, learning_rate: 50 });
    t.run(2);
    assert.equal(t.status().epochs_done, 2);
    assert.equal(t.status().updates, 2);
    t.run(200);
    const status = t.status();
    const history = t.epochHistory(0);
    assert.equal(status.stopped, true);
    assert.equal(status.diverged, true, 'a rate of 50 on this quadratic blows up');
    assert.equal(status.stopped_by, 'diverged');
    assert.equal(status.diverged_epoch, history.diverged_epoch);
    assert.equal(status.epochs_done, t.epochsDone());
    assert.equal(status.updates, t.updates());
  } finally {
    t.delete();
  }
});
