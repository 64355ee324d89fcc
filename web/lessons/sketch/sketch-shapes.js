// The shapes a student may pick instead of drawing (keyboard and screen-reader users, or anyone):
// each stands for a sketch, so it is drawn on the pad and scored exactly as a drawn one
// (web/lessons/sketch/sketch-score.js). A shape is a curve of multiples of the starting loss over
// the run's epochs, t = e / E from 0 to 1; (and e, the epoch, of `epochs`); each is built to be read back as its own kind by
// shapeOf (tests/web/sketch-score.test.mjs checks that).

export const SHAPES = [
  { id: 'fall', label: 'Falls steadily and settles',
    // To 1/20 of the start, fast at first: the usual good run.
    at: (t) => 10 ** (-1.3 * (1 - Math.exp(-4 * t)) / (1 - Math.exp(-4))) },
  { id: 'flat', label: 'Stays nearly flat',
    at: (t) => 1 - 0.1 * t },
  { id: 'fall-climb', label: 'Falls, then climbs back up',
    // Down to 1/10 by a third of the run, then back up to twice the start.
    at: (t) => (t < 1 / 3 ? 10 ** (-3 * t) : 10 ** (-1 + 1.3 * (t - 1 / 3) * 1.5)) },
  { id: 'bounce', label: 'Bounces up and down',
    // Up and down around a slow fall, as an overshooting run goes: a zigzag that turns every few
    // epochs (every epoch on a short run), at most every 7 so that it still reads as bouncing.
    at: (t, e, epochs) => {
      const half = Math.max(1, Math.min(7, Math.round(epochs / 40)));
      const phase = (e % (2 * half)) / half;  // 0..2: up to 1, then down
      return 10 ** (-0.3 - 0.3 * t + 0.4 * (phase <= 1 ? phase : 2 - phase) - 0.2);
    } },
  { id: 'explode', label: 'Explodes: grows without end',
    // Off the chart from the second quarter on.
    at: (t) => 10 ** Math.min(6, 12 * t) },
];

/**
 * A shape as a sketch: its value at every epoch 0..epochs, starting at exactly 1.
 * @param {string} id
 * @param {number} epochs
 */
export function shapeSketch(id, epochs) {
  const shape = SHAPES.find((s) => s.id === id);
  if (!shape) throw new Error(`no sketch shape "${id}"`);
  return Array.from({ length: epochs + 1 }, (_, e) => (e === 0 ? 1 : shape.at(e / epochs, e, epochs)));
}
