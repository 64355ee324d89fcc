// Lesson mode: a "Lessons" button in the header opens a panel that walks through the tutorial's
// claims chapter by chapter (lessons/*.json). Opening a chapter goes through the page's own
// settings path (main.js's propose: the core validates, the page adopts, the URL follows), with
// fresh runs at the chapter's rates, paused so the student predicts before anything trains. "Run
// it" plays; the feedback compares the prediction with the core's result for that run
// (web/lessons/checks.js). The chapter number sits in the URL beside the state (#s=...&lesson=3).
//
// The chapter open is the page model's `lesson` (the composition writes it to the address). While a
// chapter runs, its check is read again at every change of the model (the sweep and the landscape
// finish on their own schedule, not with the runs).
//
// Drawing mode (a teacher's link with &draw, or the panel's "Draw your prediction"): the prediction
// is a sketch of one run's loss on the loss chart instead of the question's choices
// (web/lessons/sketch/), judged against that run when it is done.
import { loadChapters, fillIn } from './chapters.js';
import { createLessonPanel } from './lesson-panel.js';
import { modelFacts } from './model-facts.js';
import { evaluate, judge } from './checks.js';
import { splitHash } from '../page/url-schema.js';
import { PANELS } from '../page/panels.js';
import { VIEWS } from '../views/registry.js';
import { mergeSettings } from '../page/state.js';
import { formatRate } from '../words/format.js';
import { el } from '../controls/dom.js';
import { startSketch } from './sketch/sketch-mode.js';
import { createPointing } from './pointing/pointing.js';
import { createReviewPanel } from './review-panel.js';

// Where each named area of a chapter ("views", "highlight", "hideUntilRun") is on the page: the
// page's panels, by their names ("rates" is the runs' panel).
const byName = new Map(PANELS.map((panel) => [panel.name, panel]));
const areaOf = (name) => byName.get(name === 'rates' ? 'runs' : name);
/** @type {{find: (name: string) => any}} */
const AREAS = { find: (name) => areaOf(name)?.panel() ?? null };
// What is hidden until the run: a view's veil (the schedule's chart, not the controls beside it).
/** @type {{find: (name: string) => any}} */
const VEILS = { find: (name) => { const area = areaOf(name); return (area?.veil ?? area?.panel)?.() ?? null; } };
const VIEW_NAMES = Object.fromEntries(VIEWS.map((view) => [view.name, view.named]));

/**
 * @param {{store: import('../page/model.js').ModelStore, call: (type: string, args?: any) => Promise<any>,
 *          propose: (mutate: (draft: any) => void, field: string, options?: {hold?: boolean}) => void,
 *          makeRun: (rate: number, runs: any[]) => any, lesson: number | null, draw?: boolean,
 *          stateInLink: boolean, showNotice?: (text: string) => void}} options
 *   lesson: the chapter the address names; draw: it asks for a drawn prediction; stateInLink: the
 *   address also carries the page's state;
 *   showNotice: the page's notices (an address naming a chapter that does not exist)
 */
