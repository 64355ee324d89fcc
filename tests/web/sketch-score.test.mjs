// A drawn prediction's score and words (web/lessons/sketch/sketch-score.js) and the shapes that
// stand for a sketch (sketch-shapes.js). Expected figures are counted by hand from the series
// written here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeness, filledSketch, runRatios, shapeOf, sketchFeedback } from '../../web/lessons/sketch/sketch-score.js';
import { SHAPES, shapeSketch } from '../../web/lessons/sketch/sketch-shapes.js';

test('gaps in a drawn sketch are filled in a straight line on the log scale, the ends held flat', () => {
  const filled = filledSketch([NaN, 1, NaN, NaN, 0.001, NaN]);
  assert.equal(filled[0], 1, 'before the first drawn epoch: held');
  assert.equal(filled[1], 1);
  assert.ok(Math.abs(filled[2] - 0.1) < 1e-12, 'a third of the way from 1 to 1/1000 in log: 1/10');
  assert.ok(Math.abs(filled[3] - 0.01) < 1e-12);
  assert.equal(filled[5], 0.001, 'after the last: held');
  assert.equal(filledSketch([NaN, 2, NaN]), null, 'one drawn epoch is no sketch');
});

test("a run's losses become multiples of its start; a diverged run counts to its planned end", () => {
  assert.deepEqual(runRatios({ initialLoss: 2, train: [1, 0.5], epochs: 4, diverged: false }), [0.5, 0.25],
    'stopped early: only the epochs it trained');
  const blown = runRatios({ initialLoss: 1, train: [0.5, 3, Infinity], epochs: 5, diverged: true });
  assert.deepEqual(blown.slice(0, 2), [0.5, 3]);
  assert.equal(blown.length, 5);
  assert.ok(blown.slice(2).every(Number.isNaN), 'from the infinite loss to the end: off the chart');
});

test('the figure: epochs where the sketch is within a factor of two of the loss', () => {
  // Sketch at epochs 1..5: 1 each. Run: 1.9 (close), 0.6 (close: 1 <= 1.2), 0.4 (not: 1 > 0.8),
  // 2.1 (not: 1 < 1.05), 1.99 (close: 1 >= 0.995).
  const score = closeness([1, 1, 1, 1, 1, 1], [1.9, 0.6, 0.4, 2.1, 1.99]);
  assert.deepEqual(score, { close: 3, of: 5, share: 0.6 });
  // After a divergence only a sketch that climbed ten times above the start counts.
  assert.deepEqual(closeness([1, 0.5, 20, 5], [0.5, NaN, NaN]), { close: 2, of: 3, share: 2 / 3 });
});

test('shapes of curves: fall, slow fall, flat, fall then climb, bounce, explode', () => {
  const fall = Array.from({ length: 30 }, (_, i) => 0.9 ** (i + 1));
  assert.equal(shapeOf(fall).kind, 'fall');
  // 0.99^30 = 0.74: below 3/4 of the start, so it moved, but it ended above half of it.
  assert.equal(shapeOf(Array.from({ length: 30 }, (_, i) => 0.99 ** (i + 1))).kind, 'slow');
  assert.equal(shapeOf(Array(30).fill(0.95)).kind, 'flat');
  const vee = [...fall.slice(0, 10), ...Array.from({ length: 20 }, (_, i) => fall[9] * 1.1 ** (i + 1))];
  const shape = shapeOf(vee);
  assert.equal(shape.kind, 'fall-climb');
  assert.equal(shape.lowestAt, 10, 'the lowest loss after epoch 10');
  const zigzag = Array.from({ length: 30 }, (_, i) => (i % 2 ? 0.5 : 0.3));
  assert.equal(shapeOf(zigzag).kind, 'bounce');
  assert.equal(shapeOf([0.8, 2, NaN]).kind, 'explode');
  assert.equal(shapeOf([0.8, 2, NaN]).blownAt, 3);
});

test('every shape a student may pick is read back as itself, on short and long runs', () => {
  for (const epochs of [20, 60, 300, 400, 3000]) {
    for (const { id } of SHAPES) {
      const sketch = shapeSketch(id, epochs);
      assert.equal(sketch.length, epochs + 1);
      assert.equal(sketch[0], 1, 'a sketch starts at the starting loss');
      assert.equal(shapeOf(sketch.slice(1)).kind, id, `${id} over ${epochs} epochs`);
    }
  }
});

