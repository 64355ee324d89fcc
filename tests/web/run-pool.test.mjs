// The worker's run pool (web/worker/run-pool.js) against the real wasm module from the build, as
// the training worker runs it, without a browser: what each request does to the runs, and what
// the pushed increments say (lifecycle, verdict with its diverged flag, plateau state, accuracy).
// Every number compared is the core's own: a run in the pool gives the same history as a trainer
// built from the same settings alone.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadApi } from '../wasm/load_module.mjs';
import { RunPool } from '../../web/worker/run-pool.js';

const api = await loadApi();
const pools = [];
after(() => { for (const pool of pools) pool.apply([]); });

// Small, quick settings: xor, 64 samples, 2 mini-batches an epoch.
const SMALL = { seed: 3, problem: { name: 'xor', samples: 64 }, model: { hidden: [8] }, batch_size: 32, epochs: 12 };
const withRate = (settings, rate) => ({ ...settings, optimizer: { ...(settings.optimizer ?? { name: 'sgd' }), learning_rate: rate } });

// A pool and what the page would know from its pushes: per key, the series as received and the
// last status, verdict and plateau state.
function harness() {
  const seen = new Map();
  const updates = [];
  const pool = new RunPool(api, (message) => {
    assert.equal(message.type, 'update');
    updates.push(message);
    for (const increment of message.runs) {
      let record = seen.get(increment.key);
      if (!record || increment.fresh) {
        record = { train: [], valAccuracy: [], lr: [], events: [], increments: [],
          fresh: record?.fresh ?? 0, retrained: record?.retrained ?? 0 };
        seen.set(increment.key, record);
      }
      assert.equal(increment.from, record.train.length, 'increments follow each other');
      record.train.push(...increment.train_loss);
      record.valAccuracy.push(...increment.val_accuracy);
      record.lr.push(...increment.learning_rate);
      record.events.push(...increment.events);
      record.increments.push(increment);
      record.fresh += increment.fresh ? 1 : 0;
      record.retrained += increment.retrained ? 1 : 0;
      Object.assign(record, { status: increment, verdict: increment.verdict, plateau: increment.plateau, segments: increment.segments });
    }
  });
  pools.push(pool);
  const lifecycle = (key) => seen.get(key)?.status.status;
  return { pool, seen, updates, lifecycle, get playing() { return updates.at(-1)?.playing; } };
}

