// One sweep spread over several workers, as the page runs it (web/page/sweep-client.js): each worker's
// ExperimentJobs (web/worker/experiment-jobs.js) trains its share of the rates through the wasm module,
// the helpers' records go to the collecting one, and the collected result is the one-worker
// sweep's, bit for bit (verdicts and best rate included). Here the "workers" are ExperimentJobs
// instances in one Node process, each with its own module instance, passing the same messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadApi } from './load_module.mjs';
import { ExperimentJobs } from '../../web/worker/experiment-jobs.js';

const apis = await Promise.all([loadApi(), loadApi(), loadApi()]);
const api = apis[0];

// The page's default view in small: moons, a tanh network, full batch; rates from stall to
// overshooting. Large enough (~3 ms a rate in Node here, ~80 ms the whole sweep) that each share
// spans several of the jobs' 8 ms slices, so partial results come before the end on a quick
// machine too (with 160 samples x 20 epochs a quiet machine finished a share in one slice).
const settings = {
  seed: 3, problem: { name: 'moons', samples: 400 }, model: { hidden: [8] }, batch_size: 512,
};
const options = { low: 1e-4, high: 100, count: 24, epochs: 100 };
const rangeTest = { start: 1e-5, end: 100, steps: 40 };

function wholeSweep() {
  const sweep = api.createSweep(settings, options);
  try {
    while (!sweep.done) sweep.advance(50);
    return sweep.result();
  } finally {
    sweep.delete();
  }
}

// Bit for bit: every typed array compared byte by byte (NaN equal to NaN), the rest deepEqual.
function assertSameResult(actual, expected) {
  for (const [name, value] of Object.entries(expected)) {
    if (value instanceof Float64Array) {
      assert.deepEqual(Buffer.from(actual[name].buffer), Buffer.from(value.buffer), name);
    } else {
      assert.deepEqual(actual[name], value, name);
    }
  }
}

// Runs one request over `parts` ExperimentJobs as the page would: the main thread's role (hand
// the helpers' records to part 0) is played by the post callbacks. Resolves with part 0's posts.
function runShared(parts, token = 1) {
  return new Promise((resolve, reject) => {
    const posts = [];
    const jobs = [];
    jobs[0] = new ExperimentJobs(apis[0], (message) => {
      posts.push(message);
      if (message.kind === 'sweep' && message.done) resolve({ posts, jobs });
    });
    for (let part = 1; part < parts; part++) {
      jobs[part] = new ExperimentJobs(apis[part], (message) => {
        assert.equal(message.type, 'sweep-records');
        try {
          jobs[0].addRecords({ token: message.token, records: message.records });
        } catch (error) {
          reject(error);
        }
      });
    }
    for (let part = 1; part < parts; part++) jobs[part].startShare({ token, settings, sweep: options, part, parts });
    jobs[0].start({ token, settings, rangeTest, sweep: options, part: 0, parts });
  });
}

test('records of shares trained elsewhere make up the whole sweep, in any order', () => {
  const whole = wholeSweep();
  assert.ok(whole.verdict.includes('stalling') && whole.verdict.includes('overshooting'), whole.verdict.join());
  for (const parts of [1, 2, 3, 4, 7]) {
    const shares = Array.from({ length: parts }, (_, part) => api.createSweepShare(settings, options, part, parts));
    try {
      const collector = shares[0];
      const held = [];
      for (const share of shares.slice(1)) {
        while (!share.trained) share.advance(7);
        held.push(...share.takeRecords());
        assert.equal(share.done, false, 'a share alone never has every rate');
      }
      collector.addRecords(held.reverse());
      assert.equal(collector.result().completed, held.length);
      assert.equal(collector.done, false, 'its own rates are still to train');
      while (!collector.done) collector.advance(5);
      assert.deepEqual(collector.takeRecords(), [], 'a done sweep hands nothing on');
      assertSameResult(collector.result(), whole);
    } finally {
      for (const share of shares) share.delete();
    }
  }
});

