// Beside the speed slider: what speed the runs reach when it is less than asked
// (web/page/pace.js). Sampled twice a second from the page model while training; said in words
// only while the page falls behind, so a speed the page does reach stays the slider's number.
import { PACE_WINDOW_MS, paceWords, reachedPace } from '../page/pace.js';
import { setText } from './dom.js';

const SAMPLE_MS = 500;

/**
 * @param {{store: import('../page/model.js').ModelStore, element: HTMLElement}} options
 */
export function startSpeedReadout({ store, element }) {
  /** @type {import('../page/pace.js').PaceSample[]} */
  let samples = [];
  const say = (text) => {
    setText(element, text);
    element.hidden = !text;
  };
  setInterval(() => {
    const { transport, state, runs } = store.get();
    if (!transport.playing) {
      samples = [];
      say('');
      return;
    }
    const now = performance.now();
    samples.push({
      t: now,
      runs: state.runs.map((run) => ({ key: run.key, status: runs.get(run.key)?.status ?? 'idle', epochs: runs.get(run.key)?.epochsDone ?? 0 })),
    });
    while (samples.length > 1 && now - samples[1].t >= PACE_WINDOW_MS) samples.shift();
    say(paceWords(state.speed, reachedPace(samples)));
  }, SAMPLE_MS);
}