async function until(predicate, what, ms = 20000) {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

// The history a trainer with these settings records alone in `epochs` epochs.
function alone(settings, epochs) {
  const trainer = api.createTrainer(settings);
  try {
    trainer.run(epochs);
    const h = trainer.epochHistory(0);
    return { train: [...h.train_loss], valAccuracy: [...h.val_accuracy], lr: [...h.learning_rate] };
  } finally {
    trainer.delete();
  }
}
const sameBits = (a, b) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

test('a new view plays at once and every run finishes at its epoch count, as it would alone', async () => {
  const h = harness();
  h.pool.setSpeed(0);
  const settings = withRate(SMALL, 0.1);
  const canonical = h.pool.apply([{ key: 'a', settings }]);
  assert.equal(canonical[0].optimizer.learning_rate, 0.1);
  assert.equal(h.lifecycle('a'), 'playing');
  assert.equal(h.playing, true);
  await until(() => h.lifecycle('a') === 'finished', 'the run to finish');
  const record = h.seen.get('a');
  assert.equal(record.status.epochsDone, 12);
  assert.equal(record.status.until, 12);
  assert.equal(h.playing, false, 'the view stops playing once no run trains');
  assert.ok(sameBits(record.train, alone(canonical[0], 12).train), 'same history bit for bit');
});

test('Play on a finished view continues each run by its epoch count', async () => {
  const h = harness();
  h.pool.setSpeed(0);
  h.pool.apply([{ key: 'a', settings: withRate(SMALL, 0.1) }]);
  await until(() => h.lifecycle('a') === 'finished', 'the first 12 epochs');
  const answer = h.pool.play();
  assert.deepEqual(answer, { playing: true, blocked: [] });
  assert.equal(h.seen.get('a').status.until, 24);
  await until(() => h.lifecycle('a') === 'finished', '24 epochs');
  assert.equal(h.seen.get('a').status.epochsDone, 24);
  assert.ok(sameBits(h.seen.get('a').train, alone(withRate(SMALL, 0.1), 24).train));
});

test('Pause stops every run at once; Play continues them from there', async () => {
  const h = harness();
  h.pool.setSpeed(0);
  const long = { ...SMALL, epochs: 100000 };
  h.pool.apply([{ key: 'a', settings: withRate(long, 0.1) }, { key: 'b', settings: withRate(long, 0.3) }]);
  await until(() => h.seen.get('a').status.epochsDone > 20, 'some epochs');
  h.pool.pause();
  const stoppedAt = ['a', 'b'].map((key) => h.seen.get(key).status.epochsDone);
  assert.deepEqual(['a', 'b'].map(h.lifecycle), ['idle', 'idle']);
  assert.equal(h.playing, false);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(['a', 'b'].map((key) => h.pool.runs.get(key).trainer.epochsDone), stoppedAt, 'nothing trained after Pause');
  h.pool.play();
  assert.deepEqual(['a', 'b'].map(h.lifecycle), ['playing', 'playing']);
  await until(() => h.seen.get('a').status.epochsDone > stoppedAt[0] + 5, 'more epochs');
  h.pool.pause();
});

test('a new rate while a run plays continues it mid-run: the history so far is kept', async () => {
  const h = harness();
  h.pool.setSpeed(0);
  const long = { ...SMALL, epochs: 100000 };
  h.pool.apply([{ key: 'a', settings: withRate(long, 0.1) }]);
  await until(() => h.seen.get('a').status.epochsDone > 10, 'some epochs');
  h.pool.apply([{ key: 'a', settings: withRate(long, 0.5) }]);
  const changedAt = h.pool.runs.get('a').trainer.epochsDone;
  await until(() => h.seen.get('a').status.epochsDone > changedAt + 5, 'epochs at the new rate');
  h.pool.pause();
  const record = h.seen.get('a');
  assert.equal(record.fresh, 1, 'the same run, not a new one');
  assert.deepEqual(record.segments.map((s) => [s.epoch, s.rate]), [[0, 0.1], [changedAt, 0.5]]);
  assert.equal(record.lr[changedAt - 1], 0.1);
  assert.equal(record.lr[changedAt], 0.5);
  assert.ok(sameBits(record.train.slice(0, changedAt), alone(withRate(long, 0.1), changedAt).train));
  assert.equal(record.status.learningRate, 0.5);
});

test('a new rate on a finished run retrains it at once up to the same epoch', async () => {
  const h = harness();
  h.pool.setSpeed(0);
  h.pool.apply([{ key: 'a', settings: withRate(SMALL, 0.1) }]);
  await until(() => h.lifecycle('a') === 'finished', 'the run to finish');
  const [canonical] = h.pool.apply([{ key: 'a', settings: withRate(SMALL, 0.4) }]);
  const record = () => h.seen.get('a');
  assert.equal(record().retrained, 1, 'the fresh increment says it was retrained');
  assert.equal(record().fresh, 2);
  assert.ok(['catching-up', 'finished'].includes(h.lifecycle('a')));
  assert.equal(h.playing, false, 'a retrain does not start the view');
  await until(() => h.lifecycle('a') === 'finished', 'the retrain to catch up');
  assert.equal(record().status.epochsDone, 12);
  assert.deepEqual(record().segments.map((s) => [s.epoch, s.rate]), [[0, 0.4]], 'trained at 0.4 from the start');
  assert.ok(sameBits(record().train, alone(canonical, 12).train), 'exactly the new settings from epoch 0');
});

test('a retrain of a paused run catches up to the view and waits there', async () => {
  const h = harness();
  h.pool.setSpeed(0);
  const long = { ...SMALL, epochs: 100000 };
  h.pool.apply([{ key: 'a', settings: withRate(long, 0.1) }]);
  await until(() => h.seen.get('a').status.epochsDone > 20, 'some epochs');
  h.pool.pause();
  const viewEpoch = h.pool.runs.get('a').trainer.epochsDone;
  h.pool.apply([{ key: 'a', settings: withRate(long, 0.2) }]);
  await until(() => h.lifecycle('a') === 'idle', 'the catch-up to end');
  assert.equal(h.seen.get('a').status.epochsDone, viewEpoch);
  assert.equal(h.seen.get('a').status.until, 100000);
  assert.ok(sameBits(h.seen.get('a').train, alone(withRate(long, 0.2), viewEpoch).train));
});

test('a run added to a paused view catches up with it; one added to a playing view plays', async () => {
  const h = harness();
  h.pool.setSpeed(0);
  const long = { ...SMALL, epochs: 100000 };
  h.pool.apply([{ key: 'a', settings: withRate(long, 0.1) }]);
  await until(() => h.seen.get('a').status.epochsDone > 15, 'some epochs');
  h.pool.pause();
  const viewEpoch = h.pool.runs.get('a').trainer.epochsDone;
  h.pool.apply([{ key: 'a', settings: withRate(long, 0.1) }, { key: 'b', settings: withRate(long, 0.3) }]);
  assert.equal(h.lifecycle('a'), 'idle', 'the first run is untouched');
  await until(() => h.lifecycle('b') === 'idle', 'the new run to catch up');
  assert.equal(h.seen.get('b').status.epochsDone, viewEpoch);
  assert.equal(h.seen.get('b').retrained, 1);
  h.pool.play();
  h.pool.apply([{ key: 'a', settings: withRate(long, 0.1) }, { key: 'b', settings: withRate(long, 0.3) }, { key: 'c', settings: withRate(long, 1) }]);
  assert.equal(h.lifecycle('c'), 'playing');
  assert.equal(h.seen.get('c').retrained, 0);
  h.pool.pause();
});

test('a new seed rebuilds the run from epoch 0 and plays the view', async () => {
  const h = harness();
  h.pool.setSpeed(0);
  h.pool.apply([{ key: 'a', settings: withRate(SMALL, 0.1) }]);
  await until(() => h.lifecycle('a') === 'finished', 'the run to finish');
  const reseeded = withRate({ ...SMALL, seed: 4 }, 0.1);
  h.pool.apply([{ key: 'a', settings: reseeded }]);
  assert.equal(h.seen.get('a').fresh, 2);
  assert.equal(h.seen.get('a').retrained, 0, 'a new network: no old curve to keep');
  assert.equal(h.lifecycle('a'), 'playing');
  await until(() => h.lifecycle('a') === 'finished', 'the rebuilt run to finish');
  assert.ok(sameBits(h.seen.get('a').train, alone(reseeded, 12).train));
});

test('hold: the view stays paused and new runs wait at epoch 0', () => {
  const h = harness();
  h.pool.apply([{ key: 'a', settings: withRate(SMALL, 0.1) }], { hold: true });
  assert.equal(h.lifecycle('a'), 'idle');
  assert.equal(h.seen.get('a').status.epochsDone, 0);
  assert.equal(h.playing, false);
});

test('hold: a run created with changes (a lesson\'s branch) waits at epoch 0 too, and replays its branch on reset', async () => {
  const h = harness();
  const branch = { ...withRate(SMALL, 0.1), changes: [{ epoch: 6, optimizer: { learning_rate: 0.01 } }] };
  h.pool.apply([{ key: 'a', settings: withRate(SMALL, 0.1) }, { key: 'b', settings: branch }], { hold: true });
  assert.equal(h.lifecycle('b'), 'idle');
  assert.equal(h.seen.get('b')?.status?.epochsDone ?? 0, 0, 'no epoch of the branch shown while the question is open');
  h.pool.resetAll();
  await until(() => h.lifecycle('b') === 'finished', 'the branch to finish after the reset');
  assert.ok(sameBits(h.seen.get('b').train, alone(branch, 12).train), 'the branch trains its changes');
});

test('a refused value changes nothing and names the field', async () => {
  const h = harness();
  h.pool.apply([{ key: 'a', settings: withRate(SMALL, 0.1) }], { hold: true });
  assert.throws(() => h.pool.apply([{ key: 'a', settings: withRate(SMALL, -1) }]), /optimizer\.learning_rate: -1/);
  assert.equal(h.pool.runs.get('a').settings.optimizer.learning_rate, 0.1);
  assert.equal(h.lifecycle('a'), 'idle');
});

const FAILS_AT_EPOCH_5 = { name: 'formula', expression: 'lr0 / (5 - epoch)' };

test('a schedule error pauses the run where it failed; the view stops', async () => {
  const h = harness();
  h.pool.setSpeed(0);
  h.pool.apply([{ key: 'a', settings: { ...withRate(SMALL, 0.1), schedule: FAILS_AT_EPOCH_5 } }]);
  await until(() => h.lifecycle('a') === 'schedule-paused', 'the schedule error');
  const record = h.seen.get('a');
  assert.equal(record.status.epochsDone, 5);
  assert.equal(record.events.at(-1).kind, 'schedule_error');
  assert.equal(record.verdict.diverged, false);
  assert.equal(h.playing, false);
  assert.deepEqual(h.pool.play(), { playing: false, blocked: ['a'] }, 'Play cannot move it and says so');
});

test('a fixed schedule continues the paused run from where it stopped, playing again', async () => {
  const h = harness();
  h.pool.setSpeed(0);
  const failing = { ...withRate(SMALL, 0.1), schedule: FAILS_AT_EPOCH_5 };
  h.pool.apply([{ key: 'a', settings: failing }]);
  await until(() => h.lifecycle('a') === 'schedule-paused', 'the schedule error');
  const kept = [...h.seen.get('a').train];
  h.pool.apply([{ key: 'a', settings: { ...failing, schedule: { name: 'constant' } } }]);
  assert.equal(h.lifecycle('a'), 'playing');
  assert.equal(h.playing, true);
  await until(() => h.lifecycle('a') === 'finished', 'the rest of the run');
  const record = h.seen.get('a');
  assert.equal(record.fresh, 1, 'continued, not retrained');
  assert.equal(record.status.epochsDone, 12);
  assert.ok(sameBits(record.train.slice(0, 5), kept), 'the history before the error is kept');
});

test('a schedule error met while stepping by hand resumes to waiting, not playing', () => {
  const h = harness();
  const failing = { ...withRate(SMALL, 0.1), schedule: FAILS_AT_EPOCH_5 };
  h.pool.apply([{ key: 'a', settings: failing }], { hold: true });
  for (let i = 0; i < 6; i++) h.pool.epochAll();
  assert.equal(h.lifecycle('a'), 'schedule-paused');
  h.pool.apply([{ key: 'a', settings: { ...failing, schedule: { name: 'constant' } } }]);
  assert.equal(h.lifecycle('a'), 'idle');
  assert.equal(h.playing, false);
});

// Linear regression with plain SGD at a rate far above 2/L blows up within a few epochs.
const DIVERGES = { seed: 1, problem: { name: 'linear', samples: 64 }, model: { hidden: [] }, batch_size: 64, epochs: 200,
  optimizer: { name: 'sgd', learning_rate: 50 } };

test('a diverged run says so in the same increment as its verdict, and Play cannot move it', async () => {
  const h = harness();
  h.pool.setSpeed(0);
  h.pool.apply([{ key: 'a', settings: DIVERGES }, { key: 'b', settings: withRate(DIVERGES, 0.01) }]);
  await until(() => h.lifecycle('a') === 'diverged', 'the divergence');
  await until(() => h.lifecycle('b') === 'finished', 'the stable run to finish');
  const record = h.seen.get('a');
  assert.equal(record.verdict.verdict, 'diverged');
  assert.equal(record.verdict.diverged, true);
  assert.ok(record.verdict.divergedEpoch >= 0);
  // Its words come with it (core/words/verdict_words.cpp): the page places them as they are.
  assert.match(record.verdict.words.story, new RegExp(`blew up in epoch ${record.verdict.divergedEpoch + 1}$`));
  for (const increment of [...record.increments, ...h.seen.get('b').increments]) {
    assert.equal(increment.verdict.diverged, increment.verdict.verdict === 'diverged', 'one answer, never two');
    assert.equal(increment.verdict.diverged, increment.status === 'diverged');
    assert.equal(increment.verdict.words.kind, increment.verdict.verdict, 'the words are the verdict\'s');
  }
  assert.deepEqual(h.pool.play().blocked, ['a']);
});

test('retrain starts a diverged run again from its initial weights and plays', async () => {
  const h = harness();
  h.pool.setSpeed(0);
  h.pool.apply([{ key: 'a', settings: DIVERGES }]);
  await until(() => h.lifecycle('a') === 'diverged', 'the divergence');
  h.pool.retrainRuns(['a']);
  assert.equal(h.seen.get('a').fresh, 2);
  assert.equal(h.seen.get('a').status.epochsDone, 0);
  await until(() => h.lifecycle('a') === 'diverged', 'the same divergence again');
  assert.ok(sameBits(h.seen.get('a').train, alone(DIVERGES, 200).train), 'the same run again, bit for bit');
});

test('a lower rate on a diverged run retrains it at once', async () => {
  const h = harness();
  h.pool.setSpeed(0);
  h.pool.apply([{ key: 'a', settings: DIVERGES }]);
  await until(() => h.lifecycle('a') === 'diverged', 'the divergence');
  const divergedAt = h.pool.runs.get('a').trainer.epochsDone;
  const [canonical] = h.pool.apply([{ key: 'a', settings: withRate(DIVERGES, 0.01) }]);
  await until(() => !['catching-up'].includes(h.lifecycle('a')), 'the retrain');
  assert.equal(h.lifecycle('a'), 'idle');
  assert.equal(h.seen.get('a').status.epochsDone, divergedAt);
  assert.equal(h.seen.get('a').verdict.diverged, false);
  assert.ok(sameBits(h.seen.get('a').train, alone(canonical, divergedAt).train));
});

test('six runs train side by side, each exactly as it would alone', async () => {
  const h = harness();
  h.pool.setSpeed(0);
  const rates = [0.003, 0.01, 0.03, 0.1, 0.3, 1];
  const specs = rates.map((rate, i) => ({ key: `r${i}`, settings: withRate({ ...SMALL, epochs: 30 }, rate) }));
  const canonical = h.pool.apply(specs);
  await until(() => specs.every(({ key }) => h.lifecycle(key) === 'finished'), 'all six to finish');
  specs.forEach(({ key }, i) => {
    const expected = alone(canonical[i], 30);
    assert.ok(sameBits(h.seen.get(key).train, expected.train), `${key} train loss`);
    assert.ok(sameBits(h.seen.get(key).valAccuracy, expected.valAccuracy), `${key} validation accuracy`);
    assert.ok(sameBits(h.seen.get(key).lr, expected.lr), `${key} rates`);
  });
  assert.equal(h.pool.fullHistories().length, 6);
});

test('a removed run is deleted and no longer reported', async () => {
  const h = harness();
  h.pool.apply([{ key: 'a', settings: withRate(SMALL, 0.1) }, { key: 'b', settings: withRate(SMALL, 0.2) }], { hold: true });
  const trainer = h.pool.runs.get('b').trainer;
  h.pool.apply([{ key: 'a', settings: withRate(SMALL, 0.1) }], { hold: true });
  assert.throws(() => trainer.epochsDone, /deleted/);
  assert.deepEqual(h.updates.at(-1).runs.map((run) => run.key), ['a']);
});

test('Step trains one mini-batch and One epoch one epoch, by hand, with the view paused', () => {
  const h = harness();
  h.pool.apply([{ key: 'a', settings: withRate(SMALL, 0.1) }], { hold: true });
  h.pool.stepAll();
  assert.equal(h.seen.get('a').status.updates, 1);
  assert.equal(h.seen.get('a').status.epochsDone, 0);
  h.pool.epochAll();
  assert.equal(h.seen.get('a').status.epochsDone, 1);
  assert.equal(h.lifecycle('a'), 'idle');
  for (let i = 0; i < 12; i++) h.pool.epochAll();
  assert.equal(h.lifecycle('a'), 'finished', 'stepped past its count, it finishes where it stands');
  assert.equal(h.seen.get('a').status.until, 13);
});

test('Reset starts every run again from its first weights, playing', async () => {
  const h = harness();
  h.pool.setSpeed(0);
  h.pool.apply([{ key: 'a', settings: withRate(SMALL, 0.1) }]);
  await until(() => h.lifecycle('a') === 'finished', 'the run to finish');
  const first = [...h.seen.get('a').train];
  h.pool.resetAll();
  assert.equal(h.seen.get('a').fresh, 2);
  assert.equal(h.lifecycle('a'), 'playing');
  await until(() => h.lifecycle('a') === 'finished', 'the run again');
  assert.ok(sameBits(h.seen.get('a').train, first));
});

test("a lower 'Stop after' finishes a run; a higher one lets it continue", async () => {
  const h = harness();
  h.pool.setSpeed(0);
  h.pool.apply([{ key: 'a', settings: withRate({ ...SMALL, epochs: 1000 }, 0.1) }]);
  await until(() => h.seen.get('a').status.epochsDone > 20, 'some epochs');
  h.pool.apply([{ key: 'a', settings: withRate({ ...SMALL, epochs: 5 }, 0.1) }]);
  assert.equal(h.lifecycle('a'), 'finished');
  assert.equal(h.seen.get('a').fresh, 1, 'not retrained: only where it stops changed');
  const done = h.seen.get('a').status.epochsDone;
  h.pool.apply([{ key: 'a', settings: withRate({ ...SMALL, epochs: done + 10 }, 0.1) }]);
  assert.equal(h.seen.get('a').status.until, done + 10);
  h.pool.play();
  await until(() => h.lifecycle('a') === 'finished', 'the further epochs');
  assert.equal(h.seen.get('a').status.epochsDone, done + 10);
});

test('the plateau state travels with each increment of a run that has the callback', async () => {
  const h = harness();
  h.pool.setSpeed(0);
  const plateau = { enabled: true, patience: 2, factor: 0.5, min_delta: 0, cooldown: 0, monitor: 'val_loss' };
  h.pool.apply([{ key: 'a', settings: { ...withRate({ ...SMALL, epochs: 40 }, 0.1), plateau } },
    { key: 'b', settings: withRate({ ...SMALL, epochs: 40 }, 0.1) }]);
  await until(() => ['a', 'b'].every((key) => h.lifecycle(key) === 'finished'), 'both runs');
  const state = h.seen.get('a').plateau;
  const trainer = h.pool.runs.get('a').trainer;
  assert.deepEqual(state, trainer.plateauState(), 'the core\'s state now');
  assert.equal(state.patience, 2);
  assert.equal(state.cuts, h.seen.get('a').events.filter((e) => e.kind === 'plateau_reduction').length);
  assert.equal(h.seen.get('b').plateau, null);
});

test('a fresh increment carries the first epochs of the new run only', async () => {
  const h = harness();
  h.pool.apply([{ key: 'a', settings: withRate(SMALL, 0.1) }], { hold: true });
  h.pool.epochAll();
  h.pool.epochAll();
  h.pool.resetAll();
  h.pool.pause();
  const fresh = h.seen.get('a').increments.filter((increment) => increment.fresh).at(-1);
  assert.equal(fresh.from, 0);
  assert.ok(fresh.train_loss.length <= 1);
});

test('a retrained run that catches up while the view plays goes on playing with it', async () => {
  const h = harness();
  h.pool.setSpeed(0);
  const long = { ...DIVERGES, epochs: 100000 };
  h.pool.apply([{ key: 'a', settings: long }, { key: 'b', settings: withRate(long, 0.01) }]);
  await until(() => h.lifecycle('a') === 'diverged', 'the divergence');
  await until(() => h.seen.get('b').status.epochsDone > 50, 'the other run to move on');
  h.pool.apply([{ key: 'a', settings: withRate(long, 0.02) }, { key: 'b', settings: withRate(long, 0.01) }]);
  assert.equal(h.seen.get('a').retrained, 1);
  await until(() => h.lifecycle('a') === 'playing', 'the catch-up to end');
  const caughtUpAt = h.seen.get('a').status.epochsDone;
  await until(() => h.seen.get('a').status.epochsDone > caughtUpAt + 5, 'it to train on with the view');
  h.pool.pause();
  assert.equal(h.playing, false);
});

test('a change to a run still catching up retrains it again, from the new settings only', async () => {
  const h = harness();
  h.pool.setSpeed(0);
  // A wider network, so catching up takes many slices.
  const slow = { ...SMALL, problem: { name: 'spiral', samples: 512 }, model: { hidden: [32, 32] }, epochs: 100000 };
  h.pool.apply([{ key: 'a', settings: withRate(slow, 0.1) }]);
  await until(() => h.seen.get('a').status.epochsDone > 60, 'some epochs');
  h.pool.pause();
  const viewEpoch = h.pool.runs.get('a').trainer.epochsDone;
  h.pool.apply([{ key: 'a', settings: withRate(slow, 0.2) }]);
  assert.equal(h.lifecycle('a'), 'catching-up');
  const [canonical] = h.pool.apply([{ key: 'a', settings: withRate(slow, 0.3) }]);
  await until(() => h.lifecycle('a') === 'idle', 'the second catch-up to end');
  const record = h.seen.get('a');
  assert.equal(record.status.epochsDone, viewEpoch);
  assert.deepEqual(record.segments.map((s) => [s.epoch, s.rate]), [[0, 0.3]], 'no mid-run change recorded');
  assert.ok(sameBits(record.train, alone(canonical, viewEpoch).train));
});

test('a run its early stopping ended stays stopped early: Play cannot move it and names it', async () => {
  const h = harness();
  h.pool.setSpeed(0);
  // Stops at epoch 23 of 200 (tests/data/settings: the same file the parity test runs natively).
  const settings = JSON.parse(readFileSync('tests/data/settings/moons-sgd-early-stopping.json', 'utf8'));
  h.pool.apply([{ key: 'a', settings }]);
  await until(() => h.lifecycle('a') === 'stopped-early', 'the early stop');
  const record = h.seen.get('a');
  assert.equal(record.events.at(-1).kind, 'early_stop');
  assert.ok(record.status.epochsDone < 200, `stopped at ${record.status.epochsDone}`);
  assert.equal(record.verdict.diverged, false);
  assert.equal(h.playing, false);
  assert.deepEqual(h.pool.play().blocked, ['a']);
  assert.equal(h.lifecycle('a'), 'stopped-early');
  assert.equal(h.pool.runs.get('a').trainer.epochsDone, record.status.epochsDone, 'Play did not move it');
});

test('a change to early stopping retrains a stopped run as far as it was to go, not to its stop', async () => {
  const h = harness();
  h.pool.setSpeed(0);
  const settings = JSON.parse(readFileSync('tests/data/settings/moons-sgd-early-stopping.json', 'utf8'));
  h.pool.apply([{ key: 'a', settings }]);
  await until(() => h.lifecycle('a') === 'stopped-early', 'the early stop');
  const stoppedAt = h.seen.get('a').status.epochsDone;
  const more = { ...settings, early_stopping: { ...settings.early_stopping, patience: 30 } };
  const [canonical] = h.pool.apply([{ key: 'a', settings: more }]);
  // What the CLI trains for these settings: 200 epochs, or fewer where patience 30 stops.
  const expected = alone(canonical, 200).train;
  assert.ok(expected.length > stoppedAt, `patience 30 trains past epoch ${stoppedAt}`);
  await until(() => h.seen.get('a').train.length === expected.length && h.lifecycle('a') !== 'catching-up', 'the retrain');
  assert.ok(sameBits(h.seen.get('a').train, expected));
});

test('the verdicts as of each epoch of a block are the core\'s diagnosis of each run\'s history then, against the best loss any run had by then', async () => {
  const h = harness();
  h.pool.setSpeed(0);
  const settings = [withRate(SMALL, 0.05), withRate(SMALL, 2)];
  const canonical = h.pool.apply([{ key: 'a', settings: settings[0] }, { key: 'b', settings: settings[1] }]);
  await until(() => h.lifecycle('a') === 'finished' && h.lifecycle('b') === 'finished', 'both runs to finish');
  const answers = h.pool.verdictsFrom(0, 13);
  assert.equal(answers.length, 13, 'epochs 0 to 12');
  // The same runs trained alone, and the lowest training loss either had reached by each epoch.
  const trainers = canonical.map((s) => {
    const trainer = api.createTrainer(s);
    trainer.run(12);
    return trainer;
  });
  try {
    const losses = trainers.map((trainer) => [...trainer.epochHistory(0).train_loss]);
    answers.forEach((verdicts, epochs) => {
      const best = Math.min(...losses.flatMap((column) => column.slice(0, epochs)).filter(Number.isFinite));
      ['a', 'b'].forEach((key, i) => {
        const expected = trainers[i].diagnosisAt(epochs, Number.isFinite(best) ? best : NaN);
        assert.equal(verdicts[key].verdict, expected.verdict, `run ${key} at epoch ${epochs}`);
        assert.equal(verdicts[key].sentence, expected.sentence, `run ${key} at epoch ${epochs}`);
        assert.deepEqual(verdicts[key].evidence, expected.evidence, `run ${key} at epoch ${epochs}`);
        assert.equal(verdicts[key].diverged, expected.verdict === 'diverged');
      });
    });
    assert.deepEqual(h.pool.verdictsFrom(5, 3), answers.slice(5, 8), 'a block from another epoch says the same');
  } finally {
    for (const trainer of trainers) trainer.delete();
  }
});