test('refused records name the field and leave the sweep as it was', () => {
  const a = api.createSweepShare(settings, options, 0, 2);
  const b = api.createSweepShare(settings, options, 1, 2);
  try {
    b.advance(options.epochs);
    const [record] = b.takeRecords();
    assert.ok(record && record.train_loss instanceof Float64Array);
    a.addRecords([record]);
    const before = a.result();
    assert.throws(() => a.addRecords([record]), /sweep\.record\.index: \d+ is not allowed/);  // twice
    assert.throws(() => a.addRecords([{ ...record, index: 0 }]), /sweep\.record\.index: 0/);  // its own
    assert.throws(() => a.addRecords([{ ...record, index: 99 }]), /sweep\.record\.index/);
    assert.throws(() => a.addRecords([{ ...record, index: NaN }]), /sweep\.record\.index/);
    assert.throws(() => a.addRecords([{ ...record, index: 1, train_loss: [1, 2] }]), /sweep\.record\.train_loss/);
    assert.throws(() => a.addRecords([{ ...record, index: 1, train_loss: new Float64Array(options.epochs + 1) }]), /sweep\.record\.train_loss/);
    assertSameResult(a.result(), before);
    assert.throws(() => api.createSweepShare(settings, options, 2, 2), /sweep\.part: 2/);
    assert.throws(() => api.createSweepShare(settings, options, 0, 65), /sweep\.parts: 65/);
  } finally {
    a.delete();
    b.delete();
  }
});

test("the page's jobs: several workers give the one worker's sweep, partial results first", async () => {
  const whole = wholeSweep();
  const one = await runShared(1);
  const three = await runShared(3);
  for (const { posts } of [one, three]) {
    const sweeps = posts.filter((m) => m.kind === 'sweep');
    assertSameResult(sweeps.at(-1).result, whole);
    assert.ok(posts.some((m) => m.kind === 'range' && m.done));
    // Partial results came before the end, each with more rates than the one before.
    const completed = sweeps.map((m) => m.result.completed);
    assert.ok(completed.length >= 2 && completed[0] < options.count, `partial posts: ${completed}`);
    for (let i = 1; i < completed.length; i++) assert.ok(completed[i] >= completed[i - 1]);
    assert.ok(sweeps.slice(0, -1).every((m) => !m.done && m.result.verdict.every((v) => v === '')));
  }
  for (const jobs of [one.jobs, three.jobs]) for (const j of jobs) assert.equal(j.job, null, 'every job ended');
});

test('a cancelled job posts nothing more, and a stale token is dropped', async () => {
  const posts = [];
  const helper = new ExperimentJobs(apis[1], (message) => posts.push(message));
  const long = { ...options, epochs: 5000 };  // seconds of work: still running when cancelled
  helper.startShare({ token: 7, settings, sweep: long, part: 1, parts: 2 });
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(helper.cancel(), true);
  const count = posts.length;
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(posts.length, count, 'nothing after the cancel');
  assert.equal(helper.job, null);

  const main = new ExperimentJobs(apis[0], () => {});
  main.start({ token: 9, settings, rangeTest, sweep: options, part: 0, parts: 2 });
  assert.equal(main.addRecords({ token: 8, records: [] }), false, 'an older token is ignored');
  // A new request replaces the old job at once: the old objects are freed.
  const old = main.job;
  main.start({ token: 10, settings, rangeTest, sweep: options, part: 0, parts: 2 });
  assert.notEqual(main.job, old);
  assert.throws(() => old.sweep.progress, /deleted/);
  main.cancel();
});

test("a shared sweep's error paths and a whole share's life leave the allocator's in-use bytes flat", () => {
  const collector = api.createSweepShare(settings, options, 0, 2);
  const helper = api.createSweepShare(settings, options, 1, 2);
  try {
    helper.advance(options.epochs);
    const [record] = helper.takeRecords();
    const calls = [
      () => api.createSweepShare(settings, options, 3, 2),
      () => api.createSweepShare({ batch_size: 0 }, options, 0, 2),
      () => collector.addRecords([{ ...record, index: 0 }]),
      () => collector.addRecords([{ ...record, train_loss: new Float64Array(options.epochs + 1) }]),
      () => collector.addRecords([record, { ...record, index: 99 }]),
    ];
    const round = () => {
      for (const call of calls) assert.throws(call, Error);
      const share = api.createSweepShare(settings, { ...options, count: 4, epochs: 3 }, 1, 3);
      while (!share.trained) share.advance(5);
      share.takeRecords();
      share.delete();
    };
    collector.addRecords([record]);  // from now on, that record is refused as a duplicate
    for (let i = 0; i < 20; i++) round();
    const used = api.heapUsed();
    for (let i = 0; i < 500; i++) round();
    assert.ok(api.heapUsed() <= used + 1024, `in use: ${used} -> ${api.heapUsed()}`);
  } finally {
    collector.delete();
    helper.delete();
  }
});
