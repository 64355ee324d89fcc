// A legend entry is never cut at the canvas's edge (Chart.js clips a long one there, which on a
// projector left "... at epoch 5" for "at epoch 50"): the legend's type shrinks as far as
// LEGEND_FLOOR of the chart's so every entry fits, and an entry that still does not fit gives up
// words from its middle, whole ("run 3: SGD, … decay to 1% from epoch 100"), keeping the run's
// name and what its entry ends with. The whole words stay in the run's card and the tooltip.
// (Chart.js's top legend has no multi-line entries: its rows are one line high.)

// The smallest legend type, as a fraction of the chart's.
export const LEGEND_FLOOR = 0.8;

/**
 * `text` as it fits `width`: whole, or with words after its first part ("run 3: SGD,") left out
 * for "…", whole words only, so a number is never cut.
 * @param {string} text
 * @param {number} width
 * @param {(text: string) => number} measure the text's width as drawn
 */
export function fittedEntry(text, width, measure) {
  if (measure(text) <= width) return text;
  const cut = text.indexOf(', ');
  const head = cut >= 0 ? text.slice(0, cut + 1) : '';
  const words = (cut >= 0 ? text.slice(cut + 2) : text).split(' ');
  while (words.length > 1) {
    words.shift();
    const tried = `${head} … ${words.join(' ')}`.trimStart();
    if (measure(tried) <= width) return tried;
  }
  return `${head} … ${words.join(' ')}`.trimStart();
}

/**
 * The legend's type size: the chart's, or smaller (to LEGEND_FLOOR of it) so the widest entry fits.
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

// Chart.js wiring for a chart whose legend entries are its datasets' labels, filtered by `keep`.
const fontString = (font, size) => `${font.style ?? 'normal'} ${font.weight ?? 'normal'} ${size}px ${font.family}`;
// What an entry has beside its text: its colour box (40 px, Chart.js's default), the gap after
// it (half the type size) and the legend's padding on both sides (10 px each).
const roomAt = (chart) => (size) => chart.width - 40 - size / 2 - 20;

/**
 * options.plugins.legend.labels for such a chart: {font, generateLabels}.
 * @param {(dataset: any) => boolean} keep
 */
export function fittedLegend(keep) {
  const Chart = /** @type {any} */ (globalThis).Chart;
  const measureWith = (chart) => (text, size) => {
    chart.ctx.save();
    chart.ctx.font = fontString(Chart.defaults.font, size);
    const width = chart.ctx.measureText(text).width;
    chart.ctx.restore();
    return width;
  };
  const sizeOf = (chart) => legendSize(chart.data.datasets.filter(keep).map((d) => d.label ?? ''),
    Chart.defaults.font.size, roomAt(chart), measureWith(chart));
  return {
    font: (context) => ({ size: sizeOf(context.chart) }),
    generateLabels(chart) {
      const items = Chart.defaults.plugins.legend.labels.generateLabels(chart);
      const size = sizeOf(chart);
      const measure = (text) => measureWith(chart)(text, size);
      for (const item of items) if (typeof item.text === 'string') item.text = fittedEntry(item.text, roomAt(chart)(size), measure);
      return items;
    },
  };
}
