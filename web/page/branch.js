// "Continue from here with...": a branch is a new run whose settings are its parent's as the
// parent trained (its recorded settings, live changes included) with one more change at an epoch
// (docs/semantics.md, "Changes while training"). It shares the parent's history up to that epoch
// exactly (the core replays the same settings), so the CLI reproduces it from its settings alone.
// Pure functions: the page's runs panel calls them, Node tests check them.

/**
 * What a branch may change at its epoch, as a student picks it: another rate, another optimizer
 * (its own default rate unless a rate is given too), and a decay from there to the end (the
 * warmup-stable-decay branch: the rate falls linearly to 1% of its base by the run's end).
 * @typedef {{ rate?: number, optimizer?: string, decay?: boolean }} BranchChoice
 */

/**
 * The settings of a branch of `parent` (its recorded settings) at `epoch` with `choice`.
 * The parent's changes from `epoch` on are not part of the shared history, so they are left out.
 * @param {Record<string, any>} parent
 * @param {number} epoch whole epochs done when the branch takes over (0..the parent's epochs done)
 * @param {BranchChoice} choice
 * @returns {Record<string, any>}
 */
export function branchSettings(parent, epoch, choice) {
  /** @type {Record<string, any>} */
  const change = { epoch };
  if (choice.optimizer || choice.rate !== undefined) {
    change.optimizer = {
      ...(choice.optimizer && { name: choice.optimizer }),
      ...(choice.rate !== undefined && { learning_rate: choice.rate }),
    };
  }
  if (choice.decay) change.schedule = decaySchedule(epoch, Math.max(parent.epochs, epoch + 1));
  const kept = (parent.changes ?? []).filter((earlier) => earlier.epoch < epoch);
  return { ...parent, changes: [...kept, change] };
}

/**
 * A linear decay of the base rate from `epoch` to 1% of it at `end`, as a formula a student can
 * read on the schedule card: lr0 * max(0.01, 1 - (epoch - 20) / 30). The floor keeps the rate
 * positive if the run goes on past its end.
 * @param {number} epoch
 * @param {number} end
 */
export function decaySchedule(epoch, end) {
  return { name: 'formula', granularity: 'epoch', expression: `lr0 * max(0.01, 1 - (epoch - ${epoch}) / ${end - epoch})` };
}

/**
 * The decay branch a schedule is, read back from the formula decaySchedule writes: {from, end},
 * or null for any other schedule. So the run's words name it as the branch form did ("decay to 1%
 * from epoch 50"), from the schedule the run recorded.
 * @param {Record<string, any> | null | undefined} schedule
 * @returns {{ from: number, end: number } | null}
 */
export function decayOf(schedule) {
  if (schedule?.name !== 'formula' || schedule.granularity !== 'epoch') return null;
  const found = /^lr0 \* max\(0\.01, 1 - \(epoch - (\d+)\) \/ (\d+)\)$/.exec(schedule.expression ?? '');
  if (!found) return null;
  const [from, length] = [Number(found[1]), Number(found[2])];
  return decaySchedule(from, from + length).expression === schedule.expression ? { from, end: from + length } : null;
}

/**
 * Whether `parent` (its settings now, recorded changes included) still has the history a branch
 * made at `epoch` shares: the same settings and the same changes before that epoch. ("Stop after"
 * is not part of a history.) A parent changed since (another problem, a retrain at another rate)
 * no longer has it, and the branch's card says so.
 * @param {Record<string, any>} parent
 * @param {Record<string, any>} branch
 * @param {number} epoch
 */
export function sharesHistory(parent, branch, epoch) {
  /** @param {Record<string, any>} settings */
  const before = (settings) => {
    const { changes = [], epochs: _length, ...rest } = settings;
    return JSON.stringify({ ...rest, changes: changes.filter((/** @type {{epoch: number}} */ c) => c.epoch < epoch) });
  };
  return before(parent) === before(branch);
}

/**
 * Why a branch cannot be made now ('' when it can): the page's run limit, and an epoch the parent
 * has not reached (its history there is not known yet).
 * @param {{ runs: number, maxRuns: number, epoch: number, epochsDone: number }} facts
 */
export function branchRefusal({ runs, maxRuns, epoch, epochsDone }) {
  if (runs >= maxRuns) return `At most ${maxRuns} runs side by side: remove a run to make room for the branch.`;
  if (!Number.isInteger(epoch) || epoch < 0) return 'The epoch to continue from must be a whole number, 0 or more.';
  if (epoch > epochsDone) return `This run has trained ${epochsDone} epochs: pick an epoch from 0 to ${epochsDone}.`;
  return '';
}

/**
 * The branch's words on its card: "Branch of run 1 at epoch 20: rate 0.01, then a decay to the end".
 * @param {{ parentNumber: number | null, epoch: number, choice: BranchChoice, optimizerLabel?: string,
 *           formatRate: (rate: number) => string, parentChanged?: boolean }} facts
 */
export function branchWords({ parentNumber, epoch, choice, optimizerLabel, formatRate, parentChanged = false }) {
  const parts = [];
  if (choice.optimizer) parts.push(optimizerLabel ?? choice.optimizer);
  if (choice.rate !== undefined) parts.push(`rate ${formatRate(choice.rate)}`);
  if (choice.decay) parts.push('a decay to the end');
  const of = parentNumber === null ? 'a removed run' : `run ${parentNumber}`;
  const since = parentNumber !== null && parentChanged ? ` (run ${parentNumber} has changed since; the branch keeps the history it had)` : '';
  return `Branch of ${of} at epoch ${epoch}${since}: from there, ${parts.join(', ') || 'the same settings'}.`;
}
