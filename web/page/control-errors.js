// The messages shown beside the controls, derived from the page model in one pure function
// instead of written by three hands (the apply's refusal, the paused-run line, the formula box's
// syntax check) that had to be kept in step with flags. Three sources, one message per field:
//
// 1. the syntax check of what is being typed in the formula box (the core's parser), while it
//    fails: the student is typing there, so it answers first;
// 2. the core's last refusal of a change, at the field the change came from (or the field the
//    core named), until a later change of that field is adopted;
// 3. a run paused by its schedule (the core refused the rate it gave): beside the schedule's
//    control (the formula box for a formula), saying which runs wait and that fixing the
//    schedule continues them.
import { scheduleStopped } from '../words/run-label.js';
import { refusalInWords } from '../words/field-names.js';
import { formatRate } from '../words/format.js';

/** @typedef {{message: string, position?: number}} ControlError */
/** @typedef {{field: string, text?: string, message: string, position: number}} SyntaxCheck  text: what was checked */
/**
 * @typedef {object} ErrorSources
 * @property {Record<string, string>} refusals   field -> the core's message
 * @property {SyntaxCheck | null} syntax         the failing syntax check of the text being typed
 * @property {Array<{index: number, record: any, key?: string, ownSchedule?: string, rate?: number}>} runs  the
 *   page's runs in order, with their records; ownSchedule: the name of a schedule of the run's own
 *   (its message goes beside that run's control, "runs.r2.schedule.name"); rate: the one it trains with
 * @property {string} scheduleName               the schedule in force
 */

// ['1', '2', '3'] -> '1, 2 and 3'.
const listWords = (items) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

/**
 * Where a schedule's error is shown: the formula box for a formula, else the schedule picker.
 * @param {string} scheduleName
 */
export const scheduleField = (scheduleName) => (scheduleName === 'formula' ? 'schedule.expression' : 'schedule.name');

/**
 * The line beside the schedule while runs wait for a schedule the core refused; '' when none does.
 * @param {Array<{index: number, record: any}>} runs
 */
export function pausedRunsMessage(runs) {
  const paused = runs.map((run) => ({ run, event: scheduleStopped(run.record) })).filter(({ event }) => event);
  if (!paused.length) return '';
  const [{ run, event }] = paused;
  const which = paused.length === 1
    ? `Run ${run.index + 1} is paused at epoch ${run.record.epochsDone}`
    : `Runs ${listWords(paused.map(({ run: r }) => String(r.index + 1)))} are paused (run ${run.index + 1} at epoch ${run.record.epochsDone})`;
  return `${event.message}. ${which}: fix the schedule and ${paused.length === 1 ? 'it continues' : 'they continue'} from there.`;
}

/**
 * A refusal beside a run's rate box in the box's words ("Learning rate of run 2"), never the core's
 * field name, saying how to go on; other fields keep the core's message.
 * @param {string} field
 * @param {string} message
 * @param {ErrorSources['runs']} runs
 */
function inControlWords(field, message, runs) {
  const key = /^runs\.([^.]+)\.rate$/.exec(field)?.[1];
  const run = key && runs.find((r) => r.key === key);
  if (!run) return message;
  const name = `run ${run.index + 1}`;
  const keeps = Number.isFinite(run.rate) ? `; ${name} keeps its rate ${formatRate(run.rate)} until then` : '';
  return refusalInWords(`Learning rate of ${name}`, message, `Type another rate or drag the slider${keeps}.`);
}

/**
 * Every control's message: field -> {message, position?}. A field not listed shows nothing.
 * @param {ErrorSources} sources
 * @returns {Map<string, ControlError>}
 */
export function controlErrors({ refusals, syntax, runs, scheduleName }) {
  /** @type {Map<string, ControlError>} */
  const errors = new Map();
  const shared = runs.filter((run) => !run.ownSchedule);
  const paused = pausedRunsMessage(shared);
  if (paused) errors.set(scheduleField(scheduleName), { message: paused });
  for (const run of runs.filter((r) => r.ownSchedule)) {
    const own = pausedRunsMessage([run]);
    if (own) errors.set(`runs.${run.key}.${scheduleField(run.ownSchedule)}`, { message: own });
  }
  for (const [field, message] of Object.entries(refusals)) if (message) errors.set(field, { message: inControlWords(field, message, runs) });
  if (syntax) errors.set(syntax.field, { message: syntax.message, position: syntax.position });
  return errors;
}
