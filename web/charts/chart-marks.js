// A small Chart.js plugin for the part-2 charts: shaded x ranges with a label (the sweep's stall
// and overshoot regions) and labels beside vertical marker lines (2/L, a run's rate). The ranges
// and labels live in chart.data.lrlab so that a test reading Chart.getChart(canvas).data sees
// exactly what is drawn.
//
// chart.data.lrlab = { regions: [{from, to, label, colour, verdicts}], labels: [{x, text, colour}] }

const Chart = globalThis.Chart;

function font(weight = 'normal') {
  return `${weight} ${Chart.defaults.font.size * 0.85}px ${Chart.defaults.font.family}`;
}

export const chartMarks = {
  id: 'lrlabMarks',
  beforeDatasetsDraw(chart) {
    const marks = chart.data.lrlab;
    if (!marks?.regions?.length) return;
    const { ctx, chartArea, scales: { x } } = chart;
    ctx.save();
    for (const region of marks.regions) {
      const left = Math.max(chartArea.left, x.getPixelForValue(region.from));
      const right = Math.min(chartArea.right, x.getPixelForValue(region.to));
      if (!(right > left)) continue;
      ctx.fillStyle = region.colour;
      ctx.fillRect(left, chartArea.top, right - left, chartArea.bottom - chartArea.top);
    }
    ctx.restore();
  },
  afterDatasetsDraw(chart) {
    const marks = chart.data.lrlab;
    if (!marks) return;
    const { ctx, chartArea, scales: { x } } = chart;
    const size = Chart.defaults.font.size * 0.85;
    ctx.save();
    ctx.textBaseline = 'top';
    for (const region of marks.regions ?? []) {
      const left = Math.max(chartArea.left, x.getPixelForValue(region.from));
      const right = Math.min(chartArea.right, x.getPixelForValue(region.to));
      if (!(right > left)) continue;
      ctx.font = font('bold');
      ctx.fillStyle = region.textColour;
      // The label sits at the top of its region, kept inside the region where it fits.
      const width = ctx.measureText(region.label).width;
      const atRight = region.align === 'right';
      let tx = atRight ? right - width - 4 : left + 4;
      tx = Math.max(chartArea.left + 2, Math.min(tx, chartArea.right - width - 2));
      ctx.fillText(region.label, tx, chartArea.top + 4);
    }
    // Vertical-line labels stack downwards so that nearby lines do not print over each other.
    let row = 1;
    for (const label of marks.labels ?? []) {
      const px = x.getPixelForValue(label.x);
      if (!(px >= chartArea.left && px <= chartArea.right)) continue;
      ctx.font = font('bold');
      ctx.fillStyle = label.colour;
      const width = ctx.measureText(label.text).width;
      const tx = px + width + 6 > chartArea.right ? px - width - 4 : px + 4;
      ctx.fillText(label.text, tx, chartArea.top + 4 + row * (size + 4));
      row = (row % 4) + 1;
    }
    ctx.restore();
  },
};
