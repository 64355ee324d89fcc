// Projector mode: for a room, not a desk. The loss chart and one other view (the loss against the
// rate by default) side by side on a 1920x1080 screen, the controls reduced to the rates and the
// transport, larger type (Chart.js ticks >= 18 px) and thicker lines. On with the Projector
// button or a link with ?projector (or ?projector=landscape / step-sizes for the other view:
// the views registered as projectable); the flag lives in the URL's query, beside the state
// fragment, so a copied link keeps it. The mode is the page model's shape.projector.
import { applyTheme } from '../charts/theme.js';
import { el, uniqueId } from '../controls/dom.js';
import { PROJECTABLE } from './panels.js';
import { withQueryField } from './url-schema.js';

const LINE_SCALE = 1.6;
const MIN_CHART_PX = 300;
const GAP_PX = 8;

// Thicker lines: every dataset's own borderWidth, times LINE_SCALE while the mode is on. The
// charts set their widths per dataset (and may rewrite them), so the base width is re-read
// whenever it is not the one this plugin last set.
function linePlugin(isOn) {
  const base = new WeakMap();
  const shown = new WeakMap();
  return {
    id: 'lrlabProjectorLines',
    beforeUpdate(chart) {
      for (const dataset of chart.data.datasets) {
        if (typeof dataset.borderWidth !== 'number') continue;
        if (dataset.borderWidth !== shown.get(dataset)) base.set(dataset, dataset.borderWidth);
        dataset.borderWidth = base.get(dataset) * (isOn() ? LINE_SCALE : 1);
        shown.set(dataset, dataset.borderWidth);
      }
    },
  };
}

/** @param {{store: import('./model.js').ModelStore}} options */
export function startProjector({ store }) {
  const { Chart } = /** @type {any} */ (globalThis);
  const view = () => store.get().shape.projector;
  Chart.register(linePlugin(() => view() !== null));

  const button = el('button', { type: 'button', id: 'projector-toggle', 'aria-pressed': 'false' }, 'Projector');
  const selectId = uniqueId('projector-view');
  const select = el('select', { id: selectId }, PROJECTABLE.map(({ name, title }) => el('option', { value: name }, title)));
  const picker = el('span', { className: 'projector-picker' }, el('label', { htmlFor: selectId }, 'Beside the loss chart'), select);
  const bar = document.querySelector('.share-bar');
  bar?.insertBefore(picker, document.getElementById('share-status'));
  bar?.insertBefore(button, picker);

  const show = (projector) => {
    store.update({ shape: { ...store.get().shape, projector } });
    history.replaceState(history.state, '', withQueryField(location.href, 'projector', projector));
  };
  function apply() {
    const root = document.documentElement;
    const on = view();
    root.classList.toggle('projector', on !== null);
    if (on) root.dataset.projectorView = on;
    else delete root.dataset.projectorView;
    button.setAttribute('aria-pressed', String(on !== null));
    picker.hidden = on === null;
    select.value = on ?? PROJECTABLE[0].name;
    for (const projectable of PROJECTABLE) projectable.panel()?.classList.toggle('projector-aside', on !== null && projectable.name !== on);
    // Type size comes from the CSS (--chart-font-size); the charts re-read it, and redraw their
    // lines through the plugin above.
    applyTheme(Object.values(Chart.instances));
    fitCharts();
  }

  // The charts' height: from the loss chart's top to the bottom of the screen, less what its
  // card shows under it (the key). What sits above it (the header, a lesson's panel, the
  // transport) changes height as a lesson goes on, so this follows them; a fixed height put the
  // loss chart's axis below the fold under a lesson's panel.
  function fitCharts() {
    const root = document.documentElement;
    const box = /** @type {HTMLElement | null} */ (document.querySelector('.loss-box'));
    const figure = box?.closest('figure');
    if (view() === null || !box || !figure) {
      root.style.removeProperty('--projector-chart-height');
      return;
    }
    const top = box.getBoundingClientRect().top + window.scrollY;
    const under = figure.getBoundingClientRect().bottom - box.getBoundingClientRect().bottom;
    const height = `${Math.max(MIN_CHART_PX, Math.floor(window.innerHeight - top - Math.min(under, 120) - GAP_PX))}px`;
    if (root.style.getPropertyValue('--projector-chart-height') !== height) root.style.setProperty('--projector-chart-height', height);
  }
  // Everything above the loss chart: the page's top-level blocks before the layout (header,
  // notices, a lesson's panel, added later) and what precedes the chart in its column.
  const above = new ResizeObserver(() => fitCharts());
  function watchAbove() {
    for (const node of document.body.children) if (!node.matches('main, dialog, script')) above.observe(node);
    const lossFigure = document.getElementById('loss-chart')?.closest('figure');
    for (let node = lossFigure?.previousElementSibling; node; node = node.previousElementSibling) above.observe(node);
  }
  new MutationObserver(watchAbove).observe(document.body, { childList: true });
  watchAbove();
  window.addEventListener('resize', fitCharts);

  button.addEventListener('click', () => show(view() === null ? select.value || PROJECTABLE[0].name : null));
  select.addEventListener('change', () => show(select.value));
  store.subscribe((model, changed) => changed.has('shape') && apply());
  apply();
  return { get view() { return view(); } };
}
