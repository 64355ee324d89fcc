// A drawn prediction in a lesson chapter ("You Draw It"): while the chapter asks, the student
// draws the training loss they expect for one run on the loss chart (web/lessons/sketch/sketch-pad.js),
// or picks a shape that stands for a sketch (sketch-choices.js); while the run trains the sketch
// stays on the chart beside it (sketch-overlay.js), and once it is done the feedback says how
// close it came, from the run's record and the core's diagnosis (sketch-score.js).
import { createSketchPad } from './sketch-pad.js';
import { createSketchChoices } from './sketch-choices.js';
import { shapeSketch } from './sketch-shapes.js';
import { showSketch } from './sketch-overlay.js';
import { filledSketch, runRatios, sketchFeedback } from './sketch-score.js';

const lossChart = () => globalThis.Chart?.getChart(document.getElementById('loss-chart'));

/**
 * @param {{slot: HTMLElement, onSketch: (has: boolean) => void}} options
 *   slot: where the shape choice goes in the lesson panel; onSketch: a sketch appeared or went
 */
export function startSketch({ slot, onSketch }) {
  let values = null;  // the sketch, filled (filledSketch), or null
  let shown = null;   // what the chart overlays: {values, initialLoss, ink}
  const set = (raw) => {
    values = raw ? filledSketch(raw) : null;
    onSketch(values !== null);
  };
  const box = document.getElementById('loss-chart')?.parentElement;
  const pad = box ? createSketchPad({ box, chart: lossChart, onChange: (raw) => { choices.unpick(); set(raw); } }) : null;
  const choices = createSketchChoices({
    onShape: (id) => {
      const sketch = shapeSketch(id, epochs);
      pad?.set(sketch);
      set(sketch);
    },
    onClear: () => { pad?.clear(); choices.unpick(); set(null); },
  });
  slot.append(choices.element);
  let epochs = 0;

  return {
    has: () => values !== null,
    /**
     * Asks for a sketch of a run of `n` epochs.
     * @param {number} n
     * @param {string} what "the training loss of run 3 (rate 1.5)"
     */
    ask(n, what) {
      epochs = n;
      set(null);
      this.unshow();
      choices.show(`Draw ${what}`);
      choices.enable(true);
      pad?.open(n, `Draw ${what} here`);
    },
    // No sketch asked for (words instead, or the chapter closed).
    stop() {
      set(null);
      choices.hide();
      pad?.close();
      this.unshow();
    },
    // The run starts: the pad goes, the sketch stays on the chart beside the run.
    reveal() {
      pad?.close();
      choices.enable(false);
      if (values) shown = { values, initialLoss: NaN, ink: getComputedStyle(document.body).getPropertyValue('--fg').trim() || '#222' };
    },
    // Each frame while the run trains: the sketch is placed once the run's start is known.
    follow(record) {
      if (!shown || !(record?.initialLoss > 0) || shown.initialLoss === record.initialLoss) return;
      shown.initialLoss = record.initialLoss;
      showSketch(lossChart(), shown);
    },
    unshow() {
      shown = null;
      showSketch(lossChart(), null);
    },
    /**
     * The feedback on the sketch, once the run is done; null without one.
     * @param {any} record the run's record (web/page/run-histories.js)
     * @param {number} planned the epochs the run was planned for
     * @param {string} runName "run 3 (rate 1.5)"
     */
    feedback(record, planned, runName) {
      if (!values) return null;
      const ratios = runRatios({ initialLoss: record.initialLoss, train: record.train, epochs: planned, diverged: record.diverged });
      return sketchFeedback({ sketch: values, ratios, runName, story: record.diagnosis?.words?.story ?? '', verdict: record.diagnosis?.verdict });
    },
  };
}
