// The sweep in words, from the core's numbers only: the one rate it recommends (by validation loss
// where there is a validation set), the other "best" rates and why they differ, and where the
// range test's suggestion lies against the sweep's verdicts.
// Each verdict is said in the core's words for it (core/words/verdict_words.cpp: a run's
// diagnosis.words, a sweep rate's result.words[i]); this module only places them.
import { sweepVerdictAt, verdictStretches } from './sweep-chart.js';
import { formatNumber, formatRate } from '../../words/format.js';
import { isPlain } from '../../words/run-label.js';
import { MEASURE_WORDS } from '../../words/measure-words.js';

// Whether every rate of a whole sweep trained the very same curve (equal final losses, bit for
// bit): then the base rate changed nothing under these settings (a schedule that sets the rate
// itself, e.g. the tutorial preset or piecewise constant values), and no rate is better.
export function rateHasNoEffect(result) {
  const losses = result?.final_train_loss;
  if (!losses || losses.length < 2 || result.completed < result.rates.length) return false;
  return Array.prototype.every.call(losses, (loss) => Object.is(loss, losses[0]));
}

// A done sweep's result -> ' Lowest loss ... at rate ...' and, where that rate oscillates, the
// best steadily converging rate beside it (the core's best_converging_index). '' without one.
export function bestWords(result) {
  if (!(result?.best_index >= 0)) return '';
  if (rateHasNoEffect(result)) {
    return ` Every rate trained the very same curve (final loss ${formatNumber(result.final_train_loss[0], 3)}): ` +
      'under these settings the base rate changes nothing (the schedule sets the rate itself), so there is no best rate to pick.';
  }
  const { rates, words } = result;
  const best = result.best_index;
  const steady = result.best_converging_index;
  const lowest = `Lowest loss ${formatNumber(result.best_final_loss, 3)} at rate ${formatRate(rates[best])}`;
  const how = words[best].at_lowest;
  if (steady === best) return ` ${lowest}, ${how}.`;  // the lowest loss converged steadily
  if (steady >= 0) {
    return ` ${lowest}, ${how}. The best steadily converging rate is ${formatRate(rates[steady])} (loss ${formatNumber(result.best_converging_loss, 3)}).`;
  }
  return ` ${lowest}, ${how}; no rate converged steadily.`;
}

// Stretches of rates the core judged stalling on a plateau (their words' cause, core/experiments/
// diagnosis.h "Why it stalls") above a rate that converged steadily (the default page: 0.334 to
// 0.416, at 50 epochs on a plateau that 0.5 leaves later): the chart shades them blue like the
// low rates; here smaller steps did better, so the card says what they are. A rate the core says
// settled higher after overshooting, or stalls from small steps, is not called a plateau here.
// '' without such a stretch.
export function plateauWords(result, epochs) {
  if (!result?.words || rateHasNoEffect(result)) return '';
  const { rates, words } = result;
  const firstSteady = words.findIndex((w) => w?.steady);
  if (firstSteady < 0) return '';
  const stuck = verdictStretches(words, (w) => (w?.cause === 'plateau' ? 'plateau' : ''))
    .filter(({ start }) => start > firstSteady);
  if (!stuck.length) return '';
  const named = stuck.map(({ start, end }) => (start === end ? formatRate(rates[start])
    : `${formatRate(rates[start])} to ${formatRate(rates[end])}`));
  const one = stuck.length === 1 && stuck[0].start === stuck[0].end;
  return ` ${one ? 'Rate' : 'Rates'} ${named.join(', ')}, though above rates that converged, ${one ? 'was' : 'were'} ` +
    `stuck after ${epochs} epochs: a plateau in the loss, not too small a step.`;
}

