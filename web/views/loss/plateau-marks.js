// How the loss chart marks ReduceLROnPlateau's cuts (▼). Patience 5 over a long run cuts every
// few epochs, and one triangle per cut made a solid band that hid the loss lines; so cuts closer
// to the one before than DENSE_SHARE of the run's epochs (about one marker's width on a chart a
// few hundred pixels wide) are one marker that says how many cuts it stands for and from which
// rate to which. Every cut is still counted: the markers' counts add up to the core's cuts.
import { withAlpha } from '../../charts/palette.js';
import { formatNumber } from '../../words/format.js';

export const DENSE_SHARE = 0.03;

// cuts: [{x, y, oldLr, newLr}] in epoch order; span: the run's epochs so far.
// Returns [{x, y, count, text, label?}]: a merged marker sits at its first cut; label (drawn beside
// it) only when it stands for more than one cut.
export function mergePlateauCuts(cuts, span) {
  const gap = DENSE_SHARE * Math.max(span, 1);
  const markers = [];
  let group = [];
  const close = () => {
    if (group.length) markers.push(markerOf(group));
    group = [];
  };
  for (const cut of cuts) {
    if (group.length && cut.x - group.at(-1).x >= gap) close();
    group.push(cut);
  }
  close();
  return markers;
}

function markerOf(group) {
  const [first] = group;
  const last = group.at(-1);
  if (group.length === 1) {
    return { x: first.x, y: first.y, count: 1, text: `rate cut ${formatNumber(first.oldLr)} → ${formatNumber(first.newLr)}` };
  }
  return {
    x: first.x, y: first.y, count: group.length, label: `${group.length} cuts`,
    text: `${group.length} rate cuts in epochs ${first.x} to ${last.x}: ${formatNumber(first.oldLr)} → ${formatNumber(last.newLr)}`,
  };
}

// One style for every marker: merged ones no longer crowd the lines.
export const plateauMarkStyle = (colour) => ({ pointRadius: 9, pointHoverRadius: 11, borderWidth: 2, backgroundColor: withAlpha(colour, 0.5) });
