// Chart.js defaults that follow the page: text and grid colours from the CSS custom properties
// (so light and dark themes both read), and fonts large enough for a projector, smaller on phones.
import { formatNumber } from '../words/format.js';

const Chart = globalThis.Chart;

export function fontSizeFor(width) {
  // Projector mode (web/page/projector.js) asks for larger type through a CSS property on <html>.
  const asked = parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--chart-font-size'));
  if (asked > 0) return asked;
  return width < 560 ? 12 : 16;
}

export function applyTheme(charts = []) {
  const style = getComputedStyle(document.documentElement);
  const fg = style.getPropertyValue('--fg').trim() || '#1b1b1f';
  const grid = style.getPropertyValue('--grid').trim() || 'rgba(128,128,128,0.25)';
  Chart.defaults.color = fg;
  Chart.defaults.borderColor = grid;
  Chart.defaults.font.family = style.fontFamily;
  Chart.defaults.font.size = fontSizeFor(window.innerWidth);
  for (const chart of charts) {
    for (const scale of Object.values(chart.options.scales ?? {})) {
      scale.ticks.color = fg;
      scale.title.color = fg;
      scale.grid.color = grid;
    }
    chart.options.plugins.legend.labels.color = fg;
    chart.update('none');
  }
}

// Re-themes when the system switches between light and dark.
export function followColourScheme(charts) {
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => applyTheme(charts));
}

// Log-axis tick labels: Chart.js picks which ticks get a label; we only write them as people
// write rates and losses (0.001, 0.3, 300) instead of "300.00". When the axis spans so narrow a
// range that fewer than two round values (1, 2, 3, 5 times a power of ten) fall on it (a loss
// between 0.52 and 0.7), about five of its ticks are labelled with two significant digits
// instead, so the axis is never left with one number or none.
const isRound = (value) => {
  const significand = value / 10 ** Math.floor(Math.log10(value) + 1e-9);
  return [1, 2, 3, 5].some((s) => Math.abs(significand - s) < 1e-6);
};
export function logTicks() {
  return {
    callback(value, index, ticks) {
      if (ticks.filter((tick) => isRound(tick.value)).length < 2) {
        const every = Math.max(1, Math.ceil(ticks.length / 5));
        return index % every === 0 || index === ticks.length - 1 ? formatNumber(value, 2) : '';
      }
      const label = Chart.Ticks.formatters.logarithmic.call(this, value, index, ticks);
      if (label === '') return '';
      // Chart.js also labels the axis's end (e.g. 70 right under 100); keep only round ones.
      return isRound(value) ? formatNumber(value, 3) : '';
    },
  };
}
