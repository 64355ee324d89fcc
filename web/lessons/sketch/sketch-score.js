// How close a drawn prediction came to the run, as a figure and in words. Pure functions: the
// sketch is what the student drew (web/lessons/sketch/sketch-pad.js) or the shape they picked
// (sketch-shapes.js), the run is its record's per-epoch training losses (web/page/run-histories.js),
// the "why" is the core's diagnosis, worded by the core.
//
// A sketch is drawn relative to the loss the run starts at, since nobody can guess a loss in its
// own units: values[e] is the expected loss after e epochs as a multiple of the loss before
// training (values[0] = 1), NaN where nothing was drawn. The first point drawn stands for the
// start, wherever on the pad the stroke began (the pad anchors it there as it is drawn): a stroke
// begun high that falls is a fall, read relative to where the student began.
//
// The run is read once, by the core: its verdict (core/experiments/diagnosis.h) says which shapes
// it stands for, the run's record how far it went, so the feedback never says "bounced" beside the
// core's "coming down steadily".

// Within a factor of two of the loss counts as close (the figure).
export const CLOSE_FACTOR = 2;
// After a run diverged its loss is off any chart: a sketch counts as close there when it has
// climbed at least this many times above the starting loss (it, too, said "explodes").
export const BLOWN_UP = 10;

/**
 * A drawn sketch relative to its first drawn point (the start: it becomes 1), its gaps filled:
 * linear in log(value) between drawn epochs, held flat before the first and after the last. Null
 * when fewer than two epochs were drawn.
 * @param {number[]} raw per epoch 0..E, as drawn on the pad's scale, NaN where undrawn
 */
export function filledSketch(raw) {
  const drawn = [];
  raw.forEach((v, e) => { if (Number.isFinite(v) && v > 0) drawn.push(e); });
  if (drawn.length < 2) return null;
  // Relative to the first drawn point: it is the start.
  const start = raw[drawn[0]];
  const values = raw.map((v) => v / start);
  return values.map((v, e) => {
    if (Number.isFinite(v) && v > 0) return v;
    if (e < drawn[0]) return values[drawn[0]];
    if (e > drawn.at(-1)) return values[drawn.at(-1)];
    const right = drawn.find((d) => d > e);
    const left = drawn[drawn.indexOf(right) - 1];
    const t = (e - left) / (right - left);
    return Math.exp(Math.log(values[left]) * (1 - t) + Math.log(values[right]) * t);
  });
}

/**
 * The run as multiples of its starting loss, one per epoch 1..n (index e - 1). A diverged run
 * counts to its planned end, NaN from its first loss that is not finite; any other run counts the
 * epochs it trained (one stopped early ends there).
 * @param {{initialLoss: number, train: number[], epochs: number, diverged: boolean}} run
 *   train: the training loss after each epoch, as recorded; epochs: as planned
 */
export function runRatios({ initialLoss, train, epochs, diverged }) {
  const out = [];
  const n = diverged ? epochs : Math.min(train.length, epochs);
  let blown = false;
  for (let e = 0; e < n; e++) {
    const loss = train[e];
    if (!(Number.isFinite(loss) && loss >= 0)) blown = true;
    out.push(blown ? NaN : loss / initialLoss);
  }
  return out;
}

/**
 * The share of epochs where the sketch was within CLOSE_FACTOR of the loss.
 * @param {number[]} sketch filled, per epoch 0..E (filledSketch)
 * @param {number[]} ratios the run's, per epoch 1..n (runRatios)
 * @returns {{close: number, of: number, share: number}}
 */
export function closeness(sketch, ratios) {
  let close = 0;
  ratios.forEach((ratio, i) => {
    const drawn = sketch[Math.min(i + 1, sketch.length - 1)];
    const near = Number.isFinite(ratio)
      ? drawn >= ratio / CLOSE_FACTOR && drawn <= ratio * CLOSE_FACTOR
      : drawn >= BLOWN_UP;
    if (near) close += 1;
  });
  return { close, of: ratios.length, share: ratios.length ? close / ratios.length : 0 };
}

/**
 * The shape of a curve of multiples of the starting loss (a sketch or a run), for words.
 * @param {number[]} ratios per epoch; NaN once blown up
 * @returns {{kind: 'explode' | 'flat' | 'fall-climb' | 'bounce' | 'slow' | 'fall', lowest: number,
 *            lowestAt: number, last: number, blownAt: number}}
 *   lowestAt and blownAt: 1-based epochs (blownAt -1 when it never blew up)
 */
export function shapeOf(ratios) {
  let lowest = Infinity;
  let lowestAt = 0;
  let reversals = 0;
  let highest = 0;
  let blownAt = -1;
  ratios.forEach((r, i) => {
    if (!Number.isFinite(r)) { if (blownAt < 0) blownAt = i + 1; return; }
    if (r < lowest) { lowest = r; lowestAt = i + 1; }
    highest = Math.max(highest, r);
    if (i > 1 && swung(ratios[i - 2], ratios[i - 1], r)) reversals += 1;
  });
  const finite = ratios.filter(Number.isFinite);
  const last = finite.at(-1) ?? NaN;
  if (blownAt > 0 || highest >= BLOWN_UP) return { kind: 'explode', lowest, lowestAt, last, blownAt };
  // Hardly moved: never fell below 3/4 of the start, never rose above 4/3 of it.
  if (lowest >= 0.75 && highest <= 4 / 3) return { kind: 'flat', lowest, lowestAt, last, blownAt };
  // Turned back by over 2% either way in more than one epoch in eight: it bounced.
  if (reversals > ratios.length / 8) return { kind: 'bounce', lowest, lowestAt, last, blownAt };
  // Ended at least twice its lowest, having fallen first: it climbed back.
  if (last >= 2 * lowest && lowest < 0.9) return { kind: 'fall-climb', lowest, lowestAt, last, blownAt };
  // Fell, but ended above half its start: the pace of a rate too small.
  if (last > 0.5) return { kind: 'slow', lowest, lowestAt, last, blownAt };
  return { kind: 'fall', lowest, lowestAt, last, blownAt };
}

