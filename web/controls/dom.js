// Small DOM helpers. Text always goes in through textContent (never innerHTML), so nothing a user
// typed or a link carried can become markup or script.
let uid = 0;
export const uniqueId = (prefix) => `${prefix}-${++uid}`;

// el('button', {type: 'button', className: 'x', 'aria-label': '...'}, 'text' | Node, ...)
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'className') node.className = value;
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name === 'htmlFor') node.setAttribute('for', value);
    else if (name in node && typeof value !== 'string') node[name] = value;
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// An element's text replaced in place: the data of its one text node changes, no node is made or
// dropped (a move of the page's cursor rewrites a few dozen lines: through textContent each would
// be a new node for the layout tree to build and the garbage collector to take). The same text
// again writes nothing.
export function setText(node, text) {
  const only = node.firstChild;
  if (only && only === node.lastChild && only.nodeType === 3) {
    if (only.data !== text) only.data = text;
  } else if (node.textContent !== text) {
    node.textContent = text;
  }
}

// An error line shown beside a control and announced; empty hides it.
export function errorLine(id) {
  const line = el('p', { className: 'field-error', id, role: 'alert' });
  line.hidden = true;
  return {
    element: line,
    show(message) {
      line.textContent = message ?? '';
      line.hidden = !message;
    },
  };
}

// A parameter's name ("l2_shrinkage_regularization_strength") as label content that may wrap
// after each underscore (a <wbr> there): its text, and so its accessible name, stay the same.
export function breakable(name) {
  return String(name).split(/(?<=_)/).flatMap((part, i) => (i ? [el('wbr'), part] : [part]));
}
