// Chart 3: loss against learning rate (log x, log y). The sweep's loss after E epochs per rate
// (a fresh copy of the same network per rate), filling in while the core trains; the range
// test's smoothed loss with its "valley" suggestion; the regions of too-small steps (left) and of
// too-large steps (right) shaded from the core's verdicts, in its words
// (core/words/verdict_words.cpp); each run's rate and the stability limit 2/λ₀ of the sharpness
// at the initial weights (the core's) as vertical lines. Only the core's numbers and words are drawn.
import { chartMarks } from '../../charts/chart-marks.js';
import { withAlpha } from '../../charts/palette.js';
import { logTicks } from '../../charts/theme.js';
import { formatNumber, formatRate } from '../../words/format.js';
import { MEASURE_WORDS } from '../../words/measure-words.js';

const Chart = globalThis.Chart;

const cssVar = (name, fallback) =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

// A verdict tone's colour (the core's VerdictWords.tone), from the page's one palette of tones in
// web/styles/style.css; '' for none.
const toneColour = (tone) => (tone ? cssVar(`--tone-${tone}`, '') : '');
// A divergence the run recorded is marked before the sweep's verdicts exist, in the tone the core
// gives a diverged verdict.
const DIVERGENCE_TONE = 'unstable';

export function createSweepChart(canvas) {
  const chart = new Chart(canvas, {
    type: 'line',
    data: { datasets: [], lrlab: { regions: [], labels: [] } },
    plugins: [chartMarks],
    options: {
      animation: false,
      parsing: false,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', intersect: false },
      elements: { line: { tension: 0 } },
      scales: {
        // Decades only: seven rate labels fit across a phone without turning sideways.
        x: { type: 'logarithmic', title: { display: true, text: 'learning rate (log scale)' }, ticks: decadeTicks() },
        y: { type: 'logarithmic', title: { display: true, text: 'loss (log scale)' }, ticks: logTicks() },
      },
      plugins: {
        legend: { labels: { boxWidth: 24, filter: (item, data) => !data.datasets[item.datasetIndex].lrlab?.noLegend } },
        tooltip: { callbacks: { title: () => '', label: (item) => describeSweepPoint(item.dataset, item.raw) } },
      },
    },
  });

  // view: {sweep: {result, done, epochs}, range: {result, done}, runs: [{label, rate, colour}],
  //        bound: number | NaN, xMin, xMax, request: {token, workers, requestedAt, done}}
  function render(view) {
    const fg = cssVar('--fg', '#1b1b1f');
    const muted = cssVar('--muted', '#50505a');
    const datasets = [];
    const { sweep, range } = view;
    const finite = [];  // every plotted loss, for the y range

    let points = [];
    let diverged = [];
    if (sweep?.result) {
      const r = sweep.result;
      for (let i = 0; i < r.rates.length; i++) {
        if (!(r.epochs_run[i] > 0) && !r.diverged[i]) continue;  // not trained yet
        // The core's verdict (its kind id and words) once the sweep is done.
        const point = { x: r.rates[i], y: r.final_train_loss[i], verdict: r.verdict[i] ?? '', words: r.words?.[i] ?? null,
          sentence: r.sentence[i] ?? '', divergedEpoch: r.diverged_epoch[i], epochs: r.epochs_run[i] };
        if (r.diverged[i]) diverged.push(point);
        else if (Number.isFinite(point.y) && point.y > 0) {
          points.push(point);
          finite.push(point.y);
        }
      }
      const initial = r.initial_train_loss.find((v) => Number.isFinite(v) && v > 0);
      if (initial) finite.push(initial);
    }
    let rangePoints = [];
    let suggestion = null;
    if (range?.result) {
      const r = range.result;
      for (let i = 0; i < r.rates.length; i++) {
        const y = r.smoothed[i];
        if (Number.isFinite(y) && y > 0) rangePoints.push({ x: r.rates[i], y });
      }
      // The range test ends in its blow-up; the y range follows the sweep, and the blow-up's
      // tail runs off the top of the chart rather than squashing the U-curve.
      for (const p of rangePoints) if (!sweep?.result) finite.push(p.y);
      const v = r.valley;
      if (range.done && Number.isFinite(v?.rate) && v.index >= 0) {
        suggestion = { x: v.rate, y: r.smoothed[v.index], text: `finder suggests ${formatRate(v.rate)}` };
        if (Number.isFinite(suggestion.y) && suggestion.y > 0) finite.push(suggestion.y);
        else suggestion = null;
      }
    }
    // Head room above the curve: the region labels take the top row, the diverged marks the next.
    const yMin = finite.length ? Math.min(...finite) / 1.6 : 0.01;
    const yMax = finite.length ? Math.max(...finite) * 6 : 1;
    rangePoints = rangePoints.map((p) => (p.y > yMax ? { x: p.x, y: yMax } : p));
    // A diverged rate has no final loss to plot: it is marked at the top edge.
    diverged = diverged.map((p) => ({ ...p, y: yMax / 2.6 }));

    datasets.push({
      label: `loss after ${sweep?.epochs ?? ''} epochs (one fresh run per rate)`,
      data: points, borderColor: fg, backgroundColor: fg, borderWidth: 3,
      pointRadius: 4, pointHoverRadius: 7,
      pointBackgroundColor: points.map((p) => toneColour(p.words?.tone) || fg),
      pointBorderColor: points.map((p) => toneColour(p.words?.tone) || fg),
      lrlab: { role: 'sweep' },
    });
    datasets.push({
      label: 'diverged', data: diverged, showLine: false,
      pointStyle: 'crossRot', pointRadius: 8, pointHoverRadius: 10, borderWidth: 3,
      borderColor: toneColour(DIVERGENCE_TONE), backgroundColor: toneColour(DIVERGENCE_TONE),
      lrlab: { role: 'sweep-diverged', noLegend: !diverged.length },
    });
    datasets.push({
      label: 'range test (rate rising every step)', data: rangePoints,
      borderColor: muted, backgroundColor: muted, borderWidth: 2, borderDash: [6, 4], pointRadius: 0,
      lrlab: { role: 'range' },
    });
    if (suggestion) {
      datasets.push({
        label: suggestion.text, data: [suggestion], showLine: false, pointStyle: 'star',
        pointRadius: 14, pointHoverRadius: 16, borderWidth: 3, borderColor: '#E69F00', backgroundColor: '#E69F00',
        lrlab: { role: 'suggestion' },
      });
    }
    // The rate the card recommends (the core's: the lowest validation loss where there is one),
    // circled on its dot: the dots show the training loss, so it need not be the lowest one.
    const advice = sweep?.done ? sweep.result.recommendation : null;
    const adviceDot = advice?.index >= 0 ? points.find((p) => p.x === advice.rate) : null;
    if (adviceDot) {
      datasets.push({
        label: `recommended ${formatRate(advice.rate)} (lowest ${MEASURE_WORDS[advice.measure] ?? advice.measure})`,
        data: [{ x: adviceDot.x, y: adviceDot.y }], showLine: false, pointStyle: 'circle',
        pointRadius: 11, pointHoverRadius: 13, borderWidth: 3, borderColor: fg, backgroundColor: 'transparent',
        lrlab: { role: 'recommended' },
      });
    }
    const labels = [];
    const vertical = (x, role, colour, text, extra = {}) => {
      datasets.push({
        label: text, data: [{ x, y: yMin }, { x, y: yMax }], borderColor: colour, backgroundColor: colour,
        borderWidth: 2, pointRadius: 0, pointHitRadius: 0, lrlab: { role, noLegend: true, rate: x }, ...extra,
      });
      labels.push({ x, text, colour });
    };
    if (Number.isFinite(view.bound) && view.bound > 0) {
      vertical(view.bound, 'bound', fg, `2/λ₀ = ${formatRate(view.bound)}`, { borderDash: [2, 3], borderWidth: 3 });
    }
    for (const run of view.runs) vertical(run.rate, 'run-rate', run.colour, run.label, { borderDash: [10, 5] });

    chart.data.datasets = datasets;
    // The core's best rate of a finished sweep (lowest final loss), for readers such as the lessons.
    const result = sweep?.done ? sweep.result : null;
    const best = result?.best_index >= 0
      ? { rate: result.rates[result.best_index], loss: result.best_final_loss,
        verdict: result.verdict[result.best_index], words: result.words[result.best_index] } : null;
    // The best steadily converging rate (the core's), which differs from `best` when the lowest
    // final loss lies among oscillating rates.
    const steady = result?.best_converging_index >= 0
      ? { rate: result.rates[result.best_converging_index], loss: result.best_converging_loss } : null;
    // The core's recommendation (SweepRecommendation: rate, measure, band of rates about as good).
    const recommendation = result?.recommendation?.index >= 0 ? { ...result.recommendation } : null;
    chart.data.lrlab = { regions: sweep?.done ? regionsOf(points, diverged, sweep.result) : [], labels, request: view.request, best, steady, recommendation };
    Object.assign(chart.options.scales.y, { min: yMin, max: yMax });
    Object.assign(chart.options.scales.x, { min: view.xMin, max: view.xMax });
    chart.update('none');
  }

  return { chart, render };
}

