// The page, composed. One model holds the page's state (web/page/model.js); controls propose
// changes that the worker's core validates and applies before the model adopts them
// (web/page/proposals.js); the worker's pushes land in the model; views (web/views/registry.js),
// controls and lessons read it and redraw at most once per animation frame. The address is read
// and written through one schema (web/page/url-schema.js).
import { startWorker } from './worker-client.js';
import { RunHistories } from './run-histories.js';
import { createModel, idleExperiments } from './model.js';
import { createProposals } from './proposals.js';
import { debounced, frameScheduler } from './frames.js';
import { startSweep } from './experiments.js';
import { decodeState, encodeState, joinHash, readAddress } from './url-schema.js';
import { mergeSettings } from './state.js';
import { DEFAULT_VIEW } from './default-view.js';
import { PANEL_NAMES, PROJECTABLE_NAMES } from './panels.js';
import { startSweepHelpers, sweepWorkerCount } from './sweep-client.js';
import { noticeBoard } from './notices.js';
import { startProjector } from './projector.js';
import { startPageShape } from './page-shape.js';
import { VIEWS } from '../views/registry.js';
import { applyTheme, followColourScheme } from '../charts/theme.js';
import { startSettingsCards } from '../controls/settings-cards.js';
import { runMaker, startRunsPanel } from '../controls/runs-panel.js';
import { startTransport } from '../controls/transport.js';
import { fieldErrors } from '../controls/field-errors.js';
import { startShareBar } from '../exports/share-bar.js';
import { startCodeDialog } from '../exports/code-dialog.js';
import { startLinkDialog } from '../exports/link-dialog.js';
import { startLessons } from '../lessons/lesson-mode.js';
import { startTimeline } from '../controls/timeline.js';
import { startCursorVerdicts } from './cursor-verdicts.js';

/** @type {(id: string) => any} */
const $ = (id) => document.getElementById(id);
const address = readAddress(location, { panels: PANEL_NAMES, projectable: PROJECTABLE_NAMES });
const notices = noticeBoard($('notice'));
const showNotice = (text) => notices.show(text);
// Startup failures (a module that will not load, defaults the core refuses) are shown, not thrown.
const fail = (message) => {
  $('story').textContent = message;
  showNotice(message);
};
async function startup(step) {
  try {
    return await step();
  } catch (error) {
    fail(`The lab could not start: ${error.message}`);
    return new Promise(() => {});  // the page stops here, with the message shown
  }
}

applyTheme();
// The page model; filled in once the core has validated the state the page starts from.
const store = createModel(/** @type {any} */ ({}));
const worker = startWorker({
  onUpdate: (message) => receiveUpdate(message),
  onFatal: fail,
  onExperiment: (message) => sweep.receive(message),
});
const { call } = worker;

const { registry, defaults: coreDefaults } = await startup(() => call('hello'));
const makeRun = runMaker();
const validate = (settings) => call('validate', { settings });
/** @type {import('./model.js').PageState} */
const defaults = {
  settings: await startup(() => validate(mergeSettings(coreDefaults, DEFAULT_VIEW.settings))),
  runs: DEFAULT_VIEW.rates.reduce((runs, rate) => [...runs, makeRun(rate, runs)], []),
  speed: DEFAULT_VIEW.speed,
  view: { ...DEFAULT_VIEW.view },
};
// A schedule the link names takes the run's length for what it leaves out, as one picked here does.
const restored = await decodeState(address.stateHash, defaults, validate, makeRun, (settings) => call('runLengthDefaults', { settings }));
restored.notices.forEach(showNotice);
store.update({
  registry, coreDefaults, defaults, state: restored.state, runs: new RunHistories(), transport: { playing: false },
  refusals: {}, syntax: null, draftSchedule: null, pinned: null, experiments: idleExperiments(), cursor: null, cursorVerdicts: null,
  shape: { hidden: address.hide.names, projector: address.projector }, lesson: { chapter: null, draw: false },
});
// The one hook end-to-end tests read the page through.
Object.assign(window, { __lrlab: { model: store } });

