// Where the loss chart writes its marker labels ("diverged in epoch 7", "59 cuts"). Runs that
// diverge at about the same epoch and loss have their ✕ in one spot, and labels written at each
// marker's own place lay on top of one another, unreadable. Each label is moved by whole lines,
// below then above its marker's place, until it overlaps none written before it, inside the plot.
const MAX_SHIFTS = 40;

// Boxes: {x: left, y: baseline, width, height}; area: {top, bottom}.
const overlap = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y - a.height < b.y && b.y - b.height < a.y;

// labels: wanted boxes, in drawing order. Returns the boxes to draw, in the same order.
export function placeLabels(labels, area) {
  const placed = [];
  for (const label of labels) {
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
