// The reference epoch (bench/workloads.h: 2-16-16-1 tanh MLP, binary cross-entropy, spiral with
// 512 training points, batch 32, plain SGD at 0.1) in our wasm module under Node and in TensorFlow.js
// (cpu backend, and the wasm backend when it loads), timed in one Node process with the rounds
// interleaved, so machine noise hits both sides alike. Prints the TF.js / ours ratios and whether
// the target of docs/spec-numbers.md (ours at least 100x faster than TF.js cpu) is met; writes JSON.
//
// TF.js is a dependency of this folder only (bench/tfjs/package.json), never of the page:
//   npm ci --prefix bench/tfjs
//   node bench/tfjs/tfjs_bench.mjs [--build build] [--wasm-dir build/wasm]
//        [--out build/bench/tfjs.json] [--rounds 9] [--fits 3]
// scripts/bench.sh runs it as its last step (BENCH_TFJS=0 skips it).
//
// Same network, data, batch, optimizer and epoch on both sides. What differs: our core computes in
// double precision, TF.js in float32 (it has no float64 training); the weight initialisations differ
// (TF.js: Glorot uniform), so losses agree in trend, not in value.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const require = createRequire(import.meta.url);

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
  (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []));
// Relative paths are taken from the repository's root, wherever this is run from.
const buildDir = resolve(root, args.build ?? process.env.BUILD ?? 'build');
const wasmDir = resolve(root, args['wasm-dir'] ?? resolve(buildDir, 'wasm'));
const outPath = resolve(root, args.out ?? resolve(buildDir, 'bench', 'tfjs.json'));
const rounds = Number(args.rounds ?? 9);
const fitsPerRound = Number(args.fits ?? 3);
const oursEpochsPerCall = 200;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// --- The reference workload's settings and samples, from the core itself --------------------
// bench/tfjs/reference_data.cpp prints them; compiled here against the build's static libraries
// (scripts/bench.sh has just built them; about a second).
function referenceWorkload() {
  const libs = [resolve(buildDir, 'bench', 'liblrlab_bench_workloads.a'), resolve(buildDir, 'liblrlab_core.a')];
  for (const lib of libs) {
    if (!existsSync(lib)) {
      throw new Error(`${lib} is missing: configure ${buildDir} with -DLRLAB_BENCH=ON and build ` +
        'lrlab_bench (scripts/bench.sh does both)');
    }
  }
  const exe = resolve(buildDir, 'bench', 'tfjs_reference_data');
  // The core's public compile settings (CMakeLists.txt: lrlab_core); Eigen from Debian's libeigen3-dev.
  execFileSync(process.env.CXX ?? 'c++', ['-std=c++17', '-O1', '-ffp-contract=off',
    '-DEIGEN_DONT_VECTORIZE', '-DEIGEN_MPL2_ONLY', `-I${root}`, '-I/usr/include/eigen3',
    `-I${resolve(buildDir, 'third_party_include')}`, resolve(here, 'reference_data.cpp'), ...libs,
    '-o', exe], { stdio: 'inherit' });
  const data = JSON.parse(execFileSync(exe, { encoding: 'utf8' }));

  // Cross-check against the CLI where there is one: `lrlab data --seed SEED --split train` prints
  // the default problem's training points, which are the first 80% of the same shuffled samples.
  const cli = resolve(buildDir, 'cli', 'lrlab');
  let cliCheck = 'skipped (no CLI in the build)';
  if (existsSync(cli)) {
    const rows = execFileSync(cli, ['data', '--seed', String(data.settings.seed), '--split', 'train'], { encoding: 'utf8' })
      .trim().split('\n').slice(1).map((line) => line.split(',').map(Number));
    const same = rows.every(([a, b, c], i) => a === data.x0[i] && b === data.x1[i] && c === data.y[i]);
    if (!same) throw new Error('reference samples disagree with `lrlab data`');
    cliCheck = `first ${rows.length} samples identical to \`lrlab data --seed ${data.settings.seed} --split train\``;
  }
  return { ...data, cliCheck };
}

// --- Ours: the wasm module's benchmark entry point (bench/workloads.cpp) ----------------------
async function loadOurs() {
  const createLrlab = require(resolve(wasmDir, 'node', 'lrlab_node.cjs'));
  return createLrlab({ wasmBinary: readFileSync(resolve(wasmDir, 'node', 'lrlab_node.wasm')) });
}

// ms per epoch: one call runs a fresh reference trainer for oursEpochsPerCall epochs, timed inside
// the module with steady_clock (the same figure bench/wasm_bench.mjs reports).
const timeOurs = (module) => module.benchReferenceEpochs(oursEpochsPerCall) / oursEpochsPerCall;

