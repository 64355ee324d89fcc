// Every panel a link may hide or a lesson may point at, in page order: the views (registered in
// web/views/registry.js) between the runs' and transport's panels and the settings cards.
import { VIEWS } from '../views/registry.js';

/** @typedef {{name: string, title: string, panel: () => Element | null, veil?: () => Element | null}} Panel */

const byId = (id) => () => document.getElementById(id);

/** @type {Panel[]} */
const BEFORE_VIEWS = [
  { name: 'runs', title: 'Runs and their rates', panel: () => document.querySelector('.runs-panel') },
  { name: 'transport', title: 'Play, pause and speed', panel: () => document.querySelector('.transport') },
];
// The schedule's card holds its controls and the schedule view's preview (VIEWS' 'schedule').
/** @type {Panel[]} */
const SETTINGS_CARDS = [
  { name: 'optimizer', title: 'Optimizer', panel: byId('optimizer-card') },
  { name: 'plateau', title: 'Callbacks (plateau, early stopping)', panel: byId('plateau-card') },
  { name: 'problem', title: 'Problem and model', panel: byId('problem-card') },
];

/** @type {Panel[]} */
export const PANELS = [...BEFORE_VIEWS, ...VIEWS.filter((view) => view.hideable), ...SETTINGS_CARDS];
export const PANEL_NAMES = PANELS.map((panel) => panel.name);
export const PROJECTABLE = VIEWS.filter((view) => view.projectable);
export const PROJECTABLE_NAMES = PROJECTABLE.map((view) => view.name);