// The regions are drawn from the verdicts, dot by dot, so no dot can sit in a region that
// contradicts its colour: every maximal stretch of neighbouring rates whose verdicts the core puts
// in the same region (VerdictWords.region) is one region, and a rate in none (converging, too
// short) lies in none. Each region spans half-way (on the log axis) to the neighbouring rate on
// either side; the outermost reach the chart's edges. Only a region's first stretch reaching the
// left edge, or last stretch reaching the right edge (VerdictWords.region_edge), carries the
// core's words for it; a lone stretch in the middle of the curve is shaded without them.
const regionOf = (words) => words?.region ?? '';

// Maximal stretches of neighbouring items of the same kind (kindOf: item -> kind, '' for none):
// [{kind, start, end}], indices inclusive. The regions here and the sweep card's words about
// plateaus (web/views/sweep/sweep-words.js) group the verdicts the same way.
export function verdictStretches(verdicts, kindOf = regionOf) {
  const stretches = [];
  verdicts.forEach((verdict, i) => {
    const kind = kindOf(verdict);
    if (!kind) return;
    const last = stretches.at(-1);
    if (last && last.kind === kind && last.end === i - 1) last.end = i;
    else stretches.push({ kind, start: i, end: i });
  });
  return stretches;
}

function regionsOf(points, diverged, result) {
  const all = [...points, ...diverged].sort((a, b) => a.x - b.x);
  if (all.length < 2) return [];
  const edge = (i, j) => Math.sqrt(all[i].x * all[j].x);  // geometric mid-point on a log axis
  const stretches = verdictStretches(all.map((p) => p.words));
  return stretches.map((s) => {
    const slice = all.slice(s.start, s.end + 1);
    const from = s.start === 0 ? Math.min(result.rates[0], all[0].x) / 2 : edge(s.start - 1, s.start);
    const to = s.end === all.length - 1 ? Math.max(result.rates.at(-1), all.at(-1).x) * 2 : edge(s.end, s.end + 1);
    // The region's words and colour are its highest-ranked member's (a diverged rate among
    // bouncing ones names the divergence).
    const top = slice.reduce((a, p) => (p.words.region_rank > a.region_rank ? p.words : a), slice[0].words);
    const colour = toneColour(top.tone);
    const ofKind = stretches.filter((t) => t.kind === s.kind);
    const labelled = top.region_edge === 'left' ? s === ofKind[0] && s.start === 0
      : s === ofKind.at(-1) && s.end === all.length - 1;
    return { kind: s.kind, from, to, label: labelled ? top.region_label : '', colour: withAlpha(colour, 0.14), textColour: colour,
      verdicts: slice.map((p) => p.verdict), rates: slice.length, align: top.region_edge };
  });
}

