// A lesson names each run by what sets it apart from the chapter's other runs, from what each run
// recorded (web/words/run-label.js): "run 2 (rate 0.9)" where the runs differ in rate, "run 3
// (schedule Constant → decay to 1% from epoch 100)" where they share it and differ in schedule or
// branch (chapter 14 named all four "(rate 0.18)", so they could not be told apart).
import { labelDifferences, runLabel } from './run-label.js';
import { formatRate } from './format.js';

/**
 * @param {Array<{rate: number, record?: any}>} runs the chapter's runs in order
 * @returns {string[]} each run's name
 */
export function runNames(runs) {
  const records = runs.map((run) => run.record);
  const differ = labelDifferences(records);
  // Each run's legend words, in their parts: "SGD", "rate 0.18", "schedule Constant → ..." (not
  // its status, "diverged": what it trained with names it, not what became of it).
  const parts = runs.map((run, i) => {
    if (!run.record?.segments?.length) return null;
    const label = runLabel(run.record, i, { ...differ, schedule: true });
    return label.legend.replace(/^run \d+: /, '').split(', ').filter((part) => part !== label.status);
  });
  const known = parts.filter(Boolean);
  // A part every run that has started shares does not set one apart; a lone run (one row) is
  // named by all of its parts.
  const common = (part) => runs.length > 1 && known.every((list) => list.includes(part));
  return runs.map((run, i) => {
    const own = parts[i]?.filter((part) => !common(part)) ?? [];
    return `run ${i + 1} (${own.length ? own.join(', ') : `rate ${formatRate(run.rate)}`})`;
  });
}
