// Page wiring, in one direction: a control proposes a change to the settings; the worker (the
// core) validates and applies it; only then does the page adopt it as its state and write the
// URL. Histories flow back from the worker and are drawn at most once per animation frame.
import { startWorker } from './worker-client.js';
import { RunHistories } from './run-histories.js';
import { MAX_RUNS, decodeState, encodeState, fieldOf, mergeSettings, runSettings } from './state.js';
import { DEFAULT_VIEW } from './default-view.js';
import { RUN_COLOURS } from '../charts/palette.js';
import { applyTheme, followColourScheme } from '../charts/theme.js';
import { createLossChart, describeEpoch } from '../views/loss/loss-chart.js';
import { createScheduleChart } from '../views/schedule/schedule-chart.js';
import { attachChartKeyboard } from '../charts/chart-keyboard.js';
import { runList } from '../controls/run-list.js';
import { componentPanel } from '../controls/component-panel.js';
import { plateauPanel } from '../controls/plateau-panel.js';
import { problemPanel } from '../controls/problem-panel.js';
import { sliderField } from '../controls/slider-field.js';
import { choiceField } from '../controls/param-field.js';
import { story } from '../words/narration.js';
import { formatRate } from '../words/format.js';
import { runLabel, scheduleStopped } from '../words/run-label.js';
import { transportStatus } from '../controls/transport-status.js';
import { divergenceHint } from '../views/loss/divergence-hint.js';
import { startViews } from '../views/below-the-loss-chart.js';
import { followRunLength } from '../protocol/run-length-defaults.js';
import { startPlateauReadout } from '../views/loss/plateau-readout.js';
import { startSweepHelpers, sweepWorkerCount } from './sweep-client.js';
import { forcedWorkers } from './url-schema.js';
import { startLessons } from '../lessons/lesson-mode.js';
import { ensureProblemData } from './data-sources.js';
import { startAccuracyReadout } from '../views/loss/accuracy-readout.js';
import { stateFragment } from '../lessons/lesson-hash.js';
import { startCodeDialog } from '../exports/code-dialog.js';
import { noticeBoard } from './notices.js';
import { startProjector } from './projector.js';
import { startPageShape } from './page-shape.js';
import { startLinkDialog } from '../exports/link-dialog.js';

/** @type {(id: string) => any} */
const $ = (id) => document.getElementById(id);

applyTheme();
const lossChart = createLossChart($('loss-chart'));
const scheduleChart = createScheduleChart($('schedule-chart'));
followColourScheme([lossChart.chart, scheduleChart.chart]);
window.addEventListener('resize', () => applyTheme([lossChart.chart, scheduleChart.chart]));

const histories = new RunHistories();
const fields = new Map();  // settings field path -> control with showError(): where errors go
let playing = false;
let views = null;          // part 2's charts and sharing (web/views/below-the-loss-chart.js), once the state exists
let pinned = null;         // {key, label, colour, record}: a frozen copy of a run

// One dismissable item per notice, with the controls' names (web/page/notices.js).
const noticeList = noticeBoard($('notice'));
const showNotice = (text) => noticeList.show(text);

// ---- frames: every change marks the view dirty; one draw per animation frame at most, and no
// more often than every 30 ms, or 6x what the last draw cost: the eye needs no more while
// training animates, and on a busy machine the page backs off instead of filling the main
// thread (the worker and the charts share a small machine's cores). ----
const MIN_FRAME_MS = 30;
let frameRequested = false;
let lastDraw = -Infinity;
let drawCost = 0;
function redraw() {
  if (frameRequested) return;
  frameRequested = true;
  requestAnimationFrame(function frame(now) {
    if (now - lastDraw < Math.max(MIN_FRAME_MS, 6 * drawCost)) return requestAnimationFrame(frame);
    lastDraw = now;
    draw();
    drawCost = Math.min(performance.now() - now, 100);
  });
}

