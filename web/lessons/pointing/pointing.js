// Prose that points: a chapter's linked phrases (web/lessons/pointing/link-targets.js) written as
// focusable phrases in its text; hovering or focusing one highlights what it names and dims the
// rest: on a chart the other lines fade (a Chart.js plugin draws them at low opacity, so the
// chart's own data and styles are never touched), a sweep region is outlined, an element or a
// run's row is outlined while the other cards fade.
import { el } from '../../controls/dom.js';
import { CHARTS, datasetFilter } from './link-targets.js';

const Chart = globalThis.Chart;
const FADED = 0.15;

const fading = {
  id: 'lrlabPointing',
  beforeDatasetDraw(chart, args) {
    const picks = chart.$lrlabPoint;
    if (!picks) return;
    chart.ctx.save();
    if (!picks(chart.data.datasets[args.index]?.lrlab)) chart.ctx.globalAlpha = FADED;
  },
  afterDatasetDraw(chart) {
    if (chart.$lrlabPoint) chart.ctx.restore();
  },
  // A pointed-at region of the loss-against-rate chart: outlined over its shading.
  afterDatasetsDraw(chart) {
    const region = chart.$lrlabRegion;
    if (!region) return;
    const { ctx, chartArea, scales } = chart;
    ctx.save();
    ctx.strokeStyle = region.colour;
    ctx.lineWidth = 4;
    const [left, right] = [scales.x.getPixelForValue(region.from), scales.x.getPixelForValue(region.to)];
    ctx.strokeRect(left + 2, chartArea.top + 2, right - left - 4, chartArea.bottom - chartArea.top - 4);
    ctx.restore();
  },
};
Chart.register(fading);

const chartOf = (name) => Chart.getChart(document.getElementById(CHARTS[name].canvas));

/**
 * @param {{runKeys: () => string[]}} options the keys of the chapter's runs, in order
 */
export function createPointing({ runKeys }) {
  let marked = [];
  // What a linked phrase does, said once for screen readers (each phrase refers to it).
  const note = el('span', { id: 'lesson-link-note', className: 'lesson-link-note' },
    'Shows what it names on the page: it is outlined and the rest dims while this phrase has focus.');

  function clear() {
    for (const name of Object.keys(CHARTS)) {
      const chart = chartOf(name);
      if (chart && (chart.$lrlabPoint || chart.$lrlabRegion)) {
        chart.$lrlabPoint = null;
        chart.$lrlabRegion = null;
        chart.update('none');
      }
    }
    for (const node of marked) node.classList.remove('lesson-pointed');
    marked = [];
    document.body.classList.remove('lesson-pointing');
  }

  const mark = (node) => {
    if (!node) return;
    node.classList.add('lesson-pointed');
    marked.push(node);
  };

  // Highlights a target; -> how many things it found (0: it points at nothing on this page).
  function point(target) {
    clear();
    const keys = runKeys();
    let found = 0;
    for (const name of Object.keys(CHARTS)) {
      const chart = chartOf(name);
      if (!chart) continue;
      if (target.region && name === 'sweep') {
        const region = (chart.data.lrlab?.regions ?? []).find((r) => r.kind === target.region);
        if (region) {
          chart.$lrlabRegion = { ...region, colour: region.textColour };
          chart.$lrlabPoint = () => false;
          found += 1;
          mark(chart.canvas.closest('figure'));
          chart.update('none');
        }
        continue;
      }
      const picks = datasetFilter(target, name, keys);
      if (!picks) continue;
      const hits = chart.data.datasets.filter((d) => picks(d.lrlab) && d.data.length > 0).length;
      if (!hits) continue;
      found += hits;
      chart.$lrlabPoint = picks;
      mark(chart.canvas.closest('figure'));
      chart.update('none');
    }
    if (target.element) {
      const node = document.getElementById(target.element);
      if (node && !node.hidden) {
        found += 1;
        mark(node);
        mark(node.closest('figure, .card'));
      }
    }
    if ('run' in target && !('chart' in target)) {
      const row = document.querySelector(`#run-list > li[data-key="${keys[target.run - 1]}"]`);
      if (row) {
        found += 1;
        mark(row);
        mark(row.closest('.runs-panel'));
      }
    }
    if (found) document.body.classList.add('lesson-pointing');
    return found;
  }

  /**
   * A paragraph with its linked phrases as focusable spans.
   * @param {string} text the paragraph, filled in
   * @param {{phrase: string, target: any}[]} links the chapter's links (phrases filled in)
   * @param {(found: number, link: any) => void} onPoint told what each pointing found
   */
  function paragraph(text, links, onPoint) {
    const p = el('p', {});
    let rest = text;
    while (rest) {
      let next = null;
      for (const link of links) {
        const at = rest.indexOf(link.phrase);
        if (at >= 0 && (!next || at < next.at)) next = { at, link };
      }
      if (!next) { p.append(rest); break; }
      p.append(rest.slice(0, next.at));
      const span = el('span', { className: 'lesson-link', tabindex: '0', 'aria-describedby': note.id }, next.link.phrase);
      span.dataset.target = JSON.stringify(next.link.target);
      const on = () => onPoint(point(next.link.target), next.link);
      span.addEventListener('mouseenter', on);
      span.addEventListener('focus', on);
      span.addEventListener('mouseleave', clear);
      span.addEventListener('blur', clear);
      p.append(span);
      rest = rest.slice(next.at + next.link.phrase.length);
    }
    return p;
  }

  return { paragraph, point, clear, note };
}
