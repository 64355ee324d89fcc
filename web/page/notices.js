// The notices above the page: one item per message, each with its own Dismiss button, so a link
// that reset two fields says so in two sentences rather than one run-on line. Messages that start
// with a core field path ("optimizer.beta_1: ...") are shown with the control's name instead.
import { readableMessage } from '../words/field-names.js';
import { el } from '../controls/dom.js';

export function noticeBoard(container) {
  const list = el('ul', { className: 'notice-list' });
  container.replaceChildren(list);
  const shown = new Set();

  function update() {
    container.hidden = list.children.length === 0;
  }

  return {
    show(message) {
      const text = readableMessage(String(message));
      if (shown.has(text)) return;  // the same notice twice says nothing new
      shown.add(text);
      const dismiss = el('button', { type: 'button', className: 'small notice-dismiss', 'aria-label': `Dismiss: ${text}` }, 'Dismiss');
      const item = el('li', {}, el('span', { className: 'notice-text' }, text), dismiss);
      dismiss.addEventListener('click', () => {
        const next = item.nextElementSibling ?? item.previousElementSibling;
        item.remove();
        shown.delete(text);
        update();
        // Keyboard users stay among the notices, or land back on the page.
        next?.querySelector('button')?.focus();
      });
      list.append(item);
      update();
    },
    clear() {
      list.replaceChildren();
      shown.clear();
      update();
    },
  };
}
