// Sharpness: per run, the top eigenvalue of the training loss's Hessian against epochs (the core's
// sharpness measurements, kept in each run's record by web/page/run-histories.js), with the
// stability threshold at the rate then in force (2/lr for SGD, as the core recorded it, so it
// follows the schedule) dashed in the run's colour. Above its dashed line a run's steps overshoot
// along the steepest direction (Cohen et al. 2021, "edge of stability").
import { logTicks } from '../../charts/theme.js';
import { formatNumber, formatRate } from '../../words/format.js';
import { clickSetsCursor, cursorLayer } from '../../charts/cursor-layer.js';
import { cursorAtX, cursorLimits, cursorX } from '../../page/cursor.js';
import { attachChartKeyboard } from '../../charts/chart-keyboard.js';
import { describeSharpness, sharpnessLines } from './sharpness-readout.js';

const Chart = globalThis.Chart;

/** @type {(id: string) => any} */
const $ = (id) => document.getElementById(id);

const positive = (value) => Number.isFinite(value) && value > 0;

// A run's measurements as chart points: [{x: epochs done, y}] for the sharpness and the threshold.
// from: a branch's epoch (web/page/branch.js): before it, its measurements are its parent's,
// drawn once, on the parent's line.
function points(kept, from = 0) {
  const value = [];
  const threshold = [];
  kept.epoch.forEach((epoch, i) => {
    if (epoch < from) return;
    if (positive(kept.value[i])) value.push({ x: epoch, y: kept.value[i] });
    if (positive(kept.threshold[i])) threshold.push({ x: epoch, y: kept.threshold[i] });
  });
  return { value, threshold };
}

function createChart(canvas) {
  return new Chart(canvas, {
    type: 'line',
    data: { datasets: [] },
    options: {
      animation: false,
      parsing: false,
      normalized: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', intersect: false },
      elements: { point: { radius: 2, hitRadius: 6, hoverRadius: 5 }, line: { tension: 0 } },
      scales: {
        x: { type: 'linear', min: 0, title: { display: true, text: 'epochs done' }, ticks: { precision: 0 } },
        // Head room: a threshold line at the top of the data would lie on the chart's frame.
        y: { type: 'logarithmic', title: { display: true, text: 'sharpness (log)' }, ticks: logTicks(),
          afterDataLimits: (scale) => { scale.max *= 1.5; } },
      },
      plugins: {
        legend: { labels: { filter: (item, data) => data.datasets[item.datasetIndex].lrlab?.role === 'sharpness' } },
        tooltip: {
          callbacks: {
            title: () => '',
            label: (item) => `${item.dataset.label}: ${formatNumber(item.raw.y)} at epoch ${item.raw.x}`,
          },
        },
      },
    },
  });
}

/** @type {import('../view-context.js').View} */
export const sharpnessView = {
  name: 'sharpness',
  title: 'Sharpness',
  named: 'the sharpness chart',
  panel: () => $('sharpness-card'),
  projectable: true,
  hideable: true,
  create({ store, propose, setCursor }) {
    const chart = createChart($('sharpness-chart'));
    const marker = cursorLayer(chart);
    clickSetsCursor(chart, (x) => setCursor(cursorAtX(x, cursorLimits(store.get()))));
    attachChartKeyboard(chart, $('sharpness-readout'), {
      lines: sharpnessLines,
      describe: (dataset, point) => describeSharpness(dataset, point, chart.data.datasets
        .find((d) => d.lrlab?.key === dataset.lrlab.key && d.lrlab.role === 'threshold')?.data),
    });
    // Turning the measurement on is a settings change like any other: the core validates it.
    $('sharpness-enable').addEventListener('click', () => propose((draft) => {
      draft.settings.sharpness = { ...draft.settings.sharpness, enabled: true };
    }, 'sharpness.enabled'));
    let drawn = '';  // the runs and measurements last drawn: a frame with nothing new draws nothing
    return {
      charts: [chart],
      draw(model) {
        const { state } = model;
        const enabled = Boolean(state.settings.sharpness?.enabled);
        $('sharpness-off').hidden = enabled;
        $('sharpness-box').hidden = !enabled;
        $('sharpness-note').hidden = !enabled;
        $('sharpness-readout').hidden = !enabled;
        if (!enabled) return;
        // A retrained run's record is new: its epochs count again, so they are part of the key.
        const now = state.runs.map((run) => {
          const record = model.runs.get(run.key);
          return `${run.key}:${run.colour}:${run.rate}:${record?.recorded}:${record?.sharpness.epoch.length}`;
        }).join();
        if (now === drawn) return;
        drawn = now;
        chart.data.datasets = state.runs.flatMap((run, i) => {
          const kept = model.runs.get(run.key)?.sharpness;
          if (!kept) return [];
          const { value, threshold } = points(kept, run.branch?.epoch);
          const label = `run ${i + 1}: rate ${formatRate(run.rate)}`;
          return [
            { label, data: value, borderColor: run.colour, backgroundColor: run.colour, borderWidth: 2,
              lrlab: { key: run.key, role: 'sharpness' } },
            // A run measured once (one that diverged before its second measurement) has no line to
            // draw: its limit is drawn as a dash, so the student still sees where it lay.
            { label: `${label} threshold`, data: threshold, borderColor: run.colour, backgroundColor: run.colour,
              borderWidth: 1.5, borderDash: [6, 4], pointRadius: threshold.length === 1 ? 12 : 0, pointStyle: 'line',
              lrlab: { key: run.key, role: 'threshold' } },
          ];
        });
        chart.update('none');
      },
      cursor(model) {
        marker.set(model.state.settings.sharpness?.enabled ? sharpnessMark(model) : null);
      },
    };
  },
};

/**
 * The sharpness chart's marker at the cursor: a line at its x and, per run, a dot on the latest
 * measurement taken at or before it (measurements are every few epochs).
 * @param {import('../../page/model.js').PageModel} model
 * @returns {import('../../charts/cursor-layer.js').CursorMark | null}
 */
export function sharpnessMark(model) {
  const { cursor } = model;
  if (!cursor) return null;
  const x = cursorX(cursor, cursorLimits(model).stepsPerEpoch);
  const points = [];
  for (const run of model.state.runs) {
    const kept = model.runs.get(run.key)?.sharpness;
    if (!kept) continue;
    let i = kept.epoch.length - 1;
    while (i >= 0 && kept.epoch[i] > x) i--;
    if (i >= 0 && positive(kept.value[i])) points.push({ x: kept.epoch[i], y: kept.value[i], colour: run.colour });
  }
  return { x, label: `epoch ${cursor.epoch}`, points };
}
