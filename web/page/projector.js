// Projector mode: for a room, not a desk. The loss chart and one other view (the loss against the
// rate by default) side by side on a 1920x1080 screen, the controls reduced to the rates and the
// transport, larger type (Chart.js ticks >= 18 px) and thicker lines. On with the Projector
// button or a link with ?projector (or ?projector=landscape / step-sizes for the other view);
// the flag lives in the URL's query, beside the state fragment, so a copied link keeps it.
import { applyTheme } from '../charts/theme.js';
import { el, uniqueId } from '../controls/dom.js';

export const PROJECTOR_VIEWS = {
  sweep: 'Loss against learning rate',
  landscape: 'Loss landscape',
  'step-sizes': 'Step size per parameter',
};
const LINE_SCALE = 1.6;

// ?projector, ?projector=landscape -> the view beside the loss chart; null when off.
export function projectorView(search) {
  const params = new URLSearchParams(search);
  if (!params.has('projector')) return null;
  const view = params.get('projector');
  return view in PROJECTOR_VIEWS ? view : 'sweep';
}

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

export function startProjector() {
  const { Chart } = /** @type {any} */ (globalThis);
  let view = projectorView(location.search);
  Chart.register(linePlugin(() => view !== null));

  const button = el('button', { type: 'button', id: 'projector-toggle', 'aria-pressed': 'false' }, 'Projector');
  const selectId = uniqueId('projector-view');
  const select = el('select', { id: selectId },
    Object.entries(PROJECTOR_VIEWS).map(([value, label]) => el('option', { value }, label)));
  const picker = el('span', { className: 'projector-picker' }, el('label', { htmlFor: selectId }, 'Beside the loss chart'), select);
  const bar = document.querySelector('.share-bar');
  bar?.insertBefore(picker, document.getElementById('share-status'));
  bar?.insertBefore(button, picker);

  function writeUrl() {
    const url = new URL(location.href);
    if (view) url.searchParams.set('projector', view);
    else url.searchParams.delete('projector');
    history.replaceState(history.state, '', url);
  }

  function apply() {
    const root = document.documentElement;
    root.classList.toggle('projector', view !== null);
    if (view) root.dataset.projectorView = view;
    else delete root.dataset.projectorView;
    button.setAttribute('aria-pressed', String(view !== null));
    picker.hidden = view === null;
    select.value = view ?? 'sweep';
    // Type size comes from the CSS (--chart-font-size); the charts re-read it, and redraw their
    // lines through the plugin above.
    applyTheme(Object.values(Chart.instances));
  }

  button.addEventListener('click', () => {
    view = view === null ? select.value || 'sweep' : null;
    writeUrl();
    apply();
  });
  select.addEventListener('change', () => {
    view = select.value;
    writeUrl();
    apply();
  });
  apply();
  return { get view() { return view; } };
}
