// The points a landscape path visits, as chart points. On a 1-D surface a point is (x, loss(x)). A
// path that flies off is cut once it is far outside the view (its last point then points the way
// out); the chart clips what lies beyond the frame. The landscape chart draws these points and the
// lessons judge where a path ended from the same ones.

const OFF_VIEW = 3;  // a path is cut where it leaves the view by this many view widths

/**
 * @param {any} path one of the core's LandscapeView paths
 * @param {any} surface the LandscapeView's surface
 * @returns {Array<{x: number, y: number, step: number, loss: number, rate: number}>}
 */
export function pathPoints(path, surface) {
  const box = surface.view;
  const w = box.x_max - box.x_min;
  const h = box.y_max - box.y_min;
  const points = [];
  for (let k = 0; k < path.x.length; k++) {
    const x = path.x[k];
    const y = surface.dimensions === 1 ? path.loss[k] : path.y[k];
    if (!Number.isFinite(x) || !Number.isFinite(y)) break;
    points.push({ x, y, step: k, loss: path.loss[k], rate: path.learning_rate[k] });
    const far = x < box.x_min - OFF_VIEW * w || x > box.x_max + OFF_VIEW * w ||
      (surface.dimensions === 2 && (y < box.y_min - OFF_VIEW * h || y > box.y_max + OFF_VIEW * h));
    if (far) break;
  }
  return points;
}
