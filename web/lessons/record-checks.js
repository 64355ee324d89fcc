// Checks read from the runs' own records, for the questions at the end of a chapter (and for a
// chapter's own check): which run ended lowest, how far a run's loss fell, and what its sharpness
// did against its stability threshold. Same contract as web/lessons/checks.js: facts in, one
// outcome word out, and a sentence with the run's numbers; nothing comes from the chapter file.
//
//   lowest-final    {}      final training loss    "1" .. "6": the run that ended lowest
//   loss-drop       {run}   final / initial loss   tenfold | some | little | rose | diverged
//   sharpness-trend {run}   sharpness / threshold  hovers | passes | rises | steady | falls
//   sharpness-change {run, epoch}  first measurement against the one at `epoch`: rises | steady | falls
import { formatNumber, formatRate } from '../words/format.js';

const WAITING = { status: 'waiting' };
const done = (outcome, said, value = outcome) => ({ status: 'done', outcome, said, value });
const finished = (record) => record && (record.stopped || (record.target > 0 && record.epochsDone >= record.target));
// The run as the lesson names it (facts.runName, web/words/run-names.js), else by its rate.
const runName = (k, run, facts) => facts?.runName?.(k) ?? `run ${k} (rate ${formatRate(run.rate)})`;
// A change of less than this factor either way is "steady".
const STEADY = 1.2;
const lastFinite = (values) => { for (let i = values.length - 1; i >= 0; i--) if (Number.isFinite(values[i])) return values[i]; return NaN; };

// The edge of stability as the core's test states it (tests/core/edge_of_stability_test.cpp):
// reached at 95% of the threshold, then held within 0.75 to 1.25 of it to the end.
export const EDGE = { reach: 0.95, low: 0.75, high: 1.25 };

// All the chapter's runs, once every one is done; null while one still trains.
function allDone(facts) {
  const runs = [];
  for (let k = 1; ; k++) {
    const run = facts.run(k);
    if (!run) break;
    if (!finished(run.record)) return null;
    runs.push({ k, run });
  }
  return runs.length ? runs : null;
}

export const RECORD_KINDS = {
  'lowest-final'(check, facts) {
    const runs = allDone(facts);
    if (!runs) return WAITING;
    const ends = runs.map(({ k, run }) => ({ k, run, loss: run.record.diverged ? Infinity : lastFinite(run.record.train) }));
    const best = ends.reduce((a, b) => (b.loss < a.loss ? b : a));
    const others = ends.filter((e) => e !== best)
      .map((e) => `${runName(e.k, e.run, facts)} ${Number.isFinite(e.loss) ? `at ${formatNumber(e.loss, 3)}` : 'diverged'}`);
    return done(String(best.k), `R${runName(best.k, best.run, facts).slice(1)} ended lowest, at a training loss of ${formatNumber(best.loss, 3)}` +
      `${others.length ? `; ${others.join(', ')}` : ''}.`, best.k);
  },

  'loss-drop'(check, facts) {
    const run = facts.run(check.run);
    const record = run?.record;
    if (!finished(record)) return WAITING;
    const name = runName(check.run, run, facts);
    if (record.diverged) return done('diverged', `The loss of ${name} became infinite in epoch ${record.divergedEpoch + 1}.`);
    const last = lastFinite(record.train);
    const ratio = last / record.initialLoss;
    const outcome = ratio <= 0.1 ? 'tenfold' : ratio <= 0.5 ? 'some' : ratio <= 1 ? 'little' : 'rose';
    const share = ratio <= 1 ? `${formatNumber(ratio * 100, 3)}% of where it started` : `${formatNumber(ratio, 3)} times where it started`;
    return done(outcome, `The loss of ${name} went from ${formatNumber(record.initialLoss, 3)} to ${formatNumber(last, 3)}: ${share}.`, ratio);
  },

  'sharpness-trend'(check, facts) {
    const run = facts.run(check.run);
    const record = run?.record;
    if (!finished(record)) return WAITING;
    const { epoch, value, threshold } = record.sharpness ?? { epoch: [], value: [], threshold: [] };
    if (value.length < 2) return { status: 'missing', view: 'sharpness' };
    const share = value.map((v, i) => v / threshold[i]);
    const name = runName(check.run, run, facts);
    const edge = `2/lr = ${formatNumber(threshold.at(-1), 3)}`;
    const reached = share.findIndex((s) => s >= EDGE.reach);
    const start = `The sharpness of ${name} started at ${formatNumber(value[0], 3)}, ${formatNumber(share[0], 2)} of ${edge}`;
    if (reached >= 0) {
      const after = share.slice(reached);
      const [low, high] = [Math.min(...after), Math.max(...after)];
      const hovers = low >= EDGE.low && high <= EDGE.high;
      return done(hovers ? 'hovers' : 'passes', `${start}, reached the edge at epoch ${epoch[reached]}, and from there ` +
        `stayed between ${formatNumber(low, 2)} and ${formatNumber(high, 2)} of it to the end${hovers ? '' : ': it did not stay at the edge'}.`,
      { reached: epoch[reached], low, high });
    }
    const change = value.at(-1) / value[0];
    const outcome = change >= STEADY ? 'rises' : change <= 1 / STEADY ? 'falls' : 'steady';
    return done(outcome, `${start} and ended at ${formatNumber(value.at(-1), 3)}, ${formatNumber(share.at(-1), 2)} of ${edge}, ` +
      'never reaching the edge.', { change });
  },

  'sharpness-change'(check, facts) {
    const run = facts.run(check.run);
    const record = run?.record;
    const kept = record?.sharpness;
    if (!kept || !(record.epochsDone >= check.epoch)) return WAITING;
    const at = kept.epoch.indexOf(check.epoch);
    if (at < 1) return { status: 'missing', view: 'sharpness' };
    const [first, then] = [kept.value[0], kept.value[at]];
    const change = then / first;
    const outcome = change >= STEADY ? 'rises' : change <= 1 / STEADY ? 'falls' : 'steady';
    const moved = { rises: 'rose', falls: 'fell', steady: 'stayed about the same' }[outcome];
    return done(outcome, `Over the first ${check.epoch} epochs the sharpness of ${runName(check.run, run, facts)} ${moved}: ` +
      `from ${formatNumber(first, 3)} to ${formatNumber(then, 3)} (2/lr for the rate then in force: ${formatNumber(kept.threshold[at], 3)}).`, change);
  },
};