// The sweep's verdict at any rate, as the chart shades it: the verdict of the nearest rate of the
// sweep on the log axis (the regions' edges are the geometric mid-points). '' before it is done.
export function sweepVerdictAt(result, rate) {
  if (!result || !(rate > 0)) return { verdict: '', index: -1 };
  let best = -1;
  for (let i = 0; i < result.rates.length; i++) {
    if (!result.verdict[i]) continue;
    if (best < 0 || Math.abs(Math.log(result.rates[i] / rate)) < Math.abs(Math.log(result.rates[best] / rate))) best = i;
  }
  return best < 0 ? { verdict: '', index: -1 } : { verdict: result.verdict[best], index: best };
}

function decadeTicks() {
  return {
    autoSkip: false,
    maxRotation: 0,
    callback(value) {
      const exponent = Math.log10(value);
      return Math.abs(exponent - Math.round(exponent)) < 1e-9 ? formatNumber(value, 1) : '';
    },
  };
}

// Words for one point, for the tooltip and for reading the chart with the keyboard.
export function describeSweepPoint(dataset, raw) {
  const role = dataset.lrlab?.role;
  if (role === 'sweep' || role === 'sweep-diverged') {
    const head = `rate ${formatNumber(raw.x, 3)}: `;
    if (role === 'sweep-diverged') return `${head}diverged in epoch ${raw.divergedEpoch + 1}`;
    const verdict = raw.words ? ` ${raw.words.tooltip}` : '';
    return `${head}loss ${formatNumber(raw.y, 4)} after ${raw.epochs} epochs${verdict}`;
  }
  if (role === 'range') return `range test at rate ${formatNumber(raw.x, 3)}: smoothed loss ${formatNumber(raw.y, 4)}`;
  if (role === 'suggestion') return raw.text;
  return dataset.label;
}
