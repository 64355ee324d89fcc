// Chart 1: loss against epoch for every run overlaid (training solid, validation dashed), the
// learning rate on a second logarithmic axis (dotted), a marker at each ReduceLROnPlateau cut, at
// divergence and where EarlyStopping stopped (with a label), and a faded pinned reference. It only draws what the core
// recorded (RunHistories); render() is called at most once per animation frame by the page.
import { withAlpha } from '../../charts/palette.js';
import { formatNumber } from '../../words/format.js';
import { mergePlateauCuts, plateauMarkStyle } from './plateau-marks.js';
import { decadeLabel, rateAxisRange } from './rate-axis.js';
import { placeLabels } from './label-layout.js';
import { logTicks } from '../../charts/theme.js';
import { fittingLegendType } from '../../charts/legend-lines.js';
import { changeMarks, earlyStopped } from '../../words/run-label.js';
import { rawAt } from '../../page/run-histories.js';
import { legendLines } from './legend-wrap.js';

const Chart = globalThis.Chart;

// Draws the text of marker points beside them (web/views/loss/label-layout.js says who gives way):
// divergences first, then plateau and min_lr markers (only their short label, "55 cuts",
// "min_lr"; the rest is in their tooltip), then each run's changes and early stop from the
// latest back.
const MUST_READ = ['divergence', 'plateau', 'min-lr'];
const MAY_GIVE_WAY = ['change', 'early-stop'];
// The lines the legend names: a run's training loss (its entry stands for all its lines), the pinned run.
const LEGEND_ROLES = ['train', 'pinned'];
const legendType = fittingLegendType((dataset) => LEGEND_ROLES.includes(dataset.lrlab?.role));
const ORDER = { divergence: 0, plateau: 1, 'min-lr': 1, change: 2, 'early-stop': 2 };
const markerLabels = {
  id: 'lrlabMarkerLabels',
  afterDatasetsDraw(chart) {
    const { ctx, chartArea } = chart;
    const size = Chart.defaults.font.size;
    ctx.save();
    ctx.font = `bold ${size}px ${Chart.defaults.font.family}`;
    const wanted = [];
    chart.data.datasets.forEach((dataset, datasetIndex) => {
      const role = dataset.lrlab?.role;
      if (!(MUST_READ.includes(role) || MAY_GIVE_WAY.includes(role)) || !chart.isDatasetVisible(datasetIndex)) return;
      const short = role === 'plateau' || role === 'min-lr';
      const meta = chart.getDatasetMeta(datasetIndex);
      dataset.data.forEach((point, index) => {
        const element = meta.data[index];
        const text = short ? point.label : point.text;
        if (!element || !text) return;
        const width = ctx.measureText(text).width;
        // Inside the plot: left of the marker when it would run off the right. A change's words
        // go on the plot's top line above its marker, clear of the curves it would cover beside
        // the marker (the curves of runs trained alike lie on one another there).
        const x = Math.min(element.x + 12, chartArea.right - width - 4);
        const y = role === 'change' ? chartArea.top + size : Math.max(element.y - 14, chartArea.top + size);
        wanted.push({ x, y, width, height: Math.ceil(size * 1.25), text, colour: dataset.borderColor,
          optional: MAY_GIVE_WAY.includes(role), group: dataset.lrlab?.key ?? datasetIndex,
          order: ORDER[role], at: point.x });
      });
    });
    wanted.sort((a, b) => a.order - b.order || (a.order === 2 ? b.at - a.at : 0));
    const placed = placeLabels(wanted, { top: chartArea.top, bottom: chartArea.bottom });
    // Each label on a halo of the card's colour, so a line under it does not cross its letters.
    const halo = getComputedStyle(chart.canvas).getPropertyValue('--card').trim() || '#ffffff';
    ctx.lineWidth = 4;
    ctx.lineJoin = 'round';
    ctx.strokeStyle = halo;
    for (const label of placed) {
      ctx.strokeText(label.text, label.x, label.y);
      ctx.fillStyle = label.colour;
      ctx.fillText(label.text, label.x, label.y);
    }
    ctx.restore();
    chart.$lrlabLabels = placed;  // what was written where, for the page's tests
  },
};

