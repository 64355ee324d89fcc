// Links that shape the page, as TensorFlow Playground's hidden controls do: `?hide=settings,sweep`
// in the URL's query hides those panels, so a teacher's link opens on exactly what the class
// should look at (a lesson via the fragment's &lesson=N, a setting via #s=..., projector mode via
// ?projector). A "Show all panels" button in the share bar brings everything back.
import { el } from '../controls/dom.js';

// Each panel a link may hide: its name in the URL, its label in the "Make a link" dialog, and
// where it is on the page.
export const PANELS = [
  { name: 'runs', label: 'Runs and their rates', find: () => document.querySelector('.runs-panel') },
  { name: 'transport', label: 'Play, pause and speed', find: () => document.querySelector('.transport') },
  { name: 'loss', label: 'Loss while training', find: () => document.getElementById('loss-chart')?.closest('figure') },
  { name: 'sweep', label: 'Loss against learning rate', find: () => document.getElementById('sweep-card') },
  { name: 'landscape', label: 'Loss landscape', find: () => document.getElementById('landscape-card') },
  { name: 'step-sizes', label: 'Step size per parameter', find: () => document.getElementById('step-size-card') },
  { name: 'schedule', label: 'Learning-rate schedule', find: () => document.getElementById('schedule-card') },
  { name: 'optimizer', label: 'Optimizer', find: () => document.getElementById('optimizer-card') },
  { name: 'plateau', label: 'Plateau callback', find: () => document.getElementById('plateau-card') },
  { name: 'problem', label: 'Problem and model', find: () => document.getElementById('problem-card') },
];
// Shorthand for every settings card at once.
const GROUPS = { settings: ['schedule', 'optimizer', 'plateau', 'problem'] };

// ?hide=settings,sweep -> ['schedule', 'optimizer', 'plateau', 'problem', 'sweep']; unknown names
// are returned apart so the page can say it ignored them.
export function hiddenPanels(search) {
  const asked = (new URLSearchParams(search).get('hide') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const known = new Set(PANELS.map((p) => p.name));
  const names = new Set();
  const unknown = [];
  for (const name of asked) {
    if (GROUPS[name]) GROUPS[name].forEach((n) => names.add(n));
    else if (known.has(name)) names.add(name);
    else unknown.push(name);
  }
  return { names: PANELS.map((p) => p.name).filter((n) => names.has(n)), unknown };
}

// The query part of a shaped link: {hide: [names], projector: view or null}.
export function shapeQuery({ hide = [], projector = null }) {
  const params = [];
  if (projector) params.push(`projector=${encodeURIComponent(projector)}`);
  if (hide.length) params.push(`hide=${hide.map(encodeURIComponent).join(',')}`);
  return params.length ? `?${params.join('&')}` : '';
}

// Hides the panels the URL names; returns {names, unknown}. showNotice(text) reports unknown names.
export function startPageShape({ showNotice }) {
  const { names, unknown } = hiddenPanels(location.search);
  const hidden = [];
  for (const name of names) {
    const node = PANELS.find((p) => p.name === name).find();
    if (!node) continue;
    node.classList.add('shaped-hidden');
    hidden.push(node);
  }
  if (unknown.length) {
    showNotice(`This link asked to hide ${unknown.map((n) => `"${n}"`).join(', ')}, which the page does not have (panels: settings, ${PANELS.map((p) => p.name).join(', ')}); shown as usual.`);
  }
  if (hidden.length) {
    const button = el('button', { type: 'button', id: 'show-all-panels' }, 'Show all panels');
    document.getElementById('share-status')?.before(button);
    button.addEventListener('click', () => {
      for (const node of hidden) node.classList.remove('shaped-hidden');
      const url = new URL(location.href);
      url.searchParams.delete('hide');
      history.replaceState(history.state, '', url);
      button.remove();
    });
  }
  return { names, unknown };
}
