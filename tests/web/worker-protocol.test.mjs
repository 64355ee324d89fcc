// The worker's side of the protocol (web/protocol/messages.js, web/worker/handlers.js) against the
// real wasm module: every declared request has its handler, answers and errors travel as the
// wire format says, and what is pushed carries everything the page shows of a run.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadApi } from '../wasm/load_module.mjs';
import { answer, createContext, handlers } from '../../web/worker/handlers.js';
import { REQUEST_TYPES, RUN_LIFECYCLES } from '../../web/protocol/messages.js';

const api = await loadApi();
const pushed = [];
const context = createContext(api, (message) => pushed.push(message));
after(() => answer(context, { id: 0, type: 'apply', args: { runs: [] } }));
const ask = (type, args) => answer(context, { id: 7, type, args });

test('the worker handles every declared request and nothing else', () => {
  assert.deepEqual(Object.keys(handlers).sort(), [...REQUEST_TYPES].sort());
  assert.ok(!REQUEST_TYPES.includes('accuracy') && !REQUEST_TYPES.includes('plateau'), 'nothing is polled');
});

test('an answer carries the request id and the result; a refusal the core\'s message', () => {
  const hello = ask('hello');
  assert.equal(hello.id, 7);
  assert.ok(hello.result.registry.optimizers.length > 0);
  assert.equal(hello.result.defaults.version, 1);
  const refused = ask('validate', { settings: { optimizer: { name: 'sgd', learning_rate: -1 } } });
  assert.deepEqual(Object.keys(refused), ['id', 'error']);
  assert.match(refused.error, /optimizer\.learning_rate: -1 is not allowed/);
  assert.match(ask('accuracy').error, /unknown request accuracy/);
});

test('apply pushes an update whose increments say everything the page shows of each run', () => {
  pushed.length = 0;
  const { result } = ask('apply', { runs: [{ key: 'a', settings: { problem: { name: 'xor', samples: 64 }, epochs: 3 } }], hold: true });
  assert.equal(result.length, 1);
  ask('epoch');
  const update = pushed.at(-1);
  assert.equal(update.type, 'update');
  assert.equal(update.playing, false);
  const [increment] = update.runs;
  for (const name of ['train_loss', 'val_loss', 'accuracy', 'val_accuracy', 'learning_rate',
    'step_index', 'step_size_min', 'step_size_median', 'step_size_max']) {
    assert.ok(increment[name] instanceof Float64Array, name);
  }
  assert.ok(RUN_LIFECYCLES.includes(increment.status));
  assert.equal(increment.status, 'idle');
  assert.equal(increment.epochsDone, 1);
  assert.equal(increment.until, 3);
  assert.equal(typeof increment.verdict.verdict, 'string');
  assert.equal(increment.verdict.diverged, false);
  assert.equal(increment.verdict.divergedEpoch, -1);
  assert.equal(increment.plateau, null);
  assert.equal(increment.segments[0].rate, result[0].optimizer.learning_rate);
});

test('histories gives every run\'s whole per-epoch history, without step records', () => {
  ask('apply', { runs: [{ key: 'a', settings: { problem: { name: 'xor', samples: 64 }, epochs: 3 } }], hold: true });
  ask('epoch');
  const [history] = ask('histories').result;
  assert.equal(history.key, 'a');
  assert.equal(history.train.length, context.pool.runs.get('a').trainer.epochsDone);
  assert.equal(history.step_loss, undefined);
});

test('a preview stops at its point budget and says where', () => {
  const { result } = ask('preview', { schedule: { name: 'constant', granularity: 'step' }, rates: [0.1, 0.2],
    count: 5000, granularity: 'step', batchSize: 1 });
  assert.equal(result.series.length, 2);
  assert.ok(result.epochs < 5000);
  assert.equal(result.series[0].length, result.epochs * result.stepsPerEpoch);
  assert.ok(result.series[0].length <= 10000);
});
