// The sentence under the charts: what is happening, in plain words, from the core's verdict for
// each run (never from the page's own reading of the numbers).
import { formatRate } from './format.js';

const PHRASES = {
  stalling: (rate) => `at rate ${rate} the loss is stalling: each step is too small to get anywhere`,
  converging: (rate) => `at rate ${rate} the loss is coming down steadily`,
  overshooting: (rate) => `at rate ${rate} it is overshooting: the steps jump across the valley, so the loss bounces instead of settling`,
  diverged: (rate, record) => `at rate ${rate} it diverged: the steps grew larger than the valley and the loss became infinite in epoch ${record.divergedEpoch + 1}`,
  too_short: (rate) => `at rate ${rate} it is too early to tell`,
};

// runs: [{rate, record}]; playing: whether the worker is training.
export function story(runs, playing) {
  const told = runs.filter((run) => run.record?.diagnosis);
  if (!told.length) return 'Starting the runs…';
  const clauses = told.map(({ rate, record }) => {
    const phrase = PHRASES[record.diagnosis.verdict] ?? ((r) => `at rate ${r}: ${record.diagnosis.sentence}`);
    return phrase(formatRate(rate), record);
  });
  const opening = told.length > 1
    ? `Same network, same starting weights, ${told.length} learning rates: `
    : 'One run: ';
  const sentence = `${opening}${clauses.join('; ')}.`;
  const finished = told.every(({ record }) => record.stopped || record.epochsDone >= record.target);
  if (!playing && finished) return `${sentence} Training has stopped; press Play to continue.`;
  if (!playing) return `${sentence} Paused.`;
  return sentence;
}
