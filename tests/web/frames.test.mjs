// The page's frame scheduler (web/page/frames.js): a draw goes in the next animation frame unless
// the last draw was less than minMs or six times its own cost ago. Its cost is the time the draw
// itself took, not the time since the frame began: a callback often runs well after its frame's
// timestamp (other callbacks, input, layout before it), and counting that wait as the draw's cost
// held the next draw back a frame (a cursor move made two frames instead of one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frameScheduler } from '../../web/page/frames.js';

// A clock and an animation-frame queue run by hand: each frame has a timestamp (its start) and
// its callbacks run `lag` ms after it.
function fakeFrames() {
  let clock = 0;
  let queue = [];
  globalThis.performance = { now: () => clock };
  globalThis.requestAnimationFrame = (callback) => queue.push(callback);
  return {
    advance(ms) {
      clock += ms;
    },
    // Runs one frame starting now; its callbacks start `lag` ms later.
    frame(lag = 0) {
      const start = clock;
      const due = queue;
      queue = [];
      clock += lag;
      for (const callback of due) callback(start);
    },
    pending: () => queue.length,
  };
}

test('a cheap draw whose frame began long before its callback ran is not held back the next time', () => {
  const frames = fakeFrames();
  const draws = [];
  const schedule = frameScheduler(() => {
    draws.push(performance.now());
    frames.advance(2);  // the draw itself: 2 ms
  }, { minMs: 0 });
  schedule();
  frames.frame(15);  // the callback runs 15 ms into its frame: 17 ms after the frame's timestamp
  assert.equal(draws.length, 1);
  frames.advance(50);  // the next move, 50 ms later: well past 6 x 2 ms
  schedule();
  frames.frame(0);
  assert.equal(draws.length, 2, 'drawn in the first frame after the ask');
  assert.equal(frames.pending(), 0);
});

test('a costly draw still spaces the next by six times its cost', () => {
  const frames = fakeFrames();
  let draws = 0;
  const schedule = frameScheduler(() => {
    draws++;
    frames.advance(10);  // the draw itself: 10 ms, so the next waits 60 ms from this frame
  }, { minMs: 0 });
  schedule();
  frames.frame(0);
  frames.advance(20);
  schedule();
  frames.frame(0);  // 30 ms after the last draw's frame: held back
  assert.equal(draws, 1);
  assert.equal(frames.pending(), 1);
  frames.advance(40);
  frames.frame(0);  // 70 ms after: drawn
  assert.equal(draws, 2);
});

test('minMs spaces draws however cheap they are', () => {
  const frames = fakeFrames();
  let draws = 0;
  const schedule = frameScheduler(() => draws++);
  schedule();
  frames.frame(0);
  frames.advance(16);
  schedule();
  frames.frame(0);
  assert.equal(draws, 1, 'held back: 16 ms after the last draw, under 30 ms');
  frames.advance(16);
  frames.frame(0);
  assert.equal(draws, 2);
});
