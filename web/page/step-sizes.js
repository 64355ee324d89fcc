// Each run's effective per-parameter step sizes, per recorded update, accumulated from the
// worker's history increments (the core's History.step_size_min/median/max). Kept apart from
// RunHistories because only the step-size chart reads them, and they are per step, not per epoch.
//
// Points are thinned as they arrive (at most MAX_POINTS per run, by doubling a stride the way the
// core thins its own records) so a long run costs the chart the same as a short one.

const MAX_POINTS = 1500;

const positive = (v) => Number.isFinite(v) && v > 0;

function emptySeries() {
  return { stride: 1, seen: 0, lastIndex: 0, median: [], min: [], max: [] };
}

export class StepSizes {
  constructor() {
    this.series = new Map();  // run key -> series
  }

  apply(increment) {
    let series = this.series.get(increment.key);
    if (!series || increment.fresh) {
      series = emptySeries();
      this.series.set(increment.key, series);
    }
    const index = increment.step_index;
    if (!index?.length) return;
    // A reset run starts counting updates again: drop what was drawn beyond its first new record.
    if (index[0] <= series.lastIndex) this.truncate(series, index[0]);
    for (let i = 0; i < index.length; i++) {
      const x = index[i];
      series.lastIndex = x;
      if (series.seen++ % series.stride !== 0) continue;
      const median = increment.step_size_median[i];
      const low = increment.step_size_min[i];
      const high = increment.step_size_max[i];
      if (!positive(median)) continue;  // a diverged step: nothing finite to draw
      series.median.push({ x, y: median });
      // The band needs both ends; a zero step (a parameter with no gradient) has no log value.
      series.min.push({ x, y: positive(low) ? low : median });
      series.max.push({ x, y: positive(high) ? high : median });
    }
    if (series.median.length > MAX_POINTS) this.thin(series);
  }

  thin(series) {
    for (const name of ['median', 'min', 'max']) series[name] = series[name].filter((_, i) => i % 2 === 0);
    series.stride *= 2;
  }

  truncate(series, fromIndex) {
    for (const name of ['median', 'min', 'max']) series[name] = series[name].filter((p) => p.x < fromIndex);
    series.lastIndex = series.median.at(-1)?.x ?? 0;
  }

  get(key) {
    return this.series.get(key);
  }

  remove(key) {
    this.series.delete(key);
  }
}
