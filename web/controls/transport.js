// Play, pause, step, one epoch, reset; and beside them why Play did not move a run (it diverged, or
// a schedule error paused it), with a way out (web/controls/transport-status.js).
import { transportStatus } from './transport-status.js';

/** @type {(id: string) => any} */
const $ = (id) => document.getElementById(id);

/**
 * @param {{store: import('../page/model.js').ModelStore, call: (type: string, args?: any) => Promise<any>,
 *          showNotice: (text: string) => void}} options
 */
export function startTransport({ store, call, showNotice }) {
  const command = (type) => () => call(type).catch((error) => showNotice(error.message));
  const status = transportStatus({
    element: $('transport-status'),
    retrain: (keys) => call('retrain', { keys }).catch((error) => showNotice(error.message)),
  });
  $('play').addEventListener('click', async () => {
    try {
      const { blocked } = await call('play');
      const { state, runs } = store.get();
      status.explain(blocked.map((key) => ({
        key, index: state.runs.findIndex((run) => run.key === key), record: runs.get(key),
      })).filter((run) => run.record && run.index >= 0));
    } catch (error) {
      showNotice(error.message);
    }
  });
  $('pause').addEventListener('click', command('pause'));
  $('step').addEventListener('click', command('step'));
  $('one-epoch').addEventListener('click', command('epoch'));
  $('reset').addEventListener('click', command('reset'));
  return {
    /** Once per frame. @param {import('../page/model.js').PageModel} model */
    draw(model) {
      const { playing } = model.transport;
      $('play').disabled = playing;
      $('pause').disabled = !playing;
      status.update(model.state.runs.map((run, index) => ({ key: run.key, index, record: model.runs.get(run.key) })).filter((run) => run.record));
    },
  };
}
