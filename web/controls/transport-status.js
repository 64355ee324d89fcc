// Beside the transport buttons: why Play did not move a run (it diverged, a schedule error paused
// it, or EarlyStopping ended it), in the page's words, with a way out. Built from what each run
// recorded; the stop in the core's words (VerdictWords.stop).
import { el } from './dom.js';
import { earlyStopped, rateText, scheduleStopped } from '../words/run-label.js';

// options: {element, retrain(keys)}
export function transportStatus({ element, retrain }) {
  let explained = new Set();  // keys of the runs the status speaks of

  function why({ index, record }) {
    const name = `Run ${index + 1}`;
    if (record.diverged) {
      return `${name} diverged in epoch ${record.divergedEpoch + 1} (${rateText(record)}): it cannot continue from there. Lower its rate and it retrains at once, or retrain it as it is.`;
    }
    const event = scheduleStopped(record);
    if (event) return `${name} is paused: ${event.message}. Fix the schedule and it continues from there.`;
    const stop = record.diagnosis?.words?.stop;
    if (earlyStopped(record) && stop) {
      return `${name} ${stop} (early stopping): it stays stopped. Change early stopping, or turn it off, and it retrains.`;
    }
    return '';
  }

  function render(blocked) {
    const lines = blocked.map((run) => ({ run, text: why(run) })).filter(({ text }) => text);
    explained = new Set(lines.map(({ run }) => run.key));
    element.replaceChildren(...lines.map(({ run, text }) => {
      const line = el('span', { className: 'transport-why' }, text);
      if (!run.record.diverged) return line;
      const button = el('button', { type: 'button', className: 'small' }, `Retrain run ${run.index + 1} from the start`);
      button.addEventListener('click', () => retrain([run.key]));
      return el('span', { className: 'transport-line' }, line, ' ', button);
    }));
    element.hidden = !lines.length;
  }

  return {
    // After Play: the runs it could not move ([{key, index, record}]).
    explain: render,
    // Every frame: the words go once the runs they speak of train again.
    update(shown) {
      if (!explained.size) return;
      const still = shown.filter((run) => explained.has(run.key) && run.record.stopped);
      if (still.length !== explained.size) render(still);
    },
  };
}
