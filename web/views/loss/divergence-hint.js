// Where a student looks for the explosion that never comes: on a classification problem with
// saturating units the loss stays bounded at any rate on the slider, so a too-high rate bounces
// instead of diverging. The page says so under the loss chart, and one click beside the runs (on
// the first screen, with the runs that stall, converge and overshoot) switches to a problem where
// it does diverge.
import { el } from '../../controls/dom.js';

const SATURATING = ['tanh', 'sigmoid'];

// options: {element: the explanation's paragraph, slot: where the button goes, registry, show()}
export function divergenceHint({ element, slot, registry, show }) {
  const tasks = new Map(registry.problems.map((problem) => [problem.name, problem.task]));
  element.id ||= 'divergence-hint';
  const button = el('button', { type: 'button', id: 'show-divergence', className: 'small', 'aria-describedby': element.id },
    'Show a run that diverges');
  button.addEventListener('click', show);
  slot.append(button);
  element.replaceChildren(
    'Why does a huge rate not explode here? On this classification problem the loss stays bounded: ' +
    'the tanh units saturate and cross-entropy grows only linearly, so a too-high rate bounces instead of diverging. ' +
    'On a regression problem (squared error) it explodes: "Show a run that diverges", beside the runs, trains one.');
  let shown = null;
  return {
    update(settings) {
      const bounded = tasks.get(settings.problem.name) !== 'regression' && SATURATING.includes(settings.model.activation);
      if (bounded === shown) return;
      shown = bounded;
      element.hidden = !bounded;
      button.hidden = !bounded;
    },
  };
}
