// Under the loss chart, where a student looks for the explosion that never comes: on a
// classification problem with saturating units the loss stays bounded at any rate on the slider,
// so a too-high rate bounces instead of diverging. The page says so, and one click switches to a
// problem where it does diverge.
import { el } from '../../controls/dom.js';

const SATURATING = ['tanh', 'sigmoid'];

// options: {element, registry, show()}
export function divergenceHint({ element, registry, show }) {
  const tasks = new Map(registry.problems.map((problem) => [problem.name, problem.task]));
  const button = el('button', { type: 'button', className: 'small' }, 'Show a run that diverges');
  button.addEventListener('click', show);
  element.replaceChildren(
    el('span', {}, 'Why does a huge rate not explode here? On this classification problem the loss stays bounded: ' +
      'the tanh units saturate and cross-entropy grows only linearly, so a too-high rate bounces instead of diverging. ' +
      'On a regression problem (squared error) it explodes: '),
    button);
  let shown = null;
  return {
    update(settings) {
      const bounded = tasks.get(settings.problem.name) !== 'regression' && SATURATING.includes(settings.model.activation);
      if (bounded === shown) return;
      shown = bounded;
      element.hidden = !bounded;
    },
  };
}
