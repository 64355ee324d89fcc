// Chart 5: adaptive optimizers' effective per-parameter step size over time, per run: the median
// over the network's parameters as a line, and the band from the smallest to the largest step
// (log y), as the core recorded them for each update. Adagrad's steps only shrink; RMSprop's,
// Adadelta's and Adam's follow a moving window and can grow again.
import { withAlpha } from '../../charts/palette.js';
import { logTicks } from '../../charts/theme.js';
import { formatNumber } from '../../words/format.js';
import { setText } from '../../controls/dom.js';

const Chart = globalThis.Chart;

export function createStepSizeChart(canvas) {
  const chart = new Chart(canvas, {
    type: 'line',
    data: { datasets: [] },
    options: {
      animation: false,
      parsing: false,
      normalized: true,
      maintainAspectRatio: false,
      spanGaps: true,  // the series hold no NaN (web/views/step-sizes/step-sizes.js keeps only positive values)
      interaction: { mode: 'nearest', intersect: false },
      elements: { point: { radius: 0, hitRadius: 6, hoverRadius: 5 }, line: { tension: 0 } },
      scales: {
        x: { type: 'linear', min: 0, title: { display: true, text: 'update (mini-batch step)' }, ticks: { precision: 0 } },
        y: { type: 'logarithmic', title: { display: true, text: 'step size per parameter (log)' }, ticks: logTicks() },
      },
      plugins: {
        legend: { labels: { filter: (item, data) => data.datasets[item.datasetIndex].lrlab?.role === 'median' } },
        tooltip: {
          filter: (item) => item.dataset.lrlab?.role === 'median',
          callbacks: {
            title: () => '',
            label: (item) => describeStep(item.dataset, item.raw),
          },
        },
      },
    },
  });

  const caption = document.createElement('p');
  caption.id = 'step-size-note';
  caption.className = 'readout chart-caption';
  caption.hidden = true;
  (canvas.closest('.chart-box') ?? canvas).after(caption);

  // runs: [{key, label, colour, series: {median, min, max}}]. The band is the max line filled
  // down to the min line drawn right after it ('+1').
  function render(runs) {
    const datasets = [];
    for (const { key, label, colour, series } of runs) {
      if (!series?.median.length) continue;
      const faint = withAlpha(colour, 0.18);
      datasets.push(
        { label: `${label} max`, data: series.max, borderColor: withAlpha(colour, 0.45), backgroundColor: faint,
          borderWidth: 1, fill: '+1', lrlab: { key, role: 'max', series } },
        { label: `${label} min`, data: series.min, borderColor: withAlpha(colour, 0.45), backgroundColor: faint,
          borderWidth: 1, fill: false, lrlab: { key, role: 'min', series } },
        { label, data: series.median, borderColor: colour, backgroundColor: colour, borderWidth: 3,
          fill: false, lrlab: { key, role: 'median', series } },
      );
    }
    // A step size is the factor on a parameter's gradient (Adam: lr / (sqrt(v) + eps)). Where a
    // parameter's gradients have been ~0, v is ~0 and that factor is enormous (1e7 is no bug),
    // while the move itself, factor x gradient, stays tiny: the chart says so when it happens.
    const note = [hugeStepNote(runs), sameStepNote(runs)].filter(Boolean).join(' ');
    setText(caption, note);
    caption.hidden = !note;
    const old = chart.data.datasets;
    const same = old.length === datasets.length && old.every((d, i) => d.lrlab.key === datasets[i].lrlab.key &&
      d.lrlab.role === datasets[i].lrlab.role && d.borderColor === datasets[i].borderColor && d.label === datasets[i].label);
    if (same) {
      datasets.forEach((d, i) => {
        if (old[i].data !== d.data) old[i].data = d.data;
        old[i].lrlab = d.lrlab;
      });
    } else {
      chart.data.datasets = datasets;
    }
    chart.update('none');
  }

  return { chart, render };
}

// The caption for a rule that moves every parameter by the same step (Lion's is the rate itself):
// its band is a line, and the line is the schedule. '' when any update's steps differ.
export function sameStepNote(runs) {
  const drawn = runs.filter(({ series }) => series?.median?.length);
  if (!drawn.length) return '';
  const same = drawn.every(({ series }) => series.min.every((p, i) => p.y === series.max[i]?.y));
  return same ? 'Every parameter takes the same step here (the smallest equals the largest): this optimizer\'s step is '
    + 'the rate itself, so each line is its run\'s schedule.' : '';
}

// The largest step drawn is this many times the largest median step: the note appears.
export const HUGE_STEP_RATIO = 100;

// The caption for steps far above the typical one, or '' when there are none.
export function hugeStepNote(runs) {
  let largest = 0;
  let typical = 0;
  for (const { series } of runs) {
    for (const p of series?.max ?? []) largest = Math.max(largest, p.y);
    for (const p of series?.median ?? []) typical = Math.max(typical, p.y);
  }
  if (!(typical > 0) || largest < HUGE_STEP_RATIO * typical) return '';
  return `Some steps reach ${formatNumber(largest, 2)}: a step size multiplies the parameter's gradient, and it is huge only where `
    + 'that gradient has been about 0 (its running average v ≈ 0, so lr / (√v + ε) is large). Such a parameter still barely moves: '
    + 'step × gradient stays small.';
}

// Words for one median point with its band, for the tooltip and for keyboard reading.
export function describeStep(dataset, raw) {
  const { series } = dataset.lrlab;
  const i = series.median.indexOf(raw);
  return `${dataset.label}, update ${raw.x}: median step ${formatNumber(raw.y, 4)}` +
    ` (min ${formatNumber(series.min[i]?.y, 3)}, max ${formatNumber(series.max[i]?.y, 3)})`;
}