export function createLossChart(canvas) {
  let records = new Map();  // key -> history record, for tooltips
  let rateAxisCut = false;  // the rate falls under the rate axis's floor
  const chart = new Chart(canvas, {
    type: 'line',
    data: { datasets: [] },
    plugins: [markerLabels],
    options: {
      animation: false,
      parsing: false,
      normalized: true,
      maintainAspectRatio: false,
      spanGaps: true,  // no gaps in our data (non-finite values never enter it); lets Chart.js skip segment checks
      interaction: { mode: 'nearest', intersect: false },
      elements: { point: { radius: 0, hitRadius: 6, hoverRadius: 5 }, line: { tension: 0 } },
      scales: {
        x: { type: 'linear', min: 0, title: { display: true, text: 'epochs done' }, ticks: { precision: 0 } },
        y: { type: 'logarithmic', title: { display: true, text: 'loss (log scale)' }, ticks: logTicks() },
        lr: {
          type: 'logarithmic', position: 'right',
          title: { display: true, text: 'learning rate (dotted)' },
          grid: { drawOnChartArea: false },
          ticks: {
            /** @this {{min: number, max: number}} the scale */
            callback(value) { return decadeLabel(Number(value), this, (v) => formatNumber(v), rateAxisCut); },
          },
        },
      },
      plugins: {
        legend: {
          labels: {
            // Type small enough that every entry fits on one line, down to a floor
            // (web/charts/legend-lines.js): a projector's entries were cut at the chart's edge.
            font: legendType.font,
            // One entry per run (its training line, or the pinned run); an entry wider than the
            // chart even so is written on lines broken after its commas (web/views/loss/legend-wrap.js).
            generateLabels(chart) {
              const items = Chart.defaults.plugins.legend.labels.generateLabels(chart)
                .filter((item) => LEGEND_ROLES.includes(chart.data.datasets[item.datasetIndex].lrlab?.role));
              const labels = chart.options.plugins.legend.labels;
              const size = legendType.sizeOf(chart);
              const room = chart.width - (labels.boxWidth ?? size) - size / 2 - 2 * (labels.padding ?? 10);
              chart.ctx.save();
              chart.ctx.font = legendType.fontAt(size);
              const lines = legendLines(items, room, (line) => chart.ctx.measureText(line).width);
              chart.ctx.restore();
              return lines;
            },
          },
          // A legend entry stands for its whole run: hide or show all of the run's lines.
          onClick: (event, item, legend) => {
            const key = legend.chart.data.datasets[item.datasetIndex].lrlab.key;
            const visible = legend.chart.isDatasetVisible(item.datasetIndex);
            legend.chart.data.datasets.forEach((dataset, index) => {
              if (dataset.lrlab?.key === key) legend.chart.setDatasetVisibility(index, !visible);
            });
            legend.chart.update('none');
          },
        },
        tooltip: {
          callbacks: {
            title: () => '',
            label: (item) => describePoint(records, item.dataset, item.parsed.x, item.raw),
          },
        },
      },
    },
  });

  // view: {runs: [{key, label, colour, record, faded}], maxEpochs, minLr: the plateau callback's
  // min_lr (0 without the callback)}
  function render(view) {
    records = new Map(view.runs.map((run) => [run.key, run.record]));
    const datasets = [];
    for (const run of view.runs) datasets.push(...runDatasets(run, view.minLr ?? 0));
    rateAxisCut = fitRateAxis(chart, datasets, view.minLr ?? 0);
    // Reuse the dataset objects Chart.js already holds when the set of lines is unchanged: a
    // hidden run stays hidden, and Chart.js keeps its resolved styles (re-assigning every option
    // each frame made it resolve them all again). Point arrays grow in place; only a new array
    // (markers, a restarted run) or a new label is handed over.
    const old = chart.data.datasets;
    const sameShape = old.length === datasets.length &&
      old.every((dataset, i) => dataset.lrlab.id === datasets[i].lrlab.id && dataset.borderColor === datasets[i].borderColor);
    if (sameShape) {
      datasets.forEach((dataset, i) => {
        if (old[i].data !== dataset.data) old[i].data = dataset.data;
        if (old[i].label !== dataset.label) old[i].label = dataset.label;
        // Marker styles that follow the data (plateau cuts drawn small once dense).
        for (const style of ['pointRadius', 'pointHoverRadius', 'borderWidth', 'backgroundColor']) {
          if (old[i][style] !== dataset[style]) old[i][style] = dataset[style];
        }
      });
    } else {
      chart.data.datasets = datasets;
    }
    chart.options.scales.x.suggestedMax = view.maxEpochs;
    chart.update('none');
  }

  return { chart, render, records: () => records };
}

