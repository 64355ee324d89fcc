// Chart 4: the loss landscape of a two-parameter problem as the core computed it (landscape()):
// contour lines (polylines split by NaN, drawn with spanGaps off so each piece stays apart), the
// minimum, and each run's path of optimizer steps revealed step by step, so a too-high rate is
// seen jumping from one side of the valley to the other and a too-low one crawling. A 1-D surface
// is drawn as its curve loss(x) with each path's points on it (the local-minimum lesson).
import { chartMarks } from '../../charts/chart-marks.js';
import { withAlpha } from '../../charts/palette.js';
import { formatNumber, formatRate } from '../../words/format.js';
import { pathPoints } from './path-points.js';

const Chart = globalThis.Chart;

// A 100-step path plays in under 7 s: slow enough to follow each jump of a zig-zag, and the chart
// (hundreds of contour points) is updated only 15 times a second.
const STEPS_PER_SECOND = 15;

const cssVar = (name, fallback) =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

export function createLandscapeChart(canvas) {
  const chart = new Chart(canvas, {
    type: 'line',
    data: { datasets: [], lrlab: { labels: [] } },
    plugins: [chartMarks],
    options: {
      animation: false,
      parsing: false,
      maintainAspectRatio: false,
      spanGaps: false,  // NaN separates the pieces of one contour level
      interaction: { mode: 'nearest', intersect: true },
      elements: { line: { tension: 0 }, point: { radius: 0 } },
      scales: {
        // The view's box (e.g. -0.9991 to 5 around the linear problem's minimum) sets the axes'
        // ends; only the round ticks inside it are labelled, not the ends themselves.
        x: { type: 'linear', title: { display: true, text: 'x' }, ticks: { includeBounds: false } },
        y: { type: 'linear', title: { display: true, text: 'y' }, ticks: { includeBounds: false } },
      },
      plugins: {
        legend: { labels: { filter: (item, data) => data.datasets[item.datasetIndex].lrlab?.role === 'path' } },
        tooltip: {
          filter: (item) => ['path', 'minimum'].includes(item.dataset.lrlab?.role),
          callbacks: { title: () => '', label: (item) => describePathPoint(item.dataset, item.raw) },
        },
      },
    },
  });

  let view = null;       // the core's landscape view
  let runs = [];         // [{label, colour}] in the order of view.paths
  let shown = 0;         // steps revealed so far
  let dirty = false;     // new datasets not drawn yet
  let startTime = 0;
  let frame = 0;

  // landscape: the core's LandscapeView; runs: [{label, colour, rate}] matching its paths.
  function render(landscape, runInfo, { restart = true } = {}) {
    view = landscape;
    runs = runInfo;
    const fg = cssVar('--fg', '#1b1b1f');
    const muted = cssVar('--muted', '#50505a');
    const { surface } = view;
    const box = surface.view;
    const datasets = [];
    if (surface.dimensions === 1) {
      datasets.push({
        label: 'loss', data: Array.from(view.curve.x, (x, i) => ({ x, y: view.curve.loss[i] })),
        borderColor: fg, borderWidth: 3, pointRadius: 0, lrlab: { role: 'curve' },
      });
    } else {
      // Lower levels darker: the eye finds the valley floor first.
      const count = view.contours.length;
      view.contours.forEach((contour, index) => {
        const data = new Array(contour.x.length);
        for (let i = 0; i < contour.x.length; i++) data[i] = { x: contour.x[i], y: contour.y[i] };
        datasets.push({
          label: `loss ${formatNumber(contour.level, 3)}`, data,
          borderColor: withAlpha(hexOf(muted), 0.75 - 0.45 * (index / Math.max(1, count - 1))),
          borderWidth: 1.5, pointRadius: 0, pointHitRadius: 0, lrlab: { role: 'contour', level: contour.level },
        });
      });
      datasets.push({
        label: 'minimum', data: [{ x: surface.min_x, y: surface.min_y }], showLine: false,
        pointStyle: 'cross', pointRadius: 10, borderWidth: 3, borderColor: fg, lrlab: { role: 'minimum' },
      });
    }
    view.paths.forEach((path, index) => {
      const run = runs[index] ?? { label: `run ${index + 1}`, colour: fg };
      const status = path.diverged ? `diverged at step ${path.diverged_at_step}` : `${path.steps_done} steps`;
      datasets.push({
        label: `${run.label} · ${status}`, data: [], borderColor: run.colour, backgroundColor: run.colour,
        borderWidth: 2.5, pointRadius: 3.5, pointHoverRadius: 6,
        lrlab: { role: 'path', key: run.key, name: run.label, rate: path.learning_rate_base, full: pathPoints(path, surface) },
      });
    });
    chart.data.datasets = datasets;
    chart.data.lrlab = { labels: [] };
    const xs = chart.options.scales.x;
    const ys = chart.options.scales.y;
    Object.assign(xs, { min: box.x_min, max: box.x_max });
    xs.title.text = surface.x_name;
    if (surface.dimensions === 1) {
      const finite = Array.from(view.curve.loss).filter(Number.isFinite);
      const low = Math.min(...finite);
      const high = Math.max(...finite);
      // Suggested bounds: Chart.js rounds them to tidy ticks (the curve has no natural frame).
      Object.assign(ys, { min: undefined, max: undefined, suggestedMin: low, suggestedMax: high });
      ys.title.text = 'loss';
    } else {
      Object.assign(ys, { min: box.y_min, max: box.y_max, suggestedMin: undefined, suggestedMax: undefined });
      ys.title.text = surface.y_name;
    }
    if (restart) startTime = performance.now();
    dirty = true;
    reveal();
  }

  // Each frame shows the steps due by now; the loop stops when every path is fully shown.
  function reveal() {
    cancelAnimationFrame(frame);
    const due = 1 + Math.floor(((performance.now() - startTime) / 1000) * STEPS_PER_SECOND);
    const longest = Math.max(0, ...chart.data.datasets.filter((d) => d.lrlab.role === 'path').map((d) => d.lrlab.full.length));
    const next = Math.min(due, longest);
    // Between steps nothing changes: the chart (with its hundreds of contour points) is only
    // updated when a step is due, or when render() handed it new datasets.
    if (next !== shown || dirty) {
      shown = next;
      dirty = false;
      for (const dataset of chart.data.datasets) {
        if (dataset.lrlab.role !== 'path') continue;
        const full = dataset.lrlab.full;
        if (dataset.data.length !== Math.min(shown, full.length)) dataset.data = full.slice(0, shown);
      }
      chart.update('none');
    }
    if (shown < longest) frame = requestAnimationFrame(reveal);
  }

  // Plays the paths again from their start.
  function replay() {
    if (!view) return;
    startTime = performance.now();
    dirty = true;
    reveal();
  }

  return { chart, render, replay, get revealed() { return shown; } };
}

// Words for one point, for the tooltip and for reading the chart with the keyboard.
export function describePathPoint(dataset, raw) {
  if (dataset.lrlab.role === 'minimum') return 'the minimum';
  const rate = Number.isFinite(raw.rate) ? `, rate ${formatRate(raw.rate)}` : '';
  const where = `(${formatNumber(raw.x, 4)}, ${formatNumber(raw.y, 4)})`;
  return `${dataset.lrlab.name}, step ${raw.step}: ${where}, loss ${formatNumber(raw.loss, 4)}${rate}`;
}

// CSS colours from our custom properties are hex; anything else falls back to a grey.
function hexOf(colour) {
  return /^#[0-9a-f]{6}$/i.test(colour) ? colour : '#808080';
}
