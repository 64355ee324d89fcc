// Chart 2: the schedule's lr(epoch) as the core's previewSchedule computed it, one line per run
// rate (a schedule like the tutorial's ignores the base rate, and then the lines coincide).
import { formatNumber } from '../format.js';
import { logTicks } from './theme.js';

const Chart = globalThis.Chart;

export function createScheduleChart(canvas) {
  const chart = new Chart(canvas, {
    type: 'line',
    data: { datasets: [] },
    options: {
      animation: false,
      parsing: false,
      normalized: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', intersect: false, axis: 'x' },
      elements: { point: { radius: 0, hitRadius: 6, hoverRadius: 5 }, line: { tension: 0, borderWidth: 3 } },
      scales: {
        x: { type: 'linear', min: 0, title: { display: true, text: 'epoch' } },
        y: { type: 'logarithmic', title: { display: true, text: 'learning rate (log scale)' }, ticks: logTicks() },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items) => (items.length ? `epoch ${formatNumber(items[0].parsed.x, 4)}` : ''),
            label: (item) => `${item.dataset.label}: lr ${formatNumber(item.parsed.y)}`,
          },
        },
      },
    },
  });

  // series: [{label, colour, values: Float64Array}], one value per position; stepsPerEpoch turns
  // a per-step preview's positions into epochs on the x axis.
  function render({ series, stepsPerEpoch = 1 }) {
    chart.data.datasets = series.map(({ label, colour, values }) => ({
      label,
      borderColor: colour,
      backgroundColor: colour,
      stepped: stepsPerEpoch === 1 ? 'after' : false,
      data: Array.from(values, (y, i) => ({ x: i / stepsPerEpoch, y }))
        .filter((point) => Number.isFinite(point.y) && point.y > 0),
    }));
    chart.update('none');
  }

  return { chart, render };
}