// Marker arrays are rebuilt only when the run's events change, so unchanged frames hand Chart.js
// the same arrays.
const markerCache = new WeakMap();  // record -> {events, diverged, plateau, divergence, stop}
function markersOf(record) {
  let cached = markerCache.get(record);
  const lastX = record.trainPoints.at(-1)?.x;
  const segments = record.segments?.length ?? 0;
  const stopWords = record.diagnosis?.words?.stop ?? '';
  if (!cached || cached.events !== record.events.length || cached.diverged !== record.diverged || cached.lastX !== lastX ||
      cached.segments !== segments || cached.stopWords !== stopWords) {
    cached = { events: record.events.length, diverged: record.diverged, lastX, segments, stopWords,
      plateau: mergePlateauCuts(plateauCuts(record), lastX ?? 0), divergence: divergenceMarkers(record), change: changeMarkers(record),
      stop: earlyStopMarkers(record) };
    markerCache.set(record, cached);
  }
  return cached;
}

// Chart.js watches the arrays it is given (it patches push and splice to track its elements), and
// a series that grows and rewrites its tail in place kept it resyncing every point on every push.
// So each frame it gets a copy of a series' points, made only when the series has changed.
const copies = new WeakMap();  // BucketSeries -> {version, points}
function drawn(series, fallback) {
  if (!series) return fallback;
  let copy = copies.get(series);
  if (!copy || copy.version !== series.version) {
    copy = { version: series.version, points: series.points.slice() };
    copies.set(series, copy);
  }
  return copy.points;
}

// The rate axis from the rates drawn (web/views/loss/rate-axis.js). Returns whether the rate falls
// under it (its lowest label then says "< 1e-6", and the rate line's tooltip the rate itself).
function fitRateAxis(chart, datasets, minLr) {
  let lowest = Infinity;
  let peak = 0;
  let reached = false;
  for (const dataset of datasets) {
    if (dataset.lrlab.role !== 'lr') continue;
    const extent = extentOf(dataset.data);
    lowest = Math.min(lowest, extent.lowest);
    peak = Math.max(peak, extent.peak);
  }
  if (minLr > 0) reached = datasets.some((dataset) => dataset.lrlab.role === 'min-lr');
  const range = rateAxisRange({ lowest, peak, minLr: reached ? minLr : 0 });
  const axis = chart.options.scales.lr;
  axis.min = range?.min;
  axis.max = range?.max;
  return Boolean(range?.cut);
}

const extents = new WeakMap();  // points array -> {lowest, peak}: arrays are new only when changed
function extentOf(points) {
  let extent = extents.get(points);
  if (!extent) {
    extent = { lowest: Infinity, peak: 0 };
    for (const { y } of points) {
      if (!(y > 0)) continue;
      if (y < extent.lowest) extent.lowest = y;
      if (y > extent.peak) extent.peak = y;
    }
    extents.set(points, extent);
  }
  return extent;
}

// Where the run's rate first reached the plateau callback's min_lr: [{x, y, text, label}] or [].
const minLrCache = new WeakMap();  // points array -> {minLr, markers}
function minLrMarkers(points, minLr) {
  if (!(minLr > 0)) return [];
  let cached = minLrCache.get(points);
  if (!cached || cached.minLr !== minLr) {
    const at = points.find((p) => p.y <= minLr * (1 + 1e-9));
    cached = { minLr, markers: at ? [{ x: at.x, y: at.y, label: 'min_lr', text: `reached min_lr ${formatNumber(minLr)} at epoch ${at.x}` }] : [] };
    minLrCache.set(points, cached);
  }
  return cached.markers;
}

// A branch's curve from its branch epoch on: before it, its history is its parent's, drawn once
// (the parent's curve), and the branch's first point sits on the parent's at that epoch, joined.
const branchCuts = new WeakMap();  // points array -> {from, length, points}
function fromEpoch(points, from) {
  if (!(from > 0)) return points;
  let cut = branchCuts.get(points);
  if (!cut || cut.from !== from || cut.length !== points.length) {
    cut = { from, length: points.length, points: points.filter((p) => p.x >= from) };
    branchCuts.set(points, cut);
  }
  return cut.points;
}

