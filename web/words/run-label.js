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

// Each change after the run's start, as "a → b at epoch n", oldest first.
function changeTexts(segments) {
  const texts = [];
  for (let i = 1; i < segments.length; i++) {
    const before = segments[i - 1];
    const now = segments[i];
    const at = `at epoch ${now.epoch}`;
    if (now.optimizer !== before.optimizer) texts.push(`${before.optimizerLabel} → ${now.optimizerLabel} ${at}`);
    if (now.schedule !== before.schedule) texts.push(`schedule ${before.scheduleLabel} → ${now.scheduleLabel} ${at}`);
    else if (now.scheduleKey !== before.scheduleKey) texts.push(`schedule changed ${at}`);
    if (now.plateau !== before.plateau) texts.push(`plateau callback ${now.plateau ? 'on' : 'off'} ${at}`);
  }
  return texts;
}

// The run's rates in words: "rate 0.01", "rate 0.01 → 10 at epoch 120", or the schedule's own.
export function rateText(record) {
  const segments = record.segments ?? [];
  if (!segments.length) return '';
  if (segments.at(-1).ignoresRate) return scheduleRates(record);
  let text = `rate ${formatRate(segments[0].rate)}`;
  for (let i = 1; i < segments.length; i++) {
    if (segments[i].rate !== segments[i - 1].rate && !segments[i].ignoresRate) {
      text += ` → ${formatRate(segments[i].rate)} at epoch ${segments[i].epoch}`;
    }
  }
  return text;
}

// Whether the run trained at one rate of its own from start to now (no change, no schedule
// that overrides it): then "at rate 0.5" says everything.
export function isPlain(record) {
  const segments = record.segments ?? [];
  return segments.length === 1 && !segments[0].ignoresRate;
}

// {legend, rate, changes, status, slider} for the run in row `index` (0-based).
export function runLabel(record, index) {
  const segments = record.segments ?? [];
  const last = segments.at(-1);
  const name = `run ${index + 1}`;
  const rate = rateText(record);
  const changes = changeTexts(segments);
  const status = record.diverged ? 'diverged' : scheduleStopped(record) ? 'paused by a schedule error'
    : earlyStopped(record) ? 'stopped early' : '';
  const parts = [last ? `${last.optimizerLabel}, ${rate}` : name, ...changes];
  if (status) parts.push(status);
  return {
    legend: `${name}: ${parts.join(', ')}`,
    rate,
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
    if (now.schedule !== before.schedule) words.push(`schedule → ${now.scheduleLabel}`);
    else if (now.scheduleKey !== before.scheduleKey) words.push('schedule changed');
    if (now.plateau !== before.plateau) words.push(`plateau ${now.plateau ? 'on' : 'off'}`);
    if (words.length) marks.push({ epoch: now.epoch, text: words.join(', ') });
  }
  return marks;
}
