// A small Chart.js plugin for the part-2 charts: shaded x ranges with a label (the sweep's
// regions of too-small and too-large steps) and labels beside vertical marker lines (2/λ₀, a run's rate). The ranges
// and labels live in chart.data.lrlab so that a test reading Chart.getChart(canvas).data sees
// exactly what is drawn.
//
// chart.data.lrlab = { regions: [{from, to, label ('' for none), colour, verdicts}], labels: [{x, text, colour}] }

const Chart = globalThis.Chart;

function font(weight = 'normal') {
  return `${weight} ${Chart.defaults.font.size * 0.85}px ${Chart.defaults.font.family}`;
}

const cssVar = (name, fallback) =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

// Text on a box of the card's colour, so it reads over lines and shading in both themes; a
// coloured swatch (or coloured text, for line labels) ties it to what it names.
function label(ctx, text, x, y, { colour, swatch = false, size }) {
  const pad = 3;
  const box = swatch ? size * 0.8 + 4 : 0;
  const width = ctx.measureText(text).width + box;
  ctx.globalAlpha = 0.85;
  ctx.fillStyle = cssVar('--card', '#f3f3f7');
  ctx.fillRect(x - pad, y - pad, width + 2 * pad, size + 2 * pad);
  ctx.globalAlpha = 1;
  if (swatch) {
    ctx.fillStyle = colour;
    ctx.fillRect(x, y + size * 0.1, size * 0.8, size * 0.8);
  }
  ctx.fillStyle = swatch ? cssVar('--fg', '#1b1b1f') : colour;
  ctx.fillText(text, x + box, y);
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
      if (!(right > left) || !region.label) continue;
      ctx.font = font('bold');
      // The label sits at the top of its region, kept inside the chart.
      const width = ctx.measureText(region.label).width + size * 0.8 + 4;
      const atRight = region.align === 'right';
      let tx = atRight ? right - width - 4 : left + 4;
      tx = Math.max(chartArea.left + 4, Math.min(tx, chartArea.right - width - 4));
      label(ctx, region.label, tx, chartArea.top + 4, { colour: region.textColour, swatch: true, size });
    }
    // Vertical-line labels stack downwards so that nearby lines do not print over each other.
    let row = 1;
    for (const mark of marks.labels ?? []) {
      const px = x.getPixelForValue(mark.x);
      if (!(px >= chartArea.left && px <= chartArea.right)) continue;
      ctx.font = font('bold');
      const width = ctx.measureText(mark.text).width;
      const tx = px + width + size + 10 > chartArea.right ? px - width - size - 8 : px + 6;
      label(ctx, mark.text, tx, chartArea.top + 4 + row * (size + 8), { colour: mark.colour, swatch: true, size });
      row = (row % 4) + 1;
    }
    ctx.restore();
  },
};