// A branch's marks before its branch epoch are its parent's, already drawn there.
const markCuts = new WeakMap();  // markers -> {from, marks}
function branchMarks(markers, from) {
  if (!(from > 0)) return markers;
  let cut = markCuts.get(markers);
  if (!cut || cut.from !== from) {
    const after = (list) => list.filter((mark) => mark.x >= from);
    cut = { from, marks: { plateau: after(markers.plateau), divergence: after(markers.divergence), change: after(markers.change), stop: after(markers.stop) } };
    markCuts.set(markers, cut);
  }
  return cut.marks;
}

function runDatasets({ key, label, colour, record, faded, ghost, from = 0 }, minLr = 0) {
  const line = (role, extra) => ({
    label, borderColor: colour, backgroundColor: colour, pointBackgroundColor: colour,
    lrlab: { key, role, id: `${key}:${role}` }, ...extra,
  });
  if (faded) {
    const pale = withAlpha(colour, 0.35);
    return [
      line('pinned', { label: `${label} (pinned)`, data: record.trainPoints, borderColor: pale, backgroundColor: pale, borderWidth: 5 }),
      line('pinned-val', { data: record.valPoints, borderColor: pale, borderWidth: 3, borderDash: [8, 5] }),
    ];
  }
  const { plateau, divergence, change, stop } = branchMarks(markersOf(record), from);
  const datasets = [];
  // The curve a retrain replaced, faded, for a moment: the eye sees what the change did.
  if (ghost) {
    const pale = withAlpha(colour, 0.3);
    datasets.push(line('ghost', { label: `${ghost.label} (before the change)`, data: ghost.points, borderColor: pale, backgroundColor: pale, borderWidth: 3 }));
  }
  const rates = fromEpoch(drawn(record.series?.lr, record.lrPoints), from);
  // A schedule-free run reports other weights (x, the average Keras evaluates) than it takes its
  // gradients at (y): its solid and dashed lines are the losses at x, and a thin pale line is the
  // training loss at y, so the student sees both (the note under the chart says which is which).
  const reported = record.series?.reportedTrain?.length > 0;
  datasets.push(
    line('train', { data: fromEpoch(reported ? drawn(record.series.reportedTrain) : drawn(record.series?.train, record.trainPoints), from), borderWidth: 3 }),
    line('val', { data: fromEpoch(reported ? drawn(record.series.reportedVal) : drawn(record.series?.val, record.valPoints), from), borderWidth: 2, borderDash: [8, 5] }),
    line('lr', { data: rates, yAxisID: 'lr', borderWidth: 2, borderDash: [2, 4] }),
  );
  if (reported) {
    const pale = withAlpha(colour, 0.55);
    datasets.push(line('train-at-y', { label: `${label}, at y`, data: fromEpoch(drawn(record.series.train, record.trainPoints), from),
      borderColor: pale, backgroundColor: pale, borderWidth: 1.5 }));
  }
  const floor = minLrMarkers(rates, minLr);
  if (floor.length) {
    datasets.push(line('min-lr', { data: floor, yAxisID: 'lr', showLine: false, pointStyle: 'line', pointRadius: 10, borderWidth: 3 }));
  }
  if (change.length) {
    datasets.push(line('change', {
      data: change, showLine: false, pointStyle: 'rectRot',
      pointRadius: 8, pointHoverRadius: 10, borderWidth: 2, backgroundColor: withAlpha(colour, 0.5),
    }));
  }
  // Marker sets only when there is something to mark: every dataset costs Chart.js time on
  // every frame, empty or not.
  if (plateau.length) {
    datasets.push(line('plateau', {
      data: plateau, showLine: false, pointStyle: 'triangle', rotation: 180,
      ...plateauMarkStyle(colour),  // dense cuts are merged: one marker and a count
    }));
  }
  if (stop.length) {
    datasets.push(line('early-stop', {
      data: stop, showLine: false, pointStyle: 'rect',
      pointRadius: 9, pointHoverRadius: 11, borderWidth: 3, backgroundColor: withAlpha(colour, 0.5),
    }));
  }
  if (divergence.length) {
    datasets.push(line('divergence', {
      data: divergence, showLine: false, pointStyle: 'crossRot',
      pointRadius: 12, pointHoverRadius: 14, borderWidth: 4,
    }));
  }
  return datasets;
}

