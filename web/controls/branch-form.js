// "Continue from here with...": the form in each run's card that makes a branch of the run
// (web/page/branch.js): from which epoch, and what changes there (a rate, an optimizer, a decay to
// the end). The epoch field starts at the run's latest epoch; epochFor(key) may offer another
// one (the page's cursor, once there is one), so hooking the cursor is one line where the form
// is made. A disclosure, so it is one Tab stop until opened; every field is labelled.
import { el, errorLine, uniqueId } from './dom.js';
import { formatRate } from '../words/format.js';

/**
 * @param {{ key: string, name: string, optimizers: Array<{name: string, label: string}>,
 *           onBranch: (key: string, request: {epoch: number, choice: import('../page/branch.js').BranchChoice}) => Promise<string>,
 *           epochFor: (key: string) => number, rateFor: (key: string) => number }} options
 *   onBranch answers '' once the branch is proposed, else why it cannot be made.
 */
export function branchForm({ key, name, optimizers, onBranch, epochFor, rateFor }) {
  const id = uniqueId('branch');
  const summary = el('summary', {}, 'Continue from here with…');
  const epoch = el('input', { type: 'number', id: `${id}-epoch`, min: '0', step: '1', inputMode: 'numeric', className: 'branch-epoch' });
  const rate = el('input', { type: 'text', id: `${id}-rate`, inputMode: 'decimal', className: 'branch-rate', 'aria-describedby': `${id}-rate-help` });
  const optimizer = el('select', { id: `${id}-optimizer` },
    el('option', { value: '' }, 'the same optimizer'),
    ...optimizers.map((o) => el('option', { value: o.name }, o.label)));
  const decay = el('input', { type: 'checkbox', id: `${id}-decay` });
  const go = el('button', { type: 'button', className: 'small', 'aria-label': `Continue as a new run from ${name}` }, 'Continue as a new run');
  const error = errorLine(`${id}-error`);
  const form = el('details', { className: 'branch-form', dataset: { key } }, summary,
    el('p', { className: 'field-help' }, `A new run that shares ${name}'s history up to the epoch you pick, then trains differently.`),
    el('div', { className: 'branch-fields' },
      el('label', { htmlFor: epoch.id }, 'From epoch'), epoch,
      el('label', { htmlFor: rate.id }, 'Learning rate'), rate,
      el('label', { htmlFor: optimizer.id }, 'Optimizer'), optimizer),
    el('p', { className: 'field-help', id: `${id}-rate-help` }, 'Leave the rate empty to keep the run\'s (or the new optimizer\'s own).'),
    el('p', { className: 'branch-decay' }, decay, el('label', { htmlFor: decay.id }, ' and let the rate decay to 1% by the end (a warmup-stable-decay "decay branch")')),
    go, error.element);
  // Opened: the fields start from where the run is now. The toggle event comes a task after the
  // click, so what was typed in between is kept.
  let typed = false;
  for (const field of [epoch, rate]) field.addEventListener('input', () => { typed = true; });
  form.addEventListener('toggle', () => {
    if (!form.open) {
      typed = false;
      return;
    }
    if (!typed) {
      epoch.value = String(epochFor(key));
      rate.value = formatRate(rateFor(key) / 10);
    }
    error.show('');
  });
  go.addEventListener('click', async () => {
    const rateText = rate.value.trim();
    const choice = {
      ...(rateText !== '' && { rate: Number(rateText) }),
      ...(optimizer.value && { optimizer: optimizer.value }),
      ...(decay.checked && { decay: true }),
    };
    const why = await onBranch(key, { epoch: Number(epoch.value), choice });
    error.show(why);
    if (!why) form.open = false;
  });
  let following = null;
  return {
    element: form,
    // The core's refusal of the branch (web/controls/field-errors.js), beside the form.
    showError: (text) => error.show(text),
    // The page's cursor (an epoch this run has reached, or null for now), each frame: an open
    // form's untouched epoch follows it. "Here" is the cursor's epoch, which the timeline and the
    // card's line name: the closed disclosure's words do not change with it.
    follow(at) {
      if (at === following) return;
      following = at;
      if (form.open && !typed) epoch.value = String(epochFor(key));
    },
  };
}
