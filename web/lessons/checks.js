// What a chapter's run showed, as one outcome word, and whether the student's prediction agreed.
// Pure functions over "facts" read from the page (web/lessons/page-facts.js): every outcome comes
// from the core's numbers for this run (its diagnosis, its rate history and events, the sweep, the
// landscape path), never from the chapter file, so changing a chapter's settings changes the verdict.
//
// check kinds (a chapter's "check"):            outcomes:
//   verdict        {run}          core diagnosis   the verdict's kind id (core/experiments/diagnosis.h)
//   rate-change    {run, epoch}   rate used there  up | down | same  (against the epoch before)
//   plateau-cuts   {run}          callback events  0 | 1 | 2 | 3+
//   landscape-end  {run}          path's end       global | stuck | diverged
//   step-trend     {run}          median step      shrinks | steady | grows
//   range-vs-sweep {factor}       finder vs sweep  below | near | above
//   sweep-best     {factor}       best sweep rate  (a number: answers a slider question; right when
//                                                   the guess's band meets the rates the core
//                                                   says do about as well)
//   lowest-final, loss-drop, sharpness-trend: the runs' records (web/lessons/record-checks.js)
import { formatNumber, formatRate } from '../words/format.js';
import { MEASURE_WORDS } from '../words/measure-words.js';
import { RECORD_KINDS } from './record-checks.js';

// A median step that moves less than this fraction from its first recorded value is "steady".
const STEADY_FRACTION = 0.05;
// A landscape path that ends within this fraction of the view's width of the global minimum
// "reached" it; otherwise it stopped somewhere else (a shallow dip, or still crawling).
const REACHED_FRACTION = 0.05;

const WAITING = { status: 'waiting' };
const missing = (view) => ({ status: 'missing', view });
const done = (outcome, said, value = outcome) => ({ status: 'done', outcome, said, value });

const finished = (record) => record && (record.stopped || (record.target > 0 && record.epochsDone >= record.target));
// The run as the lesson names it (facts.runName, web/words/run-names.js), else by its rate.
const runName = (k, run, facts) => facts?.runName?.(k) ?? `run ${k} (rate ${formatRate(run.rate)})`;

