// The landscape view through the wasm module: contours lie on their levels, the bowl's path
// zig-zags just under 2/L and escapes above it, and bad requests name their field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadApi } from './load_module.mjs';

const api = await loadApi();
const sgd = (lr) => ({ optimizer: { name: 'sgd', learning_rate: lr } });

test('bowl: contours on their levels, zig-zag below 2/L, escape above', () => {
  // The bowl is 0.5*(0.1 x^2 + 2 y^2): Hessian eigenvalues 0.1 and 2, so 2/L = 1.
  const bound = 2 / 2;
  const view = api.landscape({ surface: 'bowl', grid: 60, steps: 200, runs: [sgd(0.95 * bound), sgd(1.05 * bound)] });
  assert.ok(Math.abs(view.stability_bound - bound) < 1e-12);
  assert.ok(view.contours.length > 5);
  // Linear interpolation along a cell edge of a quadratic errs by at most f'' h^2 / 8.
  const box = view.surface.view;
  const hx = (box.x_max - box.x_min) / 59, hy = (box.y_max - box.y_min) / 59;
  const tolerance = (0.1 * hx * hx + 2 * hy * hy) / 8 + 1e-12;
  for (const contour of view.contours) {
    for (let i = 0; i < contour.x.length; i++) {
      const x = contour.x[i], y = contour.y[i];
      if (Number.isNaN(x)) continue;
      const value = 0.5 * (0.1 * x * x + 2 * y * y);
      assert.ok(Math.abs(value - contour.level) <= tolerance,
        `(${x}, ${y}) has ${value}, level ${contour.level}`);
    }
  }
  const [below, above] = view.paths;
  assert.equal(below.diverged, false);
  for (let k = 1; k < 20; k++) assert.ok(below.y[k] * below.y[k - 1] < 0, `step ${k} crosses the valley`);
  assert.ok(Math.abs(below.y.at(-1)) < Math.abs(below.y[0]));
  assert.equal(above.diverged, true);
});

test('linear: the landscape of the regression data, with its bound', () => {
  const view = api.landscape({ surface: 'linear', seed: 4, problem: { samples: 100 }, runs: [sgd(0.1)] });
  assert.equal(view.surface.x_name, 'w');
  assert.ok(view.stability_bound > 0 && Number.isFinite(view.stability_bound));
  const path = view.paths[0];
  // Plain gradient descent at a stable rate walks towards the true line w = 2, b = 0.5.
  const last = path.x.length - 1;
  assert.ok(Math.abs(path.x[last] - 2) < Math.abs(path.x[0] - 2));
});

test('valley_1d gives a curve and no grid', () => {
  const view = api.landscape({ surface: 'valley_1d', runs: [sgd(0.05), sgd(0.5)] });
  assert.equal(view.surface.dimensions, 1);
  assert.equal(view.contours.length, 0);
  assert.ok(view.curve.x.length > 10);
});

test('bad landscape requests name the field', () => {
  assert.throws(() => api.landscape({ surface: 'saddle' }), /landscape\.surface: "saddle"/);
  assert.throws(() => api.landscape({ surface: 'bowl', steps: -1 }), /steps/);
  assert.throws(() => api.landscape({ surface: 'bowl', runs: [sgd(-2)] }),
    /landscape\.runs\[0\]\.optimizer\.learning_rate: -2/);
  assert.throws(() => api.landscape({ surface: 'bowl', colour: 'red' }), /colour: unknown field/);
});
