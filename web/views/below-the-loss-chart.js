// Part 2 of the page, wired to part 1 (web/page/main.js) through a few calls: the loss-against-rate
// chart (sweep + range test, run by the worker in slices), the loss landscape with each run's
// path, the adaptive step sizes, and sharing (copy link, CSV, PNG). main.js owns the state and
// the worker; this module reads the state it adopted, proposes changes through it (so they
// reach the URL like every other setting), and draws what the core computed.
import { createSweepChart, describeSweepPoint } from './sweep/sweep-chart.js';
import { bestWords, placeSuggestion, plateauWords, runsAgainstSweep } from './sweep/sweep-words.js';
import { createLandscapeChart, describePathPoint } from './landscape/landscape-chart.js';
import { createStepSizeChart, describeStep } from './step-sizes/step-size-chart.js';
import { attachChartKeyboard } from '../charts/chart-keyboard.js';
import { applyTheme } from '../charts/theme.js';
import { createSweepClient, SWEEP_OPTIONS, sweepOptionsFor } from '../page/sweep-client.js';
import { StepSizes } from './step-sizes/step-sizes.js';
import { downloadCsv, downloadPng, settingsSummary } from '../exports/export.js';
import { runSettings } from '../page/state.js';
import { el } from '../controls/dom.js';
import { formatNumber, formatRate } from '../words/format.js';
import { rateText } from '../words/run-label.js';
import { isRealProblem } from '../page/data-sources.js';

/** @type {(id: string) => any} */
const $ = (id) => document.getElementById(id);
const LANDSCAPE_SETTLE_MS = 120;

