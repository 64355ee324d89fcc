// A chart series whose size is bounded by the chart's width, not by the run's length: points
// arrive in increasing x, fall into buckets of equal width, and each bucket keeps its lowest and
// highest point, drawn in x order. So a spike or a blow-up is never averaged away, and a series
// of a million epochs costs the chart (and memory) what one of a few thousand does. While there
// are no more points than buckets, every point is kept as it is.
//
// When the buckets would exceed `maxBuckets`, the bucket width doubles and pairs of buckets merge
// (the way the core thins its step records), so the work per point is constant amortised.
//
// Written here rather than taken from Chart.js's decimation plugin: that plugin decimates the
// whole dataset on every update, so the page would still hold (and Chart.js still walk) every
// point; this keeps only what is drawn, and updates only the last bucket per new point.

export const DEFAULT_MAX_BUCKETS = 1024;

export class BucketSeries {
  constructor(maxBuckets = DEFAULT_MAX_BUCKETS) {
    this.maxBuckets = maxBuckets;
    this.width = 1;        // x units per bucket
    this.buckets = [];     // {index, low: {x, y}, high: {x, y}}
    this.points = [];      // what the chart draws: each bucket's low and high in x order
    this.origin = null;    // x of the first point: buckets count from here
    this.tailCount = 0;    // how many of `points` the last bucket owns (1 or 2)
    this.version = 0;      // counts changes, so a chart can copy `points` only when they changed
    this.count = 0;        // points added: a bucket's low and high are drawn in the order they came
  }

  get length() {
    return this.points.length;
  }

  // Points must come in increasing x (equal x replaces nothing: both are kept in their bucket).
  add(x, y) {
    this.version++;
    if (this.origin === null) this.origin = x;
    const index = Math.floor((x - this.origin) / this.width);
    const n = this.count++;
    const last = this.buckets.at(-1);
    if (last && last.index === index) {
      if (y < last.low.y) [last.low, last.lowN] = [{ x, y }, n];
      if (y > last.high.y) [last.high, last.highN] = [{ x, y }, n];
      this.replaceTail(last);
      return;
    }
    const point = { x, y };
    const bucket = { index, low: point, high: point, lowN: n, highN: n };
    this.buckets.push(bucket);
    this.points.push(point);
    this.tailCount = 1;
    if (this.buckets.length > this.maxBuckets) this.coarsen();
  }

  // The last bucket's points, redrawn after it took a new low or high.
  replaceTail(bucket) {
    // The tail bucket owns the last one or two points of `points`.
    this.points.length -= this.tailCount;
    const shown = drawnPoints(bucket);
    this.points.push(...shown);
    this.tailCount = shown.length;
  }

  // Twice as wide buckets: merge each pair, then rebuild the drawn points once.
  coarsen() {
    this.width *= 2;
    const merged = [];
    for (const bucket of this.buckets) {
      const index = Math.floor(bucket.index / 2);
      const last = merged.at(-1);
      if (last && last.index === index) {
        if (bucket.low.y < last.low.y) [last.low, last.lowN] = [bucket.low, bucket.lowN];
        if (bucket.high.y > last.high.y) [last.high, last.highN] = [bucket.high, bucket.highN];
      } else {
        merged.push({ ...bucket, index });
      }
    }
    this.buckets = merged;
    this.rebuild();
  }

  rebuild() {
    const points = [];
    for (const bucket of this.buckets) points.push(...drawnPoints(bucket));
    this.points = points;
    const last = this.buckets.at(-1);
    this.tailCount = last ? drawnPoints(last).length : 0;
  }

  // Everything at x > limit goes (a run truncated back to an earlier epoch).
  truncate(limit) {
    this.version++;
    this.buckets = this.buckets
      .map((bucket) => {
        const low = bucket.low.x <= limit ? bucket.low : null;
        const high = bucket.high.x <= limit ? bucket.high : null;
        if (!low && !high) return null;
        return { index: bucket.index, low: low ?? high, high: high ?? low,
          lowN: low ? bucket.lowN : bucket.highN, highN: high ? bucket.highN : bucket.lowN };
      })
      .filter(Boolean);
    this.rebuild();
    if (!this.buckets.length) this.origin = null;
  }
}

// A bucket's one or two points, in the order they came (so a rate's step down at one x is drawn
// as a drop, and a spike keeps its place in time).
function drawnPoints(bucket) {
  if (bucket.low === bucket.high) return [bucket.low];
  return bucket.lowN <= bucket.highN ? [bucket.low, bucket.high] : [bucket.high, bucket.low];
}
