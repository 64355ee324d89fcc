// The loss against the learning rate: the sweep's dots and the range test's curve (the workers run
// both, web/page/experiments.js puts them in the model), the stall and overshoot regions, the
// runs' own rates, the 2/λ₀ mark (the initial sharpness' stability limit), the range test's suggestion with a
// button to use it, and where a run's badge and the sweep's verdict differ, why.
import { createSweepChart, describeSweepPoint } from './sweep-chart.js';
import { answerWords, bestWords, otherBestWords, placeSuggestion, plateauWords, recommended, runsAgainstSweep, sweepScope, trainsShared } from './sweep-words.js';
import { attachChartKeyboard } from '../../charts/chart-keyboard.js';
import { SWEEP_OPTIONS, sweepOptionsFor } from '../../page/sweep-client.js';
import { el, setText } from '../../controls/dom.js';
import { formatNumber, formatRate } from '../../words/format.js';

/** @type {(id: string) => any} */
const $ = (id) => document.getElementById(id);

// The runs marked on the curve: the sweep trains the shared settings, so a run with an optimizer
// or schedule of its own (web/controls/run-own.js) has no point on it to stand at.
/** @param {import('../../page/model.js').PageState} state */
// Nor has a branch, or a run with changes of its own (a lesson's decays, sweep-words.js trainsShared).
const runInfo = (state) => state.runs.map((run, index) =>
  ({ key: run.key, rate: run.rate, colour: run.colour, label: `run ${index + 1}: ${formatRate(run.rate)}`, shared: trainsShared(run) }))
  .filter((run) => run.shared).map(({ shared, ...run }) => run);

// The 2/λ₀ mark widens the rate axis to show where it falls, within reason: a network far from
// flat at its start has λ₀ > 0.002, so 2/λ₀ < 1000, a decade past the sweep's highest rate.
const onAxis = (rate) => (rate >= 1e-5 && rate <= 1e3 ? [rate] : []);

// fastai's two other rules, named beside the valley's number (the core computes all three).
const otherRules = (r) => {
  const parts = [];
  if (Number.isFinite(r.steepest?.rate)) parts.push(`its "steep" rule gives ${formatRate(r.steepest.rate)}`);
  if (Number.isFinite(r.minimum_over_10?.rate)) parts.push(`"minimum/10" ${formatRate(r.minimum_over_10.rate)}`);
  return parts.length ? `; ${parts.join(', ')}` : '';
};

/**
 * The sweep's status line.
 * @param {any} sweep the model's experiments.sweep
 * @param {Record<string, any>} settings
 */
export function sweepStatus({ status, error, sweep: sw, range, workers, elapsedMs }, settings) {
  if (status === 'failed') return `The sweep could not run: ${error}`;
  if (status === 'waiting') return 'The settings changed: the sweep starts again when they settle…';
  if (!sw) return range?.done ? 'Range test done; the sweep is starting…' : 'Running the range test…';
  const { count, epochs } = sweepOptionsFor(settings);
  if (!sw.done) return `Sweep: ${sw.result.completed} of ${count} rates trained (${Math.round(sw.progress * 100)}%)…`;
  // From the request to the whole curve's arrival, the range test included.
  const seconds = formatNumber(elapsedMs / 1000, 2);
  const shared = workers > 1 ? ` (${workers} workers)` : '';
  // The best rate is the card's lead (describeSuggestion) when the core recommends one.
  const best = recommended(sw.result) ? '' : bestWords(sw.result);
  return `Sweep: ${count} rates × ${epochs} epochs in ${seconds} s${shared}.${best}${plateauWords(sw.result, epochs)}`;
}

