// The wasm module and the native CLI must produce the same numbers for the same seed, bit for bit:
// the core uses its own generator and its own elementary functions (core/detmath.h), compiled
// with -ffp-contract=off on both sides, and the CLI prints 17 significant digits (round-trip).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { loadModule, cliPath } from './load_module.mjs';

const lrlab = await loadModule();

function nativeProblem(seed) {
  const csv = execFileSync(cliPath, ['data', String(seed)], { encoding: 'utf8' });
  return csv.trim().split('\n').slice(1).map((line) => line.split(',').map(Number));
}

for (const seed of [1, 2, 12345]) {
  test(`spiral training data for seed ${seed} is identical in wasm and native`, () => {
    const wasm = lrlab.makeProblem({ name: 'spiral' }, seed).train;
    const native = nativeProblem(seed);
    assert.equal(wasm.count, native.length);
    for (let i = 0; i < wasm.count; i++) {
      assert.equal(wasm.x[2 * i], native[i][0], `x0 of sample ${i}`);
      assert.equal(wasm.x[2 * i + 1], native[i][1], `x1 of sample ${i}`);
      assert.equal(wasm.y[i], native[i][2], `label of sample ${i}`);
    }
  });
}

test('the generator stream depends on the seed', () => {
  const a = lrlab.uniformStream(1, 8), b = lrlab.uniformStream(1, 8), c = lrlab.uniformStream(2, 8);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  for (const u of a) assert.ok(u >= 0 && u < 1);
});

test('a core error arrives as a JS Error naming the field, and the module keeps working', () => {
  assert.throws(() => lrlab.makeProblem({ name: 'donut' }, 1),
    (e) => e instanceof Error && /problem\.name/.test(e.message) && /donut/.test(e.message));
  assert.throws(() => lrlab.makeProblem({ samples: 0 }, 1), /problem\.samples/);
  assert.equal(lrlab.makeProblem({ name: 'spiral', samples: 20 }, 1).train.count, 16);
});