export function startLessons({ store, call, propose, makeRun, lesson: linked, draw: linkedDraw = false, stateInLink, showNotice }) {
  const facts = modelFacts(store.get);
  const getState = () => store.get().state;
  let chapters = null;     // loaded on first use
  let loading = null;
  let active = false;
  let current = 0;         // 1-based chapter number
  let phase = 'closed';
  let waitingFor = null;   // the run keys of the chapter's fresh runs, until the page adopts them
  let answer = null;
  let marked = [];
  let stopChecking = () => {};
  let openToken = 0;       // a later open() wins over one still waiting
  let ownSetup = null;     // the page's state before the first chapter: given back on leaving
  let drawing = linkedDraw;  // the prediction is drawn on the loss chart

  const panel = createLessonPanel({
    formatRate,
    onPrevious: () => open(current - 1),
    onNext: () => open(current + 1),
    onSelect: (n) => open(n),
    onClose: () => close(),
    onRun: (given) => run(given),
    onAgain: () => open(current),
    onTry: () => tryIt(),
    onDraw: (on) => setDrawing(on),
  });
  // A chapter's linked phrases point at its runs' lines, marks and regions (its runs by key).
  const pointing = createPointing({ runKeys: () => getState().runs.map((run) => run.key) });
  panel.element.append(pointing.note);
  // The questions at the end of a chapter, answered from the run's record by the checks.
  const review = createReviewPanel({ onAnswer: (q, c) => reviewAnswer(q, c) });
  panel.element.querySelector('.lesson-words')?.append(review.element);
  const sketch = startSketch({ slot: panel.sketchSlot, onSketch: (has) => panel.drawing(drawing, has) });
  document.getElementById('notice')?.after(panel.element);
  const button = el('button', { type: 'button', id: 'lessons-button', 'aria-controls': 'lesson-panel', 'aria-expanded': 'false' }, 'Lessons');
  document.querySelector('.page-header h1')?.after(button);
  button.addEventListener('click', () => (active ? close() : open(current || 1)));

  const chapter = () => chapters[current - 1];
  // The run a sketch predicts: the one the question asks about, else the one the check reads.
  const sketchRun = () => { const spec = chapter(); return spec.sketch?.run ?? spec.question?.run ?? spec.check?.run ?? 1; };
  // By what sets the run apart from the chapter's others (web/words/run-names.js).
  const runName = (k) => facts.runName(k);
  const finished = (record) => record && (record.stopped || (record.target > 0 && record.epochsDone >= record.target));

  // An answer given before the runs have shown it (the chapter's check may read one run while
  // another still trains) is judged as soon as they have: pending holds it until then.
  const pending = new Map();  // question -> choice
  let stopPending = () => {};
  function reviewAnswer(q, c) {
    const question = chapter().review[q];
    const result = evaluate(question.check, facts);
    if (result.status !== 'done') {
      pending.set(q, c);
      stopPending();
      stopPending = store.subscribe(() => {
        for (const [p, choice] of pending) {
          if (evaluate(chapter().review[p].check, facts).status !== 'done') continue;
          pending.delete(p);
          review.say(p, reviewAnswer(p, choice));
        }
        if (!pending.size) stopPending();
      });
      return { text: 'The runs have not shown this yet: the answer comes when they have.', agreed: 'none' };
    }
    pending.delete(q);
    const { agreed } = judge({ kind: 'choice', choices: question.choices }, { choice: c }, result);
    return { text: `${agreed ? 'Right.' : 'Not quite.'} ${result.said}`, agreed: String(agreed) };
  }
  function endReview() {
    pending.clear();
    stopPending();
    review.hide();
  }

  // Drawing mode on or off: the address follows, and a chapter that is asking asks the other way.
  function setDrawing(on) {
    drawing = on;
    if (chapters) store.update({ lesson: { chapter: current, draw: on } });
    if (phase === 'asking') askSketch();
    panel.drawing(drawing, sketch.has());
  }
  function askSketch() {
    if (!drawing) return sketch.stop();
    const k = sketchRun();
    sketch.ask(chapter().settings.epochs, `the training loss you expect for ${runName(k)}`);
  }
  const fill = (text) => fillIn(text, chapter(), formatRate);

  function ensureChapters() {
    loading ??= loadChapters().then((list) => {
      chapters = list;
      return list;
    });
    return loading;
  }

  function mark(names, className) {
    for (const name of names ?? []) {
      const node = (className === 'lesson-veiled' ? VEILS : AREAS).find(name);
      if (!node) continue;
      node.classList.add(className);
      if (className === 'lesson-veiled') node.dataset.veil = 'Hidden until you run it: predict first.';
      marked.push([node, className]);
    }
  }
  function unmark(className) {
    marked = marked.filter(([node, name]) => {
      if (className && name !== className) return true;
      node.classList.remove(name);
      return false;
    });
  }

  // The chapter's subject, the first view it names that lies below the loss chart (the sharpness
  // chart of chapter 10), comes first among those views, across their width, right under the runs
  // and the loss chart, instead of past unrelated charts; on the projector it is the view beside
  // the loss chart (web/lessons/lessons.css).
  // On the projector, a chapter that names the view the teacher put beside the loss chart keeps
  // it there (chapter 2 names the sweep, whose 2/L line its text points at).
  function placeSubject(spec) {
    const below = document.querySelector('.views-panel');
    const chosen = document.documentElement.dataset.projectorView;
    const names = (spec.views ?? []).includes(chosen) ? [chosen] : spec.views ?? [];
    const subject = names.map((name) => AREAS.find(name)).find((node) => node && below?.contains(node));
    if (!subject || !below) return;
    subject.classList.add('lesson-subject');
    below.classList.add('lesson-ordered');
    marked.push([subject, 'lesson-subject'], [below, 'lesson-ordered']);
  }

  // "Look at: the landscape and the loss chart." A view the page does not have yet is named as
  // such, and so is one a link hid (web/page/page-shape.js), with the way to bring it back.
  function lookText(spec) {
    const views = (spec.views ?? []).map((name) => {
      const node = AREAS.find(name);
      if (!node) return `${VIEW_NAMES[name]} (not on this page yet)`;
      if (node.classList.contains('shaped-hidden')) return `${VIEW_NAMES[name]} (hidden by this link: "Show all panels" at the top brings it back)`;
      return VIEW_NAMES[name];
    });
    if (!views.length) return '';
    const list = views.length > 1 ? `${views.slice(0, -1).join(', ')} and ${views.at(-1)}` : views[0];
    return `Look at ${list}; the controls that matter are outlined.`;
  }

  // Opens chapter n. apply: start the chapter's own settings (false when the link already
  // carried the page's state, e.g. a chapter the student had changed and shared).
  // fromAddress: n was read from the address (#lesson=n), which may name a chapter that does not
  // exist: then the nearest one opens and a notice says so (the panel's own buttons never ask
  // for one).
  async function open(n, { apply = true, fromAddress = false } = {}) {
    const mine = ++openToken;
    try {
      await ensureChapters();
    } catch (error) {
      showPanel();
      panel.message(`The lessons could not be loaded: ${error.message}. They are read from the lessons/ folder, so open the page from its server (scripts/serve.sh).`);
      return;
    }
    if (!chapters.length || mine !== openToken) return;
    current = Math.min(Math.max(1, n), chapters.length);
    if (fromAddress && current !== n) {
      showNotice?.(`There is no lesson chapter ${n}: the lessons have chapters 1 to ${chapters.length}. Showing chapter ${current}, "${chapters[current - 1].title}".`);
    }
    const spec = chapter();
    showPanel();
    unmark();
    answer = null;
    sketch.stop();
    endReview();
    pointing.clear();
    const links = (spec.links ?? []).map((link) => ({ ...link, phrase: fill(link.phrase) }));
    // What a phrase found is kept on the panel for the page's tests (0: it points at nothing).
    const told = (found) => { panel.element.dataset.pointed = String(found); };
    panel.show(chapters, current, spec, fill, lookText(spec), (text) => pointing.paragraph(text, links, told));
    panel.drawing(drawing, false);
    panel.feedback('', '');
    mark(spec.highlight, 'lesson-highlight');
    if (spec.question) mark(spec.hideUntilRun, 'lesson-veiled');
    placeSubject(spec);
    setPhase('loading');
    store.update({ lesson: { chapter: current, draw: drawing } });
    if (!apply) return ready();
    if (spec.speed) await call('speed', { epochsPerSecond: spec.speed });
    if (mine !== openToken) return;
    ownSetup ??= structuredClone(getState());
    const keys = [];
    waitingFor = keys;
    // A question is asked before anything trains: the new runs wait at epoch 0 (not even a first
    // epoch, whose verdict could give the answer away) until "Run it".
    const hold = Boolean(spec.question);
    propose((draft) => {
      draft.settings = mergeSettings(store.get().coreDefaults, spec.settings);
      draft.runs = [];
      // A run with its own optimizer or schedule (the chapter's "runs") keeps it (runSettings).
      spec.rates.forEach((rate, i) => {
        const run = makeRun(rate, draft.runs);
        const own = spec.runs?.[i];
        draft.runs.push(own && Object.keys(own).length ? { ...run, own: structuredClone(own) } : run);
      });
      keys.splice(0, keys.length, ...draft.runs.map((r) => r.key));
      if (spec.speed) draft.speed = spec.speed;
      if (spec.surface) draft.view = { ...draft.view, surface: spec.surface };
    }, 'lesson', { hold });
    // New runs start training at once (web/worker/run-pool.js); queued right behind the new runs, this
    // holds them near epoch 0 while the student predicts. "Run it" replays them from epoch 0.
    if (spec.question) call('pause');
  }

  // The chapter's runs exist: ask, or (no question) let them run.
  function ready() {
    waitingFor = null;
    if (chapter().question) {
      call('pause');
      setPhase('asking');
      askSketch();
      panel.feedback('', '');
    } else {
      run(null);
    }
  }

  async function run(given) {
    if (phase !== 'asking' && phase !== 'loading') return;
    if (phase === 'asking' && drawing && !sketch.has()) return;
    answer = drawing ? null : given;
    sketch.reveal();
    unmark('lesson-veiled');
    setPhase('running');
    panel.feedback('Running… the feedback appears here when the run has shown its answer.', '');
    // The landscape drew its paths already (hidden): replay them now that the student watches.
    if (AREAS.find('landscape')) document.getElementById('replay-paths')?.click();
    // The view that shows the answer comes into sight (instantly: no motion for its own sake):
    // its chart, not the whole card, so a chart already on screen (the projector's fitted
    // layout) moves nothing for the controls and notes under it.
    const answerView = AREAS.find(chapter().views?.[0]);
    // Centred when it must move, so a line of words growing above it as the run starts does not
    // push its foot off the screen; left where it is when it is already whole on the screen.
    const bringIntoSight = () => {
      const target = answerView?.querySelector('canvas') ?? answerView;
      const box = target?.getBoundingClientRect();
      if (!box || (box.top >= 0 && box.bottom <= window.innerHeight)) return;
      target.scrollIntoView({ block: box.height < 0.8 * window.innerHeight ? 'center' : 'start' });
    };
    bringIntoSight();
    stopChecking();
    stopChecking = store.subscribe(check);
    // Fresh weights and play from epoch 0, whatever trained while the question was open.
    await call('reset');
    // Again once the panel above has taken its running shape (its words moved the chart down).
    requestAnimationFrame(bringIntoSight);
  }

  function check() {
    if (!active || phase !== 'running') return stopChecking();
    const drawn = sketch.has() ? facts.run(sketchRun())?.record : null;
    sketch.follow(drawn);
    // A sketch is judged on its whole run: the feedback waits for that run too.
    if (drawn && !finished(drawn)) return;
    const result = evaluate(chapter().check, facts);
    if (result.status !== 'waiting') tell(result);
  }

  function tell(result) {
    const spec = chapter();
    if (result.status === 'missing') {
      panel.feedback(`This chapter's check reads ${VIEW_NAMES[result.view] ?? result.view}, which is not on this page yet, so it cannot say whether your prediction held. The runs above still show the rest.`, 'unavailable');
    } else if (sketch.has()) {
      const k = sketchRun();
      const said = sketch.feedback(facts.run(k).record, spec.settings.epochs, runName(k));
      // The check's own finding follows when it reads something else than the sketched run's loss.
      const more = spec.check.kind === 'verdict' && spec.check.run === k ? '' : ` ${result.said}`;
      panel.feedback(`${said.text}${more}`, String(said.agreed));
      panel.element.dataset.sketchShare = String(said.score.share);
    } else if (!spec.question || !answer) {
      panel.feedback(result.said, 'none');
    } else {
      const { agreed, predicted } = judge(spec.question, answer, result);
      panel.feedback(agreed
        ? `Your prediction held. You said ${predicted}. ${result.said}`
        : `Not this time: you said ${predicted}. ${result.said}`, String(agreed));
    }
    stopChecking();
    setPhase('told');
    review.show(spec.review ?? [], fill);
    panel.element.querySelector('#lesson-feedback')?.scrollIntoView({ block: 'nearest' });
  }

  function setPhase(name) {
    phase = name;
    panel.phase(name);
  }

  function showPanel() {
    active = true;
    panel.element.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    document.body.classList.add('lesson-mode');
  }

  // Leaving the lessons gives back the setup the user had before the first chapter: settings,
  // runs (their keys, rates and colours: they retrain from the same seed, so the same numbers),
  // speed and view. "Try it yourself" keeps the chapter's setup instead (tryIt).
  function close({ restore = true } = {}) {
    const own = restore ? ownSetup : null;
    ownSetup = null;
    if (own) {
      call('speed', { epochsPerSecond: own.speed });
      propose((draft) => {
        draft.settings = structuredClone(own.settings);
        draft.runs = structuredClone(own.runs);
        draft.speed = own.speed;
        draft.view = structuredClone(own.view);
      }, 'lesson');
    }
    active = false;
    phase = 'closed';
    waitingFor = null;
    stopChecking();
    unmark();
    sketch.stop();
    pointing.clear();
    drawing = false;
    endReview();
    panel.element.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    document.body.classList.remove('lesson-mode');
    store.update({ lesson: { chapter: null, draw: false } });
    button.focus();
  }

  // Free play on the chapter's settings: leave lesson mode, keep the runs, and let them train.
  async function tryIt() {
    const target = marked.find(([, name]) => name === 'lesson-highlight')?.[0];
    close({ restore: false });
    await call('play');
    const control = target?.querySelector('input, select, button, textarea, [tabindex="0"]');
    target?.scrollIntoView({ block: 'nearest' });
    control?.focus();
  }

  // "Show all panels" (web/page/page-shape.js, whose own handler runs first) brings back what the
  // "Look at" line called hidden: the line is said again.
  document.addEventListener('click', (event) => {
    if (active && chapters && /** @type {Element} */ (event.target)?.id === 'show-all-panels') panel.look(lookText(chapter()));
  });

  window.addEventListener('hashchange', () => {
    const { lesson, draw } = splitHash(location.hash);
    if (lesson !== null && draw !== drawing) setDrawing(draw);
    if (lesson !== null && lesson !== current) open(lesson, { fromAddress: true });
  });

  // Each adopted state: the chapter's fresh runs exist once the model holds their keys.
  store.subscribe((model, changed) => {
    if (!changed.has('state')) return;
    const { runs } = model.state;
    if (waitingFor?.length && runs.length === waitingFor.length && runs.every((r, i) => r.key === waitingFor[i])) ready();
  });

  return {
    // Once the page is ready: the chapter the address names opens.
    start() {
      if (linked !== null) open(linked, { apply: !stateInLink, fromAddress: true });
    },
  };
}
