// Chart 2: the schedule's lr(epoch) as the core's previewSchedule computed it, one line per run
// rate (a schedule like the tutorial's ignores the base rate, and then the lines coincide).
import { formatNumber } from '../../words/format.js';
import { logTicks } from '../../charts/theme.js';
import { setText } from '../../controls/dom.js';

const Chart = globalThis.Chart;

export const AXIS_DECADES = 4;
// A rise this large from one position to the next counts as a jump.
const JUMP_FACTOR = 1.3;

// The first point that is more than JUMP_FACTOR times the one before: {from, to} or null.
export function firstJump(points) {
  for (let i = 1; i < points.length; i++) {
    if (points[i].y > points[i - 1].y * JUMP_FACTOR) return { from: points[i - 1], to: points[i] };
  }
  return null;
}

// {floor, lowest}: floor is the y axis' minimum when the rates fall more than AXIS_DECADES
// decades below the highest (undefined otherwise: Chart.js fits the axis), lowest the lowest rate.
export function axisFloor(datasets) {
  let peak = 0;
  let lowest = Infinity;
  for (const d of datasets) {
    for (const p of d.data) {
      peak = Math.max(peak, p.y);
      lowest = Math.min(lowest, p.y);
    }
  }
  const floor = peak / 10 ** AXIS_DECADES;
  return { floor: peak > 0 && lowest < floor ? floor : undefined, lowest };
}

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

  // series: [{label, colour, values: Float64Array, stepsPerEpoch?}], one value per position;
  // stepsPerEpoch (the series', else the preview's) turns a per-step preview's positions into
  // epochs on the x axis (a run's own schedule may be per step beside per-epoch ones).
  const caption = document.createElement('p');
  caption.id = 'schedule-note';
  caption.className = 'readout chart-caption';
  caption.hidden = true;
  (canvas.closest('.chart-box') ?? canvas).after(caption);

  function render({ series, stepsPerEpoch = 1 }) {
    const datasets = series.map(({ label, colour, values, stepsPerEpoch: own = stepsPerEpoch }) => ({
      label,
      borderColor: colour,
      backgroundColor: colour,
      stepped: own === 1 ? 'after' : false,
      data: Array.from(values, (y, i) => ({ x: i / own, y }))
        .filter((point) => Number.isFinite(point.y) && point.y > 0),
      lrlab: { role: 'schedule' },
    }));
    const notes = [];
    // A jump up (the tutorial's function at epoch 5) is easy to miss at the left of a long run:
    // the first one is marked and said.
    const jump = firstJump(datasets[0]?.data ?? []);
    if (jump) {
      datasets.push({
        label: 'jumps up', data: [jump.to], showLine: false, pointStyle: 'triangle', pointRadius: 8,
        pointHoverRadius: 9, borderColor: '#E69F00', backgroundColor: '#E69F00', lrlab: { role: 'jump' },
      });
      notes.push(`▲ jumps up at epoch ${formatNumber(jump.to.x, 4)}: ${formatNumber(jump.from.y, 3)} → ${formatNumber(jump.to.y, 3)}`);
    }
    // The y axis spans at most AXIS_DECADES decades under the highest rate: a rate decaying to
    // 1e-15 would otherwise squash every shape into the top few pixels.
    const { floor, lowest } = axisFloor(datasets);
    Object.assign(chart.options.scales.y, { min: floor });
    // The whole run on the x axis, to its end (epoch 300 of 300, where the loss chart ends and the
    // cursor can stand), not its last position (299): with the y axis cut, Chart.js would
    // otherwise also fit x to the points still above the cut.
    const runEnd = Math.max(0, ...series.map(({ values, stepsPerEpoch: own = stepsPerEpoch }) => values.length / own));
    chart.options.scales.x.max = runEnd > 0 ? runEnd : undefined;
    if (floor !== undefined) notes.push(`axis cut ${AXIS_DECADES} decades below the peak (the rate falls to ${formatNumber(lowest, 2)})`);
    // Said under the chart (the preview's card is narrow for a caption inside the canvas).
    chart.data.lrlab = { notes };
    const text = notes.join(' · ');
    setText(caption, text);
    caption.hidden = !notes.length;
    chart.data.datasets = datasets;
    chart.update('none');
  }

  return { chart, render };
}
