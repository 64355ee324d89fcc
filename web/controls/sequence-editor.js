// The parts of a sequence of schedules ('sequential', PyTorch's SequentialLR; 'chained', its
// ChainedScheduler) as rows a student edits: each row a schedule picker with that schedule's own
// parameters (built from the core's registry, as every other control) and, in a sequence, the
// position where it takes over (a milestone); rows are added, removed and moved up. The settings
// JSON stays the model: every edit proposes the whole new list of parts (and milestones), the core
// checks it part by part, and the adopted settings are drawn back here, so a link round-trips.
// The core's messages name the part's field (schedule.parts[1].decay_steps); each is shown beside
// that field in the words of the page: a row's control is labelled with its part ("part 2,
// decay_steps", web/page/control-errors.js says the refusal in it), the list-wide line here.
import { el, errorLine, uniqueId } from './dom.js';
import { paramField, choiceField } from './param-field.js';

// A part added is a constant phase (the core's own advice for one: constant_lr at factor 1),
// starting this many positions after the last part's start.
const ADDED_PART = { name: 'constant_lr', factor: 1 };
const ADDED_LENGTH = 10;

// A part of a sequence cannot itself be a sequence, nor a formula (the core says why if picked).
const partChoices = (schedules) => schedules.filter((s) => s.name !== 'formula'
  && !s.params.some((spec) => spec.kind === 'schedule_list'));

// "schedule.parts[1].decay_steps: 0 is not allowed" -> "part 2, decay_steps: 0 is not allowed".
export function partMessage(message) {
  const match = /^schedule\.(parts|milestones)\[(\d+)\](?:\.(\w+))?: (.*)$/s.exec(message ?? '');
  if (!match) return message ?? '';
  const [, list, index, name, rest] = match;
  return list === 'parts'
    ? `part ${Number(index) + 1}${name ? `, ${name}` : ''}: ${rest}`
    : `start of part ${Number(index) + 2}: ${rest}`;
}

// The lists after an edit: parts and, for a sequence, one fewer milestones, still increasing.
export function addPart(parts, milestones, part = ADDED_PART) {
  const start = milestones.length ? milestones.at(-1) + ADDED_LENGTH : ADDED_LENGTH;
  return { parts: [...parts, structuredClone(part)], milestones: [...milestones, start] };
}
export function removePart(parts, milestones, index) {
  const kept = milestones.slice();
  // The first part's removal makes the second the first (from position 0): its milestone goes.
  kept.splice(Math.max(index - 1, 0), 1);
  return { parts: parts.filter((_, i) => i !== index), milestones: kept };
}
// Moves part `index` one up; the milestones stay where they are (the lengths go with the places).
export function movePartUp(parts, milestones, index) {
  const moved = parts.slice();
  [moved[index - 1], moved[index]] = [moved[index], moved[index - 1]];
  return { parts: moved, milestones: milestones.slice() };
}

/**
 * @param {{schedules: any[], sequential: boolean, fields: Map<string, any>,
 *          onChange: (mutate: (settings: any) => void, field: string) => void, prefix?: string}} options
 *   sequential: milestones belong to the parts (SequentialLR); chained parts all start at 0;
 *   prefix: before every field's name (a run's own schedule: "runs.r2.")
 */
