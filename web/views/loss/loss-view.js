// The loss while training: every run's losses and rate against epochs (web/views/loss/loss-chart.js),
// a pinned run beside them, the sentence under the charts (web/words/narration.js), the accuracy
// and plateau lines under the chart, and the hint for a problem whose loss cannot blow up.
import { createLossChart, describeEpoch } from './loss-chart.js';
import { attachChartKeyboard } from '../../charts/chart-keyboard.js';
import { startAccuracyReadout } from './accuracy-readout.js';
import { startPlateauReadout } from './plateau-readout.js';
import { divergenceHint } from './divergence-hint.js';
import { story } from '../../words/narration.js';
import { labelDifferences, runLabel } from '../../words/run-label.js';
import { clickSetsCursor, cursorLayer } from '../../charts/cursor-layer.js';
import { cursorAtX, cursorLimits, cursorX, valuesAt } from '../../page/cursor.js';
import { setText } from '../../controls/dom.js';

/** @type {(id: string) => any} */
const $ = (id) => document.getElementById(id);
// How long a retrained run's old curve stays drawn, faded, beside the new one.
const GHOST_MS = 1500;
// The default problem's loss stays bounded at any rate; one click beside the runs shows full-batch
// noisy sine (squared error): 0.001 stalls, 0.1 converges, 0.3 bounces for a few epochs and then
// the loss explodes, so stall, convergence and divergence share one screen (the core's verdicts
// in tests/e2e/first-screen; 0.01 still read as converging).
const DIVERGENCE_RATES = [0.001, 0.1, 0.3];

/**
 * The runs as the loss chart and the sentence show them: each with its record, label and colour,
 * and the curve a retrain replaced while it still shows.
 * @param {import('../../page/model.js').PageModel} model
 * @param {number} now performance.now()
 */
export function shownRuns(model, now) {
  // The legend names each run's schedule when the runs' schedules differ.
  const differ = labelDifferences(model.state.runs.map((run) => model.runs.get(run.key)));
  return model.state.runs.map((run, index) => {
    const record = model.runs.get(run.key);
    if (!record) return null;
    // The replaced curve is named by what it trained with, not by the change that replaced it.
    const ghost = record.ghost && now - record.ghost.since < GHOST_MS
      ? { points: record.ghost.points, label: runLabel(record.ghost.record, index, differ).legend } : null;
    // A branch is drawn from its branch epoch on (web/views/loss/loss-chart.js fromEpoch).
    return { key: run.key, index, label: runLabel(record, index, differ).legend, colour: run.colour, record, ghost, from: run.branch?.epoch ?? 0 };
  }).filter(Boolean);
}

/** @type {import('../view-context.js').View} */
export const lossView = {
  name: 'loss',
  title: 'Loss while training',
  named: 'the loss chart',
  panel: () => $('loss-chart')?.closest('figure'),
  projectable: false,
  hideable: true,
  create({ store, propose, redraw, setCursor }) {
    const lossChart = createLossChart($('loss-chart'));
    const marker = cursorLayer(lossChart.chart);
    clickSetsCursor(lossChart.chart, (x) => setCursor(cursorAtX(x, cursorLimits(store.get()))));
    const { registry } = store.get();
    const getState = () => store.get().state;
    attachChartKeyboard(lossChart.chart, $('loss-readout'), {
      lines: (chart) => chart.data.datasets
        .map((dataset, datasetIndex) => ({ dataset, datasetIndex }))
        .filter(({ dataset, datasetIndex }) => dataset.lrlab?.role === 'train' && chart.isDatasetVisible(datasetIndex)),
      describe: (dataset, point) => `${dataset.label}, ${describeEpoch(lossChart.records().get(dataset.lrlab.key), point.x)}`,
    });
    const histories = store.get().runs;
    // Validation accuracy and ReduceLROnPlateau's state (beside each run and under the loss
    // chart), from what the runs pushed: redrawn with each frame.
    const accuracy = startAccuracyReadout({ element: $('accuracy-readout'), getState, registry, histories });
    const plateau = startPlateauReadout({ getState, list: $('run-list'), after: $('loss-readout'), histories });
    const hint = divergenceHint({
      element: $('divergence-hint'), slot: $('runs-head'), registry,
      show: () => propose((draft) => {
        draft.settings.problem = { ...draft.settings.problem, name: 'sine' };
        draft.settings.batch_size = 512;
        draft.runs.forEach((run, i) => { run.rate = DIVERGENCE_RATES[i] ?? DIVERGENCE_RATES.at(-1); });
      }, 'problem.name'),
    });
    // The story and the accuracy line speak of now. With the cursor set (the cards and the markers
    // speak of then) they say so, "Now: ...", and are dimmed, as the cards' sentences are.
    let storyNow = '';
    let aside = false;
    function showNowAside(model) {
      aside = Boolean(model.cursor);
      const text = aside && storyNow ? `Now: ${storyNow}` : storyNow;
      setText($('story'), text);
      if ($('story').classList.contains('now-aside') !== aside) $('story').classList.toggle('now-aside', aside);
    }
    return {
      charts: [lossChart.chart],
      draw(model) {
        const shown = shownRuns(model, performance.now());
        if (shown.some((run) => run.ghost)) setTimeout(redraw, GHOST_MS);
        const runs = model.pinned ? [model.pinned, ...shown] : shown;
        const maxEpochs = Math.max(model.state.settings.epochs, ...shown.map((run) => run.record.epochsDone));
        const callback = model.state.settings.plateau;
        lossChart.render({ runs, maxEpochs, minLr: callback.enabled ? callback.min_lr : 0 });
        storyNow = story(shown, model.transport.playing);
        showNowAside(model);
        hint.update(model.state.settings, shown);
        // Which of a schedule-free run's two losses is which, while one is drawn.
        const reported = shown.some((run) => run.record.series?.reportedTrain?.length > 0);
        if ($('reported-note').hidden === reported) $('reported-note').hidden = !reported;
        accuracy.refresh(Boolean(model.cursor));
        plateau.refresh();
      },
      cursor(model) {
        marker.set(lossMark(model));
        // Entering or leaving the cursor sets the words about now aside or back: once, not per move.
        if (Boolean(model.cursor) !== aside) {
          showNowAside(model);
          accuracy.refresh(aside);
        }
      },
    };
  },
};

/**
 * The loss chart's marker at the cursor: a line at its x, and on each run's curves a dot at the
 * training loss there and one at the rate in force (on the rate axis). Null at "now".
 * @param {import('../../page/model.js').PageModel} model
 * @returns {import('../../charts/cursor-layer.js').CursorMark | null}
 */
export function lossMark(model) {
  const { cursor } = model;
  if (!cursor) return null;
  const { stepsPerEpoch } = cursorLimits(model);
  const points = [];
  for (const run of model.state.runs) {
    const values = valuesAt(model.runs.get(run.key), cursor.epoch);
    if (!values) continue;
    points.push({ x: values.epoch, y: values.loss, colour: run.colour });
    points.push({ x: values.epoch, y: values.rate, colour: run.colour, scale: 'lr' });
  }
  return { x: cursorX(cursor, stepsPerEpoch), label: `epoch ${cursor.epoch}`, points };
}