const worker = startWorker({
  onUpdate(message) {
    for (const increment of message.runs) histories.apply(increment);
    views?.onUpdate(message);
    playing = message.playing;
    redraw();
  },
  onFatal: (message) => {
    $('story').textContent = message;
    showNotice(message);
  },
  onExperiment: (message) => views?.onExperiment(message),
});

// Startup failures (a module that will not load, defaults the core refuses) are shown, not thrown.
async function startup(step) {
  try {
    return await step();
  } catch (error) {
    $('story').textContent = `The lab could not start: ${error.message}`;
    showNotice(`The lab could not start: ${error.message}`);
    return new Promise(() => {});  // the page stops here, with the message shown
  }
}
const { registry, defaults: coreDefaults } = await startup(() => worker.call('hello'));
let nextKey = 1;
function makeRun(rate, existing) {
  const used = new Set(existing.map((run) => run.colour));
  const colour = RUN_COLOURS.find((c) => !used.has(c)) ?? RUN_COLOURS[existing.length % RUN_COLOURS.length];
  return { key: `r${nextKey++}`, rate, colour };
}
const validate = (settings) => worker.call('validate', { settings });
const pageDefaults = {
  settings: await startup(() => validate(mergeSettings(coreDefaults, DEFAULT_VIEW.settings))),
  runs: DEFAULT_VIEW.rates.reduce((runs, rate) => [...runs, makeRun(rate, runs)], []),
  speed: DEFAULT_VIEW.speed,
  view: DEFAULT_VIEW.view,
};
// The fragment may also name a lesson chapter (#s=...&lesson=3): web/lessons/ reads that part.
const restored = await decodeState(stateFragment(location.hash), pageDefaults, validate, makeRun);
let state = restored.state;
for (const notice of restored.notices) showNotice(notice);

// The shared settings keep the default rate: every run carries its own (runSettings).
const withDefaultRate = (settings) =>
  ({ ...settings, optimizer: { ...settings.optimizer, learning_rate: pageDefaults.settings.optimizer.learning_rate } });

// ---- proposals: queued and coalesced (a drag sends many), applied by the core, then adopted ----
const queue = [];
let applying = false;
const firstAdoption = Promise.withResolvers ? Promise.withResolvers() : (() => {
  let resolve;
  const promise = new Promise((r) => { resolve = r; });
  return { promise, resolve };
})();
// options.hold: the view stays paused and new runs wait at epoch 0 (a lesson's question is open):
// an option of the worker's apply request, not part of the page's state.
function propose(mutate, hint, { hold = false } = {}) {
  queue.push({ mutate, hint, hold });
  if (!applying) drain();
}
async function drain() {
  applying = true;
  while (queue.length) {
    const batch = queue.splice(0);
    const draft = structuredClone(state);
    for (const { mutate } of batch) mutate(draft);
    await followRunLength(state, draft, worker.call);  // schedule lengths follow the run's
    try {
      // A real table is fetched and handed to every worker before the runs are built on it.
      await ensureProblemData(worker.call, draft.settings.problem.name);
      // A lesson's question holds its new runs at epoch 0 (web/lessons/lesson-mode.js).
      const hold = batch.some((proposal) => proposal.hold);
      const canonical = await worker.call('apply', {
        hold,
        runs: draft.runs.map((run, index) => ({ key: run.key, settings: runSettings(draft, index) })),
      });
      draft.settings = withDefaultRate(canonical[0]);
      state = draft;
      firstAdoption.resolve();
      for (const { hint } of batch) clearError(fields.get(hint));
      for (const key of histories.records.keys()) if (!state.runs.some((run) => run.key === key)) histories.remove(key);
      adopt();
    } catch (error) {
      // The core names the field; a rate error belongs to the run whose rate was being changed.
      const named = fieldOf(error.message);
      const hint = batch.at(-1).hint;
      // The control the change came from wins over its section's ("schedule: rate at epoch 0 ..."
      // for a typed formula belongs beside the formula, not the schedule picker).
      const withinHint = named && hint?.startsWith(`${named}.`);
      const target = named && !withinHint && named !== 'optimizer.learning_rate' && fields.has(named) ? named : hint;
      const control = fields.get(target);
      if (control) control.showError(error.message);
      else showNotice(error.message);
      draftSchedule = null;  // the preview goes back to the schedule in force
      renderControls();
      requestPreview();
    }
  }
  applying = false;
}
const changeSettings = (mutate, field) => propose((draft) => mutate(draft.settings), field);