// The range test's suggested rate against a done sweep (null while it runs):
//   judged:  the sweep's verdict at that rate, in a sentence ('' if there is nothing to say);
//   warning: when the suggestion lies in a region of the sweep's chart, or more than 10x from
//            the sweep's best steady rate: both rates and why two experiments can disagree;
//   steady:  the rate the sweep recommends (the core's recommendation; without one the best
//            steadily converging rate, else the lowest loss), or NaN.
export const DISAGREE_FACTOR = 10;
export function placeSuggestion(rate, result, epochs) {
  const none = { judged: '', warning: '', steady: NaN, verdict: '' };
  if (!result || !(rate > 0) || rateHasNoEffect(result)) return none;
  const { verdict, index } = sweepVerdictAt(result, rate);
  if (index < 0) return none;
  // Set against the rate the card recommends where the core gives one.
  const advice = recommended(result);
  const steadyIndex = advice ? advice.index : result.best_converging_index >= 0 ? result.best_converging_index : result.best_index;
  const steady = steadyIndex >= 0 ? result.rates[steadyIndex] : NaN;
  const words = result.words[index];
  const judged = `In the sweep (a fresh network per rate, ${epochs} epochs) the nearest rate, ${formatRate(result.rates[index])}, was ${words.sweep}.`;
  const ratio = rate / steady;
  const far = Number.isFinite(ratio) && (ratio > DISAGREE_FACTOR || ratio < 1 / DISAGREE_FACTOR);
  const region = words.where;
  if (!region && !far) return { judged, warning: '', steady, verdict };
  const steadyName = advice ? `the sweep's recommended rate (lowest ${MEASURE_WORDS[advice.measure] ?? advice.measure})`
    : result.best_converging_index >= 0 ? "the sweep's best steadily converging rate" : "the sweep's lowest-loss rate";
  const parts = [];
  if (region) parts.push(`lies ${region}`);
  if (Number.isFinite(ratio)) {
    const times = ratio >= 1 ? `${formatNumber(ratio, 2)}× above` : `${formatNumber(1 / ratio, 2)}× below`;
    parts.push(`is ${times} ${steadyName}, ${formatRate(steady)}`);
  }
  const warning = `The two experiments disagree: the range test's ${formatRate(rate)} ${parts.join(' and ')}. `
    + `They measure different things: the range test raises the rate at every step of one short run, `
    + `while the sweep trains a fresh network for ${epochs} epochs at each rate.`;
  return { judged, warning, steady, verdict };
}

// The runs against a done sweep: for each run whose badge differs from the sweep's verdict at its
// rate, why (the two judged different lengths of training, or the run's rate lies between the
// sweep's rates). runs: [{number, record}], each record as web/page/run-histories.js holds it. A run is
// compared by the rate it recorded, and only if it trained at that one rate of its own from its
// first epoch (isPlain): a badge earned partly at another rate, or at a schedule's rates, has no
// sweep rate to stand beside. '' when every run agrees or nothing can be compared yet.
export function runsAgainstSweep(runs, result, epochs) {
  if (!result) return '';
  const notes = [];
  for (const { number, record } of runs) {
    const own = record?.diagnosis;
    if (!own?.words.judged || !isPlain(record)) continue;
    const rate = record.segments[0].rate;
    const { verdict, index } = sweepVerdictAt(result, rate);
    if (index < 0 || verdict === own.verdict) continue;
    const head = `Run ${number} (${formatRate(rate)}) is ${own.words.sweep}`;
    const dot = `the sweep's nearest rate (${formatRate(result.rates[index])}) was ${result.words[index].sweep}`;
    notes.push(record.epochsDone !== epochs
      ? `${head} after ${record.epochsDone} epochs; ${dot} after ${epochs}: the same rate judged after a different length of training.`
      : `${head}; ${dot}: the run's rate lies between the sweep's rates.`);
  }
  return notes.join(' ');
}

// ---- one answer to "which rate?" ----
// The core's recommendation (core/experiments/sweep.h, SweepRecommendation) as the page uses it:
// among the rates that neither diverged nor overshoot, the lowest final validation loss (the
// training loss when the problem has no validation set), and the unbroken band of rates whose
// final measure is within its tolerance. null while the sweep runs, when no rate qualifies, or
// when the rate changes nothing (every rate trained the same curve).
export function recommended(result) {
  const r = result?.recommendation;
  if (!r || !(r.index >= 0) || !Number.isFinite(r.rate) || rateHasNoEffect(result)) return null;
  return {
    rate: r.rate, index: r.index, measure: r.measure, value: r.value, low: r.band_low_rate, high: r.band_high_rate,
    tolerance: r.tolerance, valAccuracy: r.val_accuracy, trainLoss: r.train_loss,
  };
}

// "98.3% of the validation samples right" from a fraction; '' when there is none (regression).
const accuracyWords = (accuracy) => (Number.isFinite(accuracy) ? `, ${formatNumber(accuracy * 100, 3)}% of the validation samples right` : '');

