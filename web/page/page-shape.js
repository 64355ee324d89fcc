// Links that shape the page, as TensorFlow Playground's hidden controls do: `?hide=settings,sweep`
// in the URL's query hides those panels, so a teacher's link opens on exactly what the class
// should look at (a lesson via the fragment's &lesson=N, a setting via #s=..., projector mode via
// ?projector; all declared in web/page/url-schema.js). The panels hidden are the page model's
// shape.hidden; a "Show all panels" button in the share bar brings everything back.
import { el } from '../controls/dom.js';
import { PANELS } from './panels.js';
import { withQueryField } from './url-schema.js';

/**
 * @param {{store: import('./model.js').ModelStore, unknown: string[], showNotice: (text: string) => void}} options
 *   unknown: the names ?hide gave that the page has no panel for
 */
export function startPageShape({ store, unknown, showNotice }) {
  if (unknown.length) {
    showNotice(`This link asked to hide ${unknown.map((n) => `"${n}"`).join(', ')}, which the page does not have (panels: settings, ${PANELS.map((p) => p.name).join(', ')}); shown as usual.`);
  }
  const button = el('button', { type: 'button', id: 'show-all-panels' }, 'Show all panels');
  button.addEventListener('click', () => {
    const { shape } = store.get();
    store.update({ shape: { ...shape, hidden: [] } });
    history.replaceState(history.state, '', withQueryField(location.href, 'hide', null));
  });
  function render({ shape }) {
    for (const panel of PANELS) panel.panel()?.classList.toggle('shaped-hidden', shape.hidden.includes(panel.name));
    if (!shape.hidden.length) button.remove();
    else if (!button.isConnected) document.getElementById('share-status')?.before(button);
  }
  store.subscribe((model, changed) => changed.has('shape') && render(model));
  render(store.get());
}
