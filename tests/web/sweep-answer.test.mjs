// One answer to "which rate?" (web/views/sweep/sweep-words.js answerWords, otherBestWords) and a
// lesson's slider question judged against the band of rates that do about as well
// (web/lessons/checks.js), from crafted sweep results shaped as the core's SweepResult: lesson 9's
// numbers (digits, 20 epochs: by validation loss 1.49 with 0.0485 and 98.3%, rates 0.449 to 2.72
// within 20%; the lowest training loss at 4.96, whose validation loss is 0.126).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answerWords, otherBestWords, recommended } from '../../web/views/sweep/sweep-words.js';
import { evaluate, judge } from '../../web/lessons/checks.js';

const rates = [0.135, 0.449, 0.82, 1.49, 2.72, 4.96, 9.05];
const digits = {
  rates, completed: rates.length,
  verdict: ['converging', 'converging', 'converging', 'converging', 'converging', 'converging', 'overshooting'],
  // The core's words for each verdict (core/words/verdict_words.cpp), the parts these functions place.
  words: [...Array(6).fill({ at_lowest: 'converging steadily', steady: true, region: '' }),
    { at_lowest: 'but the loss there bounces: the edge of stability, fast but not steady', region: 'overshoot' }],
  final_train_loss: new Float64Array([0.2, 0.06, 0.04, 0.03, 0.02, 0.012, 0.5]),
  final_val_loss: new Float64Array([0.21, 0.058, 0.052, 0.0485, 0.056, 0.126, 0.6]),
  best_index: 5, best_final_loss: 0.012, best_converging_index: 5, best_converging_loss: 0.012,
  recommendation: {
    index: 3, rate: 1.49, measure: 'val_loss', value: 0.0485, val_loss: 0.0485, val_accuracy: 0.983, train_loss: 0.03,
    tolerance: 0.2, band_low_index: 1, band_high_index: 4, band_low_rate: 0.449, band_high_rate: 2.72,
  },
};

test('the card leads with one rate, named by its measure, and the rates that do about as well', () => {
  assert.equal(answerWords(digits, 20),
    'Use rate 1.49: the lowest validation loss after 20 epochs, 0.0485, 98.3% of the validation samples right, among the rates ' +
    'that neither overshot nor diverged. Rates 0.449 to 2.72 do about as well (validation loss within 20% of it).');
  assert.deepEqual(otherBestWords(digits), [
    'Lowest training loss: 0.012 at rate 4.96, converging steadily. The training loss measures the samples the network learned from; the validation ' +
    'loss measures held-out samples, how well it does on new data, and there rate 4.96 reached 0.126 against 0.0485.',
  ]);
  // The lowest training loss at a rate that bounces is said so, in the core's words.
  const bouncing = { ...digits, best_index: 6, best_final_loss: 0.011 };
  assert.equal(otherBestWords(bouncing)[0], 'Lowest training loss: 0.011 at rate 9.05, but the loss there bounces: the edge of ' +
    'stability, fast but not steady. Not recommended: the recommended rate is one that neither overshoots nor diverges.');
  // Without a validation set the measure is the training loss, and the words say so.
  const noSplit = { ...digits, recommendation: { ...digits.recommendation, measure: 'train_loss', value: 0.03, val_accuracy: NaN } };
  assert.match(answerWords(noSplit, 20), /^Use rate 1\.49: the lowest training loss after 20 epochs \(this problem keeps no validation samples\), 0\.03, among/);
  // Nothing qualifies: no rate is offered.
  const none = { ...digits, recommendation: { ...digits.recommendation, index: -1, rate: NaN, measure: '' } };
  assert.equal(recommended(none), null);
  assert.match(answerWords(none, 20), /^No rate to recommend/);
  assert.deepEqual(otherBestWords(none), []);
});

// The page's facts as the lesson reads them (web/lessons/page-facts.js) once the sweep is done.
const factsOf = (result) => ({
  sweep: () => ({
    done: true, suggestion: NaN,
    best: { rate: result.rates[result.best_index], loss: result.best_final_loss, verdict: result.verdict[result.best_index] },
    steady: { rate: result.rates[result.best_converging_index], loss: result.best_converging_loss },
    recommendation: result.recommendation,
  }),
});
const slider = { kind: 'slider', min: 0.0001, max: 100, start: 1, factor: 3 };

test('lesson 9: a guess of 1 meets the band of rates that do about as well, and is not marked wrong', () => {
  const result = evaluate({ kind: 'sweep-best', factor: 3 }, factsOf(digits));
  assert.equal(result.status, 'done');
  assert.equal(result.value, 1.49);
  assert.deepEqual(result.band, { low: 0.449, high: 2.72 });
  assert.match(result.said, /^By validation loss, the sweep's best rate was 1\.49 \(0\.0485, 98\.3% of the validation samples right\)\. Rates 0\.449 to 2\.72 did about as well/);
  assert.equal(judge(slider, { rate: 1 }, result).agreed, true, 'guess 1: 0.333 to 3 meets 0.449 to 2.72');
  assert.equal(judge(slider, { rate: 0.12 }, result).agreed, false, 'guess 0.12: 0.04 to 0.36 stays below the band');
  assert.equal(judge(slider, { rate: 10 }, result).agreed, false, 'guess 10: 3.33 to 30 stays above it');
  assert.equal(judge(slider, { rate: 5 }, result).agreed, true, 'guess 5: 1.67 to 15 meets it');
  // Without a band (a core that gives none) the one rate decides, as before.
  const single = { ...result, band: undefined };
  assert.equal(judge(slider, { rate: 1 }, { ...single, value: 4.96 }).agreed, false);
});