// a -> b -> c turns back, by more than 2% each way.
function swung(a, b, c) {
  const [first, second] = [Math.log(b / a), Math.log(c / b)];
  return Math.abs(first) > SWING && Math.abs(second) > SWING && Math.sign(first) !== Math.sign(second);
}
const SWING = Math.log(1.02);

// A multiple of the start in words: "3 times", "63%" (from a tenth up), "1/40" (below).
const times = (r) => (r >= 1 ? `${round(r)} times its start` : r >= 0.1 ? `${Math.round(r * 100)}% of its start` : `1/${round(1 / r)} of its start`);
function round(x) {
  return x >= 10 ? String(Math.round(x)) : String(Number(x.toPrecision(2)));
}

// What the student drew, after "You drew ".
export const SKETCH_WORDS = {
  explode: 'a loss that explodes',
  flat: 'a loss that stays nearly flat',
  'fall-climb': 'a loss that falls, then climbs back',
  bounce: 'a loss that bounces up and down',
  slow: 'a loss that falls only a little',
  fall: 'a loss that falls and settles',
};

// What the run did, with its own numbers, after "run 3 ".
export function runWords(shape) {
  switch (shape.kind) {
    case 'explode':
      return shape.blownAt > 0
        ? `blew up: its loss became infinite in epoch ${shape.blownAt}`
        : `blew up: its loss climbed to ${times(shape.last)}`;
    case 'flat':
      return `hardly moved: it ended at ${times(shape.last)}`;
    case 'fall-climb':
      return `fell for ${shape.lowestAt} epochs, to ${times(shape.lowest)}, and then climbed back to ${times(shape.last)}`;
    case 'bounce':
      return `bounced up and down, reaching ${times(shape.lowest)} at best and ending at ${times(shape.last)}`;
    case 'slow':
      return `fell only a little: to ${times(shape.last)}`;
    default:
      return `fell to ${times(shape.last)}`;
  }
}

// The shapes each of the core's verdicts stands for: a drawn shape among them agrees with the run.
export const VERDICT_SHAPES = {
  converging: ['fall'],
  stalling: ['flat', 'slow'],
  overshooting: ['bounce', 'fall-climb'],
  diverged: ['explode'],
};

/**
 * The run's shape as the core reads it: one of its verdict's shapes, the one its numbers show
 * (a stalling run that hardly moved is flat, one that fell a little slow; an overshooting one that
 * ended twice above its lowest fell and climbed back, else it bounced). Without a verdict (none
 * yet, or too short to tell) the curve's own shape.
 * @param {number[]} ratios the run's (runRatios)
 * @param {string} [verdict] the core's verdict id
 */
export function runShape(ratios, verdict) {
  const own = shapeOf(ratios);
  const shapes = VERDICT_SHAPES[verdict ?? ''];
  if (!shapes) return own;
  if (shapes.includes(own.kind)) return own;
  if (verdict === 'stalling') return { ...own, kind: own.lowest >= 0.75 && own.last <= 4 / 3 ? 'flat' : 'slow' };
  if (verdict === 'overshooting') return { ...own, kind: own.last >= 2 * own.lowest && own.lowest < 0.9 ? 'fall-climb' : 'bounce' };
  return { ...own, kind: shapes[0] };
}

/**
 * The feedback on a sketch: what was drawn, what the run did and why (the core's words), and
 * the figure.
 * @param {{sketch: number[], ratios: number[], runName: string, story: string, verdict?: string}} input
 *   sketch: filled; ratios: the run's (runRatios); story: the core's clause for the run's verdict
 *   ("it is overshooting: the steps jump across the valley, ..."); verdict: the core's verdict id
 */
export function sketchFeedback({ sketch, ratios, runName, story, verdict }) {
  const drawn = shapeOf(sketch.slice(1));
  const ran = runShape(ratios, verdict);
  const agreed = (VERDICT_SHAPES[verdict ?? ''] ?? [ran.kind]).includes(drawn.kind);
  const score = closeness(sketch, ratios);
  const percent = Math.round(score.share * 100);
  const same = agreed ? 'That is the shape you drew' : 'Not the shape you drew';
  const why = story ? ` The core's reading: ${story}.` : '';
  return {
    score,
    drawn: drawn.kind,
    ran: ran.kind,
    agreed,
    text: `You drew ${SKETCH_WORDS[drawn.kind]}; ${runName} ${runWords(ran)}. ${same}.${why}` +
      ` Your sketch was within a factor of two of the loss in ${score.close} of ${score.of} epochs (${percent}%).`,
  };
}
