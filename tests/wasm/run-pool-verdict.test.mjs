// The worker's runs (web/worker/run-pool.js) on the real core: every posted increment carries the core's
// verdict with its words (core/words/verdict_words.cpp), fresh for what the increment holds. The
// page places those words as they are, so a run that diverges mid-epoch, between two of the
// worker's throttled diagnoses, must arrive with its diverged verdict in the same post: a stale
// "overshooting" beside diverged: true would be said on the page as is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadApi } from './load_module.mjs';
import { RunPool } from '../../web/worker/run-pool.js';

const api = await loadApi();

test('a run that diverges mid-epoch arrives with the diverged verdict and its words', () => {
  const posts = [];
  const pool = new RunPool(api, (message) => posts.push(message));
  // Mini-batches of 10 on 80 training samples at rate 3: the loss blows up within a few steps,
  // part-way through an epoch.
  const settings = {
    seed: 2, problem: { name: 'linear', samples: 100, noise: 0.1, val_fraction: 0.2 },
    model: { hidden: [], loss: 'mse' }, optimizer: { name: 'sgd', learning_rate: 3 },
    schedule: { name: 'constant' }, batch_size: 10, epochs: 30,
  };
  pool.apply([{ key: 'a', settings }], { hold: true });
  let diverged = null;
  for (let i = 0; i < 200 && !diverged; i++) {
    pool.stepAll();
    diverged = posts.flatMap((post) => post.runs ?? []).find((run) => run.diverged) ?? null;
  }
  pool.apply([], { hold: true });
  assert.ok(diverged, 'the run diverged');
  assert.equal(diverged.diagnosis.verdict, 'diverged');
  assert.equal(diverged.diagnosis.words.kind, 'diverged');
  assert.match(diverged.diagnosis.words.story, new RegExp(`in epoch ${diverged.diverged_epoch + 1}$`));
  assert.equal(diverged.diagnosis.sentence, diverged.diagnosis.words.sentence);
});