test('the feedback says what was drawn, what the run did with its numbers, why, and the figure', () => {
  const sketch = [1, ...Array(20).fill(0.1)];
  // The run: to 1/10 after 5 epochs (halving steps), then climbing back by 20% an epoch.
  const ratios = [];
  for (let e = 1; e <= 20; e++) ratios.push(e <= 5 ? 10 ** (-e / 5) : 0.1 * 1.2 ** (e - 5));
  const said = sketchFeedback({ sketch, ratios, runName: 'run 3 (rate 1.5)', story: 'it is overshooting: the steps jump' });
  assert.equal(said.drawn, 'fall');
  assert.equal(said.ran, 'fall-climb');
  // Close where 0.05 <= ratio <= 0.2: epochs 4 (0.158), 5 (0.1), 6 (0.12), 7 (0.144), 8 (0.173).
  assert.deepEqual(said.score, { close: 5, of: 20, share: 0.25 });
  assert.equal(said.text, 'You drew a loss that falls and settles; run 3 (rate 1.5) fell for 5 epochs, to 10% of its start, '
    // 0.1 * 1.2^15 = 1.54
    + 'and then climbed back to 1.5 times its start. Not the shape you drew. '
    + "The core's reading: it is overshooting: the steps jump. Your sketch was within a factor of two of the loss in 5 of 20 epochs (25%).");
});

// The student's stroke is read from where it began: a sketch that starts high on the pad and falls
// is a fall from the run's start, not a loss that starts a hundred times above it and "explodes".
test('a drawn sketch is read relative to its first point, which stands for the start', () => {
  const drawn = [NaN, 100, NaN, 10];
  const filled = filledSketch(drawn);
  assert.equal(filled[0], 1, 'held at the start before the first drawn epoch');
  assert.equal(filled[1], 1, 'the first drawn point is the start');
  assert.ok(Math.abs(filled[2] - 10 ** -0.5) < 1e-12, 'halfway from 1 to 1/10 on the log scale');
  assert.ok(Math.abs(filled[3] - 0.1) < 1e-12, 'ten times lower than where the stroke began');
  // Drawn from x100 down to x1 over 30 epochs: a fall to 1/100 of the start.
  const stroke = [NaN, ...Array.from({ length: 30 }, (_, i) => 100 * 0.01 ** (i / 29))];
  const ratios = Array.from({ length: 30 }, (_, i) => 0.9 ** (i + 1));
  const said = sketchFeedback({ sketch: filledSketch(stroke), ratios, runName: 'run 1', story: 'the loss is coming down steadily', verdict: 'converging' });
  assert.equal(said.drawn, 'fall');
  assert.equal(said.agreed, true);
});

// One reading of the run: the core's verdict names its shape, the run's numbers say how far it went.
// A noisy run the core calls converging is not also said to have "bounced".
test('the run is read once, by the core: its verdict gives the shape, its record the numbers', () => {
  const sketch = [1, ...Array.from({ length: 40 }, (_, i) => 0.8 ** (i + 1))];
  // Falls to about 1/100 with a 10% wobble every epoch: shapeOf alone calls it a bounce.
  const ratios = Array.from({ length: 40 }, (_, i) => 0.89 ** (i + 1) * (i % 2 ? 1.1 : 0.9));
  assert.equal(shapeOf(ratios).kind, 'bounce', 'the curve alone reads as a bounce');
  const said = sketchFeedback({ sketch, ratios, runName: 'run 3 (schedule Constant → decay to 1% from epoch 100)',
    story: 'the loss is coming down steadily', verdict: 'converging' });
  assert.equal(said.ran, 'fall');
  assert.equal(said.agreed, true);
  assert.doesNotMatch(said.text, /bounced/);
  // 0.89^40 * 1.1 = 0.00103: "1/970 of its start" (round(1 / 0.00103)).
  const last = 0.89 ** 40 * 1.1;
  assert.match(said.text, new RegExp(`run 3 \\(schedule Constant → decay to 1% from epoch 100\\) fell to 1/${Math.round(1 / last)} of its start\\. That is the shape you drew\\.`));
  // The core says it overshoots: a bounce or a fall-and-climb both agree with it, a steady fall does not.
  const over = sketchFeedback({ sketch, ratios, runName: 'run 1', story: 'it is overshooting', verdict: 'overshooting' });
  assert.equal(over.ran, 'bounce');
  assert.equal(over.agreed, false);
  assert.match(over.text, /run 1 bounced up and down/);
});
