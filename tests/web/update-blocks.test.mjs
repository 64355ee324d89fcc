// The update panel's store of the core's answers (web/views/update/update-blocks.js): which
// positions one request covers, what is asked next, and that an answer is kept only for the
// subject (run and parameter) it was asked for, against a stand-in worker that answers like the
// core: one entry per position from the one asked, none past the run's last update.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UPDATE_BLOCK, nextRange, updateBlocks } from '../../web/views/update/update-blocks.js';

const none = () => false;

test('the cursor\'s own position first, from there the way it moves; alone once a request spanned it without an answer', () => {
  assert.equal(UPDATE_BLOCK, 16);
  assert.deepEqual(nextRange(40, { last: 300, direction: 1, known: none, spanned: none }), { from: 40, count: 16 });
  assert.deepEqual(nextRange(40, { last: 300, direction: -1, known: none, spanned: none }), { from: 25, count: 16 }, '25 .. 40');
  assert.deepEqual(nextRange(5, { last: 300, direction: -1, known: none, spanned: none }), { from: 0, count: 6 });
  assert.deepEqual(nextRange(295, { last: 300, direction: 1, known: none, spanned: none }), { from: 295, count: 6 }, 'to the timeline\'s end');
  assert.deepEqual(nextRange(300, { last: 300, direction: 1, known: none, spanned: (u) => u === 300 }), { from: 300, count: 1 });
});

test('once the cursor\'s position is answered, the nearest position ahead not asked yet', () => {
  const answered = (from, to) => (u) => u >= from && u <= to;
  assert.deepEqual(nextRange(40, { last: 300, direction: 1, known: answered(40, 55), spanned: answered(40, 55) }), { from: 56, count: 16 });
  assert.deepEqual(nextRange(40, { last: 300, direction: -1, known: answered(25, 40), spanned: answered(25, 40) }), { from: 9, count: 16 }, '9 .. 24');
  assert.equal(nextRange(40, { last: 300, direction: 1, known: answered(0, 80), spanned: answered(0, 80) }), null, 'a block ahead answered: nothing');
  assert.equal(nextRange(298, { last: 300, direction: 1, known: answered(290, 300), spanned: answered(290, 300) }), null, 'nothing past the end');
  assert.equal(nextRange(40, { last: 300, direction: 1, known: answered(40, 40), spanned: answered(0, 300) }), null,
    'a position spanned without an answer is not asked ahead of time');
});

// A stand-in worker: a run of `taken` updates; each answer names its update (t) and parameter.
function worker(taken) {
  const asked = [];
  let pending = [];
  return {
    asked,
    ask(args) {
      asked.push(args);
      return new Promise((resolve, reject) => pending.push(() => {
        const first = args.epoch * 4 + args.step;  // 4 updates per epoch
        if (first >= taken) return reject(new Error(`update ${first + 1} was never taken`));
        const count = Math.min(args.count, taken - first);
        resolve(Array.from({ length: count }, (_, i) => ({ update: first + i + 1, parameter: args.parameter })));
      }));
    },
    // Answers every request sent so far, and lets the store react.
    async answer() {
      const now = pending;
      pending = [];
      now.forEach((go) => go());
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

test('a drag finds its next positions answered: the cursor\'s block, then the block ahead, one request at a time', async () => {
  const w = worker(1200);
  let calls = 0;
  const blocks = updateBlocks({ ask: (a) => w.ask(a), answered: () => calls++ });
  const at = (update, direction = 1) => blocks.at({ subject: 'run a|3', settings: {}, parameter: 3, update, last: 1200, direction, stepsPerEpoch: 4 });
  assert.equal(at(41), undefined);
  assert.deepEqual(w.asked, [{ settings: {}, epoch: 10, step: 1, count: 16, parameter: 3 }], 'positions 41 to 56 from epoch 10, update 1');
  at(42);
  assert.equal(w.asked.length, 1, 'one request travels at a time');
  await w.answer();
  assert.equal(calls, 1);
  assert.deepEqual(at(41)?.result, { update: 42, parameter: 3 }, 'position 41: the 42nd update');
  assert.deepEqual(at(56)?.result, { update: 57, parameter: 3 });
  assert.deepEqual(w.asked.at(-1), { settings: {}, epoch: 14, step: 1, count: 16, parameter: 3 }, 'then 57 .. 72, ahead');
  await w.answer();
  assert.ok(at(72)?.result);
  // Another parameter is another subject: nothing kept is shown for it.
  assert.equal(blocks.at({ subject: 'run a|5', settings: {}, parameter: 5, update: 41, last: 1200, direction: 1, stepsPerEpoch: 4 }), undefined);
});

test('past the run\'s last update: the core\'s words for the position itself', async () => {
  const w = worker(50);
  const blocks = updateBlocks({ ask: (a) => w.ask(a), answered: () => {} });
  const at = (update) => blocks.at({ subject: 's', settings: {}, parameter: -1, update, last: 80, direction: 1, stepsPerEpoch: 4 });
  at(40);
  await w.answer();
  assert.equal(at(49)?.result?.update, 50);
  assert.equal(at(52), undefined, 'spanned by the block from 40, which stopped at 49');
  assert.deepEqual(w.asked.at(-1), { settings: {}, epoch: 13, step: 0, count: 1, parameter: -1 }, 'then 52 alone');
  await w.answer();
  assert.equal(at(52)?.error, 'update 53 was never taken');
});

test('an answer that comes after the subject changed is dropped', async () => {
  const w = worker(1200);
  const blocks = updateBlocks({ ask: (a) => w.ask(a), answered: () => {} });
  blocks.at({ subject: 'old', settings: {}, parameter: 1, update: 10, last: 300, direction: 1, stepsPerEpoch: 4 });
  blocks.at({ subject: 'new', settings: {}, parameter: 2, update: 10, last: 300, direction: 1, stepsPerEpoch: 4 });
  await w.answer();
  const now = blocks.at({ subject: 'new', settings: {}, parameter: 2, update: 10, last: 300, direction: 1, stepsPerEpoch: 4 });
  assert.equal(now, undefined, 'the old subject\'s answer is not kept for the new one');
  assert.equal(w.asked.at(-1).parameter, 2, 'the new subject is asked once the old request is in');
  await w.answer();
  assert.equal(blocks.at({ subject: 'new', settings: {}, parameter: 2, update: 10, last: 300, direction: 1, stepsPerEpoch: 4 })?.result?.parameter, 2);
});

test('with no cursor, the blocks where a cursor first lands: the end\'s and the start\'s, nothing ahead of them', async () => {
  const w = worker(1200);
  const blocks = updateBlocks({ ask: (a) => w.ask(a), answered: () => {} });
  const at = (update, direction) => ({ subject: 's', settings: {}, parameter: -1, update, last: 300, direction, stepsPerEpoch: 1 });
  blocks.warm([at(300, -1), at(0, 1)]);
  assert.deepEqual(w.asked.map((a) => [a.epoch, a.count]), [[285, 16]], 'positions 285 .. 300 first');
  await w.answer();
  assert.deepEqual(w.asked.map((a) => [a.epoch, a.count]), [[285, 16], [0, 16]], 'then 0 .. 15');
  await w.answer();
  assert.equal(w.asked.length, 2, 'nothing more');
  assert.equal(blocks.at(at(0, 1))?.result?.update, 1, 'a cursor at the start finds its answer');
});
