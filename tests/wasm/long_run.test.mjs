// A run left training for 1,000,000 updates in the wasm module (as the page's worker would) keeps
// the wasm heap flat: the per-step history is decimated past a fixed number of records and the
// per-epoch series hold one entry per epoch (core/history.h), both reserved up front here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadApi } from './load_module.mjs';

const api = await loadApi();

test('1,000,000 updates with batch 1 keep heapUsed bounded', () => {
  const trainer = api.createTrainer({
    seed: 5, problem: { name: 'linear', samples: 1000, val_fraction: 0 }, model: { hidden: [] },
    optimizer: { name: 'sgd', learning_rate: 0.001 }, batch_size: 1, epochs: 1000,
  });
  try {
    const heapAtStart = api.heapSize();
    const usedAtStart = api.heapUsed();
    let maxUsed = usedAtStart;
    let fromEpoch = 0;
    let fromStep = 0;
    while (trainer.updates < 1000000) {
      assert.ok(trainer.run(20) > 0, `stopped at update ${trainer.updates}`);
      // The page reads only what is new, as the worker does; the copies live in the JS heap.
      const h = trainer.history(fromEpoch, fromStep);
      fromEpoch = trainer.epochsDone;
      fromStep += h.step_loss.length;
      maxUsed = Math.max(maxUsed, api.heapUsed());
    }
    const h = trainer.history();
    assert.equal(trainer.updates, 1000000);
    assert.equal(h.train_loss.length, 1000);
    assert.ok(h.step_loss.length <= 65536, `step records: ${h.step_loss.length}`);
    assert.equal(h.step_stride, 16);
    assert.equal(api.heapSize(), heapAtStart, 'the heap did not grow');
    // A few KB of slack for allocator bookkeeping; a per-step leak of even one byte would show
    // as ~1 MB here.
    assert.ok(maxUsed - usedAtStart <= 16384, `in use: ${usedAtStart} -> ${maxUsed}`);
  } finally {
    trainer.delete();
  }
});
