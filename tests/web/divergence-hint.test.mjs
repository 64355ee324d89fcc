// The note "Why does a huge rate not explode here?" (web/views/loss/divergence-hint.js) gives its
// reason only where it holds: cross-entropy on saturating units (named, or "auto" on a
// classification problem). Lesson 10 trains the spiral with squared error: no such reason there.
// The height it cites is the core's peak_loss of the runs shown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crossEntropyBounces, highestPeak } from '../../web/views/loss/divergence-hint.js';

const tasks = new Map([['moons', 'binary'], ['spiral', 'multiclass'], ['sine', 'regression']]);
const settings = (problem, activation, loss) => ({ problem: { name: problem }, model: { activation, loss } });

test('the reason is given for cross-entropy on saturating units only', () => {
  assert.equal(crossEntropyBounces(settings('moons', 'tanh', 'auto'), tasks), true, 'the default view');
  assert.equal(crossEntropyBounces(settings('spiral', 'tanh', 'softmax_ce'), tasks), true);
  assert.equal(crossEntropyBounces(settings('spiral', 'tanh', 'mse'), tasks), false, 'lesson 10: squared error');
  assert.equal(crossEntropyBounces(settings('moons', 'relu', 'auto'), tasks), false, 'units that do not saturate');
  assert.equal(crossEntropyBounces(settings('sine', 'tanh', 'auto'), tasks), false, 'a regression');
});

test('the height cited is the highest the core saw a shown run climb to', () => {
  const run = (index, evidence) => ({ index, record: { diagnosis: { evidence } } });
  assert.deepEqual(highestPeak([run(0, { peak_loss: 0.0013 }), run(1, { peak_loss: 0.02 }), run(2, { peak_loss: 95.3 })]), { peak: 95.3, number: 3 });
  // A run that climbed to 123 and settled at 0.653: its peak after its best epoch is its last
  // loss, the climb is what it reached.
  assert.deepEqual(highestPeak([run(0, { peak_loss: 0.0013 }), run(1, { peak_loss: 0.653, climb_loss: 123 })]), { peak: 123, number: 2 });
  assert.deepEqual(highestPeak([run(0, { peak_loss: 0.5 }), run(1, {})]), { peak: 0.5, number: 1 });
  assert.equal(highestPeak([run(0, {})]), null);
});
