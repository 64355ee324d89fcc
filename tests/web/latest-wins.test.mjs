// "The latest request wins" (web/protocol/latest-wins.js), written once for every request whose
// older answers are worth nothing once a newer one is asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latestWins } from '../../web/protocol/latest-wins.js';

// A worker stand-in that answers each request when the test says so, in any order.
function controlledWorker() {
  const pending = [];
  const send = (args) => new Promise((resolve, reject) => pending.push({ args, resolve, reject }));
  return { send, pending };
}
const tick = () => new Promise((resolve) => setImmediate(resolve));

test('only the newest request gets its answer, whatever order the answers come in', async () => {
  const worker = controlledWorker();
  const latest = latestWins(worker.send);
  const first = latest.ask('a');
  const second = latest.ask('b');
  worker.pending[1].resolve('B');
  worker.pending[0].resolve('A');  // older, later
  assert.deepEqual(await second, { superseded: false, result: 'B' });
  assert.deepEqual(await first, { superseded: true });
});

test("an older request's error is not shown; the newest one's is thrown", async () => {
  const worker = controlledWorker();
  const latest = latestWins(worker.send);
  const first = latest.ask(1);
  const second = latest.ask(2);
  worker.pending[0].reject(new Error('old'));
  worker.pending[1].reject(new Error('new'));
  assert.deepEqual(await first, { superseded: true });
  await assert.rejects(second, /new/);
});

test('supersede() drops every answer not in yet (settings changed)', async () => {
  const worker = controlledWorker();
  const latest = latestWins(worker.send);
  const asked = latest.ask('x');
  latest.supersede();
  worker.pending[0].resolve('X');
  assert.deepEqual(await asked, { superseded: true });
  const next = latest.ask('y');
  worker.pending[1].resolve('Y');
  assert.deepEqual(await next, { superseded: false, result: 'Y' });
});

test('each request has a number, sent with it, so pushed messages can be matched to the current one', async () => {
  const sent = [];
  const latest = latestWins(async (args, number) => sent.push([args, number]));
  assert.equal(latest.latest, 0);
  latest.ask('a');
  latest.ask('b');
  assert.deepEqual(sent, [['a', 1], ['b', 2]]);
  assert.equal(latest.latest, 2);
  assert.equal(latest.current(2), true);
  assert.equal(latest.current(1), false, 'an older request');
  latest.supersede();
  assert.equal(latest.current(2), false, 'superseded');
  assert.equal(latest.latest, 3, 'a number no request has: what is shown meanwhile');
  latest.ask('c');
  assert.deepEqual(sent.at(-1), ['c', 4]);
  assert.equal(latest.current(4), true);
});

test('oneInFlight: a burst sends the first and then only the newest, each answer in order', async () => {
  const worker = controlledWorker();
  const latest = latestWins(worker.send, { oneInFlight: true });
  const answers = [1, 2, 3, 4].map((n) => latest.ask(n));
  await tick();
  assert.deepEqual(worker.pending.map((p) => p.args), [1], 'one request travels');
  worker.pending[0].resolve('one');
  await tick();
  assert.deepEqual(worker.pending.map((p) => p.args), [1, 4], 'then the newest; 2 and 3 never leave');
  worker.pending[1].resolve('four');
  assert.deepEqual(await Promise.all(answers), [
    { superseded: false, result: 'one' }, { superseded: true }, { superseded: true },
    { superseded: false, result: 'four' }]);
});

test('oneInFlight: supersede() drops the request in flight and the one waiting', async () => {
  const worker = controlledWorker();
  const latest = latestWins(worker.send, { oneInFlight: true });
  const first = latest.ask('a');
  const waiting = latest.ask('b');
  await tick();
  latest.supersede();
  worker.pending[0].resolve('A');
  assert.deepEqual(await first, { superseded: true });
  assert.deepEqual(await waiting, { superseded: true });
  await tick();
  assert.equal(worker.pending.length, 1, 'the waiting one was never sent');
});

test('oneInFlight: after an error the next request still goes out', async () => {
  const worker = controlledWorker();
  const latest = latestWins(worker.send, { oneInFlight: true });
  const failing = latest.ask('bad');
  const next = latest.ask('good');
  await tick();
  worker.pending[0].reject(new Error('refused'));
  await assert.rejects(failing, /refused/);
  await tick();
  worker.pending[1].resolve('ok');
  assert.deepEqual(await next, { superseded: false, result: 'ok' });
});
