// The loss landscape: the core's contours of a surface and each run's path on it with the run's
// optimizer and schedule (the shared ones, or its own: web/page/state.js runSettings) at its rate (the worker's 'landscape'). Its result goes into the
// model (experiments.landscape), where the lessons read where each path ended.
import { createLandscapeChart, describePathPoint } from './landscape-chart.js';
import { attachChartKeyboard } from '../../charts/chart-keyboard.js';
import { el } from '../../controls/dom.js';
import { formatNumber, formatRate } from '../../words/format.js';
import { isRealProblem } from '../../page/data-sources.js';
import { latestWins } from '../../protocol/latest-wins.js';
import { clickSetsCursor, cursorLayer } from '../../charts/cursor-layer.js';
import { cursorAtX, cursorLimits } from '../../page/cursor.js';
import { runSettings } from '../../page/state.js';

/** @type {(id: string) => any} */
const $ = (id) => document.getElementById(id);
const SETTLE_MS = 120;

/** @param {import('../../page/model.js').PageState} state */
export function landscapeRequest(state) {
  const { settings } = state;
  /** @type {Record<string, any>} */
  const request = {
    surface: state.view.surface,
    runs: state.runs.map((run, i) => {
      // A branch's path is drawn at its rate from the start (its changes are not replayed here).
      const own = run.branch ? settings : runSettings(state, i);
      return { optimizer: { ...own.optimizer, learning_rate: run.rate }, schedule: own.schedule };
    }),
  };
  if (request.surface === 'linear') {
    request.seed = settings.seed;
    request.problem = { samples: settings.problem.samples, noise: settings.problem.noise, val_fraction: settings.problem.val_fraction };
  }
  return request;
}

// Whether the surface is the runs' own loss. Only a linear model (no hidden layer) on the linear
// problem has just two parameters; every other network has hundreds of weights and no 2-D
// picture, so the surface is a stand-in walked by the same rule, and its losses are not the loss
// chart's: the note must say so, or the two sets of numbers read as one. Real
// tables say so in a note of their own (web/views/real-data-notes.js).
function landscapeAgainstRuns(surfaceName, settings) {
  if (isRealProblem(settings.problem.name)) return '';
  if (surfaceName === 'linear' && settings.problem.name === 'linear' && settings.model.hidden.length === 0) {
    return 'Here it is the runs\' own loss: their linear model has just these two parameters.';
  }
  return 'It is not the runs\' network, whose many weights have no 2-D picture: the same optimizer and rates on a ' +
    'loss small enough to see, so its losses are not the loss chart\'s.';
}

function describeLandscape(view, runs, settings) {
  const { surface } = view;
  const parts = [`${surface.label}: ${surface.summary}.`];
  if (Number.isFinite(view.stability_bound)) {
    parts.push(`Plain gradient descent is stable below 2/L = ${formatRate(view.stability_bound)}.`);
  }
  const fates = view.paths.map((path, i) => {
    const name = runs[i]?.label ?? `run ${i + 1}`;
    return path.diverged ? `${name} diverged at step ${path.diverged_at_step}` : `${name} ends at loss ${formatNumber(path.loss.at(-1), 3)}`;
  });
  parts.push(`${fates.join('; ')}.`);
  $('landscape-status').textContent = parts.join(' ');
  const oneD = surface.dimensions === 1;
  $('landscape-note').replaceChildren(el('strong', {}, 'What am I looking at? '), oneD
    ? 'The loss along one parameter, with a shallow, narrow dip beside the deeper minimum. A small rate settles in the nearest dip and stays stuck; a larger one cannot stay in the narrow dip and lands in the deeper minimum; too large a rate flies off.'
    : 'Contour lines of the loss over two parameters, and the path each run\'s optimizer takes from the same start. Too high a rate jumps from one side of the valley to the other (a zig-zag) or flies off; too low a rate crawls.',
  ` ${landscapeAgainstRuns(surface.name, settings)}`);
}

