// What a run trained with, in words, taken only from what the run recorded: the settings the
// worker applied to it and the epoch each took effect (record.segments), and the rates the core
// recorded for its epochs (record.rateChanges). Never from what a control holds now: after a
// drag, a label changes when the retrained or continued run says so, not before.
//
// segment: {epoch, rate, optimizer, optimizerLabel, schedule, scheduleLabel, plateau, ignoresRate}
//   epoch: epochs done when the setting took effect (0 for the run's start)
//   ignoresRate: the schedule sets the rate itself (the tutorial preset, an absolute formula),
//                so the run's own rate is not in effect
import { formatRate } from './format.js';
import { decayOf } from '../page/branch.js';

/**
 * A decay branch's name, as the branch form words it ("decay to 1% from epoch 50",
 * web/page/branch.js), from its schedule settings; null for any other schedule. The one home of
 * these words: the legend, the cards, the lessons' run names and the code dialog's listings.
 * @param {Record<string, any> | null | undefined} schedule
 */
export function decayName(schedule) {
  const decay = decayOf(schedule);
  return decay ? `decay to 1% from epoch ${decay.from}` : null;
}

// A schedule as the run's words name it: a decay branch by decayName, any other by its registry
// label. dated: the name says when it began, so a chain leaves out "at epoch n".
function scheduleName(segment) {
  let decay = null;
  try {
    decay = segment.schedule === 'formula' ? decayName(JSON.parse(segment.scheduleKey)) : null;
  } catch {
    decay = null;
  }
  return decay ? { label: decay, dated: true, mark: 'decay to 1%' }
    : { label: segment.scheduleLabel, dated: false, mark: `schedule → ${segment.scheduleLabel}` };
}

// "rate from the schedule: 0.01, 0.0165 at epoch 5, …" from the rates the run recorded.
export function scheduleRates(record) {
  const changes = record.rateChanges ?? [];
  if (!changes.length) return 'rate from the schedule';
  const [first, second] = changes;
  let text = `rate from the schedule: ${formatRate(first.rate)}`;
  if (second) text += `, ${formatRate(second.rate)} at epoch ${second.epoch}`;
  if (changes.length > 2) text += ', …';
  return text;
}

// Changes of one kind are listed one by one up to this many; more are summed up as "first → … →
// last (n changes, the last at epoch e)", so that a legend entry and a run's card stay one line
// whatever happened to the run.
const LISTED_CHANGES = 2;

// start: what the run began with; steps: [{epoch, label}] each change of that kind, oldest first.
// brief (the legend's form): a summed-up chain without its count, which the run's card gives.
function chainText(start, steps, brief = false) {
  if (steps.length <= LISTED_CHANGES) return start + steps.map((step) => ` → ${step.label}${step.dated ? '' : ` at epoch ${step.epoch}`}`).join('');
  const last = steps.at(-1);
  return `${start} → … → ${last.label}${brief ? '' : ` (${steps.length} changes, the last at epoch ${last.epoch})`}`;
}

// The segments after the first where `differs(before, now)`, as [{epoch, label: label(now)}].
function stepsWhere(segments, differs, label) {
  const steps = [];
  for (let i = 1; i < segments.length; i++) {
    if (!differs(segments[i - 1], segments[i])) continue;
    const named = label(segments[i]);
    steps.push(typeof named === 'string' ? { epoch: segments[i].epoch, label: named } : { epoch: segments[i].epoch, ...named });
  }
  return steps;
}

// Each kind of change after the run's start, in words: "SGD → Adam at epoch n", "schedule
// Constant → Cosine decay at epoch n", "plateau callback on at epoch n".
function changeTexts(segments, brief = false) {
  const texts = [];
  if (!segments.length) return texts;
  const optimizers = stepsWhere(segments, (a, b) => a.optimizer !== b.optimizer, (s) => s.optimizerLabel);
  if (optimizers.length) texts.push(chainText(segments[0].optimizerLabel, optimizers, brief));
  const schedules = stepsWhere(segments, (a, b) => a.schedule !== b.schedule || a.scheduleKey !== b.scheduleKey,
    (s) => scheduleName(s));
  const renamed = stepsWhere(segments, (a, b) => scheduleName(a).label !== scheduleName(b).label, (s) => scheduleName(s));
  if (renamed.length) {
    // Another schedule chosen: its names; a schedule's own settings changed between counts too.
    const startName = scheduleName(segments[0]).label;
    const named = schedules.map((step, i) => (i > 0 && step.label === schedules[i - 1].label) || (i === 0 && step.label === startName)
      ? { ...step, label: `${step.label} (new settings)` } : step);
    texts.push(chainText(`schedule ${startName}`, named, brief));
  } else if (schedules.length) {
    const last = schedules.at(-1);
    texts.push(schedules.length === 1 ? `schedule changed at epoch ${last.epoch}`
      : brief ? `schedule changed ${schedules.length} times` : `schedule changed ${schedules.length} times, the last at epoch ${last.epoch}`);
  }
  const plateaus = stepsWhere(segments, (a, b) => a.plateau !== b.plateau, (s) => (s.plateau ? 'on' : 'off'));
  if (plateaus.length > LISTED_CHANGES) {
    const last = plateaus.at(-1);
    texts.push(`plateau callback ${last.label}${brief ? '' : ` (${plateaus.length} changes, the last at epoch ${last.epoch})`}`);
  } else {
    for (const step of plateaus) texts.push(`plateau callback ${step.label} at epoch ${step.epoch}`);
  }
  return texts;
}

