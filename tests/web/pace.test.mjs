// The speed the page says it reaches (web/page/pace.js): epochs over seconds of runs that played
// throughout the window, and words only when that is well below the asked speed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PACE_WINDOW_MS, BEHIND_SHARE, paceWords, reachedPace } from '../../web/page/pace.js';

// Samples every 500 ms over `ms`, each run at its own pace from `start` epochs with a status per
// sample index (default 'playing').
function samples(ms, runs) {
  const out = [];
  for (let t = 0; t <= ms; t += 500) {
    out.push({ t, runs: runs.map((r) => ({ key: r.key, status: r.status?.(t) ?? 'playing', epochs: Math.floor((r.start ?? 0) + (r.pace * t) / 1000) })) });
  }
  return out;
}

test('a run that plays throughout: its epochs over the seconds', () => {
  // 3 s at 20 epochs/s from epoch 7: 60 epochs in 3 s.
  assert.equal(reachedPace(samples(3000, [{ key: 'a', pace: 20, start: 7 }])), 20);
});

test('the fastest run that played throughout; runs that finished, paused or caught up are left out', () => {
  const finishedAt = (ms) => (t) => (t >= ms ? 'finished' : 'playing');
  const caughtUpAt = (ms) => (t) => (t < ms ? 'catching-up' : 'playing');
  const pace = reachedPace(samples(3000, [
    { key: 'slow', pace: 12 },
    { key: 'done', pace: 40, status: finishedAt(2500) },
    { key: 'catching', pace: 500, status: caughtUpAt(1000) },
  ]));
  assert.equal(pace, 12);
});

test('nothing measured: no run played throughout, or the samples span too little time', () => {
  assert.ok(Number.isNaN(reachedPace([])));
  assert.ok(Number.isNaN(reachedPace(samples(1500, [{ key: 'a', pace: 10 }]))), 'half the window');
  assert.ok(Number.isNaN(reachedPace(samples(3000, [{ key: 'a', pace: 10, status: () => 'idle' }]))));
  assert.ok(PACE_WINDOW_MS >= 2000, 'long enough to span several of the worker\'s posts');
});

test('words only when the reached speed is below the share of the asked one', () => {
  assert.equal(paceWords(60, 60), '');
  assert.equal(paceWords(60, BEHIND_SHARE * 60), '', 'at the share: keeping up');
  assert.equal(paceWords(60, NaN), '', 'nothing measured: no claim either way');
  assert.equal(paceWords(0, 3), '', 'speed 0 asks for no number');
  const said = paceWords(60, 23.4);
  assert.match(said, /reaches about 23 epochs\/s per run, not 60/);
});
