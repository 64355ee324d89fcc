// The legend's type size: the chart's, or smaller, down to LEGEND_FLOOR of it, so that every entry
// fits the chart's width on one line. On a projector the loss chart's entries ("run 3: SGD, rate
// 0.18, schedule Constant → decay to 1% from epoch 100") were wider than the chart: a little
// smaller type keeps them one row each and leaves the plot its height. An entry still too wide is
// written on several lines (web/views/loss/legend-wrap.js).

// The smallest legend type, as a fraction of the chart's.
export const LEGEND_FLOOR = 0.8;

/**
 * The largest size from `base` down to the floor at which the widest entry fits.
 * @param {string[]} texts the entries
 * @param {number} base the chart's type size
 * @param {(size: number) => number} room the width an entry has at a type size
 * @param {(text: string, size: number) => number} measure
 */
export function legendSize(texts, base, room, measure) {
  const widest = (size) => Math.max(0, ...texts.map((text) => measure(text, size)));
  const floor = Math.ceil(base * LEGEND_FLOOR);
  for (let size = base; size > floor; size--) if (widest(size) <= room(size)) return size;
  return floor;
}

/**
 * For a chart whose legend entries are the labels of the datasets `keep` picks: the legend's
 * scriptable font option and the size it picks.
 * @param {(dataset: any) => boolean} keep
 */
export function fittingLegendType(keep) {
  const Chart = /** @type {any} */ (globalThis).Chart;
  const fontAt = (size) => {
    const f = Chart.defaults.font;
    return `${f.style ?? 'normal'} ${f.weight ?? 'normal'} ${size}px ${f.family}`;
  };
  // Beside its text an entry has its colour box (40 px, Chart.js's default), a gap of half the
  // type size, and the legend's padding on both sides (10 px each).
  const room = (chart) => (size) => chart.width - 40 - size / 2 - 20;
  const measure = (chart) => (text, size) => {
    chart.ctx.save();
    chart.ctx.font = fontAt(size);
    const width = chart.ctx.measureText(text).width;
    chart.ctx.restore();
    return width;
  };
  /** @param {any} chart */
  const sizeOf = (chart) => legendSize(chart.data.datasets.filter(keep).map((d) => d.label ?? ''),
    Chart.defaults.font.size, room(chart), measure(chart));
  return { font: (/** @type {any} */ context) => ({ size: sizeOf(context.chart) }), sizeOf, fontAt };
}