const KINDS = {
  verdict(check, facts) {
    const run = facts.run(check.run);
    const record = run?.record;
    if (!finished(record) || !record.diagnosis) return WAITING;
    // The feedback as the core words it (core/words/verdict_words.cpp), naming the run.
    const { verdict, words } = record.diagnosis;
    return done(verdict, words.lesson.replace('{run}', () => runName(check.run, run, facts)));
  },

  'rate-change'(check, facts) {
    const run = facts.run(check.run);
    const lr = run?.record?.lr ?? [];
    const e = check.epoch;
    if (lr.length <= e) return WAITING;
    const [before, after] = [lr[e - 1], lr[e]];
    const relative = (after - before) / before;
    const outcome = Math.abs(relative) < 1e-9 ? 'same' : relative > 0 ? 'up' : 'down';
    const moved = { up: 'rose', down: 'fell', same: 'stayed' }[outcome];
    return done(outcome, `In ${runName(check.run, run, facts)} the rate ${moved} from ${formatNumber(before, 4)} in epoch ${e - 1} to ${formatNumber(after, 4)} in epoch ${e}.`);
  },

  'plateau-cuts'(check, facts) {
    const run = facts.run(check.run);
    const record = run?.record;
    if (!finished(record)) return WAITING;
    const cuts = record.events.filter((event) => event.kind === 'plateau_reduction');
    const outcome = cuts.length >= 3 ? '3+' : String(cuts.length);
    const when = cuts.map((cut) => `after epoch ${cut.epoch + 1} to ${formatNumber(cut.new_lr, 4)}`).join(', ');
    const floor = facts.minLr;
    const atFloor = cuts.length && Number.isFinite(floor) && floor > 0 && Math.abs(cuts.at(-1).new_lr - floor) <= 1e-12 * floor
      ? ` There it sat at min_lr = ${formatNumber(floor, 4)}: the floor stops any further cut.` : '';
    const said = cuts.length
      ? `The callback cut the rate of ${runName(check.run, run, facts)} ${cuts.length === 1 ? 'once' : `${cuts.length} times`}: ${when}.${atFloor}`
      : `The callback never cut the rate of ${runName(check.run, run, facts)}: the validation loss kept improving.`;
    return done(outcome, said, cuts.length);
  },

  'landscape-end'(check, facts) {
    const path = facts.landscapePath(check.run);
    if (path === null) return missing('landscape');
    const run = facts.run(check.run);
    // The path is computed at once; the verdict waits for the run, so the student watches first.
    if (!path || !finished(run?.record)) return WAITING;
    const name = run ? runName(check.run, run, facts) : `run ${check.run}`;
    if (path.diverged) return done('diverged', `On the landscape, ${name} flew off: its steps grew without end.`);
    const gap = Math.abs(path.end.x - path.minimum.x) + (path.oneD ? 0 : Math.abs(path.end.y - path.minimum.y));
    const reached = gap <= REACHED_FRACTION * path.width;
    return reached
      ? done('global', `On the landscape, ${name} ended at ${formatNumber(path.end.x, 3)}, in the deep minimum (at ${formatNumber(path.minimum.x, 3)}).`)
      : done('stuck', `On the landscape, ${name} ended at ${formatNumber(path.end.x, 3)}, short of the deep minimum at ${formatNumber(path.minimum.x, 3)}: its steps were too small to leave where it was.`);
  },

  'step-trend'(check, facts) {
    const series = facts.stepMedian(check.run);
    if (series === null) return missing('step-sizes');
    const run = facts.run(check.run);
    if (!finished(run?.record) || !series?.length) return WAITING;
    const first = series[0].y;
    const last = series.at(-1).y;
    const change = (last - first) / first;
    const outcome = Math.abs(change) < STEADY_FRACTION ? 'steady' : change < 0 ? 'shrinks' : 'grows';
    return done(outcome, `The median step size of ${runName(check.run, run, facts)} went from ${formatNumber(first, 3)} to ${formatNumber(last, 3)} (${change < 0 ? '' : '+'}${formatNumber(change * 100, 3)}%).`);
  },

  // Both checks compare with the rate the page's sweep card recommends: the core's, the lowest
  // validation loss among the rates that neither overshoot nor diverge, with the band of rates
  // that do about as well (without a recommendation: the best steadily converging rate, and the
  // lowest loss beside it where that lies at an oscillating rate).
  'range-vs-sweep'(check, facts) {
    const sweep = facts.sweep();
    if (sweep === null) return missing('sweep');
    const rec = sweep.recommendation;
    const target = rec ? { rate: rec.rate } : sweep.steady ?? sweep.best;
    if (!sweep.done || !target || !Number.isFinite(sweep.suggestion)) return WAITING;
    const factor = check.factor ?? 3;
    const ratio = sweep.suggestion / target.rate;
    const outcome = ratio < 1 / factor ? 'below' : ratio > factor ? 'above' : 'near';
    const times = ratio < 1 ? `${formatNumber(1 / ratio, 3)}× lower than` : `${formatNumber(ratio, 3)}× higher than`;
    const name = rec ? `the sweep's recommended rate (lowest ${MEASURE_WORDS[rec.measure] ?? rec.measure})`
      : sweep.steady ? "the sweep's best steadily converging rate" : "the sweep's lowest-loss rate";
    return done(outcome, `The range test suggested ${formatRate(sweep.suggestion)}; ${name} was ${formatRate(target.rate)}: the suggestion is ${times} it.${rec ? '' : lowestAside(sweep)}`);
  },

  'sweep-best'(check, facts) {
    const sweep = facts.sweep();
    if (sweep === null) return missing('sweep');
    if (!sweep.done || !sweep.best) return WAITING;
    const rec = sweep.recommendation;
    if (rec) {
      const measure = MEASURE_WORDS[rec.measure] ?? rec.measure;
      const accuracy = Number.isFinite(rec.val_accuracy) ? `, ${formatNumber(rec.val_accuracy * 100, 3)}% of the validation samples right` : '';
      const band = rec.band_low_rate < rec.band_high_rate
        ? ` Rates ${formatRate(rec.band_low_rate)} to ${formatRate(rec.band_high_rate)} did about as well (${measure} within ${formatNumber(rec.tolerance * 100, 3)}%).` : '';
      return {
        ...done('best', `By ${measure}, the sweep's best rate was ${formatRate(rec.rate)} (${formatNumber(rec.value, 3)}${accuracy}).${band}`, rec.rate),
        band: { low: rec.band_low_rate, high: rec.band_high_rate },
      };
    }
    if (!sweep.steady) {
      return done('best', `The sweep's lowest loss (${formatNumber(sweep.best.loss, 3)}) was at rate ${formatRate(sweep.best.rate)}, but no rate converged steadily.`, sweep.best.rate);
    }
    return done('best', `The sweep's best steadily converging rate was ${formatRate(sweep.steady.rate)} (loss ${formatNumber(sweep.steady.loss, 3)}).${lowestAside(sweep)}`, sweep.steady.rate);
  },

  ...RECORD_KINDS,
};

// Where the lowest final loss lies at another rate than the best steady one (at an oscillating
// rate, the edge of stability), said in a sentence with the core's words for that rate's verdict.
function lowestAside(sweep) {
  if (!sweep.best || !sweep.steady || sweep.best.rate === sweep.steady.rate) return '';
  return ` The lowest loss (${formatNumber(sweep.best.loss, 3)}) was at ${formatRate(sweep.best.rate)}, where the core saw the loss ${sweep.best.words.lowest_seen}.`;
}

// -> {status: 'waiting'} | {status: 'missing', view} | {status: 'done', outcome, value, said, band?}
export function evaluate(check, facts) {
  const kind = KINDS[check.kind];
  if (!kind) return { status: 'missing', view: `a check of kind "${check.kind}"` };
  return kind(check, facts);
}

// The band a slider answer covers: the guess times or divided by the factor.
export function band(guess, factor) {
  return { low: guess / factor, high: guess * factor };
}

// Did the prediction agree? answer: {choice: index} for a choice question, {rate} for a slider.
// A slider's guess stands for its band (guess / factor to guess * factor); it agrees when that
// band meets the rates the run's result accepts: the band of rates that do about as well where
// the check gives one (result.band), else the one rate.
// -> {agreed, predicted: words for what the student said}
export function judge(question, answer, result) {
  if (question.kind === 'slider') {
    const factor = question.factor ?? 3;
    const { low, high } = band(answer.rate, factor);
    const accepted = result.band ?? { low: result.value, high: result.value };
    return {
      agreed: accepted.high >= low && accepted.low <= high,
      predicted: `between ${formatRate(low)} and ${formatRate(high)}`,
    };
  }
  const choice = question.choices[answer.choice];
  return { agreed: choice.outcomes.includes(result.outcome), predicted: `“${choice.label}”` };
}
