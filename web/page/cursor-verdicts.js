// The runs' verdicts as of the cursor's epoch, asked of the worker's core whenever the cursor
// moves to another epoch (or the runs change under it) and kept in the model
// (model.cursorVerdicts: {epochs, verdicts: run key -> Verdict}). The page never re-derives a
// verdict from the curve: the core diagnoses each run's history as it stood at that epoch, so a
// card, the sentence a screen reader hears and a lesson all read the same one.
import { latestWins } from '../protocol/latest-wins.js';

/**
 * @param {{store: import('./model.js').ModelStore, call: (type: string, args?: any) => Promise<any>}} options
 */
export function startCursorVerdicts({ store, call }) {
  // One request travels at a time: a drag asks for the epoch it is at once the last answer is in.
  const asks = latestWins((args) => call('verdictsAt', args), { oneInFlight: true });
  let asked = '';  // the epoch and the runs' records asked about last
  store.subscribe((model, changed) => {
    if (!changed.has('cursor') && !changed.has('runs')) return;
    const { cursor } = model;
    if (!cursor) {
      asked = '';
      if (model.cursorVerdicts) store.update({ cursorVerdicts: null });
      return;
    }
    // A run's history up to the cursor changes only when it is retrained or reaches the cursor.
    const key = `${cursor.epoch}:${model.state.runs.map((run) => {
      const record = model.runs.get(run.key);
      return `${run.key}@${record ? Math.min(record.recorded, cursor.epoch + 1) : 0}${record?.diverged ? 'x' : ''}`;
    }).join()}`;
    if (key === asked) return;
    asked = key;
    asks.ask({ epochs: cursor.epoch }).then((answer) => {
      if (answer.superseded) return;
      store.update({ cursorVerdicts: { epochs: cursor.epoch, verdicts: answer.result } });
    }).catch(() => {});
  });
}