// The run's rates in words: "rate 0.01", "rate 0.01 → 10 at epoch 120", "rate 0.001 → … → 1 (3
// changes, the last at epoch 629)", or the schedule's own. brief: the legend's form (chainText).
export function rateText(record, brief = false) {
  const segments = record.segments ?? [];
  if (!segments.length) return '';
  if (segments.at(-1).ignoresRate) return scheduleRates(record);
  const steps = stepsWhere(segments, (a, b) => b.rate !== a.rate && !b.ignoresRate, (s) => formatRate(s.rate));
  return chainText(`rate ${formatRate(segments[0].rate)}`, steps, brief);
}

// Whether the run trained at one rate of its own from start to now (no change, no schedule
// that overrides it): then "at rate 0.5" says everything.
export function isPlain(record) {
  const segments = record.segments ?? [];
  return segments.length === 1 && !segments[0].ignoresRate;
}

/**
 * Which of the runs' optimizers and schedules differ, from what each run recorded it started
 * with (its first segment; a change made later is named by the change's words): the legend then
 * names each run's schedule, the card each run's optimizer and schedule.
 * @param {Iterable<any>} records the compared runs' records (undefined: not started)
 * @returns {{optimizer: boolean, schedule: boolean}}
 */
export function labelDifferences(records) {
  const optimizers = new Set();
  const schedules = new Set();
  for (const record of records) {
    const start = record?.segments?.[0];
    if (!start) continue;
    optimizers.add(start.optimizer);
    schedules.add(start.scheduleKey);
  }
  return { optimizer: optimizers.size > 1, schedule: schedules.size > 1 };
}

// {legend, rate, trainedWith, changes, status, sliderInEffect} for the run in row `index`
// (0-based): rate and changes in full for the run's card, legend in the brief form. differ
// (labelDifferences): what sets the compared runs apart, named in the legend (the optimizer
// always, the schedule when the runs' differ) and on the card (trainedWith).
export function runLabel(record, index, differ = {}) {
  const segments = record.segments ?? [];
  const last = segments.at(-1);
  const first = segments[0];
  const name = `run ${index + 1}`;
  const rate = rateText(record);
  const changes = changeTexts(segments);
  // The schedule the run started with, unless the words of its changes name it already.
  const renamed = segments.some((segment) => scheduleName(segment).label !== scheduleName(first).label);
  const schedule = differ.schedule && first && !renamed ? `schedule ${scheduleName(first).label}` : '';
  const trainedWith = [differ.optimizer && first && !changes.some((text) => text.startsWith(`${first.optimizerLabel} →`)) ? first.optimizerLabel : '',
    rate, schedule].filter(Boolean).join(', ');
  const status = record.diverged ? 'diverged' : scheduleStopped(record) ? 'paused by a schedule error'
    : earlyStopped(record) ? 'stopped early' : '';
  // The legend's entry is one line of a chart: summed-up changes without their counts.
  const parts = [last ? `${last.optimizerLabel}, ${rateText(record, true)}` : name, ...(schedule ? [schedule] : []), ...changeTexts(segments, true)];
  if (status) parts.push(status);
  return {
    legend: `${name}: ${parts.join(', ')}`,
    rate,
    trainedWith: rate ? trainedWith : '',
    changes,
    status,
    // The run's own rate is not what it trains with: its slider is shown as not in effect.
    sliderInEffect: !last?.ignoresRate,
  };
}

// The schedule error that stopped the run, if that is why it stopped (not a divergence).
export function scheduleStopped(record) {
  if (!record.stopped || record.diverged) return null;
  const event = record.events?.at(-1);
  return event?.kind === 'schedule_error' ? event : null;
}

// The event of EarlyStopping's stop, if it ended the run.
export function earlyStopped(record) {
  return record.events?.find((event) => event.kind === 'early_stop') ?? null;
}

// Where the chart marks a change made while the run trained: [{epoch, text}] for each segment
// after the first ("rate 0.01 → 10", "SGD → Adam", "schedule → Cosine decay").
export function changeMarks(record) {
  const segments = record.segments ?? [];
  const marks = [];
  for (let i = 1; i < segments.length; i++) {
    const before = segments[i - 1];
    const now = segments[i];
    const words = [];
    if (now.rate !== before.rate && !now.ignoresRate) words.push(`rate ${formatRate(before.rate)} → ${formatRate(now.rate)}`);
    if (now.optimizer !== before.optimizer) words.push(`${before.optimizerLabel} → ${now.optimizerLabel}`);
    if (scheduleName(now).label !== scheduleName(before).label) words.push(scheduleName(now).mark);
    else if (now.scheduleKey !== before.scheduleKey) words.push('schedule changed');
    if (now.plateau !== before.plateau) words.push(`plateau ${now.plateau ? 'on' : 'off'}`);
    if (words.length) marks.push({ epoch: now.epoch, text: words.join(', ') });
  }
  return marks;
}