// options: {call(type, args), registry, getState(), propose(mutate, hint), histories,
//           showNotice(text), linkFor(): string}
export function startViews({ call, registry, getState, propose, histories, showNotice, linkFor }) {
  const sweepChart = createSweepChart($('sweep-chart'));
  const landscapeChart = createLandscapeChart($('landscape-chart'));
  const stepChart = createStepSizeChart($('step-size-chart'));
  const charts = [sweepChart.chart, landscapeChart.chart, stepChart.chart];
  // Read with the keyboard like the loss chart: focus, then arrow keys (part 1's chart-keyboard).
  const readable = (chart, readout, roles, describe) => attachChartKeyboard(chart, $(readout), {
    lines: (c) => c.data.datasets.map((dataset, datasetIndex) => ({ dataset, datasetIndex }))
      .filter(({ dataset }) => roles.includes(dataset.lrlab?.role) && dataset.data.length),
    describe,
  });
  readable(sweepChart.chart, 'sweep-readout', ['sweep', 'sweep-diverged', 'range', 'suggestion'], describeSweepPoint);
  readable(landscapeChart.chart, 'landscape-readout', ['path'], describePathPoint);
  readable(stepChart.chart, 'step-size-readout', ['median'], describeStep);
  const stepSizes = new StepSizes();
  let stepVersion = 0;
  let stepDrawn = -1;

  // ---- theme: the same rules as part 1's charts; re-render so colours read from CSS update ----
  const retheme = () => {
    applyTheme(charts);
    drawSweep();
    if (landscape.view) landscapeChart.render(landscape.view, landscape.runs, { restart: false });
  };
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', retheme);
  window.addEventListener('resize', () => applyTheme(charts));

  // ---- loss against learning rate ----
  const sweep = createSweepClient({
    call,
    onChange: () => scheduleSweepDraw(),
    onError: (message) => { $('sweep-status').textContent = `The sweep could not run: ${message}`; },
  });
  let bound = { key: null, value: NaN };
  let sweepFrame = 0;
  function scheduleSweepDraw() {
    if (!sweepFrame) sweepFrame = requestAnimationFrame(() => { sweepFrame = 0; drawSweep(); });
  }
  function runInfo(state) {
    return state.runs.map((run, index) => ({ key: run.key, rate: run.rate, colour: run.colour, label: `run ${index + 1}: ${formatRate(run.rate)}` }));
  }
  function drawSweep() {
    const state = getState();
    if (!state) return;
    const { range, sweep: sw, token, workers, requestedAt } = sweep.state;
    const rates = state.runs.map((run) => run.rate);
    sweepChart.render({
      sweep: sw, range, runs: runInfo(state), bound: bound.value,
      xMin: Math.min(SWEEP_OPTIONS.low / 1.5, ...rates.map((r) => r / 1.5)),
      xMax: Math.max(SWEEP_OPTIONS.high * 1.5, ...rates.map((r) => r * 1.5)),
      // Which request the chart shows (tests and bench/sweep_workers.mjs read it).
      request: { token, workers, requestedAt, done: Boolean(sw?.done) },
    });
    $('sweep-status').textContent = sweepStatus(sw, range, sweep.state);
    describeSuggestion(range, state);
  }
  function sweepStatus(sw, range, { error, pending, workers, elapsedMs }) {
    if (error) return `The sweep could not run: ${error}`;
    if (pending) return 'The settings changed: the sweep starts again when they settle…';
    if (!sw) return range?.done ? 'Range test done; the sweep is starting…' : 'Running the range test…';
    const { count, epochs } = sweepOptionsFor(getState().settings);
    if (!sw.done) return `Sweep: ${sw.result.completed} of ${count} rates trained (${Math.round(sw.progress * 100)}%)…`;
    // From the request to the whole curve's arrival, the range test included.
    const seconds = formatNumber(elapsedMs / 1000, 2);
    const shared = workers > 1 ? ` (${workers} workers)` : '';
    return `Sweep: ${count} rates × ${epochs} epochs in ${seconds} s${shared}.${bestWords(sw.result)}${plateauWords(sw.result, epochs)}`;
  }

  // "Use this rate": the range test's valley suggestion goes to the chosen run's slider; "Use
  // the sweep's rate": the sweep's best steadily converging rate does. Both rates are shown with
  // the sweep's verdict on them before either is applied.
  let suggested = NaN;
  let steadyRate = NaN;
  const sweepChoice = el('button', { type: 'button', id: 'use-sweep-rate', hidden: true }, "Use the sweep's rate");
  $('use-suggestion').after(sweepChoice);
  const check = el('p', { id: 'suggestion-check', className: 'suggestion-check', hidden: true });
  $('suggestion-text').closest('.suggestion-row').after(check);
  function describeSuggestion(range, state) {
    const select = $('suggestion-run');
    const wanted = state.runs.map((run, i) => `${run.key}:${i}`).join();
    if (select.dataset.runs !== wanted) {
      const keep = select.value;
      select.replaceChildren(...state.runs.map((run, i) => el('option', { value: run.key }, `run ${i + 1}`)));
      if (state.runs.some((run) => run.key === keep)) select.value = keep;
      select.dataset.runs = wanted;
    }
    const valley = range?.done ? range.result.valley : null;
    suggested = Number.isFinite(valley?.rate) ? valley.rate : NaN;
    $('use-suggestion').disabled = !Number.isFinite(suggested);
    const sw = sweep.state.sweep;
    const placed = placeSuggestion(suggested, sw?.done ? sw.result : null, sweepOptionsFor(getState().settings).epochs);
    steadyRate = placed.steady;
    let text = !range?.done ? 'The range test is running…'
      : Number.isFinite(suggested) ? `The range test suggests ${formatRate(suggested)} (fastai's "valley" rule: a third of the way down the longest fall of its curve${otherRules(range.result)}).`
        : 'The range test found no falling stretch of loss to suggest a rate from.';
    if (placed.judged) text += ` ${placed.judged}`;
    if ($('suggestion-text').textContent !== text) $('suggestion-text').textContent = text;
    if (check.textContent !== placed.warning) check.textContent = placed.warning;
    check.hidden = !placed.warning;
    sweepChoice.hidden = !placed.warning || !Number.isFinite(steadyRate);
    sweepChoice.textContent = Number.isFinite(steadyRate) ? `Use the sweep's ${formatRate(steadyRate)}` : "Use the sweep's rate";
  }
  // fastai's two other rules, named beside the valley's number (the core computes all three).
  const otherRules = (r) => {
    const parts = [];
    if (Number.isFinite(r.steepest?.rate)) parts.push(`its "steep" rule gives ${formatRate(r.steepest.rate)}`);
    if (Number.isFinite(r.minimum_over_10?.rate)) parts.push(`"minimum/10" ${formatRate(r.minimum_over_10.rate)}`);
    return parts.length ? `; ${parts.join(', ')}` : '';
  };
  // Where a run's badge and the sweep's verdict at its rate differ, the card says why.
  const runsCheck = el('p', { id: 'sweep-runs-check', className: 'readout', hidden: true });
  $('sweep-status').after(runsCheck);
  function compareRuns(state) {
    const sw = sweep.state.sweep;
    const runs = state.runs.map((run, i) => ({ number: i + 1, record: histories.get(run.key) }));
    const text = runsAgainstSweep(runs, sw?.done ? sw.result : null, sw?.epochs ?? NaN);
    if (runsCheck.textContent !== text) runsCheck.textContent = text;
    runsCheck.hidden = !text;
  }
  sweepChoice.addEventListener('click', () => {
    const key = $('suggestion-run').value;
    if (!Number.isFinite(steadyRate) || !key) return;
    // The sweep's own grid rate, unrounded: the run then trains exactly like that dot.
    propose((draft) => {
      const run = draft.runs.find((r) => r.key === key);
      if (run) run.rate = steadyRate;
    }, `runs.${key}.rate`);
  });
  $('use-suggestion').addEventListener('click', () => {
    const key = $('suggestion-run').value;
    if (!Number.isFinite(suggested) || !key) return;
    const rate = Number(suggested.toPrecision(3));
    propose((draft) => {
      const run = draft.runs.find((r) => r.key === key);
      if (run) run.rate = rate;
    }, `runs.${key}.rate`);
  });

  // 2/L on the sweep: for a linear model on the linear problem trained by plain SGD the loss is
  // the core's "linear" landscape, a quadratic whose bound it computes exactly.
  async function updateBound(settings) {
    const applies = settings.problem.name === 'linear' && settings.model.hidden.length === 0 && settings.optimizer.name === 'sgd';
    const key = applies ? JSON.stringify([settings.problem, settings.seed]) : null;
    if (key === bound.key) return;
    bound = { key, value: NaN };
    if (!applies) return scheduleSweepDraw();
    try {
      const view = await call('landscape', { request: {
        surface: 'linear', seed: settings.seed, grid: 2, steps: 0,
        problem: { samples: settings.problem.samples, noise: settings.problem.noise, val_fraction: settings.problem.val_fraction },
      } });
      if (bound.key === key) bound.value = view.stability_bound;
    } catch {
      // No bound drawn: the sweep itself still shows where the steps grow too large.
    }
    scheduleSweepDraw();
  }

  // ---- the loss landscape ----
  const landscape = { key: null, view: null, runs: [], timer: null, token: 0 };
  const surfaceSelect = $('surface');
  surfaceSelect.replaceChildren(...registry.surfaces.map((name) => el('option', { value: name }, name)));
  // The picker's words come from the core: each surface's own label.
  Promise.all(registry.surfaces.map((surface) => call('landscape', { request: { surface, grid: 2, steps: 0 } })
    .then((view) => ({ surface, label: view.surface.label })).catch(() => null)))
    .then((labels) => {
      for (const entry of labels) {
        const option = entry && [...surfaceSelect.options].find((o) => o.value === entry.surface);
        if (option) option.textContent = entry.label;
      }
    });
  surfaceSelect.addEventListener('change', () => {
    const surface = surfaceSelect.value;
    propose((draft) => { draft.view = { ...draft.view, surface }; }, 'view.surface');
  });
  $('replay-paths').addEventListener('click', () => landscapeChart.replay());

  function landscapeRequest(state) {
    const { settings } = state;
    const request = {
      surface: state.view.surface,
      runs: state.runs.map((run) => ({ optimizer: { ...settings.optimizer, learning_rate: run.rate }, schedule: settings.schedule })),
    };
    if (request.surface === 'linear') {
      request.seed = settings.seed;
      request.problem = { samples: settings.problem.samples, noise: settings.problem.noise, val_fraction: settings.problem.val_fraction };
    }
    return request;
  }
  function updateLandscape(state) {
    const request = landscapeRequest(state);
    const key = JSON.stringify(request);
    if (key === landscape.key) {
      // The same surface and paths, but the words depend on the problem and network too.
      if (landscape.view) describeLandscape(landscape.view, landscape.runs);
      return;
    }
    landscape.key = key;
    clearTimeout(landscape.timer);
    const runs = runInfo(state);
    landscape.timer = setTimeout(async () => {
      const mine = ++landscape.token;
      try {
        const view = await call('landscape', { request });
        if (mine !== landscape.token) return;
        landscape.view = view;
        landscape.runs = runs;
        landscapeChart.render(view, runs);
        describeLandscape(view, runs);
      } catch (error) {
        if (mine === landscape.token) $('landscape-status').textContent = `The landscape could not be computed: ${error.message}`;
      }
    }, landscape.view ? LANDSCAPE_SETTLE_MS : 0);
  }
  function describeLandscape(view, runs) {
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
    ` ${landscapeAgainstRuns(surface.name, getState().settings)}`);
  }
  // Whether the surface is the runs' own loss. Only a linear model (no hidden layer) on the linear
  // problem has just two parameters; every other network has hundreds of weights and no 2-D
  // picture, so the surface is a stand-in walked by the same rule, and its losses are not the loss
  // chart's (a newcomer read 'run 2 ends at loss 2.8e-5' against the chart's 0.0223). Real
  // tables say so in a note of their own (web/views/real-data-notes.js).
  function landscapeAgainstRuns(surfaceName, settings) {
    if (isRealProblem(settings.problem.name)) return '';
    if (surfaceName === 'linear' && settings.problem.name === 'linear' && settings.model.hidden.length === 0) {
      return 'Here it is the runs\' own loss: their linear model has just these two parameters.';
    }
    return 'It is not the runs\' network, whose many weights have no 2-D picture: the same optimizer and rates on a ' +
      'loss small enough to see, so its losses are not the loss chart\'s.';
  }

  // ---- adaptive step sizes ----
  function drawSteps(state) {
    const adaptive = state.settings.optimizer.name !== 'sgd';
    $('step-size-empty').hidden = adaptive;
    $('step-size-box').hidden = !adaptive;
    if (!adaptive) $('step-size-note').hidden = true;  // the step-size chart's caption goes with it
    if (!adaptive || stepVersion === stepDrawn) return;
    stepDrawn = stepVersion;
    // Named by the rates each run recorded ("rate 0.01 → 10 at epoch 120"), like the loss chart.
    stepChart.render(state.runs.map((run, i) => {
      const record = histories.get(run.key);
      const rates = record ? rateText(record) : '';
      return { key: run.key, label: `run ${i + 1}: ${rates || `rate ${formatRate(run.rate)}`}`, colour: run.colour, series: stepSizes.get(run.key) };
    }));
  }

  // ---- sharing and export ----
  $('copy-link').addEventListener('click', async () => {
    const link = linkFor();
    const field = $('share-link');
    field.value = link;
    field.hidden = false;
    try {
      await navigator.clipboard.writeText(link);
      $('share-status').textContent = 'Link copied.';
    } catch {
      // Clipboard refused (permissions, file://): the link is shown selected for copying by hand.
      $('share-status').textContent = 'Copy this link:';
    }
    field.select();
  });
  $('export-csv').addEventListener('click', async () => {
    const state = getState();
    // Every epoch of every run from the worker's cores (the page itself keeps only what it draws,
    // thinned for long runs), with the settings each run trains with.
    let full = [];
    try {
      full = await call('histories');
    } catch (error) {
      showNotice(error.message);
      return;
    }
    const byKey = new Map(full.map((history) => [history.key, history]));
    downloadCsv(state.runs.map((run, i) => {
      const record = byKey.get(run.key) ?? histories.get(run.key);
      return { number: i + 1, rate: run.rate, record, settings: record?.settings ?? runSettings(state, i) };
    }));
  });
  // A "Save PNG" button for every chart on the page, part 1's too.
  for (const figure of document.querySelectorAll('figure.chart-card')) {
    const canvas = figure.querySelector('canvas');
    if (!canvas) continue;
    const title = figure.querySelector('figcaption')?.textContent.trim() ?? 'chart';
    const name = canvas.id.replace(/-chart$/, '');
    const button = el('button', { type: 'button', className: 'small png-button', 'aria-label': `Save the chart "${title}" as PNG` }, 'Save PNG');
    button.addEventListener('click', () => downloadPng(canvas, `lrlab-${name}.png`, {
      title, key: figure.querySelector('.chart-key')?.textContent.trim(),
      summary: settingsSummary(getState(), registry, formatRate,
        { sweep: name === 'sweep' ? sweepOptionsFor(getState().settings) : undefined }),
    }).catch((error) => showNotice(error.message)));
    figure.append(el('div', { className: 'chart-actions' }, button));
  }

  return {
    charts,
    // Every worker history increment: the step sizes live here, not in RunHistories.
    onUpdate(message) {
      for (const increment of message.runs) stepSizes.apply(increment);
      if (message.runs.length) stepVersion++;
    },
    onExperiment: (message) => sweep.receive(message),
    // The sweep's helper workers (web/page/sweep-client.js), for every sweep from the next one on.
    addSweepHelpers: (helpers) => sweep.addHelpers(helpers),
    // Each state main.js adopted: re-run what depends on it, drop what belongs to removed runs.
    adopt(state) {
      if (!registry.surfaces.includes(state.view.surface)) {
        showNotice(`The landscape surface "${state.view.surface}" is not one of ${registry.surfaces.join(', ')}; showing ${registry.surfaces[0]}.`);
        const fallback = registry.surfaces[0];
        propose((draft) => { draft.view = { ...draft.view, surface: fallback }; }, 'view.surface');
        return;
      }
      surfaceSelect.value = state.view.surface;
      for (const key of stepSizes.series.keys()) if (!state.runs.some((run) => run.key === key)) stepSizes.remove(key);
      stepVersion++;
      sweep.update(state.settings);
      updateBound(state.settings);
      updateLandscape(state);
      scheduleSweepDraw();
    },
    // Once per frame of part 1's drawing.
    draw(state) {
      drawSteps(state);
      compareRuns(state);
    },
  };
}
