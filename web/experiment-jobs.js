// The worker's experiments beside the training runs: the LR range test and the LR sweep for the
// loss-against-learning-rate chart. One job at a time: a new request deletes the stale core
// objects at once (so a changed problem never finishes drawing an old curve), then the new job
// runs in slices of a few milliseconds between the worker's other messages, posting partial
// results so the page draws the curve filling in. Every number posted is the core's.

const SLICE_MS = 8;        // work per slice: the worker answers commands at least this often
const POST_MS = 100;       // partial results at most this often: the curve fills in smoothly enough,
                           // and the main thread redraws the chart at most 10 times a second

export class ExperimentJobs {
  constructor(api, post) {
    this.api = api;
    this.post = post;
    this.job = null;
  }

  // request: {token, settings, rangeTest: options, sweep: options}. Throws the core's Error for a
  // refused setting or option (nothing is started then, and the old job is already cancelled).
  start({ token, settings, rangeTest, sweep }) {
    this.cancel();
    const job = { token, started: performance.now(), lastPost: -Infinity, timer: null, stages: [] };
    try {
      job.stages.push({ kind: 'range', sliced: this.api.createRangeTest(settings, rangeTest), perUnitMs: 0.05 });
      job.stages.push({ kind: 'sweep', sliced: this.api.createSweep(settings, sweep), perUnitMs: 0.2 });
    } catch (error) {
      for (const stage of job.stages) stage.sliced.delete();
      throw error;
    }
    this.job = job;
    job.timer = setTimeout(() => this.slice(job), 0);
    return { token };
  }

  cancel() {
    const job = this.job;
    if (!job) return false;
    clearTimeout(job.timer);
    for (const stage of job.stages) stage.sliced.delete();
    this.job = null;
    return true;
  }

  // One slice of the current stage. advance(n) counts steps (range test) or epochs (sweep): n is
  // chosen from the measured cost of a unit so that a slice takes about SLICE_MS.
  slice(job) {
    if (this.job !== job) return;
    const stage = job.stages[0];
    const end = performance.now() + SLICE_MS;
    while (!stage.sliced.done && performance.now() < end) {
      const units = Math.max(1, Math.floor((end - performance.now()) / stage.perUnitMs));
      const t0 = performance.now();
      const done = stage.sliced.advance(Math.min(units, 1000));
      if (done > 0) stage.perUnitMs = Math.max(0.001, (performance.now() - t0) / done);
      else break;
    }
    const finished = stage.sliced.done;
    const now = performance.now();
    if (finished || now - job.lastPost >= POST_MS) {
      job.lastPost = now;
      this.post({
        type: 'experiment', token: job.token, kind: stage.kind, done: finished,
        progress: stage.sliced.progress, result: stage.sliced.result(),
        elapsedMs: now - job.started,
      });
    }
    if (finished) {
      stage.sliced.delete();
      job.stages.shift();
      job.started = performance.now();  // each stage reports its own time
      if (!job.stages.length) {
        this.job = null;
        return;
      }
    }
    job.timer = setTimeout(() => this.slice(job), 0);
  }
}
