// The schedule's preview: the rate each run will use, per epoch or per step, drawn from the core's
// own evaluation of the schedule (the worker's 'preview'), for the schedule in force or a typed
// formula that parses but is not applied yet (the model's draftSchedule).
import { createScheduleChart } from './schedule-chart.js';
import { formatRate } from '../../words/format.js';
import { latestWins } from '../../protocol/latest-wins.js';
import { clickSetsCursor, cursorLayer } from '../../charts/cursor-layer.js';
import { cursorAtX, cursorLimits, cursorX, latestAtOrBefore } from '../../page/cursor.js';
import { runSettings } from '../../page/state.js';
import { scheduleNote, scheduleTitle } from './schedule-note.js';
import { setText } from '../../controls/dom.js';

/** @type {(id: string) => any} */
const $ = (id) => document.getElementById(id);

/**
 * What the preview should show for this model: the request, and the runs' colours.
 * @param {import('../../page/model.js').PageModel} model
 */
export function previewRequest(model) {
  const { state } = model;
  const schedule = model.draftSchedule ?? state.settings.schedule;
  // A run with a schedule of its own (web/controls/run-own.js) is previewed with it; a branch
  // (web/page/branch.js: its parent's settings with a change, which the shared controls do not
  // reach) with its changes where they are made: the rate it trains with. A run changed while it
  // trained is previewed with the schedule in force, as the card that sets it shows it.
  const own = state.runs.map((run, i) => (run.own?.schedule ? runSettings(state, i).schedule : null));
  const replays = state.runs.map((run) => (run.branch?.settings.changes?.length ? run.branch.settings : null));
  return {
    args: {
      schedule, rates: state.runs.map((run) => run.rate), count: state.settings.epochs,
      granularity: schedule.granularity, batchSize: state.settings.batch_size, ...(own.some(Boolean) && { own }),
      ...(replays.some(Boolean) && { replays }),
    },
    colours: state.runs.map((run) => run.colour),
  };
}

/**
 * The typed formula that does not parse, while the formula schedule is chosen: {text, message} or null.
 * @param {import('../../page/model.js').PageModel} model
 */
export function brokenFormula(model) {
  const { syntax, state } = model;
  if (!syntax || syntax.field !== 'schedule.expression' || state.settings.schedule.name !== 'formula') return null;
  return { text: syntax.text ?? '', message: syntax.message };
}

/** @type {import('../view-context.js').View} */
export const scheduleView = {
  name: 'schedule',
  title: 'Learning-rate schedule',
  named: 'the schedule preview',
  panel: () => $('schedule-card'),
  // A lesson hides the preview, not the schedule's controls beside it.
  veil: () => $('schedule-chart')?.closest('figure'),
  projectable: false,
  hideable: true,
  create({ store, call, setCursor }) {
    const chart = createScheduleChart($('schedule-chart'));
    const marker = cursorLayer(chart.chart);
    clickSetsCursor(chart.chart, (x) => setCursor(cursorAtX(x, cursorLimits(store.get()))));
    // Only the latest preview asked is drawn (web/protocol/latest-wins.js).
    const previews = latestWins((args) => call('preview', args));
    let asked = '';  // the request asked last: the same one is not asked again
    async function refresh(model) {
      const broken = brokenFormula(model);
      if (broken) {
        // Not drawn: the curve of the formula before it is not this one's.
        asked = JSON.stringify(broken);
        const caption = `Preview not drawn: the formula "${broken.text}" does not parse (${broken.message})`;
        setText($('schedule-title'), caption);
        requestAnimationFrame(() => {
          if (asked === JSON.stringify(broken)) chart.render({ series: [] });
        });
        $('schedule-error').hidden = true;
        return;
      }
      const { args, colours } = previewRequest(model);
      const key = JSON.stringify([args, colours]);
      if (key === asked) return;
      asked = key;
      const answer = previews.ask(args);
      const number = previews.latest;
      try {
        // The whole run; a per-step preview of a long run with small batches stops where the
        // worker's point budget ends, and the caption says where.
        const reply = await answer;
        if (reply.superseded) return;
        const result = reply.result;
        const { count, granularity } = args;
        const caption = scheduleTitle(granularity) +
          (result.epochs < count ? ` (the first ${result.epochs.toLocaleString('en')} of ${count.toLocaleString('en')} epochs)` : '');
        setText($('schedule-title'), caption);
        const { registry } = store.get();
        // What the chosen schedule does, in the registry's words: the note follows the schedule.
        const what = scheduleNote(args.schedule, registry);
        if ($('schedule-what') && $('schedule-what').textContent !== what) $('schedule-what').textContent = what;
        const ownLabel = (i) => registry.schedules.find((s) => s.name === args.own?.[i]?.name)?.label ?? args.own?.[i]?.name;
        const series = result.series.map((values, i) => ({
          label: previewLabel(args, i, ownLabel), colour: colours[i], values,
          stepsPerEpoch: result.seriesSteps?.[i] ?? result.stepsPerEpoch,
        }));
        // Drawn on the next animation frame, like every chart update.
        requestAnimationFrame(() => {
          if (previews.current(number)) chart.render({ stepsPerEpoch: result.stepsPerEpoch, series });
        });
        $('schedule-error').hidden = true;
      } catch (error) {  // only the latest request's refusal arrives here
        $('schedule-error').textContent = error.message;
        $('schedule-error').hidden = false;
      }
    }
    store.subscribe((model, changed) => {
      if (changed.has('state') || changed.has('draftSchedule') || changed.has('syntax')) refresh(model);
    });
    return {
      charts: [chart.chart],
      cursor(model) {
        marker.set(scheduleMark(model, chart.chart.data.datasets));
      },
    };
  },
};

/**
 * A run's line in the preview: "rate 0.1", "rate 0.1, Cosine decay" (a schedule of its own),
 * "rate 0.3, changed at epoch 50" (settings with changes).
 * @param {Record<string, any>} args the preview's request (previewRequest)
 * @param {number} i the run
 * @param {(i: number) => string} ownLabel the name of run i's own schedule
 */
function previewLabel(args, i, ownLabel) {
  const replay = args.replays?.[i];
  if (replay) {
    const epochs = [...new Set(replay.changes.map((change) => change.epoch))];
    return `rate ${formatRate(replay.optimizer.learning_rate)}, changed at epoch ${epochs.join(', ')}`;
  }
  return `rate ${formatRate(args.rates[i])}${args.own?.[i] ? `, ${ownLabel(i)}` : ''}`;
}

/**
 * The preview's marker at the cursor: a line at its epoch and, on each run's rate line, a dot at
 * the rate in force there, with the rates written beside the line.
 * @param {import('../../page/model.js').PageModel} model
 * @param {any[]} datasets the preview chart's datasets
 * @returns {import('../../charts/cursor-layer.js').CursorMark | null}
 */
export function scheduleMark(model, datasets) {
  const { cursor } = model;
  if (!cursor) return null;
  const x = cursorX(cursor, cursorLimits(model).stepsPerEpoch);
  const points = [];
  for (const dataset of datasets) {
    if (dataset.lrlab?.role !== 'schedule') continue;
    const point = latestAtOrBefore(dataset.data, x);
    if (point) points.push({ x, y: point.y, colour: dataset.borderColor });
  }
  // Every run's rate there, in the runs' order (the dots say which line is which).
  const label = points.length ? `lr ${points.map((p) => formatRate(p.y)).join(' · ')}` : `epoch ${cursor.epoch}`;
  return { x, label, points };
}
