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
import { inLabelWords, refusalInWords, splitMessage, visibleName } from '../words/field-names.js';

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
 * @property {(field: string) => ControlWords | undefined} [describe] the control at a field, in
 *   its own words (none: the core's message with its path in the page's names)
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
 * @param {(message: string) => string} [say] the core's message in the control's words
 */
export function pausedRunsMessage(runs, say = (message) => message) {
  const paused = runs.map((run) => ({ run, event: scheduleStopped(run.record) })).filter(({ event }) => event);
  if (!paused.length) return '';
  const [{ run, event }] = paused;
  const which = paused.length === 1
    ? `Run ${run.index + 1} is paused at epoch ${run.record.epochsDone}`
    : `Runs ${listWords(paused.map(({ run: r }) => String(r.index + 1)))} are paused (run ${run.index + 1} at epoch ${run.record.epochsDone})`;
  return `${say(event.message)}. ${which}: fix the schedule and ${paused.length === 1 ? 'it continues' : 'they continue'} from there.`;
}

/**
 * @typedef {object} ControlWords what a control shows, from the control itself
 *   (web/controls/field-errors.js asks the control the refusal is shown at)
 * @property {string} label  the words its label shows ("beta_1", "Learning rate of run 2")
 * @property {string} [retry] how to go on there ("Type another value or drag the slider")
 * @property {string} [noun]  what a run keeps meanwhile, when not the label ("rate")
 * @property {string} [shown] the value in force, as the control shows it ("0.9"); '' if none
 */

// "runs.r2.optimizer.beta_1" -> {key: 'r2', path: 'optimizer.beta_1'}; a shared field has no key.
const runField = (field) => {
  const match = /^runs\.([^.]+)\.(.*)$/.exec(field);
  return match ? { key: match[1], path: match[2] } : { key: null, path: field };
};

// What a run keeps meanwhile, named as the control shows it: "Optimizer of run 2" -> "optimizer".
function nounOf(control) {
  const plain = control.label.replace(/ of run \d+$/, '');
  return control.noun ?? (/^[A-Z][a-z]/.test(plain) ? plain[0].toLowerCase() + plain.slice(1) : plain);
}

/**
 * The core's refusal beside a control, in the control's words: "<its label>: <value> is not
 * allowed: <range in words>. <how to go on>; <what the runs keep meanwhile>." The core names its
 * own field path ("optimizer.beta_1", "optimizer.learning_rate" for a run's rate box), which no
 * control shows; a field other than the control's own that the core named (a parameter with no
 * control of its own, refused with its component's picker) is named as its control shows it.
 * A refused change leaves the adopted settings as they were: the field stays as it was, and a
 * run keeps its own.
 * @param {string} field where the refusal is shown
 * @param {string} message the core's message
 * @param {ErrorSources['runs']} runs
 * @param {(field: string) => ControlWords | undefined} describe
 */
function inControlWords(field, message, runs, describe) {
  const control = describe(field);
  if (!control?.label) return message;
  const { key, path } = runField(field);
  const named = splitMessage(message).field;
  // An item of the control's list ("model.hidden[0]" beside "Hidden layers"): its number joins the label.
  const item = named && /^(.*)\[(\d+)\]$/.exec(named);
  const label = item && item[1] === path ? `${control.label}, item ${Number(item[2]) + 1}` : control.label;
  // The control's own field, or its section ("schedule: rate at epoch 0 is inf" beside the
  // formula box): said once, by the label. A run's rate box is the core's optimizer.learning_rate.
  const own = !named || named === path || path.startsWith(`${named}.`) || label !== control.label
    || (path === 'rate' && named === 'optimizer.learning_rate');
  const other = own ? null : (describe(key ? `runs.${key}.${named}` : named)?.label ?? visibleName(named));
  const run = key && runs.find((r) => r.key === key);
  const shown = control.shown && control.shown.length <= 24 ? ` ${control.shown}` : '';
  const keeps = run ? `run ${run.index + 1} keeps its ${nounOf(control)}${shown || ' as it was'} until then`
    : `${control.label} stays${shown || ' as it was'} until then`;
  const retry = control.retry ?? 'Type another value';
  return refusalInWords(label, message, `${retry}; ${keeps}.`, other);
}

/**
 * Every control's message: field -> {message, position?}. A field not listed shows nothing.
 * @param {ErrorSources} sources
 * @returns {Map<string, ControlError>}
 */
export function controlErrors({ refusals, syntax, runs, scheduleName, describe = () => undefined }) {
  /** @type {Map<string, ControlError>} */
  const errors = new Map();
  const shared = runs.filter((run) => !run.ownSchedule);
  // The core's words for the schedule's error, said in the words of the control they stand beside.
  const sayAt = (field) => (message) => {
    const label = describe(field)?.label;
    return label ? inLabelWords(label, message) : message;
  };
  const paused = pausedRunsMessage(shared, sayAt(scheduleField(scheduleName)));
  if (paused) errors.set(scheduleField(scheduleName), { message: paused });
  for (const run of runs.filter((r) => r.ownSchedule)) {
    const field = `runs.${run.key}.${scheduleField(run.ownSchedule)}`;
    const own = pausedRunsMessage([run], sayAt(field));
    if (own) errors.set(field, { message: own });
  }
  for (const [field, message] of Object.entries(refusals)) if (message) errors.set(field, { message: inControlWords(field, message, runs, describe) });
  if (syntax) errors.set(syntax.field, { message: syntax.message, position: syntax.position });
  return errors;
}
