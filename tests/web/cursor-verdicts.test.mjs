// The page's store of the core's verdicts at the cursor (web/page/cursor-verdicts.js): which
// epochs one request covers, when an answer kept for an epoch no longer holds, and what is asked
// when, against a stand-in worker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BLOCK, blockFor, shownAtCursor, startCursorVerdicts, verdictKey } from '../../web/page/cursor-verdicts.js';
import { createModel } from '../../web/page/model.js';

test('a request covers the block of epochs the cursor is in, cut where a run still trains and at the end', () => {
  assert.equal(BLOCK, 16);
  const open = { recordedStable: Infinity, last: 300 };
  assert.deepEqual(blockFor(40, open), { from: 32, count: 16 }, 'epochs 32 to 47');
  assert.deepEqual(blockFor(32, open), { from: 32, count: 16 });
  assert.deepEqual(blockFor(0, open), { from: 0, count: 16 });
  assert.deepEqual(blockFor(295, open), { from: 288, count: 13 }, 'epochs 288 to 300, the last the timeline reaches');
  assert.deepEqual(blockFor(40, { recordedStable: 45, last: 300 }), { from: 32, count: 13 },
    'a run training with 45 epochs recorded: its verdicts from epoch 45 on change as it trains');
  assert.deepEqual(blockFor(45, { recordedStable: 45, last: 300 }), { from: 45, count: 1 }, 'at or past it: that epoch alone');
  assert.deepEqual(blockFor(60, { recordedStable: 45, last: 300 }), { from: 60, count: 1 });
});

test('far into a long run a request covers fewer epochs: each diagnosis copies the history up to its epoch', () => {
  const long = { recordedStable: Infinity, last: 100_000 };
  // 200,000 epochs of history copied per run and request at most.
  assert.deepEqual(blockFor(5000, long), { from: 4992, count: 16 });
  assert.deepEqual(blockFor(50_000, long), { from: 49_998, count: 3 }, 'floor(200000 / 50001) = 3 epochs, the cursor\'s among them');
  assert.deepEqual(blockFor(99_999, long), { from: 99_998, count: 2 });
});

test('an answer holds until a run is replaced, its history is cut back, it reaches past the epoch or diverges', () => {
  const ids = new Map();
  const idOf = (record) => {
    if (!ids.has(record)) ids.set(record, ids.size + 1);
    return ids.get(record);
  };
  const record = (recorded, extra = {}) => ({ recorded, rewinds: 0, diverged: false, ...extra });
  const model = (records) => ({ state: { runs: Object.keys(records).map((key) => ({ key })) }, runs: new Map(Object.entries(records)) });
  const a = record(300);
  const b = record(20);
  const at = (records, epoch) => verdictKey(model(records), epoch, idOf);
  const before = at({ a, b }, 10);
  // b trains on: epochs up to 10 use its first 11 epochs, already there.
  assert.equal(at({ a, b: Object.assign(b, { recorded: 40 }) }, 10), before);
  assert.notEqual(at({ a, b }, 50), at({ a, b: Object.assign(b, { recorded: 45 }) }, 50), 'a run that reached further: epoch 50 changes');
  assert.notEqual(at({ a: record(300), b }, 10), before, 'a retrained run is a new record');
  assert.notEqual(at({ a: Object.assign(a, { rewinds: 1 }), b }, 10), at({ a: Object.assign(record(300), {}), b }, 10));
  assert.notEqual(at({ a, b }, 10), at({ a, b: Object.assign(b, { diverged: true }) }, 10), 'diverged since');
  assert.notEqual(at({ a, b }, 10), at({ b, a }, 10), 'the runs in another order');
  assert.notEqual(at({ a }, 10), at({ a, b }, 10), 'a run added');
});