/** @type {import('../view-context.js').View} */
export const landscapeView = {
  name: 'landscape',
  title: 'Loss landscape',
  named: 'the loss landscape',
  panel: () => $('landscape-card'),
  projectable: true,
  hideable: true,
  create({ store, call, propose, showNotice, setCursor }) {
    const chart = createLandscapeChart($('landscape-chart'));
    const marker = cursorLayer(chart.chart);
    // Its x is a parameter, not a time: a click points at the epoch of the nearest path point.
    clickSetsCursor(chart.chart, (x, y) => {
      const step = nearestPathStep(chart.chart, x, y);
      if (step !== null) setCursor(cursorAtX(step, cursorLimits(store.get())));
    }, { pixels: true });
    attachChartKeyboard(chart.chart, $('landscape-readout'), {
      lines: (c) => c.data.datasets.map((dataset, datasetIndex) => ({ dataset, datasetIndex }))
        .filter(({ dataset }) => dataset.lrlab?.role === 'path' && dataset.data.length),
      describe: describePathPoint,
    });
    const { registry } = store.get();
    const select = $('surface');
    select.replaceChildren(...registry.surfaces.map((name) => el('option', { value: name }, name)));
    // The picker's words come from the core: each surface's own label.
    Promise.all(registry.surfaces.map((surface) => call('landscape', { request: { surface, grid: 2, steps: 0 } })
      .then((view) => ({ surface, label: view.surface.label })).catch(() => null)))
      .then((labels) => {
        for (const entry of labels) {
          const option = entry && [...select.options].find((o) => o.value === entry.surface);
          if (option) option.textContent = entry.label;
        }
      });
    select.addEventListener('change', () => {
      const surface = select.value;
      propose((draft) => { draft.view = { ...draft.view, surface }; }, 'view.surface');
    });
    $('replay-paths').addEventListener('click', () => chart.replay());

    const publish = (changes) => {
      const { experiments } = store.get();
      store.update({ experiments: { ...experiments, landscape: { ...experiments.landscape, ...changes } } });
    };
    // Only the latest landscape asked is shown (web/protocol/latest-wins.js).
    const landscapes = latestWins((request) => call('landscape', { request }));
    let asked = '';  // the request asked last: the same one is not asked again
    let timer = null;
    function update(state) {
      if (!registry.surfaces.includes(state.view.surface)) {
        const fallback = registry.surfaces[0];
        showNotice(`The landscape surface "${state.view.surface}" is not one of ${registry.surfaces.join(', ')}; showing ${fallback}.`);
        propose((draft) => { draft.view = { ...draft.view, surface: fallback }; }, 'view.surface');
        return;
      }
      select.value = state.view.surface;
      const request = landscapeRequest(state);
      const key = JSON.stringify(request);
      const { landscape } = store.get().experiments;
      if (key === asked) {
        // The same surface and paths, but the words depend on the problem and network too.
        if (landscape.view) describeLandscape(landscape.view, landscape.runs, state.settings);
        return;
      }
      asked = key;
      landscapes.supersede();  // the one in flight is old news, even before the new one is asked
      clearTimeout(timer);
      // A run with an optimizer of its own is named by it.
      const optimizerLabel = (run) => store.get().registry.optimizers.find((o) => o.name === run.own?.optimizer?.name)?.label;
      const runs = state.runs.map((run, index) => ({ key: run.key, rate: run.rate, colour: run.colour,
        label: `run ${index + 1}: ${optimizerLabel(run) ? `${optimizerLabel(run)}, ` : ''}${formatRate(run.rate)}` }));
      timer = setTimeout(async () => {
        publish({ status: 'running' });
        try {
          const answer = await landscapes.ask(request);
          if (answer.superseded) return;
          const view = answer.result;
          chart.render(view, runs);
          describeLandscape(view, runs, store.get().state.settings);
          publish({ status: 'done', view, runs, error: '' });
        } catch (error) {  // only the latest request's failure arrives here
          $('landscape-status').textContent = `The landscape could not be computed: ${error.message}`;
          publish({ status: 'failed', error: error.message });
        }
      }, landscape.view ? SETTLE_MS : 0);
    }
    store.subscribe((model, changed) => {
      if (changed.has('state')) update(model.state);
    });
    // Re-rendered when the theme changes, so colours read from CSS follow.
    window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
      const { landscape } = store.get().experiments;
      if (landscape.view) chart.render(landscape.view, landscape.runs, { restart: false });
    });
    return {
      charts: [chart.chart],
      cursor(model) {
        marker.set(landscapeMark(model, chart.chart.data.datasets));
      },
    };
  },
};

/**
 * Each run's position on its landscape path at the cursor: a ring on the point after as many
 * updates as the cursor's epochs (a path takes one full-batch update per epoch, core/experiments/
 * path.h), or on its last point when the path ended sooner. No vertical line: x is a parameter.
 * @param {import('../../page/model.js').PageModel} model
 * @param {any[]} datasets the landscape chart's datasets
 * @returns {import('../../charts/cursor-layer.js').CursorMark | null}
 */
export function landscapeMark(model, datasets) {
  const { cursor } = model;
  if (!cursor) return null;
  const points = [];
  for (const dataset of datasets) {
    if (dataset.lrlab?.role !== 'path') continue;
    const full = dataset.lrlab.full;
    const point = full[Math.min(cursor.epoch, full.length - 1)];
    if (point) points.push({ x: point.x, y: point.y, colour: dataset.borderColor, ring: true, step: point.step });
  }
  return { x: NaN, points };
}

/**
 * The step of the path point nearest a point of the chart's canvas (in pixels: the two axes have
 * their own units), over every run's recorded path drawn on the chart (the points the marker's
 * rings stand on; a run hidden from the legend is left out). A path takes one update per epoch,
 * so the step is the epoch the point stands for. Null with no path.
 * @param {any} chart the landscape's Chart.js chart
 * @param {number} px
 * @param {number} py
 * @returns {number | null}
 */
export function nearestPathStep(chart, px, py) {
  const { x: xScale, y: yScale } = chart.scales;
  let best = null;
  let bestDistance = Infinity;
  chart.data.datasets.forEach((dataset, index) => {
    if (dataset.lrlab?.role !== 'path' || !chart.isDatasetVisible(index)) return;
    for (const point of dataset.lrlab.full) {
      const distance = Math.hypot(xScale.getPixelForValue(point.x) - px, yScale.getPixelForValue(point.y) - py);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = point.step;
      }
    }
  });
  return best;
}