// ---- controls ----
const runs = runList({
  list: $('run-list'),
  fields,
  onRate: (key, rate) => propose((draft) => { draft.runs.find((run) => run.key === key).rate = rate; }, `runs.${key}.rate`),
  onRemove: (key) => propose((draft) => { draft.runs = draft.runs.filter((run) => run.key !== key); }, `runs.${key}.rate`),
  onPin: (key) => {
    const index = state.runs.findIndex((r) => r.key === key);
    const record = histories.snapshot(key);
    if (!record) return;
    pinned = { key: 'pinned', label: `pinned ${runLabel(record, index).legend}`,
      colour: state.runs[index].colour, record, faded: true };
    $('unpin').hidden = false;
    redraw();
  },
});
$('add-run').addEventListener('click', () => propose((draft) => {
  if (draft.runs.length >= MAX_RUNS) return;
  draft.runs.push(makeRun(newRunRate(draft.runs.map((run) => run.rate)), draft.runs));
}, 'add-run'));
// A new run's rate: a step of 3x from the last run's (up, else down, else 9x...), on the rate
// slider's range and away from every run's rate, so its curve is new and the slider sits near
// where the eye already is. (Copying the last rate drew every new curve under the last one.)
function newRunRate(rates) {
  const last = rates.at(-1) ?? 0.01;
  const taken = (rate) => rates.some((r) => Math.abs(Math.log(rate / r)) < Math.log(1.2));
  for (let k = 1; k <= 12; k++) {
    for (const rate of [last * 3 ** k, last / 3 ** k]) {
      const rounded = Number(rate.toPrecision(2));
      if (rounded >= 1e-5 && rounded <= 100 && !taken(rounded)) return rounded;
    }
  }
  return last;
}
$('unpin').addEventListener('click', () => {
  pinned = null;
  $('unpin').hidden = true;
  redraw();
});

let draftSchedule = null;  // a typed formula not applied yet, drawn in the preview
// The formula box asks the core whether its text parses at every pause in typing; a formula that
// does is drawn at once in the preview (not applied: Enter applies it), so the curve follows
// what is typed.
const checkFormula = async (expression) => {
  const result = await worker.call('checkFormula', { expression });
  if (result.ok && state.settings.schedule.name === 'formula' && expression !== state.settings.schedule.expression) {
    draftSchedule = { ...state.settings.schedule, expression };
    requestPreview();
  }
  return result;
};
const schedulePanel = componentPanel({
  container: $('schedule-controls'), heading: 'Schedule', section: 'schedule', components: registry.schedules,
  onChange: changeSettings, checkFormula, fields,
  extra: () => {
    const granularity = choiceField({
      label: 'Evaluated per', field: 'schedule.granularity', value: state.settings.schedule.granularity,
      choices: ['epoch', 'step'], labels: { epoch: 'epoch (LearningRateScheduler)', step: 'step (LearningRateSchedule)' },
      onChange: (v) => changeSettings((settings) => { settings.schedule.granularity = v; }, 'schedule.granularity'),
    });
    return [{ field: 'schedule.granularity', name: 'granularity', control: granularity }];
  },
});
const optimizerPanel = componentPanel({
  container: $('optimizer-controls'), heading: 'Optimizer', section: 'optimizer', components: registry.optimizers,
  skip: ['learning_rate'], onChange: changeSettings, checkFormula, fields,
});
const plateau = plateauPanel({ container: $('plateau-controls'), specs: registry.plateau.params, onChange: changeSettings, fields });
const problem = problemPanel({ container: $('problem-controls'), registry, onChange: changeSettings, fields, call: worker.call });