// The card's lead: one rate, judged on a measure the words name, and the rates that do about as
// well. '' while the sweep runs.
export function answerWords(result, epochs) {
  if (!result) return '';
  // The status line above says why (bestWords): every rate trained the same curve.
  if (rateHasNoEffect(result)) return 'No rate to recommend: under these settings the base rate changes nothing.';
  const rec = recommended(result);
  if (!rec) {
    return `No rate to recommend: after ${epochs} epochs every rate either overshot (the loss bounced) or diverged, ` +
      'or none has finished. Lower rates than the sweep tried may converge.';
  }
  const measure = MEASURE_WORDS[rec.measure] ?? rec.measure;
  const without = rec.measure === 'train_loss' ? ' (this problem keeps no validation samples)' : '';
  let text = `Use rate ${formatRate(rec.rate)}: the lowest ${measure} after ${epochs} epochs${without}, ` +
    `${formatNumber(rec.value, 3)}${accuracyWords(rec.valAccuracy)}, among the rates that neither overshot nor diverged.`;
  if (rec.low < rec.high) {
    text += ` Rates ${formatRate(rec.low)} to ${formatRate(rec.high)} do about as well (${measure} within ${formatNumber(rec.tolerance * 100, 3)}% of it).`;
  }
  return text;
}

// The other "best" rates of the same sweep, each with why it differs from the answer (the verdict
// in the core's words): the lowest training loss (it bounces, or it measures the samples the
// network learned from, not new ones) and the best steadily converging rate by training loss.
// [] when they are the recommended rate.
export function otherBestWords(result) {
  const rec = recommended(result);
  if (!rec) return [];
  const { rates } = result;
  const notes = [];
  const best = result.best_index;
  if (best >= 0 && best !== rec.index) {
    const words = result.words?.[best];
    const lowest = `Lowest training loss: ${formatNumber(result.best_final_loss, 3)} at rate ${formatRate(rates[best])}` +
      (words?.at_lowest ? `, ${words.at_lowest}` : '');
    if (words?.region === 'overshoot') {
      notes.push(`${lowest}. Not recommended: the recommended rate is one that neither overshoots nor diverges.`);
    } else if (rec.measure === 'val_loss') {
      const val = result.final_val_loss?.[best];
      notes.push(`${lowest}. The training loss measures the samples the network learned from; the validation loss measures ` +
        `held-out samples, how well it does on new data${Number.isFinite(val) ? `, and there rate ${formatRate(rates[best])} reached ${formatNumber(val, 3)} against ${formatNumber(rec.value, 3)}` : ''}.`);
    } else {
      notes.push(`${lowest}.`);
    }
  }
  const steady = result.best_converging_index;
  if (steady >= 0 && steady !== rec.index && steady !== best) {
    notes.push(`Best steadily converging rate by training loss: ${formatRate(rates[steady])} (${formatNumber(result.best_converging_loss, 3)}).`);
  }
  return notes;
}

/**
 * Whether a run trains the settings the sweep trains (the shared ones, at its own rate): not a
 * branch, nothing of its own (an optimizer, a schedule, changes while it trains).
 * @param {{own?: Record<string, any>, branch?: any}} run a page state's run
 */
export function trainsShared(run) {
  return !run.branch && !(run.own && Object.keys(run.own).length);
}

/**
 * What the sweep does not speak for: '' when every run trains the shared settings, else which runs
 * train otherwise (a lesson's decays, a run's own optimizer or schedule, a branch).
 * @param {Array<{own?: Record<string, any>, branch?: any}>} runs the page state's runs
 * @param {string} scheduleLabel the shared schedule's label
 * @param {number} epochs the sweep's epochs per rate
 */
export function sweepScope(runs, scheduleLabel, epochs) {
  const others = runs.map((run, i) => (trainsShared(run) ? 0 : i + 1)).filter(Boolean);
  if (!others.length) return '';
  const list = others.length > 1 ? `runs ${others.slice(0, -1).join(', ')} and ${others.at(-1)}` : `run ${others[0]}`;
  const [train, it, is] = others.length > 1 ? ['train', 'them', 'they are'] : ['trains', 'it', 'it is'];
  return `Each dot trains the shared settings (schedule ${scheduleLabel}) for ${epochs} epochs: ${list} ${train} with a ` +
    `schedule, optimizer or changes of ${others.length > 1 ? 'their' : 'its'} own, so the sweep's regions and recommended rate are not about ${it} and ${is} not marked on it.`;
}