function receiveUpdate(message) {
  const { runs, experiments, transport } = store.get();
  for (const increment of message.runs) {
    runs.apply(increment);
    experiments.stepSizes.sizes.apply(increment);
  }
  /** @type {import('./model.js').StepSizesExperiment} */
  const stepSizes = { ...experiments.stepSizes, status: 'running', version: experiments.stepSizes.version + (message.runs.length ? 1 : 0) };
  store.update({ experiments: { ...experiments, stepSizes }, ...(transport.playing !== message.playing && { transport: { playing: message.playing } }) });
  store.touch('runs');
}

const fields = new Map();  // settings field -> its control: where the page's messages are shown
const { propose } = createProposals({ store, call, hasControl: (field) => fields.has(field), showNotice });
const sweep = startSweep({ store, call });
const redraw = frameScheduler(draw);
// Only the cursor moved: its markers are painted on layers of their own, the charts stay as drawn;
// drawn in the next frame, the one that moves the slider's thumb (bench/cursor_probe.mjs).
const redrawCursor = frameScheduler(drawCursor, { minMs: 0 });
const setCursor = (cursor) => store.update({ cursor });
const views = VIEWS.map((view) => view.create({ store, call, propose, showNotice, redraw, redrawCursor, setCursor }));
const charts = views.flatMap((view) => view.charts ?? []);
followColourScheme(charts);
window.addEventListener('resize', () => applyTheme(charts));
startSettingsCards({ store, call, propose, fields });
const runsPanel = startRunsPanel({ store, propose, makeRun, fields, call });
const transport = startTransport({ store, call, showNotice });
const timeline = startTimeline({ store, slot: $('timeline') });
startCursorVerdicts({ store, call });
const showFieldErrors = fieldErrors(fields);
// A run changed while it trained goes into a link with the settings that replay it (its record's).
const replayOf = (key) => store.get().runs.get(key)?.replaySettings ?? null;
const linkFor = () => location.href.split('#')[0] + encodeState(store.get().state, defaults, replayOf);
startShareBar({ store, call, showNotice, linkFor });
startCodeDialog({ getState: () => store.get().state, registry, histories: store.get().runs, call });
const projector = startProjector({ store });
startPageShape({ store, unknown: address.hide.unknown, showNotice });
startLinkDialog({ stateFragment: () => encodeState(store.get().state, defaults, replayOf), projectorView: () => projector.view });
const lessons = startLessons({ store, call, propose, makeRun, lesson: address.lesson, draw: address.draw, stateInLink: Boolean(address.stateHash), showNotice });

function draw() {
  const model = store.get();
  runsPanel.draw(model);  // first: the plateau line goes into the run's row
  for (const view of views) view.draw?.(model);
  transport.draw(model);
  showFieldErrors(model);
  paintCursor(model);
}
// The cursor's markers, on each chart's layer of its own (web/charts/cursor-layer.js), and the
// timeline: after every draw, and alone (with the run cards' lines) when only the cursor moved.
function paintCursor(model) {
  for (const view of views) view.cursor?.(model);
  timeline.draw(model);
}
function drawCursor() {
  const model = store.get();
  paintCursor(model);
  runsPanel.drawCursor(model);
}
// Every change asks for a frame; an adopted state (or a lesson opened or closed) is written to
// the address a moment later, so a drag writes it once.
const saveUrl = debounced(() => history.replaceState(null, '',
  joinHash(encodeState(store.get().state, defaults, replayOf), store.get().lesson.chapter, store.get().lesson.draw)), 150);
const CURSOR_FIELDS = new Set(['cursor', 'cursorVerdicts']);
store.subscribe((model, changed) => {
  if (changed.has('state') || changed.has('lesson')) saveUrl();
  if ([...changed].every((field) => CURSOR_FIELDS.has(field))) redrawCursor();
  else redraw();
});

// ---- start: build the runs, then play the default view at once ----
await call('speed', { epochsPerSecond: store.get().state.speed });
const adopted = new Promise((resolve) => store.subscribe((model, changed) => changed.has('state') && resolve(model)));
propose(() => {}, 'add-run');
await call('play');
// Ready (for people and tests) once the controls are built and a frame has been drawn.
await adopted;
await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
document.body.dataset.ready = 'true';
lessons.start();
// The sweep's helper workers start now, not beside the training worker: they would delay the
// first chart (web/page/sweep-client.js).
sweep.addHelpers(startSweepHelpers(sweepWorkerCount(address.workers), startWorker));
