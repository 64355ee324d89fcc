// The sentence under the charts: what is happening, in plain words, from the core's verdict for
// each run (its story clause, worded in core/words/verdict_words.cpp) and from what each run
// recorded (web/words/run-label.js), never from the page's own reading of the numbers or from what a
// control holds now.
import { isPlain, rateText, scheduleStopped } from './run-label.js';

// Who a clause is about: "at rate 0.5" for a run that trained at one rate of its own, else the
// run by number with what it trained with.
function subject({ index, record }) {
  if (isPlain(record)) return `at ${rateText(record)}`;
  return `for run ${index + 1} (${rateText(record)})`;
}

// What Play would do now, said only when training is not going on.
function ending(told, playing) {
  if (playing) return '';
  const paused = told.filter(({ record }) => scheduleStopped(record));
  if (paused.length) return ' The schedule failed, so training is paused: fix the schedule to continue.';
  const diverged = told.filter(({ record }) => record.diverged);
  const finished = told.every(({ record }) => record.stopped || record.epochsDone >= record.target);
  if (diverged.length === told.length) {
    return ' A diverged run cannot continue: lower its rate to retrain it from the start.';
  }
  if (finished) return ' Training has finished: press Play for more epochs, or change a setting to retrain at once.';
  return ' Paused.';
}

// runs: [{index, record}] in row order; playing: whether the worker is training.
export function story(runs, playing) {
  const told = runs.filter((run) => run.record?.diagnosis && run.record.segments?.length);
  if (!told.length) return 'Starting the runs…';
  const clauses = told.map((run) => `${subject(run)} ${run.record.diagnosis.words.story}`);
  const opening = told.length > 1
    ? `Same network, same starting weights, ${told.length} runs: `
    : 'One run: ';
  return `${opening}${clauses.join('; ')}.${ending(told, playing)}`;
}
