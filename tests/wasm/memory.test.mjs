// Creating, training and deleting many trainers must leave the wasm heap where it was: nothing
// leaks per trainer (SPEC section 7), including on the error path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadApi } from './load_module.mjs';

const api = await loadApi();
const small = { problem: { name: 'xor', samples: 64 }, model: { hidden: [4] }, epochs: 1 };

function cycle(count) {
  for (let i = 0; i < count; i++) {
    const trainer = api.createTrainer(small);
    trainer.epoch();
    trainer.history();
    trainer.delete();
    if (i % 10 === 0) {
      try {
        api.createTrainer({ ...small, batch_size: 0 });
      } catch {
        // expected: the error path must not leak either
      }
    }
  }
}

test('10,000 trainers created, trained one epoch and deleted leave the heap as after 100', () => {
  cycle(100);
  const after100 = api.heapSize();
  const used100 = api.heapUsed();
  cycle(9900);
  assert.equal(api.heapSize(), after100, 'the heap did not grow');
  // Within the same heap size, the allocator's in-use bytes must come back too (a leak of a
  // few hundred bytes per trainer would not grow a large heap, but would show here).
  assert.ok(api.heapUsed() <= used100 + 4096, `in use: ${used100} -> ${api.heapUsed()}`);
});
