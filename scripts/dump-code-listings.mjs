#!/usr/bin/env node
// Prints the "as code" listings (web/exports/code-export.js) for every optimizer x schedule of the core's
// registry, per epoch and per step, with ReduceLROnPlateau off and on, plus parameter variants
// that reach each branch of a schedule's or optimizer's code, a few formulas and each problem
// kind. Diff two dumps to show that a change to the export left every listing as it was:
//   node scripts/dump-code-listings.mjs > /tmp/before.txt   (change, rebuild)
//   node scripts/dump-code-listings.mjs > /tmp/after.txt && diff /tmp/before.txt /tmp/after.txt
// Reads the Node wasm module from LRLAB_WASM_DIR (default build/wasm), as the wasm tests do.
import { loadApi } from '../tests/wasm/load_module.mjs';
import { codeFor, pythonNames } from '../web/exports/code-export.js';

const api = await loadApi();
const registry = api.registry();

const SCHEDULE_VARIANTS = {
  exponential: [{ staircase: true, decay_steps: 7 }],
  inverse_time: [{ staircase: true, decay_steps: 3 }],
  polynomial: [{ decay_steps: 40, power: 2, end_learning_rate: 0.002 }],
  piecewise: [{ boundaries: [3, 9, 30], values: [0.05, 0.02, 0.01, 0.001] }, { boundaries: [5], values: [0.1, 1e-7] }],
  cosine: [{ decay_steps: 50, warmup_steps: 10, warmup_target_factor: 3, alpha: 0.1 }, { decay_steps: 30, warmup_target_factor: 0.5 }],
  cosine_restarts: [{ first_decay_steps: 7, t_mul: 1, m_mul: 0.5 }, { first_decay_steps: 5, t_mul: 1.5, alpha: 0.05 }],
  cyclic: [{ step_size: 6, mode: 'triangular2' }, { step_size: 4, mode: 'exp_range', gamma: 0.97 }],
  one_cycle: [{ total_steps: 50, pct_start: 0.25 }, { total_steps: 1000, pct_start: 0.3, div_factor: 10, final_div_factor: 1e5 }],
  step: [{ step_size: 4, gamma: 0.5 }],
  multistep: [{ milestones: [2, 5, 40], gamma: 0.3 }, { milestones: [7], gamma: 0.5 }],
  linear_warmup: [{ total_iters: 12, start_factor: 0.1 }],
  constant_lr: [{ total_iters: 9, factor: 0.2 }, { total_iters: 0 }],
  linear_lr: [{ total_iters: 20, start_factor: 1, end_factor: 0.05 }],
  sequential: [{ parts: [{ name: 'wsd', total_steps: 30, decay_shape: 'cosine' }, { name: 'one_cycle', total_steps: 20 }, { name: 'step', step_size: 300 }], milestones: [10, 25] }],
  chained: [{ parts: [{ name: 'linear_lr', total_iters: 7 }, { name: 'cosine_restarts', first_decay_steps: 9 }, { name: 'cyclic', step_size: 4 }] }],
  wsd: [{ total_steps: 40, decay_shape: 'linear', warmup_fraction: 0.13 }, { total_steps: 33, decay_shape: 'cosine', decay_fraction: 0.5, final_fraction: 0.2 }, { total_steps: 50 }],
  formula: [
    { expression: 'lr0 * 0.5^floor(epoch / 10) + (step > 100 && epoch < 40 ? 1e-4 : 0)' },
    { expression: '-2^2 + 5 + max(lr * 0.97, 1e-3) * !(epoch == 3) + (epoch >= 4 || 0) * cos(pi * epoch / 80) * 1e-3' },
    { expression: 'pow(0.9, epoch) * lr0 / (1 + sqrt(abs(sin(epoch)))) + exp(-epoch) * 1e-3 + log(epoch + 2) * ceil(epoch / 7) * 1e-4' },
    { expression: 'lr * 0.99' },
    { expression: '0.01 * 0.95^epoch' },
    { expression: '1e-7 + 2^3^2 * 1e-5 + -(-step) * 1.5e-21 + 12345678901234567 * 1e-20 + .5e-3' },
    { expression: 'epoch < 3 ? 0.1 : epoch < 6 ? 0.01 : +0.001' },
    { expression: '  lr0\n*  floor( step/100 )   + 0.001 ' },
    { expression: 'step >= 10 != 0 <= 1 ? lr0 : 0.5 * lr0' },
  ],
};

const OPTIMIZER_VARIANTS = {
  sgd: [{ momentum: 0.9 }, { momentum: 0.5, nesterov: true }],
  rmsprop: [{ momentum: 0.3, centered: true }],
  adam: [{ amsgrad: true, epsilon: 1e-8 }],
  adamw: [{ weight_decay: 0.01, amsgrad: true }],
};

const PLATEAUS = [
  { enabled: false },
  { enabled: true, monitor: 'val_loss', patience: 3, cooldown: 2, factor: 0.2, min_lr: 0.001 },
];

function* cases() {
  for (const { name: optimizer } of registry.optimizers) {
    for (const { name: schedule } of registry.schedules) {
      for (const granularity of ['epoch', 'step']) {
        for (const plateau of PLATEAUS) {
          yield { optimizer: { name: optimizer, learning_rate: 0.0123 }, schedule: { name: schedule, granularity }, plateau };
        }
      }
    }
  }
  for (const [name, variants] of Object.entries(SCHEDULE_VARIANTS)) {
    for (const params of variants) {
      for (const granularity of ['epoch', 'step']) {
        for (const plateau of PLATEAUS) {
          yield { optimizer: { name: 'adam', learning_rate: 0.3 }, schedule: { name, granularity, ...params }, plateau };
        }
      }
    }
  }
  for (const [name, variants] of Object.entries(OPTIMIZER_VARIANTS)) {
    for (const params of variants) {
      for (const plateau of PLATEAUS) {
        yield { optimizer: { name, learning_rate: 1, ...params }, schedule: { name: 'cosine' }, plateau };
      }
    }
  }
  const problems = [
    { problem: { name: 'blobs' }, plateau: { enabled: true, monitor: 'val_accuracy' } },
    { problem: { name: 'sine' }, plateau: { enabled: true, monitor: 'loss' } },
    { problem: { name: 'moons' }, plateau: { enabled: true, monitor: 'accuracy', mode: 'max' } },
    { problem: { name: 'linear' }, model: { hidden: [], activation: 'linear', loss: 'mse' } },
    { problem: { name: 'spiral' }, model: { hidden: [16, 16], activation: 'relu', init: 'he' } },
  ];
  for (const extra of problems) yield { schedule: { name: 'formula', expression: 'lr * 0.97' }, ...extra };
}

let index = 0;
for (const given of cases()) {
  const settings = api.validateSettings({ problem: { name: 'moons', samples: 300 }, batch_size: 64, epochs: 60, ...given });
  const facts = api.codeFacts(settings, pythonNames(settings));
  const listings = codeFor(settings, { registry, facts, run: `run ${index + 1}` });
  for (const framework of ['keras', 'pytorch']) {
    process.stdout.write(`===== case ${index}: ${framework}: ${JSON.stringify(given)}\n${listings[framework]}`);
  }
  index++;
}
process.stderr.write(`${index} cases\n`);