const speed = sliderField({
  label: 'Speed, epochs/s', description: 'epochs per second per run; 0: as fast as the core can', min: 1, max: 1000, log: true,
  value: state.speed, field: 'speed', meanings: { 0: 'as fast as the core can' },
  onInput: (value) => {
    state.speed = value;
    worker.call('speed', { epochsPerSecond: value });
    saveUrl();
  },
});
$('speed-slot').append(speed.element);
const epochs = sliderField({
  label: 'Stop after (epochs)', min: 1, max: 5000, log: true, integer: true, value: state.settings.epochs, field: 'epochs',
  // Why a run's counter can read "epoch 388 of 600" beside a 300 here (a newcomer asked).
  description: 'Play on runs that have stopped trains this many more',
  onInput: (value, { final }) => final && changeSettings((settings) => { settings.epochs = Math.round(value); }, 'epochs'),
});
fields.set('epochs', epochs);
$('epochs-slot').append(epochs.element);

const command = (type) => () => worker.call(type).catch((error) => showNotice(error.message));
// Play says why a run cannot continue (diverged, or paused by a schedule error) and offers to
// retrain it, instead of silently doing nothing.
const transport = transportStatus({
  element: $('transport-status'),
  retrain: (keys) => worker.call('retrain', { keys }).catch((error) => showNotice(error.message)),
});
$('play').addEventListener('click', async () => {
  try {
    const { blocked } = await worker.call('play');
    transport.explain(blocked.map((key) => ({
      key, index: state.runs.findIndex((run) => run.key === key), record: histories.get(key),
    })).filter((run) => run.record && run.index >= 0));
  } catch (error) {
    showNotice(error.message);
  }
});
$('pause').addEventListener('click', command('pause'));
$('step').addEventListener('click', command('step'));
$('one-epoch').addEventListener('click', command('epoch'));
$('reset').addEventListener('click', command('reset'));

const DIVERGENCE_RATES = [0.01, 0.1, 0.3];
// The default problem's loss stays bounded at any rate; the page says so, and one click shows a
// problem where a too-high rate does diverge.
const hint = divergenceHint({
  element: $('divergence-hint'), registry,
  show: () => propose((draft) => {
    // Full-batch noisy sine (squared error): 0.01 crawls, 0.1 converges, 0.3 bounces for a few
    // epochs and then the loss explodes (checked with the CLI on the same settings).
    draft.settings.problem = { ...draft.settings.problem, name: 'sine' };
    draft.settings.batch_size = 512;
    draft.runs.forEach((run, i) => { run.rate = DIVERGENCE_RATES[i] ?? DIVERGENCE_RATES.at(-1); });
  }, 'problem.name'),
});

attachChartKeyboard(lossChart.chart, $('loss-readout'), {
  lines: (chart) => chart.data.datasets
    .map((dataset, datasetIndex) => ({ dataset, datasetIndex }))
    .filter(({ dataset, datasetIndex }) => dataset.lrlab?.role === 'train' && chart.isDatasetVisible(datasetIndex)),
  describe: (dataset, point) => `${dataset.label}, ${describeEpoch(lossChart.records().get(dataset.lrlab.key), point.x)}`,
});

const accuracyReadout = startAccuracyReadout({ element: $('accuracy-readout'), getState: () => state, registry, histories });

// ReduceLROnPlateau's state beside each run and under the loss chart (web/views/loss/plateau-readout.js).
const plateauReadout = startPlateauReadout({ getState: () => state, list: $('run-list'), after: $('loss-readout'), histories });

