// How the loss chart draws ReduceLROnPlateau's cuts (▼): large and filled while they are few,
// small and faint once they are dense (patience 5 over a long run cuts every few epochs, and
// full-size triangles then merge into a solid band that hides the loss lines). Dense means the
// cuts lie closer than DENSE_SHARE of the run's epochs apart on average: about one marker's width
// on a chart a few hundred pixels wide. Each cut stays marked and readable by hover or keyboard.
import { withAlpha } from '../../charts/palette.js';

export const DENSE_SHARE = 0.03;

// markers: [{x}] in epochs; span: the run's epochs so far; colour: the run's.
export function plateauMarkStyle(markers, span, colour) {
  const spacing = markers.length > 1 ? (markers.at(-1).x - markers[0].x) / (markers.length - 1) : Infinity;
  const dense = markers.length > 3 && spacing < DENSE_SHARE * Math.max(span, 1);
  return dense
    ? { pointRadius: 4, pointHoverRadius: 8, borderWidth: 1, backgroundColor: withAlpha(colour, 0.25) }
    : { pointRadius: 9, pointHoverRadius: 11, borderWidth: 2, backgroundColor: withAlpha(colour, 0.5) };
}