// Training loss after each of `epochs` epochs of our trainer on the reference settings.
function oursLosses(module, settings, epochs) {
  const trainer = new module.Trainer();
  const noTable = new module.Table();  // the spiral is generated: no table
  try {
    const error = trainer.configure(JSON.stringify(settings), noTable);
    if (error instanceof Error) throw error;
    for (let e = 0; e < epochs; e++) trainer.epoch();
    return Array.from(trainer.history(0, 0).train_loss);
  } finally {
    trainer.delete();
    noTable.delete();
  }
}

// --- TF.js -------------------------------------------------------------------------------------
async function loadWasmBackend() {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + '/');
    if (!(await tf.setBackend('wasm'))) return { ok: false, why: 'setBackend("wasm") failed' };
    return {
      ok: true,
      simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
      threads: tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT'),
    };
  } catch (error) {
    return { ok: false, why: String(error.message ?? error) };
  }
}

function makeModel(settings) {
  const [h1, h2] = settings.model.hidden;
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [2], units: h1, activation: 'tanh' }),
      tf.layers.dense({ units: h2, activation: 'tanh' }),
      tf.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  model.compile({ optimizer: tf.train.sgd(settings.optimizer.learning_rate), loss: 'binaryCrossentropy' });
  return model;
}

// What a user writes: model.fit for one epoch (called once per epoch, as a page drawing the loss
// live would). Returns the epoch's mean training loss.
function fitVariant(settings, xs, ys) {
  const model = makeModel(settings);
  return {
    model,
    epoch: async () => {
      const h = await model.fit(xs, ys, { epochs: 1, batchSize: settings.batch_size, shuffle: true, verbose: 0 });
      return h.history.loss[0];
    },
  };
}

// A hand-written loop: shuffle, gather each batch, optimizer.minimize; the epoch's mean batch loss
// is read back once per epoch.
function loopVariant(settings, xs, ys) {
  const model = makeModel(settings);
  const optimizer = tf.train.sgd(settings.optimizer.learning_rate);
  const n = xs.shape[0];
  const batch = settings.batch_size;
  return {
    model,
    epoch: async () => {
      const order = Int32Array.from(tf.util.createShuffledIndices(n));
      const costs = [];
      for (let start = 0; start < n; start += batch) {
        const idx = tf.tensor1d(order.subarray(start, Math.min(start + batch, n)), 'int32');
        costs.push(optimizer.minimize(() => {
          const xb = tf.gather(xs, idx);
          const yb = tf.gather(ys, idx);
          return tf.metrics.binaryCrossentropy(yb, model.predict(xb)).mean();
        }, true));
        idx.dispose();
      }
      const mean = tf.tidy(() => tf.addN(costs).div(costs.length));
      const loss = (await mean.data())[0];
      tf.dispose([...costs, mean]);
      return loss;
    },
  };
}

// --- Run ---------------------------------------------------------------------------------------
const workload = referenceWorkload();
const { settings } = workload;
const n = workload.y.length;
const ours = await loadOurs();

const wasmBackend = await loadWasmBackend();
const backends = ['cpu', ...(wasmBackend.ok ? ['wasm'] : [])];

// One model per (backend, variant), created under its backend so its weights live there. Each
// variant keeps its own data tensors on its backend too.
const variants = [];
for (const backend of backends) {
  await tf.setBackend(backend);
  const xs = tf.tensor2d(workload.x0.flatMap((x0, i) => [x0, workload.x1[i]]), [n, 2], 'float32');
  const ys = tf.tensor2d(workload.y, [n, 1], 'float32');
  variants.push({ key: `${backend}_fit`, backend, label: `TF.js ${backend}, model.fit`, ...fitVariant(settings, xs, ys) });
  variants.push({ key: `${backend}_loop`, backend, label: `TF.js ${backend}, hand loop (minimize)`, ...loopVariant(settings, xs, ys) });
}
for (const v of variants) Object.assign(v, { samples: [], losses: [] });

// Warm-up: JIT tiers, kernel compilation, first allocations.
timeOurs(ours);
for (const v of variants) {
  await tf.setBackend(v.backend);
  for (let i = 0; i < 2; i++) v.losses.push(await v.epoch());
}

const tensorsAfterWarmup = tf.memory().numTensors;

