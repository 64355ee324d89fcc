// The check at the end of a chapter: one or two questions about what the run showed (a chapter's
// "review"), each answered by a choice and given feedback at once. Only DOM: whether a choice is
// right is the caller's (web/lessons/lesson-mode.js reads it from the run's record through the
// same checks as the chapter's question, so the answers are never written in the file).
import { el, uniqueId } from '../controls/dom.js';

/**
 * @param {{onAnswer: (question: number, choice: number) => {text: string, agreed: string}}} options
 *   agreed: 'true' | 'false' | 'none' (the run has not shown it yet: the caller answers again
 *   through say() once it has)
 */
export function createReviewPanel({ onAnswer }) {
  const element = el('section', { className: 'lesson-review', id: 'lesson-review', 'aria-label': 'What did the run show?' });
  element.hidden = true;
  let lines = [];  // each question's feedback line
  const say = (q, { text, agreed }) => {
    lines[q].textContent = text;
    lines[q].dataset.agreed = agreed;
  };

  return {
    element,
    // questions: the chapter's review, their words filled in; [] hides the panel.
    show(questions, fill) {
      element.replaceChildren();
      element.hidden = !questions.length;
      lines = [];
      if (!questions.length) return;
      element.append(el('h3', {}, 'What did the run show?'));
      questions.forEach((question, q) => {
        const name = uniqueId('lesson-review');
        const said = el('p', { className: 'lesson-feedback', role: 'status', 'aria-live': 'polite' });
        lines.push(said);
        const list = el('div', { className: 'lesson-choices' });
        question.choices.forEach((choice, c) => {
          const id = `${name}-${c}`;
          const radio = el('input', { type: 'radio', name, id, value: String(c) });
          radio.addEventListener('change', () => say(q, onAnswer(q, c)));
          list.append(el('div', { className: 'lesson-choice' }, radio, el('label', { htmlFor: id }, fill(choice.label))));
        });
        element.append(el('fieldset', { className: 'lesson-question' }, el('legend', {}, fill(question.prompt)), list, said));
      });
    },
    say,
    hide() {
      element.hidden = true;
      element.replaceChildren();
      lines = [];
    },
  };
}