/** @type {import('../view-context.js').View} */
export const sweepView = {
  name: 'sweep',
  title: 'Loss against learning rate',
  named: 'the loss-against-rate chart',
  panel: () => $('sweep-card'),
  projectable: true,
  hideable: true,
  create({ store, call, propose }) {
    const sweepChart = createSweepChart($('sweep-chart'));
    attachChartKeyboard(sweepChart.chart, $('sweep-readout'), {
      lines: (c) => c.data.datasets.map((dataset, datasetIndex) => ({ dataset, datasetIndex }))
        .filter(({ dataset }) => ['sweep', 'sweep-diverged', 'range', 'suggestion'].includes(dataset.lrlab?.role) && dataset.data.length),
      describe: describeSweepPoint,
    });
    let bound = { key: null, value: NaN };
    let drawn = null;  // the sweep and state last drawn: the chart redraws when either changes
    // The curve is drawn on its own animation frame, not the page's (which backs off on a busy
    // machine): a change of the settings clears the stale curve on the next frame, before the new
    // sweep's first rates can arrive.
    let frame = 0;
    const drawSoon = () => {
      if (!frame) frame = requestAnimationFrame(() => { frame = 0; drawSweep(store.get()); });
    };

    // One answer to "which rate?": the card leads with the sweep's recommended rate (the core's,
    // judged on validation loss where there is a validation set), and "Use 1.49" puts it on the
    // chosen run's slider. The other suggestions (the range test's rules, the lowest training
    // loss) wait one click away, in a <details>, each with why it differs; "Use this rate" there
    // puts the range test's valley suggestion on the slider.
    const check = el('p', { id: 'suggestion-check', className: 'suggestion-check', hidden: true });
    $('suggestion-text').closest('.suggestion-row').after(check);
    const runsCheck = el('p', { id: 'sweep-runs-check', className: 'readout', hidden: true });
    $('sweep-status').after(runsCheck);

    const placed = (model) => placeSuggestion(model.experiments.sweep.suggestion,
      model.experiments.sweep.sweep?.done ? model.experiments.sweep.sweep.result : null, sweepOptionsFor(model.state.settings).epochs);
    const useRate = (rate) => {
      const key = $('suggestion-run').value;
      if (!Number.isFinite(rate) || !key) return;
      propose((draft) => {
        const run = draft.runs.find((r) => r.key === key);
        if (run) run.rate = rate;
      }, `runs.${key}.rate`);
    };
    // The sweep's own grid rate, unrounded: the run then trains exactly like that dot.
    const advice = (model) => recommended(model.experiments.sweep.sweep?.done ? model.experiments.sweep.sweep.result : null);
    $('use-recommended').addEventListener('click', () => useRate(advice(store.get())?.rate ?? NaN));
    $('use-suggestion').addEventListener('click', () => useRate(Number(store.get().experiments.sweep.suggestion.toPrecision(3))));

    function describeSuggestion(model) {
      const { state } = model;
      const { range, suggestion } = model.experiments.sweep;
      const select = $('suggestion-run');
      // The rate is for the shared settings the sweep trained: not offered to a run with an
      // optimizer or schedule of its own.
      const takers = state.runs.map((run, i) => ({ run, i })).filter(({ run }) => !run.own?.optimizer && !run.own?.schedule);
      const wanted = takers.map(({ run, i }) => `${run.key}:${i}`).join();
      if (select.dataset.runs !== wanted) {
        const keep = select.value;
        select.replaceChildren(...takers.map(({ run, i }) => el('option', { value: run.key }, `run ${i + 1}`)));
        if (takers.some(({ run }) => run.key === keep)) select.value = keep;
        select.dataset.runs = wanted;
      }
      $('use-suggestion').disabled = !Number.isFinite(suggestion) || !takers.length;
      const where = placed(model);
      let text = !range?.done ? 'The range test is running…'
        : Number.isFinite(suggestion) ? `The range test suggests ${formatRate(suggestion)} (fastai's "valley" rule: a third of the way down the longest fall of its curve${otherRules(range.result)}).`
          : 'The range test found no falling stretch of loss to suggest a rate from.';
      const sw = model.experiments.sweep.sweep;
      const result = sw?.done ? sw.result : null;
      const epochs = sweepOptionsFor(state.settings).epochs;
      const rec = recommended(result);
      const answer = !result ? (sw ? 'The sweep is running…' : 'The range test runs first, then the sweep…') : answerWords(result, epochs);
      setText($('sweep-answer'), answer);
      $('use-recommended').disabled = !rec || !takers.length;
      const useText = rec ? `Use ${formatRate(rec.rate)}` : 'Use the recommended rate';
      setText($('use-recommended'), useText);
      if (rec && Number.isFinite(suggestion)) {
        text += ` It raises the rate at every step of one short run and reads where the loss falls fastest: where training starts to move, not which rate ends lowest after ${epochs} epochs.`;
      }
      if (where.judged) text += ` ${where.judged}`;
      setText($('suggestion-text'), text);
      setText(check, where.warning);
      check.hidden = !where.warning;
      const others = otherBestWords(result);
      const list = $('sweep-other-best');
      if (list.dataset.text !== others.join('\n')) {
        list.replaceChildren(...others.map((note) => el('li', {}, note)));
        list.dataset.text = others.join('\n');
      }
    }

    // 2/λ₀ on the sweep, for every problem: λ₀ is the sharpness at the initial weights every rate
    // of the sweep starts from (the core's measurement, core/curvature/initial_sharpness.h), so
    // plain gradient descent at a rate above 2/λ₀ overshoots along the sharpest direction from
    // its first step. On the linear problem with a linear model it is the 2/L of the quadratic.
    // λ₀ depends on the weights (seed, model) and the training samples, not on the rate.
    async function updateBound(settings) {
      const key = JSON.stringify([settings.problem, settings.model, settings.seed]);
      if (key === bound.key) return;
      bound = { key, value: NaN };
      drawn = null;
      try {
        const sharpness = await call('initialSharpness', { settings });
        if (bound.key === key && sharpness > 0) bound.value = 2 / sharpness;
      } catch {
        // No mark drawn: the sweep itself still shows where the steps grow too large.
      }
      drawn = null;
      drawSoon();
    }
    store.subscribe((model, changed) => {
      if (changed.has('state')) updateBound(model.state.settings);
      if (drawn?.experiment !== model.experiments.sweep || drawn?.state !== model.state) drawSoon();
    });
    // Re-rendered when the theme changes, so colours read from CSS follow.
    window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
      drawn = null;
      drawSoon();
    });

    function drawSweep(model) {
      const { state } = model;
      const experiment = model.experiments.sweep;
      if (drawn?.experiment === experiment && drawn?.state === state) return;
      drawn = { experiment, state };
      const { range, sweep, token, workers, requestedAt } = experiment;
      const rates = state.runs.map((run) => run.rate);
      sweepChart.render({
        sweep, range, runs: runInfo(state), bound: bound.value,
        xMin: Math.min(SWEEP_OPTIONS.low / 1.5, ...[...rates, ...onAxis(bound.value)].map((r) => r / 1.5)),
        xMax: Math.max(SWEEP_OPTIONS.high * 1.5, ...[...rates, ...onAxis(bound.value)].map((r) => r * 1.5)),
        // Which request the chart shows (tests and bench/sweep_workers.mjs read it).
        request: { token, workers, requestedAt, done: Boolean(sweep?.done) },
      });
      // Whose settings the dots train, when some run trains others (it is not marked, and the
      // regions and the recommended rate are not about it).
      const scheduleLabel = model.registry?.schedules?.find((s) => s.name === state.settings.schedule.name)?.label ?? state.settings.schedule.name;
      const scope = sweepScope(state.runs, scheduleLabel, sweepOptionsFor(state.settings).epochs);
      setText($('sweep-scope'), scope);
      $('sweep-scope').hidden = !scope;
      const status = sweepStatus(experiment, state.settings);
      setText($('sweep-status'), status);
      describeSuggestion(model);
    }

    return {
      charts: [sweepChart.chart],
      // Once per frame of the page: where a run's badge and the sweep's verdict at its rate
      // differ, the card says why.
      draw(model) {
        const sw = model.experiments.sweep.sweep;
        // The sweep trains the shared settings: a run with an optimizer or schedule of its own (a
        // lesson's) has no sweep rate to stand beside.
        const runs = model.state.runs.map((run, i) => ({ number: i + 1, record: model.runs.get(run.key), shared: trainsShared(run) }))
          .filter((run) => run.shared);
        const text = runsAgainstSweep(runs, sw?.done ? sw.result : null, sw?.epochs ?? NaN);
        setText(runsCheck, text);
        runsCheck.hidden = !text;
      },
    };
  },
};
