// "Make a link": a dialog that builds a link opening the page on these settings, a lesson, or the
// default view, with chosen panels hidden and projector mode on or off (written and read back by
// web/page/url-schema.js; the panels are web/page/panels.js's). The link is shown as text to copy; nothing is sent anywhere.
import { PANELS, PROJECTABLE_NAMES } from '../page/panels.js';
import { joinHash, shapeQuery } from '../page/url-schema.js';
import { loadChapters } from '../lessons/chapters.js';
import { usedButHidden } from '../lessons/lesson-panels.js';
import { el, uniqueId, setText } from '../controls/dom.js';

// options: {stateFragment(): '#s=...' for the page's current settings, projectorView(): view or null}
export function startLinkDialog({ stateFragment, projectorView }) {
  const origin = el('select', { id: 'link-origin' },
    el('option', { value: 'settings' }, 'these settings'),
    el('option', { value: 'lesson' }, 'a lesson'),
    el('option', { value: 'default' }, 'the default view'));
  const lesson = el('select', { id: 'link-lesson', disabled: true }, el('option', { value: '' }, 'loading the lessons…'));
  // The class draws its prediction on the loss chart instead of picking an answer (&draw).
  const draw = el('input', { type: 'checkbox', id: 'link-draw' });
  const lessonRow = el('div', { className: 'dialog-row' }, el('label', { htmlFor: 'link-lesson' }, 'Lesson'), lesson,
    el('span', { className: 'check-field' }, draw, el('label', { htmlFor: 'link-draw' }, 'students draw their prediction')));
  lessonRow.hidden = true;
  const boxes = PANELS.map((panel) => {
    const id = uniqueId('link-hide');
    const box = el('input', { type: 'checkbox', id, value: panel.name });
    return { box, row: el('div', { className: 'check-field' }, box, el('label', { htmlFor: id }, panel.title)) };
  });
  // Said when a hidden panel is one the chosen lesson tells the class to look at or reads its
  // answer from (web/lessons/lesson-panels.js): the link still works, the teacher decides.
  const warning = el('p', { id: 'link-warning', className: 'dialog-warning', role: 'status', hidden: true });
  const projector = el('input', { type: 'checkbox', id: 'link-projector' });
  const output = el('input', { type: 'text', id: 'link-output', className: 'link-output', readonly: true });
  const copy = el('button', { type: 'button' }, 'Copy');
  const status = el('span', { className: 'share-status', role: 'status' });
  const close = el('button', { type: 'button', className: 'dialog-close' }, 'Close');
  const dialog = el('dialog', { id: 'link-dialog', className: 'teacher-dialog', 'aria-labelledby': 'link-title' },
    el('div', { className: 'dialog-head' }, el('h2', { id: 'link-title' }, 'Make a link'), close),
    el('p', { className: 'dialog-note' }, 'A link that opens the lab on a setting or a lesson, with the panels you choose hidden. '
      + 'Whoever opens it can bring them back with "Show all panels".'),
    el('div', { className: 'dialog-row' }, el('label', { htmlFor: 'link-origin' }, 'Open on'), origin),
    lessonRow,
    el('fieldset', { className: 'link-panels' }, el('legend', {}, 'Hide these panels'), boxes.map((b) => b.row)),
    warning,
    el('div', { className: 'check-field' }, projector, el('label', { htmlFor: 'link-projector' }, 'Projector mode (large type, two charts side by side)')),
    el('div', { className: 'dialog-row' }, el('label', { htmlFor: 'link-output', className: 'link-field-label' }, 'Link')),
    output,
    el('div', { className: 'dialog-row' }, copy, status));
  document.body.append(dialog);

  let chapters = null;
  async function fillLessons() {
    if (chapters) return;
    try {
      chapters = await loadChapters();
      lesson.replaceChildren(...chapters.map((c, i) => el('option', { value: String(i + 1) }, `${i + 1}. ${c.title}`)));
      lesson.disabled = false;
    } catch (error) {
      lesson.replaceChildren(el('option', { value: '' }, `the lessons could not be loaded: ${error.message}`));
    }
    update();
  }

  function update() {
    const hide = boxes.filter((b) => b.box.checked).map((b) => b.box.value);
    const query = shapeQuery({ hide, projector: projector.checked ? (projectorView() ?? PROJECTABLE_NAMES[0]) : null });
    let fragment = '';
    if (origin.value === 'settings') fragment = stateFragment();
    if (origin.value === 'lesson' && lesson.value) fragment = joinHash('', Number(lesson.value), draw.checked);
    lessonRow.hidden = origin.value !== 'lesson';
    warnAboutLesson(hide);
    output.value = `${location.origin === 'null' ? location.href.split(/[?#]/)[0] : location.origin + location.pathname}${query}${fragment}`;
    status.textContent = '';
  }

  function warnAboutLesson(hide) {
    const chapter = origin.value === 'lesson' && chapters ? chapters[Number(lesson.value) - 1] : null;
    const clash = chapter ? usedButHidden(chapter, hide) : [];
    const text = clash.length
      ? `Lesson ${lesson.value} uses ${listWords(clash.map((name) => `"${PANELS.find((p) => p.name === name).title}"`))}: `
        + `hidden, ${clash.length === 1 ? 'it is' : 'they are'} still named in the lesson's text and the class will not see ${clash.length === 1 ? 'it' : 'them'} until someone presses "Show all panels".`
      : '';
    setText(warning, text);
    warning.hidden = !text;
  }

  origin.addEventListener('change', () => {
    if (origin.value === 'lesson') fillLessons();
    update();
  });
  for (const control of [lesson, draw, projector, ...boxes.map((b) => b.box)]) control.addEventListener('change', update);
  close.addEventListener('click', () => dialog.close());
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(output.value);
      status.textContent = 'Link copied.';
    } catch {
      status.textContent = 'Copy this link:';
    }
    output.select();
  });

  const button = el('button', { type: 'button', id: 'make-link', 'aria-haspopup': 'dialog' }, 'Make a link');
  document.getElementById('copy-link')?.after(button);
  button.addEventListener('click', () => {
    projector.checked = projectorView() !== null;
    update();
    dialog.showModal();
  });
}

// ['a', 'b', 'c'] -> 'a, b and c'.
const listWords = (items) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);
