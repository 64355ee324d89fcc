// Reading the sharpness chart with the keyboard (web/charts/chart-keyboard.js): Left/Right move
// along a run's measurements, Up/Down switch runs, and the live region says the sharpness λ at
// that epoch beside the run's stability limit there, and which side of it the run is on. The
// numbers are the ones the chart draws (the core's record); nothing is computed again here.
import { formatNumber } from '../../words/format.js';

// The runs' sharpness lines (not their dashed thresholds) that hold a point.
export function sharpnessLines(chart) {
  return chart.data.datasets
    .map((dataset, datasetIndex) => ({ dataset, datasetIndex }))
    .filter(({ dataset }) => dataset.lrlab?.role === 'sharpness' && dataset.data.length);
}

// "run 2: rate 30, after epoch 20: sharpness λ = 1.54, stability limit 0.0667 (2/η for plain
// gradient descent): λ is above it, so steps overshoot along the sharpest direction". The limit is
// the dashed line's point at the same epoch (`threshold`: [{x, y}]), whatever the optimizer's bound.
export function describeSharpness(dataset, point, threshold) {
  const limit = threshold?.find((p) => p.x === point.x)?.y;
  const where = point.x === 0 ? 'at the initial weights' : `after epoch ${point.x}`;
  const head = `${dataset.label}, ${where}: sharpness λ = ${formatNumber(point.y, 3)}`;
  if (!(limit > 0)) return `${head} (no stability limit known for this optimizer)`;
  const side = point.y > limit
    ? 'λ is above it, so steps overshoot along the sharpest direction'
    : 'λ is below it, so steps are stable along the sharpest direction';
  return `${head}, stability limit ${formatNumber(limit, 3)} (2/η for plain gradient descent): ${side}`;
}
