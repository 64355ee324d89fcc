// A run's lifecycle (web/worker/run-lifecycle.js): the transitions the run pool makes, one state
// at a time, from what the trainer says and whether the view plays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { begin, blocked, extend, resumed, retarget, settle, trains } from '../../web/worker/run-lifecycle.js';
import { RUN_LIFECYCLES } from '../../web/protocol/messages.js';

const at = (epochsDone, more = {}) => ({ epochsDone, stopped: false, diverged: false, stoppedBy: '', ...more });

test('a fresh run plays with the view, waits without it, or catches up first', () => {
  assert.deepEqual(begin(100, true), { name: 'playing', until: 100 });
  assert.deepEqual(begin(100, false), { name: 'idle', until: 100 });
  assert.deepEqual(begin(100, false, 40), { name: 'catching-up', until: 100, to: 40 });
  assert.deepEqual(begin(100, true, 40), { name: 'catching-up', until: 100, to: 40 });
});

test('play and pause move every run that can train between playing and idle', () => {
  assert.equal(settle({ name: 'idle', until: 10 }, at(3), true).name, 'playing');
  assert.equal(settle({ name: 'playing', until: 10 }, at(3), false).name, 'idle');
});

test('a run reaching its epoch count finishes, playing or not', () => {
  assert.deepEqual(settle({ name: 'playing', until: 10 }, at(10), true), { name: 'finished', until: 10 });
  assert.deepEqual(settle({ name: 'idle', until: 10 }, at(12), false), { name: 'finished', until: 10 });
  assert.equal(settle({ name: 'finished', until: 10 }, at(10), true).name, 'finished', 'Play alone does not move it');
});

test('a catching-up run keeps catching up whatever the view does, then joins it', () => {
  const catching = { name: 'catching-up', until: 100, to: 40 };
  assert.equal(settle(catching, at(39), false), catching);
  assert.equal(settle(catching, at(39), true), catching);
  assert.deepEqual(settle(catching, at(40), false), { name: 'idle', until: 100 });
  assert.deepEqual(settle(catching, at(40), true), { name: 'playing', until: 100 });
  assert.deepEqual(settle({ name: 'catching-up', until: 40, to: 40 }, at(40), true), { name: 'finished', until: 40 });
});

test('a schedule error pauses the run and remembers whether it was playing', () => {
  const stopped = at(7, { stopped: true, stoppedBy: 'schedule_error' });
  assert.deepEqual(settle({ name: 'playing', until: 10 }, stopped, true), { name: 'schedule-paused', until: 10, resume: 'playing' });
  assert.deepEqual(settle({ name: 'idle', until: 10 }, stopped, false), { name: 'schedule-paused', until: 10, resume: 'idle' });
  assert.deepEqual(settle({ name: 'catching-up', until: 10, to: 8 }, stopped, true).resume, 'idle');
  const paused = { name: 'schedule-paused', until: 10, resume: 'playing' };
  assert.equal(settle(paused, stopped, false), paused, 'Pause meanwhile does not forget it');
});

test('a run EarlyStopping ended stays stopped early: Play cannot move it, nothing to resume', () => {
  const stopped = at(40, { stopped: true, stoppedBy: 'early_stop' });  // the core's event kind
  const lifecycle = settle({ name: 'playing', until: 100 }, stopped, true);
  assert.deepEqual(lifecycle, { name: 'stopped-early', until: 100 });
  assert.equal(blocked(lifecycle), true);
  assert.equal(settle(lifecycle, stopped, true), lifecycle, 'unchanged: no new object per frame');
  assert.deepEqual(extend(lifecycle, 40, 50), lifecycle, 'Play on a finished view does not extend it');
  assert.equal(resumed(lifecycle), lifecycle);
});

test('a fixed schedule resumes the run to what it did when it stopped', () => {
  assert.deepEqual(resumed({ name: 'schedule-paused', until: 10, resume: 'playing' }), { name: 'playing', until: 10 });
  assert.deepEqual(resumed({ name: 'schedule-paused', until: 10, resume: 'idle' }), { name: 'idle', until: 10 });
  assert.deepEqual(resumed({ name: 'idle', until: 10 }), { name: 'idle', until: 10 });
});

test('divergence wins over everything else and is final', () => {
  const diverged = at(3, { stopped: true, diverged: true, stoppedBy: 'diverged' });
  for (const lifecycle of [{ name: 'playing', until: 10 }, { name: 'catching-up', until: 10, to: 8 },
    { name: 'schedule-paused', until: 10, resume: 'playing' }]) {
    assert.deepEqual(settle(lifecycle, diverged, true), { name: 'diverged', until: 10 });
  }
  assert.deepEqual(settle({ name: 'diverged', until: 10 }, diverged, true), { name: 'diverged', until: 10 });
});

test('Play on a finished view gives each finished run another epoch count; others keep theirs', () => {
  assert.deepEqual(extend({ name: 'finished', until: 10 }, 10, 10), { name: 'idle', until: 20 });
  assert.deepEqual(extend({ name: 'diverged', until: 10 }, 4, 10), { name: 'diverged', until: 10 });
  assert.deepEqual(settle(extend({ name: 'finished', until: 10 }, 10, 10), at(10), true), { name: 'playing', until: 20 });
});

test('a new epoch count moves where the run finishes, never before the new count', () => {
  assert.equal(retarget({ name: 'playing', until: 20 }, 10, 30).until, 40, 'Play had added 10 beyond the old count');
  assert.equal(retarget({ name: 'finished', until: 10 }, 10, 5).until, 5);
  assert.equal(settle(retarget({ name: 'finished', until: 10 }, 10, 30), at(10), true).name, 'playing');
  assert.equal(settle(retarget({ name: 'playing', until: 30 }, 30, 10), at(12), true).name, 'finished');
});

test('what trains and what Play cannot move', () => {
  const names = RUN_LIFECYCLES.filter((name) => trains({ name }));
  assert.deepEqual(names, ['playing', 'catching-up']);
  assert.deepEqual(RUN_LIFECYCLES.filter((name) => blocked({ name })), ['schedule-paused', 'diverged', 'stopped-early']);
});
