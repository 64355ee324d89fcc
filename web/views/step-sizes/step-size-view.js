// The step size per parameter: per run, the median of the optimizer's per-parameter step sizes per
// update with the min-max band (the core's step_size_* history, accumulated in the model's
// experiments.stepSizes), for every optimizer but plain SGD.
import { createStepSizeChart, describeStep } from './step-size-chart.js';
import { attachChartKeyboard } from '../../charts/chart-keyboard.js';
import { formatRate } from '../../words/format.js';
import { rateText } from '../../words/run-label.js';
import { clickSetsCursor, cursorLayer } from '../../charts/cursor-layer.js';
import { cursorAtUpdate, cursorLimits, cursorUpdate, latestAtOrBefore } from '../../page/cursor.js';

/** @type {(id: string) => any} */
const $ = (id) => document.getElementById(id);

/** @type {import('../view-context.js').View} */
export const stepSizeView = {
  name: 'step-sizes',
  title: 'Step size per parameter',
  named: 'the step-size chart',
  panel: () => $('step-size-card'),
  projectable: true,
  hideable: true,
  create({ store, setCursor }) {
    const chart = createStepSizeChart($('step-size-chart'));
    const marker = cursorLayer(chart.chart);
    // Its x counts updates, not epochs.
    clickSetsCursor(chart.chart, (x) => setCursor(cursorAtUpdate(x, cursorLimits(store.get()))));
    attachChartKeyboard(chart.chart, $('step-size-readout'), {
      lines: (c) => c.data.datasets.map((dataset, datasetIndex) => ({ dataset, datasetIndex }))
        .filter(({ dataset }) => dataset.lrlab?.role === 'median' && dataset.data.length),
      describe: describeStep,
    });
    let drawn = -1;  // the step sizes' version last drawn
    return {
      charts: [chart.chart],
      draw(model) {
        const { state } = model;
        const { sizes, version } = model.experiments.stepSizes;
        const adaptive = state.settings.optimizer.name !== 'sgd';
        $('step-size-empty').hidden = adaptive;
        $('step-size-box').hidden = !adaptive;
        if (!adaptive) {
          $('step-size-note').hidden = true;  // the step-size chart's caption goes with it
          // Hidden, the chart lets go of the series: the model still pushes the runs' step sizes
          // into them, and Chart.js queues a change per push to a dataset it draws until its
          // next update, which a hidden chart does not get.
          if (drawn !== -1) chart.render([]);
          drawn = -1;
          return;
        }
        if (version === drawn) return;
        drawn = version;
        // Named by the rates each run recorded ("rate 0.01 → 10 at epoch 120"), like the loss chart.
        chart.render(state.runs.map((run, i) => {
          const record = model.runs.get(run.key);
          const rates = record ? rateText(record) : '';
          return { key: run.key, label: `run ${i + 1}: ${rates || `rate ${formatRate(run.rate)}`}`, colour: run.colour,
            series: fromBranch(sizes.get(run.key), run, record) };
        }));
      },
      cursor(model) {
        marker.set(model.state.settings.optimizer.name !== 'sgd' ? stepSizeMark(model) : null);
      },
    };
  },
};

/**
 * The step-size chart's marker at the cursor: a line at its update and, per run, a dot on the
 * median step of the latest update recorded at or before it (long runs keep every k-th update).
 * @param {import('../../page/model.js').PageModel} model
 * @returns {import('../../charts/cursor-layer.js').CursorMark | null}
 */
export function stepSizeMark(model) {
  const { cursor } = model;
  if (!cursor) return null;
  const limits = cursorLimits(model);
  const update = cursorUpdate(cursor, limits.stepsPerEpoch);
  const points = [];
  for (const run of model.state.runs) {
    const median = model.experiments.stepSizes.sizes.get(run.key)?.median;
    const point = median && latestAtOrBefore(median, update);
    if (point) points.push({ x: point.x, y: point.y, colour: run.colour });
  }
  // Said as the timeline says epochs: the updates done at the cursor (the update panel shows the next).
  return { x: update, label: `${update} update${update === 1 ? '' : 's'} done`, points };
}

// A branch (web/page/branch.js) from its branch epoch's first update on: before it, its step sizes
// are its parent's, drawn once, on the parent's band. (Updates per epoch from its record: every
// epoch it finished had the same number; exact whenever it stands at an epoch's end, as a run
// does unless stepped by hand.)
function fromBranch(series, run, record) {
  const epoch = run.branch?.epoch ?? 0;
  if (!series || !(epoch > 0) || !(record?.epochsDone > 0)) return series;
  const from = epoch * Math.floor(record.updates / record.epochsDone);
  const after = (points) => points.filter((point) => point.x >= from);
  return { ...series, median: after(series.median), min: after(series.min), max: after(series.max) };
}