// A plateau cut sits on the validation curve after the epoch whose result triggered it, where the
// rate line steps down.
function plateauCuts(record) {
  const markers = [];
  for (const event of record.events) {
    if (event.kind !== 'plateau_reduction') continue;
    const raw = rawAt(record, event.epoch);
    const y = raw && [raw.val, raw.train].find((v) => Number.isFinite(v) && v > 0);
    if (y === undefined) continue;
    markers.push({ x: event.epoch + 1, y, oldLr: event.old_lr, newLr: event.new_lr });
  }
  return markers;
}

// A diverged run is marked at its last finite training loss (the loss before training, if it
// blew up in its first epoch), labelled with the epoch as the core's sentence counts it (from 1).
function divergenceMarkers(record) {
  if (!record.diverged) return [];
  const last = record.trainPoints.at(-1);
  if (!last) return [];
  return [{ x: last.x, y: last.y, text: `diverged in epoch ${record.divergedEpoch + 1}` }];
}

// EarlyStopping's stop sits on the curve after the epoch it stopped (the validation curve when
// the run has one, as the plateau cuts), labelled in the core's words; its tooltip is the core's
// event message (what was watched, the best epoch, whether its weights came back).
function earlyStopMarkers(record) {
  const event = earlyStopped(record);
  if (!event) return [];
  const raw = rawAt(record, event.epoch);
  const y = raw && [raw.val, raw.train].find((v) => Number.isFinite(v) && v > 0);
  if (y === undefined) return [];
  return [{ x: event.epoch + 1, y, text: record.diagnosis?.words?.stop ?? '', detail: event.message }];
}

// A change made while the run trained sits on its training curve at the epoch it took effect.
function changeMarkers(record) {
  return changeMarks(record).map(({ epoch, text }) => {
    const y = epoch === 0 ? record.initialLoss : rawAt(record, epoch - 1)?.train;
    return Number.isFinite(y) && y > 0 ? { x: epoch, y, text } : null;
  }).filter(Boolean);
}

// Words for the point at x: after epoch x (0-based x - 1), or before training at x = 0.
export function describeEpoch(record, x) {
  if (x === 0) return `before training: loss ${formatNumber(record.initialLoss)}`;
  // A long run's raw columns are thinned: the readout names the epoch it read.
  const raw = rawAt(record, x - 1);
  if (!raw) return `after epoch ${x}`;
  const i = Math.round(raw.epoch / record.rawStride);
  const atX = record.reportedTrain?.[i];
  // A schedule-free run: its losses at the reported weights x first, then at y (see runDatasets).
  const parts = Number.isFinite(atX)
    ? [`after epoch ${raw.epoch + 1}: train loss at x (the reported weights) ${formatNumber(atX)}`]
    : [`after epoch ${raw.epoch + 1}: train loss ${formatNumber(raw.train)}`];
  if (Number.isFinite(atX) && Number.isFinite(record.reportedVal?.[i])) parts.push(`val loss at x ${formatNumber(record.reportedVal[i])}`);
  if (Number.isFinite(atX)) parts.push(`train loss at y (where gradients are taken) ${formatNumber(raw.train)}`);
  else if (Number.isFinite(raw.val)) parts.push(`val loss ${formatNumber(raw.val)}`);
  parts.push(`rate ${formatNumber(raw.lr)}`);
  return parts.join(', ');
}

function describePoint(records, dataset, x, raw) {
  const role = dataset.lrlab?.role;
  if (role === 'plateau' || role === 'divergence' || role === 'change' || role === 'min-lr') return `${dataset.label}: ${raw.text}`;
  if (role === 'early-stop') return `${dataset.label}: ${raw.detail}`;
  if (role === 'ghost') return dataset.label;
  const record = records.get(dataset.lrlab?.key);
  if (!record) return dataset.label;
  if (role === 'lr') return `${dataset.label}: rate ${formatNumber(raw.y)}`;
  return `${dataset.label}: ${describeEpoch(record, x)}`;
}