views = startViews({
  call: worker.call, registry, getState: () => state, propose, histories, showNotice,
  linkFor: () => location.href.split('#')[0] + encodeState(state, pageDefaults),
});

// "As code": the chosen run as Keras 3 and PyTorch code (web/exports/code-dialog.js).
startCodeDialog({ getState: () => state, registry, histories, call: worker.call });
// Projector mode: a toggle in the share bar and ?projector in the URL (web/page/projector.js).
const projector = startProjector();
// Links that shape the page: ?hide=... hides panels; "Make a link" builds such links.
startPageShape({ showNotice });
startLinkDialog({ stateFragment: () => encodeState(state, pageDefaults), projectorView: () => projector.view });

// Guided lessons (web/lessons/): chapters applied through propose(), like any control.
const lessons = startLessons({
  call: worker.call, propose, getState: () => state, makeRun, coreDefaults, histories, saveUrl,
});

// ---- adopting a state: controls, URL, preview ----
function renderControls() {
  schedulePanel.render(state.settings.schedule);
  optimizerPanel.render(state.settings.optimizer);
  plateau.render(state.settings.plateau);
  problem.render(state.settings);
  epochs.setValue(state.settings.epochs);
  speed.setValue(state.speed);
  $('add-run').disabled = state.runs.length >= MAX_RUNS;
  $('add-run').title = state.runs.length >= MAX_RUNS ? `At most ${MAX_RUNS} runs side by side: remove one to add another.` : '';
  redraw();
}

let urlTimer = null;
function saveUrl() {
  clearTimeout(urlTimer);
  urlTimer = setTimeout(() => history.replaceState(null, '', lessons.fragment(encodeState(state, pageDefaults))), 150);
}

// One preview request in flight at most; a change meanwhile asks again when it returns.
let previewBusy = false;
let previewAgain = false;
let previewPending = null;
async function requestPreview() {
  if (previewBusy) {
    previewAgain = true;
    return;
  }
  previewBusy = true;
  const { epochs: count, batch_size: batchSize } = state.settings;
  const schedule = draftSchedule ?? state.settings.schedule;
  const wanted = state.runs.map((run) => ({ rate: run.rate, colour: run.colour }));
  try {
    // The whole run; a per-step preview of a long run with small batches stops where the worker's
    // point budget ends, and the caption says where.
    const result = await worker.call('preview', {
      schedule, rates: wanted.map((w) => w.rate), count, granularity: schedule.granularity, batchSize,
    });
    const caption = `Preview: lr(${schedule.granularity === 'step' ? 'step' : 'epoch'}) for each run's rate` +
      (result.epochs < count ? ` (the first ${result.epochs.toLocaleString('en')} of ${count.toLocaleString('en')} epochs)` : '');
    if ($('schedule-title').textContent !== caption) $('schedule-title').textContent = caption;
    // Drawn on the next animation frame, like every chart update; the latest result wins.
    if (!previewPending) requestAnimationFrame(() => {
      scheduleChart.render(previewPending);
      previewPending = null;
    });
    previewPending = {
      stepsPerEpoch: result.stepsPerEpoch,
      series: result.series.map((values, i) => ({ label: `rate ${formatRate(wanted[i].rate)}`, colour: wanted[i].colour, values })),
    };
    $('schedule-error').hidden = true;
  } catch (error) {
    $('schedule-error').textContent = error.message;
    $('schedule-error').hidden = false;
  }
  previewBusy = false;
  if (previewAgain) {
    previewAgain = false;
    requestPreview();
  }
}

function adopt() {
  draftSchedule = null;
  renderControls();
  saveUrl();
  requestPreview();
  views.adopt(state);
  lessons.adopt(state);
}

// How long a retrained run's old curve stays drawn, faded, beside the new one.
const GHOST_MS = 1500;
let scheduleErrorShown = null;  // the field showing a schedule error that paused a run

