// The worker's experiments beside the training runs: the LR range test and the LR sweep for the
// loss-against-learning-rate chart. The sweep may be spread over several workers
// (web/page/sweep-client.js): each trains its share of the rates (the core's sweep_share), and the
// main worker's share also collects the rates the others trained (addRecords) and posts the whole
// sweep's result as it fills; once every rate is in, the core diagnoses them all. One job per
// worker at a time: a new request (or a cancel) deletes the stale core objects at once, so a
// changed problem never finishes drawing an old curve; a job runs in slices of a few milliseconds
// between the worker's other messages. Every number posted is the core's.

import { NO_TABLES } from './worker-tables.js';
import { soon } from './soon.js';
import { referenceKey } from './sweep-reference.js';

const SLICE_MS = 8;        // work per slice: the worker answers commands at least this often
const POST_MS = 100;       // partial results at most this often: the curve fills in smoothly enough,
                           // and the main thread redraws the chart at most 10 times a second

export class ExperimentJobs {
  // tables: web/worker/worker-tables.js, the real problems' tables this worker was given.
  constructor(api, post, tables = NO_TABLES) {
    this.api = api;
    this.tables = tables;
    this.post = post;
    this.job = null;
    // The last finished sweep's stall reference and the settings it was for (web/worker/sweep-reference.js).
    this.finished = null;
    this.onSweepDone = null;
  }

  // The lowest loss the last finished sweep's rates reached, if every one of `settingsList` (the
  // runs') shapes its runs like that sweep's settings; NaN otherwise.
  stallReference(settingsList) {
    const finished = this.finished;
    if (!finished || !settingsList.length) return NaN;
    return settingsList.every((settings) => referenceKey(settings) === finished.key) ? finished.reference : NaN;
  }

  // The main worker's job. request: {token, settings, rangeTest, sweep: options, part, parts}:
  // the range test, then its share of the sweep, which also collects the other parts' records.
  // Posts {type: 'experiment', token, kind: 'range' | 'sweep', done, progress, result}.
  // Throws the core's Error for a refused setting or option (nothing is started then, and the
  // old job is already cancelled).
  start({ token, settings, rangeTest, sweep, part = 0, parts = 1 }) {
    this.cancel();
    const job = this.create(token, true);
    try {
      const table = this.tables.for(settings);
      job.key = referenceKey(this.api.validateSettings(settings, table));
      job.range = this.api.createRangeTest(settings, rangeTest, table);
      job.sweep = this.api.createSweepShare(settings, sweep, part, parts, table);
    } catch (error) {
      free(job);
      throw error;
    }
    job.tasks = [
      { kind: 'range', sliced: job.range, perUnitMs: 0.05, finished: () => job.range.done },
      { kind: 'sweep', sliced: job.sweep, perUnitMs: 0.2, finished: () => job.sweep.trained },
    ];
    return this.begin(job);
  }

  // A helper worker's job. request: {token, settings, sweep: options, part, parts}: trains its
  // share of the sweep and posts its finished rates, {type: 'sweep-records', token, records,
  // trained}, for the main thread to hand to the collecting worker.
  startShare({ token, settings, sweep, part, parts }) {
    this.cancel();
    const job = this.create(token, false);
    job.sweep = this.api.createSweepShare(settings, sweep, part, parts, this.tables.for(settings));
    job.tasks = [{ kind: 'sweep', sliced: job.sweep, perUnitMs: 0.2, finished: () => job.sweep.trained }];
    return this.begin(job);
  }

  // The main worker: rates another worker trained for the job `token`. Records of an older job
  // are dropped (false): their job was cancelled here too.
  addRecords({ token, records }) {
    const job = this.job;
    if (!job || job.token !== token || !job.collects) return false;
    job.sweep.addRecords(records);
    job.changed.add('sweep');
    this.report(job);
    return true;
  }

  cancel() {
    this.finished = null;
    const job = this.job;
    if (!job) return false;
    free(job);
    this.job = null;
    return true;
  }

  create(token, collects) {
    return {
      token, collects, tasks: [], range: null, sweep: null, sweepShown: false,
      timer: null, postTimer: null, changed: new Set(), lastPost: {}, outbox: [],
    };
  }

  begin(job) {
    this.job = job;
    this.next(job);
    return { token: job.token };
  }

  // A cancelled job's queued slice finds itself replaced and does nothing.
  next(job) {
    job.timer = true;
    soon(() => this.slice(job));
  }

  // One slice of the first unfinished task. advance(n) counts steps (range test) or epochs
  // (sweep): n is chosen from the measured cost of a unit so that a slice takes about SLICE_MS.
  slice(job) {
    if (this.job !== job) return;
    job.timer = null;
    const task = job.tasks.find((t) => !t.finished());
    if (task) {
      const end = performance.now() + SLICE_MS;
      while (!task.finished() && performance.now() < end) {
        const units = Math.max(1, Math.floor((end - performance.now()) / task.perUnitMs));
        const t0 = performance.now();
        const done = task.sliced.advance(Math.min(units, 1000));
        if (done > 0) task.perUnitMs = Math.max(0.001, (performance.now() - t0) / done);
        else break;
      }
      job.changed.add(task.kind);
      if (!job.collects) job.outbox.push(...job.sweep.takeRecords());
    }
    this.report(job);
    if (this.job === job && job.tasks.some((t) => !t.finished())) this.next(job);
  }

  // Posts what changed: at once when it is final or the sweep's first finished rates (the first
  // points should not wait), else at most every POST_MS (a timer posts the rest when no slice is
  // coming, e.g. while the collecting worker waits for records). Ends the job once everything is
  // posted.
  report(job) {
    const now = performance.now();
    const due = (kind, final) => final || !(now - (job.lastPost[kind] ?? -Infinity) < POST_MS);
    let waiting = false;
    if (job.collects) {
      for (const kind of ['range', 'sweep']) {
        if (!job.changed.has(kind)) continue;
        const sliced = job[kind];
        let result = null;   // read here only until the sweep's first rates are in
        let firstPoints = false;
        if (kind === 'sweep' && !job.sweepShown) {
          result = sliced.result();
          firstPoints = job.sweepShown = result.completed > 0;
        }
        if (!due(kind, sliced.done || firstPoints)) {
          waiting = true;
          continue;
        }
        job.changed.delete(kind);
        job.lastPost[kind] = now;
        this.post({
          type: 'experiment', token: job.token, kind, done: sliced.done,
          progress: sliced.progress, result: result ?? sliced.result(),
        });
      }
      if (job.range.done && job.sweep.done) {
        this.finished = { key: job.key, reference: job.sweep.result().stall_reference };
        this.finish(job);
        this.onSweepDone?.();
        return;
      }
    } else {
      const trained = job.sweep.trained;
      if (job.outbox.length || trained) {
        if (due('records', trained || job.lastPost.records === undefined)) {
          job.lastPost.records = now;
          this.post({ type: 'sweep-records', token: job.token, records: job.outbox.splice(0), trained });
          if (trained) return this.finish(job);
        } else {
          waiting = true;
        }
      }
    }
    if (waiting && !job.timer && !job.postTimer) {
      job.postTimer = setTimeout(() => {
        job.postTimer = null;
        if (this.job === job) this.report(job);
      }, POST_MS);
    }
  }

  finish(job) {
    free(job);
    if (this.job === job) this.job = null;
  }
}

function free(job) {
  clearTimeout(job.postTimer);
  job.timer = null;
  job.postTimer = null;
  job.range?.delete();
  job.sweep?.delete();
}
