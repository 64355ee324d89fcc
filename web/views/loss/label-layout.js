// Where the loss chart writes its marker labels ("diverged in epoch 7", "59 cuts", "rate 1 → 3").
// No two labels written overlap. Labels that must be read (divergences, plateau counts, min_lr)
// are moved by whole lines, below then above their marker's place inside the plot, until they
// clear those written before them: runs diverging at one spot get a line each. Labels that may
// give way (a run's changes, an early stop) are left out when they would overlap one written
// (their marker and tooltip stay), and so is an older one of the same run that overlaps that
// run's left-out label, so a pile of changes never shows one a later change replaced.
const MAX_SHIFTS = 40;

// Boxes: {x: left, y: baseline, width, height}; area: {top, bottom}.
const overlap = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y - a.height < b.y && b.y - b.height < a.y;

// labels: wanted boxes in drawing order, each optionally {optional: true, group} (group: the run
// the label belongs to). Returns the boxes to draw, in the same order, without the left-out ones.
export function placeLabels(labels, area) {
  const placed = [];
  const leftOut = [];
  for (const label of labels) {
    if (label.optional) {
      const hidden = placed.some((p) => overlap(label, p)) ||
        leftOut.some((l) => l.group === label.group && overlap(label, l));
      if (hidden) leftOut.push(label);
      else placed.push(label);
      continue;
    }
    let box = label;
    for (let k = 1; k <= MAX_SHIFTS && placed.some((p) => overlap(box, p)); k++) {
      // +1, -1, +2, -2 ... lines; a place outside the plot is skipped.
      const lines = (k % 2 ? 1 : -1) * Math.ceil(k / 2);
      const y = label.y + lines * label.height;
      if (y - label.height < area.top || y > area.bottom) continue;
      box = { ...label, y };
    }
    placed.push(box);
  }
  return placed;
}
