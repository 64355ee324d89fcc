// Where a student looks for the explosion that never comes: on a classification problem trained
// with cross-entropy and saturating units, a too-high rate bounces instead of diverging (the loss
// grows only linearly in the network's outputs). The page says so under the loss chart, only when
// that is the problem and loss in use (a classification data set trained with squared error, as
// lesson 10 does, is not covered by the reason), with the highest loss a run climbed to as the
// core recorded it (its diagnosis' peak_loss or climb_loss), and one click beside the runs switches to a problem
// where the loss does diverge.
import { el } from '../../controls/dom.js';
import { formatNumber } from '../../words/format.js';

const SATURATING = ['tanh', 'sigmoid'];
const CROSS_ENTROPY = ['bce', 'softmax_ce'];

// Whether the reason holds for these settings: cross-entropy (named, or "auto" on a classification
// problem) on saturating units.
export function crossEntropyBounces(settings, tasks) {
  const task = tasks.get(settings.problem.name);
  const loss = settings.model.loss ?? 'auto';
  const crossEntropy = loss === 'auto' ? task !== undefined && task !== 'regression' : CROSS_ENTROPY.includes(loss);
  return crossEntropy && SATURATING.includes(settings.model.activation);
}

// The highest loss the core saw a shown run climb to, and that run's number (its index + 1, as
// web/views/loss/loss-view.js shownRuns gives it): per run the higher of its diagnosis' peak_loss
// (the highest after its best epoch) and climb_loss (the top of its largest climb above the lowest
// before it, where a run that settled lower again peaked). null without one.
export function highestPeak(runs) {
  let best = null;
  runs.forEach((run, i) => {
    const evidence = run.record?.diagnosis?.evidence ?? {};
    const peak = Math.max(...[evidence.peak_loss, evidence.climb_loss].map(Number).filter(Number.isFinite));
    if (Number.isFinite(peak) && (!best || peak > best.peak)) best = { peak, number: (run.index ?? i) + 1 };
  });
  return best;
}

// options: {element: the explanation's paragraph, slot: where the button goes, registry, show()}
export function divergenceHint({ element, slot, registry, show }) {
  const tasks = new Map(registry.problems.map((problem) => [problem.name, problem.task]));
  element.id ||= 'divergence-hint';
  const button = el('button', { type: 'button', id: 'show-divergence', className: 'small', 'aria-describedby': element.id },
    'Show a run that diverges');
  button.addEventListener('click', show);
  slot.append(button);
  let shown = null;
  let text = '';
  return {
    // settings: the shared settings; runs: the runs drawn ({number, record}).
    update(settings, runs = []) {
      const bounces = crossEntropyBounces(settings, tasks);
      if (bounces !== shown) {
        shown = bounces;
        element.hidden = !bounces;
        button.hidden = !bounces;
      }
      if (!bounces) return;
      const top = highestPeak(runs);
      const climbed = top ? ` Here the loss climbed to ${formatNumber(top.peak, 3)} (run ${top.number}) and stayed finite.` : '';
      const next = 'Why does a huge rate not explode here? On this classification problem, trained with cross-entropy, ' +
        `the ${settings.model.activation} units saturate and the loss grows only linearly in the outputs, so a too-high rate bounces instead of diverging.` +
        `${climbed} On a regression problem (squared error) it explodes: "Show a run that diverges", beside the runs, trains one.`;
      if (next !== text) element.replaceChildren((text = next));
    },
  };
}
