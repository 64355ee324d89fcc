// The main thread's side of the training worker: promise-returning requests, and a callback for
// the worker's unsolicited messages (history updates, a fatal load error).
// onExperiment receives the sweep's and range test's partial results, onSweepRecords a helper's
// finished sweep rates (web/worker/experiment-jobs.js).
import { tablesFor } from './data-sources.js';

/**
 * @param {{onUpdate?: (message: import('../protocol/messages.js').UpdateMessage) => void,
 *          onFatal: (message: string) => void,
 *          onExperiment?: (message: import('../protocol/messages.js').ExperimentMessage) => void,
 *          onSweepRecords?: (message: import('../protocol/messages.js').SweepRecordsMessage) => void}} handlers
 */
export function startWorker({ onUpdate, onFatal, onExperiment, onSweepRecords }) {
  // The single-file build (web/single/) sets lrlabWorkerUrl to a Blob URL of the bundled worker,
  // a classic script: Chromium refuses module workers from a Blob URL on a file:// page.
  const single = globalThis.lrlabWorkerUrl;
  // web/page/boot.js may have started it already (the normal page); then take that one, and mark it
  // taken so a late boot.js does not start a second.
  const early = globalThis.lrlabEarlyWorker;
  globalThis.lrlabEarlyWorker = null;
  const worker = single ? new Worker(single)
    : early ?? new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  let nextId = 1;
  const pending = new Map();
  worker.onmessage = (event) => {
    const message = event.data;
    if (message.type === 'update') return onUpdate?.(message);
    if (message.type === 'fatal') return onFatal(message.message);
    if (message.type === 'experiment') return onExperiment?.(message);
    if (message.type === 'sweep-records') return onSweepRecords?.(message);
    const request = pending.get(message.id);
    if (!request) return;
    pending.delete(message.id);
    if (message.error !== undefined) request.reject(new Error(message.error));
    else request.resolve(message.result);
  };
  worker.onerror = (event) => onFatal(event.message || 'The training worker failed to start.');
  const send = (type, args) => new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, type, args });
  });
  // name -> the table (web/page/data-sources.js) this worker's core holds. A request that trains on a
  // real problem is preceded by its table when the worker does not hold that one yet: the worker
  // answers in order, so the table is there when the request is handled.
  const given = new Map();
  return {
    terminate: () => worker.terminate(),
    // A request of the protocol (web/protocol/messages.js): its type names its arguments and its
    // answer, and tsc holds every caller to them.
    call: /** @type {import('../protocol/messages.js').Call} */ ((type, args) => {
      for (const [name, table] of tablesFor(args)) {
        if (given.get(name) === table) continue;
        given.set(name, table);
        send('loadDataset', { name, table }).catch(() => given.get(name) === table && given.delete(name));
      }
      const answer = send(type, args);
      // The page's own check of a table (data-sources.js) leaves this worker holding it.
      if (type === 'loadDataset') {
        const { name, table } = /** @type {{ name: string, table: object }} */ (args);
        answer.then(() => given.set(name, table), () => {});
      }
      return answer;
    }),
  };
}