export function sequenceEditor({ schedules, sequential, fields, onChange, prefix: fieldPrefix = '' }) {
  const choices = partChoices(schedules);
  const byName = new Map(schedules.map((s) => [s.name, s]));
  const list = el('ol', { className: 'sequence-parts' });
  const listError = errorLine(uniqueId('sequence-error'));
  const add = el('button', { type: 'button', className: 'small' }, 'Add a part');
  const element = el('fieldset', { className: 'sequence-editor' },
    el('legend', { className: 'field-label' }, sequential ? 'Parts in turn (SequentialLR)' : 'Parts multiplied (ChainedScheduler)'),
    list, add, listError.element);
  let parts = [];
  let milestones = [];
  let shape = '';  // the part names the rows were built for
  let owned = [];  // the fields this editor put into `fields`
  let setters = [];  // (parts, milestones) -> shows the values in the rows' controls

  const propose = (next, field) => onChange((settings) => {
    settings.schedule.parts = next.parts;
    if (sequential) settings.schedule.milestones = next.milestones;
  }, field);
  add.addEventListener('click', () => propose(addPart(parts, milestones), `${fieldPrefix}schedule.parts`));

  function own(field, control) {
    fields.set(field, control);
    owned.push(field);
  }

  function row(part, i) {
    const info = byName.get(part.name);
    const prefix = `${fieldPrefix}schedule.parts[${i}]`;
    const picker = choiceField({
      label: `Part ${i + 1}`, choices: choices.map((c) => c.name), field: `${prefix}.name`, value: part.name,
      labels: Object.fromEntries(choices.map((c) => [c.name, c.label])),
      onChange: (name) => propose({ parts: parts.map((p, j) => (j === i ? { name } : p)), milestones }, `${prefix}.name`),
    });
    own(`${prefix}.name`, picker);
    // A refused pick goes back to the part in force (its message stays beside it).
    setters.push((now) => picker.setValue(now[i]?.name));
    const params = el('div', { className: 'param-grid' });
    if (sequential) {
      // Where this part takes over: 0 for the first, its milestone for the others.
      const start = i === 0
        ? el('p', { className: 'field-help' }, 'from position 0')
        : startField(i);
      params.append(start);
    }
    for (const spec of info?.params ?? []) {
      const field = `${prefix}.${spec.name}`;
      const control = paramField({
        spec, value: part[spec.name] ?? spec.default, field,
        onChange: (v) => propose({ parts: parts.map((p, j) => (j === i ? { ...p, [spec.name]: v } : p)), milestones }, field),
      });
      // Said with its part: the row's label alone ("decay_steps") does not say which part.
      own(field, { ...control, label: `part ${i + 1}, ${spec.name}` });
      setters.push((now) => control.setValue(now[i]?.[spec.name] ?? spec.default));
      params.append(control.element);
    }
    const up = el('button', { type: 'button', className: 'small', 'aria-label': `Move part ${i + 1} up`, disabled: i === 0 }, '↑');
    up.addEventListener('click', () => propose(movePartUp(parts, milestones, i), `${fieldPrefix}schedule.parts`));
    const remove = el('button', { type: 'button', className: 'small', 'aria-label': `Remove part ${i + 1}`, disabled: parts.length <= 1 }, 'Remove');
    remove.addEventListener('click', () => propose(removePart(parts, milestones, i), `${fieldPrefix}schedule.parts`));
    return el('li', { className: 'sequence-part' },
      el('div', { className: 'sequence-part-head' }, picker.element, el('span', { className: 'sequence-part-moves' }, up, remove)),
      params);
  }

  function startField(i) {
    const field = `${fieldPrefix}schedule.milestones[${i - 1}]`;
    const spec = { name: `starts at position`, kind: 'integer', default: milestones[i - 1], min: 1, max: 1e9,
      meaning: `part ${i + 1} takes over here, from its own position 0`, log_scale: false, nullable: false, choices: [] };
    const control = paramField({
      spec, value: milestones[i - 1], field,
      onChange: (v) => propose({ parts, milestones: milestones.map((m, j) => (j === i - 1 ? v : m)) }, field),
    });
    own(field, { ...control, label: `start of part ${i + 1}` });
    setters.push((now, starts) => control.setValue(starts[i - 1]));
    return control.element;
  }

  function build() {
    for (const field of owned) fields.delete(field);
    owned = [];
    setters = [];
    list.replaceChildren(...parts.map(row));
  }

  // The list-wide fields ("must number one fewer than the parts") share the line under the list:
  // each keeps its own message, so one field's clearing does not hide the other's.
  const wholeMessages = { parts: '', milestones: '' };
  const showWhole = (list) => (text) => {
    wholeMessages[list] = text ?? '';
    listError.show(partMessage(wholeMessages.parts || wholeMessages.milestones));
  };
  return {
    element,
    // The milestones' own control, beside the parts' (the editor's control below).
    milestonesControl: sequential
      ? { element: document.createDocumentFragment(), setValue() {}, showError: showWhole('milestones') } : null,
    control: {
      element,
      // The adopted schedule: rows are built again only for other parts (a control being dragged
      // keeps its element); otherwise each control shows its value.
      setValue(schedule) {
        parts = structuredClone(schedule?.parts ?? []);
        milestones = sequential ? structuredClone(schedule?.milestones ?? []) : [];
        const now = JSON.stringify(parts.map((part) => part.name));
        if (now !== shape) {
          shape = now;
          build();
        } else {
          for (const set of setters) set(parts, milestones);
        }
      },
      showError: showWhole('parts'),
      // The card shows another schedule: the rows' fields leave the page's list of controls.
      dispose() {
        for (const field of owned) fields.delete(field);
        owned = [];
      },
    },
  };
}
