// The loss chart's learning-rate axis (logarithmic, right). It spans whole decades with every rate
// drawn strictly inside: fitted to the data, a constant rate made an axis from 0.1 to 0.1 with two
// labels and its line on the edge, clipped. It reaches at most RATE_DECADES decades under its top:
// a run cut by its plateau callback 55 times fell to 1e-52, and ticks down to there squashed every
// rate into a few pixels. A min_lr the rate reached is never under the floor.
export const RATE_DECADES = 6;

// 10^n written as the literal (10 ** -4 is 0.00009999999999999999).
const decade = (n) => Number(`1e${n}`);

// lowest, peak: the lowest and highest positive rates drawn; minLr: the plateau callback's floor
// when a run reached it (0 or undefined otherwise). Returns {min, max, cut} (cut: the rate falls
// below min) or null with no rate drawn.
export function rateAxisRange({ lowest, peak, minLr = 0 }) {
  if (!(peak > 0) || !Number.isFinite(lowest)) return null;
  const top = Math.floor(Math.log10(peak)) + 1;
  let bottom = Math.min(Math.ceil(Math.log10(lowest)) - 1, top - 2);
  const floor = top - RATE_DECADES;
  const reached = minLr > 0 ? Math.ceil(Math.log10(minLr)) - 1 : Infinity;
  const limit = Math.min(floor, reached);
  const cut = bottom < limit;
  if (cut) bottom = limit;
  return { min: decade(bottom), max: decade(top), cut };
}

// The axis's labels: its decades only (whole decades make its ends, so there are at least three),
// every other one past eight decades, written as the page writes rates. cut: the rate falls under
// the axis, whose lowest label then says so ("< 1e-6").
export function decadeLabel(value, { min, max }, format, cut = false) {
  const exponent = Math.log10(value);
  if (Math.abs(exponent - Math.round(exponent)) > 1e-9) return '';
  const bottom = Math.abs(value / min - 1) < 1e-9;
  if (cut && bottom) return `< ${format(value)}`;
  const decades = Math.round(Math.log10(max / min));
  const step = decades > 8 ? 2 : 1;
  return Math.round(exponent - Math.log10(max)) % step === 0 ? format(value) : '';
}