function draw() {
  frameRequested = false;
  const now = performance.now();
  const shown = state.runs.map((run, index) => {
    const record = histories.get(run.key);
    if (!record) return null;
    // The replaced curve is named by what it trained with, not by the change that replaced it.
    const ghost = record.ghost && now - record.ghost.since < GHOST_MS
      ? { points: record.ghost.points, label: runLabel(record.ghost.record, index).legend } : null;
    return { key: run.key, index, label: runLabel(record, index).legend, colour: run.colour, record, ghost };
  }).filter(Boolean);
  if (shown.some((run) => run.ghost)) setTimeout(redraw, GHOST_MS);
  const view = pinned ? [pinned, ...shown] : shown;
  const maxEpochs = Math.max(state.settings.epochs, ...shown.map((run) => run.record.epochsDone));
  lossChart.render({ runs: view, maxEpochs });
  runs.render(state.runs, histories.records);
  const text = story(shown, playing);
  if ($('story').textContent !== text) $('story').textContent = text;
  $('play').disabled = playing;
  $('pause').disabled = !playing;
  showScheduleError(shown);
  transport.update(shown);
  hint.update(state.settings);
  accuracyReadout.refresh();
  plateauReadout.refresh();
  views.draw(state);
}

// Clears a control's refusal once the core took the change. If it was showing a schedule error
// that paused a run, that is forgotten too, so the next frame shows it again while the run is
// still paused (the apply's answer can arrive after the frame that first showed it: seen in CI,
// the formula's message gone while the run stayed paused).
function clearError(control) {
  control?.showError('');
  if (control && scheduleErrorShown?.control === control) scheduleErrorShown = null;
}

// A schedule error that paused a run is shown beside the schedule's control (the formula box for
// a formula), with what to do; it goes when no run is paused by one any more.
function showScheduleError(shown) {
  const allPaused = shown.map((run) => ({ run, event: scheduleStopped(run.record) })).filter(({ event }) => event);
  const paused = allPaused[0];
  const field = state.settings.schedule.name === 'formula' ? 'schedule.expression' : 'schedule.name';
  if (paused) {
    const { run, event } = paused;
    const which = allPaused.length === 1
      ? `Run ${run.index + 1} is paused at epoch ${run.record.epochsDone}`
      : `Runs ${listWords(allPaused.map(({ run: r }) => String(r.index + 1)))} are paused (run ${run.index + 1} at epoch ${run.record.epochsDone})`;
    const message = `${event.message}. ${which}: fix the schedule and ${allPaused.length === 1 ? 'it continues' : 'they continue'} from there.`;
    // Shown again whenever the control shows no message at all: a card that builds its fields
    // again starts them blank, and a refusal cleared by a later change leaves them blank, while
    // the run is still paused (a message that vanished so once in CI).
    const control = fields.get(field);
    const blank = control && ![...control.element.querySelectorAll('.field-error')].some((line) => !line.hidden && line.textContent);
    if (scheduleErrorShown?.message !== message || scheduleErrorShown.control !== control || blank) {
      if (scheduleErrorShown?.control !== control) scheduleErrorShown?.control?.showError('');
      control?.showError(message);
      scheduleErrorShown = { field, message, control };
    }
  } else if (scheduleErrorShown) {
    scheduleErrorShown.control?.showError('');
    scheduleErrorShown = null;
  }
}

// ['1', '2', '3'] -> '1, 2 and 3'.
const listWords = (items) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

// ---- start: build the runs, then play the default view at once ----
await worker.call('speed', { epochsPerSecond: state.speed });
propose(() => {}, 'add-run');
await worker.call('play');
// Ready (for people and tests) once the controls are built and a frame has been drawn.
await firstAdoption.promise;
await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
document.body.dataset.ready = 'true';
lessons.start();
// The sweep's helper workers start now, not beside the training worker: they would delay the
// first chart (web/page/sweep-client.js).
views.addSweepHelpers(startSweepHelpers(sweepWorkerCount(forcedWorkers(location.search)), startWorker));
