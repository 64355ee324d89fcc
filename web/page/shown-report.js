// Tells the training worker how far the page has drawn each run. The worker keeps a playing run
// at most a few epochs ahead of it (web/worker/run-pool.js, MAX_LEAD), so Pause stops what the
// student reads where it stood. A hidden page draws nothing: it reports what it received, so a
// run in a background tab trains on.

/**
 * @param {import('../protocol/messages.js').Call} call
 * @returns {(histories: import('./run-histories.js').RunHistories) => void} reports the epochs
 *   each run has on the page, when they changed since the last report
 */
export function shownReporter(call) {
  /** @type {Map<string, number>} */
  const reported = new Map();
  return (histories) => {
    const runs = [];
    for (const [key, record] of histories.records) {
      if (reported.get(key) === record.epochsDone) continue;
      reported.set(key, record.epochsDone);
      runs.push({ key, epochs: record.epochsDone });
    }
    if (runs.length) call('shown', { runs }).catch(() => {});
  };
}