// A page model with two finished runs of 300 epochs, and a worker that answers each request with
// the epochs it was asked for (verdict 'v<epoch>'), when the test says so.
function page() {
  const record = (key) => ({ key, recorded: 300, epochsDone: 300, stepsPerEpoch: 1, rewinds: 0, diverged: false, status: 'finished' });
  const store = createModel({
    state: { settings: { epochs: 300 }, runs: [{ key: 'a' }, { key: 'b' }] },
    runs: new Map([['a', record('a')], ['b', record('b')]]), cursor: null, cursorVerdicts: null,
  });
  const asked = [];
  const call = (type, args) => new Promise((resolve) => {
    assert.equal(type, 'verdictsFrom');
    asked.push({ args, answer: () => resolve(Array.from({ length: args.count }, (_, i) =>
      ({ a: { verdict: `v${args.from + i}` }, b: { verdict: `v${args.from + i}` } }))) });
  });
  startCursorVerdicts({ store, call });
  const answer = async () => {
    asked.at(-1).answer();
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { store, asked, answer };
}

test('with every run done, the blocks of the timeline\'s end and start are asked before the cursor comes', async () => {
  const { store, asked, answer } = page();
  store.touch('runs');
  assert.deepEqual(asked.map((a) => a.args), [{ from: 288, count: 13 }], 'one request at a time: the end first');
  await answer();
  assert.deepEqual(asked.at(-1).args, { from: 0, count: 16 });
  await answer();
  assert.equal(asked.length, 2, 'nothing more at now');
  // The first move lands on an answered epoch: its verdicts are in the model with the cursor.
  store.update({ cursor: { epoch: 300, step: 0 } });
  assert.deepEqual(Object.keys(store.get().cursorVerdicts.verdicts), ['a', 'b']);
  assert.equal(store.get().cursorVerdicts.epochs, 300);
  assert.equal(store.get().cursorVerdicts.verdicts.b.verdict, 'v300');
});

test('a move to an epoch already answered shows its verdicts at once; the block ahead is asked before it is reached', async () => {
  const { store, asked, answer } = page();
  store.update({ cursor: { epoch: 40, step: 0 } });
  assert.deepEqual(asked.at(-1).args, { from: 32, count: 16 });
  assert.equal(store.get().cursorVerdicts, null, 'not known yet');
  await answer();
  assert.equal(store.get().cursorVerdicts.epochs, 40);
  store.update({ cursor: { epoch: 41, step: 0 } });
  assert.equal(store.get().cursorVerdicts.epochs, 41, 'in the same update as the cursor');
  assert.deepEqual(asked.at(-1).args, { from: 48, count: 16 }, 'moving up: the next block');
  await answer();
  store.update({ cursor: { epoch: 50, step: 0 } });
  assert.equal(store.get().cursorVerdicts.verdicts.a.verdict, 'v50');
  assert.deepEqual(asked.at(-1).args, { from: 64, count: 16 });
  await answer();
  // A retrained run is a new record: what was answered no longer holds.
  const runs = store.get().runs;
  runs.set('b', { ...runs.get('b') });
  store.touch('runs');
  assert.equal(store.get().cursorVerdicts.epochs, 50, 'the old verdicts stay until the new ones come');
  assert.deepEqual(asked.at(-1).args, { from: 48, count: 16 });
});

test('what is kept of a verdict for each epoch is what the cursor shows: the verdict, its badge and tone, whether the run diverged', () => {
  const diagnosis = {
    verdict: 'diverged', sentence: 'diverged - the loss blew up at epoch 7.', diverged: true, divergedEpoch: 7,
    evidence: { epochs: 9, diverged_epoch: 7, initial_loss: 0.66 },
    words: { badge: 'diverged', tone: 'unstable', sentence: 'diverged - the loss blew up at epoch 7.', lesson: 'The core diagnosed {run} as diverged', region: 'diverge' },
  };
  assert.deepEqual(shownAtCursor({ a: diagnosis, b: null }), {
    a: { verdict: 'diverged', diverged: true, divergedEpoch: 7, words: { badge: 'diverged', tone: 'unstable' } },
    b: null,
  });
});
