// The lesson panel's DOM: chapter navigation, the chapter's words, the question asked before the
// run, the buttons, and the feedback line (announced: aria-live). Only DOM here; what the buttons
// do is web/lessons/lesson-mode.js's. Every text from a chapter file goes in as textContent.
import { el, uniqueId } from '../controls/dom.js';

// The slider question moves on a log scale, like the page's rate sliders.
const SLIDER_STEPS = 400;

export function createLessonPanel({ onPrevious, onNext, onSelect, onClose, onRun, onAgain, onTry, onDraw, formatRate }) {
  const title = el('h2', { id: 'lesson-title', tabindex: '-1' });
  const select = el('select', { id: 'lesson-select' });
  const previous = el('button', { type: 'button', id: 'lesson-prev', 'aria-label': 'Previous chapter' }, '← Previous');
  const next = el('button', { type: 'button', id: 'lesson-next', 'aria-label': 'Next chapter' }, 'Next →');
  const close = el('button', { type: 'button', id: 'lesson-close' }, 'Leave lessons');
  const story = el('div', { className: 'lesson-story' });
  const look = el('p', { className: 'lesson-look' });
  const question = el('fieldset', { className: 'lesson-question' });
  const run = el('button', { type: 'button', id: 'lesson-run', className: 'primary' }, 'Run it');
  const again = el('button', { type: 'button', id: 'lesson-again' }, 'Ask me again');
  const tryIt = el('button', { type: 'button', id: 'lesson-try' }, 'Try it yourself');
  // Drawing mode: the prediction is a sketch on the loss chart instead of the question's choices.
  const draw = el('button', { type: 'button', id: 'lesson-draw', 'aria-pressed': 'false' }, 'Draw your prediction');
  const sketchSlot = el('div', { className: 'lesson-sketch-slot' });
  const hint = el('p', { className: 'lesson-hint', id: uniqueId('lesson-hint') });
  const feedback = el('p', { id: 'lesson-feedback', className: 'lesson-feedback', role: 'status', 'aria-live': 'polite' });
  const progress = el('span', { className: 'lesson-progress' });

  const panel = el('section', { id: 'lesson-panel', className: 'lesson-panel', 'aria-labelledby': 'lesson-title' },
    el('div', { className: 'lesson-nav', role: 'group', 'aria-label': 'Chapters' },
      previous,
      el('label', { className: 'lesson-select-label', htmlFor: 'lesson-select' }, 'Chapter'),
      select, progress, next, close),
    el('div', { className: 'lesson-body' },
      el('div', { className: 'lesson-words' }, title, story, look),
      // The way of predicting first, so the keyboard meets the toggle before what it shows.
      el('div', { className: 'lesson-task' }, el('div', { className: 'lesson-mode-toggle' }, draw), question, sketchSlot,
        el('div', { className: 'lesson-actions' }, run, again, tryIt), hint, feedback)));
  panel.hidden = true;
  run.setAttribute('aria-describedby', hint.id);

  previous.addEventListener('click', onPrevious);
  next.addEventListener('click', onNext);
  select.addEventListener('change', () => onSelect(Number(select.value)));
  close.addEventListener('click', onClose);
  run.addEventListener('click', () => onRun(answer()));
  again.addEventListener('click', onAgain);
  tryIt.addEventListener('click', onTry);
  draw.addEventListener('click', () => onDraw(!drawing));

  let answer = () => null;
  let drawing = false;   // the prediction is drawn (web/lessons/sketch/)
  let sketched = false;  // ...and a sketch is there
  let hasQuestion = false;

  function renderQuestion(spec, fill) {
    question.replaceChildren();
    hasQuestion = Boolean(spec);
    question.hidden = !spec || drawing;
    answer = () => null;
    if (!spec) return;
    question.append(el('legend', {}, 'Predict first: ', fill(spec.prompt)));
    if (spec.kind === 'slider') {
      const [low, high] = [Math.log10(spec.min), Math.log10(spec.max)];
      const toRate = (position) => 10 ** (low + (high - low) * (position / SLIDER_STEPS));
      const toPosition = (rate) => Math.round(((Math.log10(rate) - low) / (high - low)) * SLIDER_STEPS);
      const id = uniqueId('lesson-guess');
      const output = el('output', { htmlFor: id, className: 'lesson-guess-value' });
      const slider = el('input', { type: 'range', id, min: '0', max: String(SLIDER_STEPS), step: '1',
        value: String(toPosition(spec.start ?? Math.sqrt(spec.min * spec.max))) });
      const show = () => {
        const rate = Number(toRate(Number(slider.value)).toPrecision(2));
        const text = `best rate ≈ ${formatRate(rate)} (between ${formatRate(rate / (spec.factor ?? 3))} and ${formatRate(rate * (spec.factor ?? 3))})`;
        output.textContent = text;
        slider.setAttribute('aria-valuetext', text);
        return rate;
      };
      slider.addEventListener('input', show);
      show();
      question.append(el('label', { htmlFor: id, className: 'lesson-guess-label' }, 'Your guess for the best rate'),
        el('div', { className: 'lesson-guess' }, slider, output));
      answer = () => ({ rate: show() });
      run.disabled = false;
      return;
    }
    const name = uniqueId('lesson-choice');
    const list = el('div', { className: 'lesson-choices' });
    spec.choices.forEach((choice, index) => {
      const id = `${name}-${index}`;
      const radio = el('input', { type: 'radio', name, id, value: String(index) });
      radio.addEventListener('change', () => {
        run.disabled = false;
        hint.textContent = '';
      });
      list.append(el('div', { className: 'lesson-choice' }, radio, el('label', { htmlFor: id }, fill(choice.label))));
    });
    question.append(list);
    answer = () => {
      const checked = list.querySelector('input:checked');
      return checked ? { choice: Number(checked.value) } : null;
    };
  }

  return {
    element: panel,
    sketchSlot,
    focusTitle: () => title.focus(),
    // Drawing mode on or off, and whether a sketch has been drawn yet (it enables "Run it").
    drawing(on, hasSketch) {
      drawing = on;
      sketched = hasSketch;
      draw.setAttribute('aria-pressed', String(on));
      draw.textContent = on ? 'Answer with words instead' : 'Draw your prediction';
      question.hidden = !hasQuestion || on;
      this.phase(panel.dataset.phase);
    },
    // chapters: [{title}], n: 1-based; fill(text) substitutes the chapter's numbers; paragraph(text)
    // builds one paragraph of the chapter's text (with its linked phrases).
    show(chapters, n, chapter, fill, lookText, paragraph = (text) => el('p', {}, text)) {
      if (select.options.length !== chapters.length) {
        select.replaceChildren(...chapters.map((c, i) => el('option', { value: String(i + 1) }, `${i + 1}. ${c.title}`)));
      }
      select.value = String(n);
      progress.textContent = `${n} of ${chapters.length}`;
      previous.disabled = n <= 1;
      next.disabled = n >= chapters.length;
      title.textContent = `${n}. ${chapter.title}`;
      story.replaceChildren(...chapter.text.map((text) => paragraph(fill(text))));
      look.textContent = lookText;
      renderQuestion(chapter.question, fill);
      panel.dataset.chapter = chapter.id;
      this.phase('loading');
    },
    // loading -> asking (question shown, run waits) -> running -> told (feedback given)
    phase(name) {
      panel.dataset.phase = name;
      const asking = name === 'asking';
      for (const input of question.querySelectorAll('input')) input.disabled = !asking;
      const asks = hasQuestion || drawing;
      run.hidden = asks ? name === 'told' || name === 'running' : true;
      draw.hidden = !asking;
      if (asking && drawing && !sketched) {
        run.disabled = true;
        hint.textContent = 'Draw the loss you expect on the loss chart, or pick a shape, then run it.';
      } else if (asking && !drawing && answer() === null && question.querySelector('input[type="radio"]')) {
        run.disabled = true;
        hint.textContent = 'Choose an answer, then run it.';
      } else {
        run.disabled = name !== 'asking';
        hint.textContent = '';
      }
      again.hidden = !(name === 'told' && asks);
    },
    // text: plain words; agreed: 'true' | 'false' | 'none' | 'unavailable' | '' (running)
    feedback(text, agreed = '') {
      feedback.textContent = text;
      feedback.dataset.agreed = agreed;
    },
    // The "Look at ..." line alone, when what it names changed (a panel shown again).
    look(text) {
      look.textContent = text;
    },
    message(text) {
      title.textContent = 'Lessons';
      story.replaceChildren(el('p', {}, text));
      look.textContent = '';
      question.hidden = true;
      run.hidden = true;
      again.hidden = true;
      draw.hidden = true;
      panel.dataset.phase = 'unavailable';
    },
  };
}
