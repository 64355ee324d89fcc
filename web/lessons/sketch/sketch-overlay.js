// The student's sketch drawn on the loss chart beside the run it predicted, in the chart's own
// units: the sketch holds multiples of the starting loss (web/lessons/sketch/sketch-score.js), so
// it is placed once that run's loss before training is known. A Chart.js plugin, so it is drawn
// with every frame of the chart and follows its axes as they rescale; what it drew is kept on the
// chart (chart.$lrlabSketch) for the page's tests, as the marker labels are.
const Chart = globalThis.Chart;

const overlay = {
  id: 'lrlabSketch',
  afterDatasetsDraw(chart) {
    const sketch = chart.$lrlabSketch;
    if (!sketch || !(sketch.initialLoss > 0)) return;
    const { ctx, chartArea, scales } = chart;
    const points = sketch.values.map((v, e) => ({ x: e, y: v * sketch.initialLoss }));
    sketch.points = points;
    ctx.save();
    ctx.beginPath();
    ctx.rect(chartArea.left, chartArea.top, chartArea.right - chartArea.left, chartArea.bottom - chartArea.top);
    ctx.clip();
    ctx.strokeStyle = sketch.ink;
    ctx.lineWidth = 3;
    ctx.setLineDash([10, 6]);
    ctx.beginPath();
    // Far outside the axis the log scale's pixels grow huge; a little past the edge is enough.
    const clamp = (py) => Math.min(chartArea.bottom + 20, Math.max(chartArea.top - 20, py));
    points.forEach((p, i) => {
      const [px, py] = [scales.x.getPixelForValue(p.x), clamp(scales.y.getPixelForValue(p.y))];
      if (i) ctx.lineTo(px, py);
      else ctx.moveTo(px, py);
    });
    ctx.stroke();
    ctx.setLineDash([]);
    // Its name where it enters the plot, so it is never taken for a run.
    const first = points.find((p) => scales.y.getPixelForValue(p.y) >= chartArea.top) ?? points[0];
    ctx.fillStyle = sketch.ink;
    ctx.font = `bold ${Chart.defaults.font.size}px ${Chart.defaults.font.family}`;
    const size = Chart.defaults.font.size;
    const labelY = Math.min(chartArea.bottom - 4, Math.max(chartArea.top + size + 2, scales.y.getPixelForValue(first.y) - 8));
    ctx.fillText('your sketch', scales.x.getPixelForValue(first.x) + 8, labelY);
    ctx.restore();
  },
};
Chart.register(overlay);

/**
 * Draws a sketch on a chart (replacing any before it); null takes it away.
 * @param {any} chart
 * @param {{values: number[], initialLoss: number, ink: string} | null} sketch
 */
export function showSketch(chart, sketch) {
  if (!chart) return;
  chart.$lrlabSketch = sketch;
  chart.update('none');
}
