// Chart 1: loss against epoch for every run overlaid (training solid, validation dashed), the
// learning rate on a second logarithmic axis (dotted), a marker at each ReduceLROnPlateau cut, at
// divergence and where EarlyStopping stopped (with a label), and a faded pinned reference. It only draws what the core
// recorded (RunHistories); render() is called at most once per animation frame by the page.
import { withAlpha } from '../../charts/palette.js';
import { formatNumber } from '../../words/format.js';
import { plateauMarkStyle } from './plateau-marks.js';
import { logTicks } from '../../charts/theme.js';
import { changeMarks, earlyStopped } from '../../words/run-label.js';
import { rawAt } from '../../page/run-histories.js';

const Chart = globalThis.Chart;

// Draws the text of marker points (e.g. "diverged at epoch 7") beside them. A label that would
// overlap one already drawn is left out (its marker stays, and its tooltip says it): divergences
// first, then each run's changes from the latest back, so close changes (three schedules chosen
// in a row) leave one readable label instead of a pile; an older label of a run that overlaps
// that run's left-out one is left out too, so a pile never shows a change a later one replaced.
const markerLabels = {
  id: 'lrlabMarkerLabels',
  afterDatasetsDraw(chart) {
    const { ctx, chartArea } = chart;
    const size = Chart.defaults.font.size;
    const candidates = [];
    chart.data.datasets.forEach((dataset, datasetIndex) => {
      const role = dataset.lrlab?.role;
      if (!['divergence', 'change', 'early-stop'].includes(role) || !chart.isDatasetVisible(datasetIndex)) return;
      const meta = chart.getDatasetMeta(datasetIndex);
      dataset.data.forEach((point, index) => {
        const element = meta.data[index];
        if (element) candidates.push({ point, element, colour: dataset.borderColor, first: role === 'divergence', datasetIndex });
      });
    });
    candidates.sort((a, b) => Number(b.first) - Number(a.first) || b.point.x - a.point.x);
    const drawn = [];
    const left = [];  // {datasetIndex, box} of the labels left out
    ctx.save();
    ctx.font = `bold ${size}px ${Chart.defaults.font.family}`;
    for (const { point, element, colour, datasetIndex } of candidates) {
      const width = ctx.measureText(point.text).width;
      // Keep the label inside the plot: left of the marker when it would run off the right.
      const x = Math.min(element.x + 12, chartArea.right - width - 4);
      const y = Math.max(element.y - 14, chartArea.top + size);
      const box = { left: x, right: x + width, top: y - size, bottom: y + 2 };
      const overlaps = (b) => box.left < b.right && b.left < box.right && box.top < b.bottom && b.top < box.bottom;
      if (drawn.some(overlaps) || left.some((l) => l.datasetIndex === datasetIndex && overlaps(l.box))) {
        left.push({ datasetIndex, box });
        continue;
      }
      drawn.push(box);
      ctx.fillStyle = colour;
      ctx.fillText(point.text, x, y);
    }
    ctx.restore();
  },
};

export function createLossChart(canvas) {
  let records = new Map();  // key -> history record, for tooltips
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
          ticks: logTicks(),
        },
      },
      plugins: {
        legend: {
          labels: { filter: (item, data) => ['train', 'pinned'].includes(data.datasets[item.datasetIndex].lrlab?.role) },
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

  // view: {runs: [{key, label, colour, record, faded}], maxEpochs}
  function render(view) {
    records = new Map(view.runs.map((run) => [run.key, run.record]));
    const datasets = [];
    for (const run of view.runs) datasets.push(...runDatasets(run));
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
      plateau: plateauMarkers(record), divergence: divergenceMarkers(record), change: changeMarkers(record),
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

function runDatasets({ key, label, colour, record, faded, ghost }) {
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
  const { plateau, divergence, change, stop } = markersOf(record);
  const datasets = [];
  // The curve a retrain replaced, faded, for a moment: the eye sees what the change did.
  if (ghost) {
    const pale = withAlpha(colour, 0.3);
    datasets.push(line('ghost', { label: `${ghost.label} (before the change)`, data: ghost.points, borderColor: pale, backgroundColor: pale, borderWidth: 3 }));
  }
  datasets.push(
    line('train', { data: drawn(record.series?.train, record.trainPoints), borderWidth: 3 }),
    line('val', { data: drawn(record.series?.val, record.valPoints), borderWidth: 2, borderDash: [8, 5] }),
    line('lr', { data: drawn(record.series?.lr, record.lrPoints), yAxisID: 'lr', borderWidth: 2, borderDash: [2, 4] }),
  );
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
      ...plateauMarkStyle(plateau, record.trainPoints.at(-1)?.x ?? 0, colour),  // small once dense
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
function plateauMarkers(record) {
  const markers = [];
  for (const event of record.events) {
    if (event.kind !== 'plateau_reduction') continue;
    const raw = rawAt(record, event.epoch);
    const y = raw && [raw.val, raw.train].find((v) => Number.isFinite(v) && v > 0);
    if (y === undefined) continue;
    markers.push({ x: event.epoch + 1, y, text: `rate cut ${formatNumber(event.old_lr)} → ${formatNumber(event.new_lr)}` });
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
  const parts = [`after epoch ${raw.epoch + 1}: train loss ${formatNumber(raw.train)}`];
  if (Number.isFinite(raw.val)) parts.push(`val loss ${formatNumber(raw.val)}`);
  parts.push(`rate ${formatNumber(raw.lr)}`);
  return parts.join(', ');
}

function describePoint(records, dataset, x, raw) {
  const role = dataset.lrlab?.role;
  if (role === 'plateau' || role === 'divergence' || role === 'change') return `${dataset.label}: ${raw.text}`;
  if (role === 'early-stop') return `${dataset.label}: ${raw.detail}`;
  if (role === 'ghost') return dataset.label;
  const record = records.get(dataset.lrlab?.key);
  if (!record) return dataset.label;
  if (role === 'lr') return `${dataset.label}: rate ${formatNumber(raw.y)}`;
  return `${dataset.label}: ${describeEpoch(record, x)}`;
}