// Interleaved rounds: ours, then each TF.js variant (one untimed epoch after switching backend,
// then fitsPerRound timed epochs); the order of the TF.js variants rotates from round to round.
const oursSamples = [];
for (let r = 0; r < rounds; r++) {
  const oursMs = timeOurs(ours);
  oursSamples.push(oursMs);
  const order = variants.map((_, i) => variants[(i + r) % variants.length]);
  for (const v of order) {
    await tf.setBackend(v.backend);
    v.losses.push(await v.epoch());
    const times = [];
    for (let i = 0; i < fitsPerRound; i++) {
      const t0 = performance.now();
      const loss = await v.epoch();
      times.push(performance.now() - t0);
      v.losses.push(loss);
    }
    v.samples.push(...times);
    v.roundRatios = [...(v.roundRatios ?? []), median(times) / oursMs];
  }
}
const tensorsAfterRounds = tf.memory().numTensors;  // differs from the above if a variant leaks

const oursMs = median(oursSamples);
const epochsTrained = variants[0].losses.length;
const oursLoss = oursLosses(ours, settings, epochsTrained);
const rows = variants.map((v) => ({
  key: v.key, label: v.label, backend: v.backend,
  epoch_ms: median(v.samples), samples_ms: v.samples,
  ratio_to_ours: median(v.samples) / oursMs,
  ratio_to_ours_per_round_median: median(v.roundRatios),
  loss_first_epoch: v.losses[0], loss_last_epoch: v.losses[v.losses.length - 1], epochs_trained: v.losses.length,
  trains: v.losses[v.losses.length - 1] < v.losses[0],
}));
for (const v of variants) v.model.dispose();

const cpuFit = rows.find((r) => r.key === 'cpu_fit');
const target = 100;
const version = (name) => require(`${name}/package.json`).version;
const results = {
  date: new Date().toISOString(),
  node: process.version,
  workload: 'reference epoch: 2-16-16-1 tanh MLP, binary cross-entropy, spiral 512 training points, batch 32, SGD 0.1 (16 steps)',
  precision: { ours: 'float64', tfjs: 'float32 (TF.js has no float64 training)' },
  samples: { check: workload.cliCheck, count: n },
  rounds, fits_per_round: fitsPerRound,
  versions: {
    '@tensorflow/tfjs': version('@tensorflow/tfjs'),
    '@tensorflow/tfjs-backend-wasm': version('@tensorflow/tfjs-backend-wasm'),
  },
  tfjs_wasm_backend: wasmBackend,
  tfjs_tensors: { after_warmup: tensorsAfterWarmup, after_rounds: tensorsAfterRounds },
  ours: {
    epoch_ms: oursMs, samples_ms: oursSamples, epochs_per_sample: oursEpochsPerCall,
    loss_first_epoch: oursLoss[0], loss_last_epoch: oursLoss[oursLoss.length - 1], epochs_trained: oursLoss.length,
  },
  tfjs: rows,
  target: { min_ratio: target, against: 'cpu_fit', ratio: cpuFit.ratio_to_ours, met: cpuFit.ratio_to_ours >= target },
};
mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(outPath, JSON.stringify(results, null, 2));

const fmt = (v, d) => v.toFixed(d);
console.log(`\nreference epoch (16 steps of 32), one Node ${process.version} process, ${rounds} interleaved rounds; ` +
  `ours float64, TF.js float32`);
console.log(`samples: ${n} (${workload.cliCheck})`);
console.log('                                       epoch ms (median)   TF.js/ours   loss: epoch 1 -> last');
console.log(`${'ours, wasm module (Node)'.padEnd(40)}${fmt(oursMs, 4).padStart(14)}${'-'.padStart(13)}` +
  `   ${fmt(oursLoss[0], 4)} -> ${fmt(oursLoss[oursLoss.length - 1], 4)} (${oursLoss.length} epochs)`);
for (const r of rows) {
  console.log(`${r.label.padEnd(40)}${fmt(r.epoch_ms, 3).padStart(14)}${(fmt(r.ratio_to_ours, 0) + 'x').padStart(13)}` +
    `   ${fmt(r.loss_first_epoch, 4)} -> ${fmt(r.loss_last_epoch, 4)} (${r.epochs_trained} epochs)${r.trains ? '' : '  NOT TRAINING'}`);
}
if (!wasmBackend.ok) console.log(`TF.js wasm backend: not run (${wasmBackend.why})`);
else console.log(`TF.js wasm backend: SIMD ${wasmBackend.simd ? 'on' : 'off'}, threads ${wasmBackend.threads ? 'on' : 'off'}`);
console.log(`versions: @tensorflow/tfjs ${results.versions['@tensorflow/tfjs']}, ` +
  `@tensorflow/tfjs-backend-wasm ${results.versions['@tensorflow/tfjs-backend-wasm']}`);
console.log(`target: ours >= ${target}x faster than TF.js cpu (model.fit): ${fmt(cpuFit.ratio_to_ours, 0)}x, ` +
  `${results.target.met ? 'met' : 'NOT met'}`);
console.log(`results: ${outPath}`);
