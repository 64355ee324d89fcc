// The digits epoch (bench/workloads.h: data/digits.csv, 64-32-10 tanh MLP, softmax cross-entropy,
// batch 32, SGD 0.05, 1,438 training samples) in our wasm module under Node and in TensorFlow.js
// (cpu backend), in one Node process with the rounds interleaved. Prints ms per epoch, GFLOP/s
// (the matrix-product work counted by bench/workloads.cpp) and the TF.js / ours ratio; writes JSON.
//
//   npm ci --prefix bench/tfjs
//   node bench/tfjs/tfjs_digits.mjs [--wasm-dir build/wasm] [--out build/bench/tfjs_digits.json] [--rounds 7]
// scripts/bench.sh runs it after tfjs_bench.mjs.
//
// As in tfjs_bench.mjs: same network shape, batch, optimizer and sample count; we compute in float64,
// TF.js in float32 with its own initialisation. TF.js gets the same standardized features (training
// rows' mean and spread) so its epoch does the same work on the same numbers' scale.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const require = createRequire(import.meta.url);
const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
  (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []));
const wasmDir = resolve(root, args['wasm-dir'] ?? 'build/wasm');
const outPath = resolve(root, args.out ?? 'build/bench/tfjs_digits.json');
const rounds = Number(args.rounds ?? 7);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const text = readFileSync(resolve(root, 'data', 'digits.csv'), 'utf8');
const createLrlab = require(resolve(wasmDir, 'node', 'lrlab_node.cjs'));
const ours = await createLrlab({ wasmBinary: readFileSync(resolve(wasmDir, 'node', 'lrlab_node.wasm')) });
ours.benchLoadDigits(text);
const flops = ours.benchDigitsEpochFlops();

// TF.js inputs: the first 1,438 rows (an epoch's worth), standardized, one-hot targets.
const TRAIN = 1438;
const rows = text.trim().split('\n').slice(1, 1 + TRAIN).map((line) => line.split(',').map(Number));
const features = rows.map((r) => r.slice(0, 64));
const mean = features[0].map((_, j) => features.reduce((s, r) => s + r[j], 0) / TRAIN);
const sd = features[0].map((_, j) => Math.sqrt(features.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / TRAIN) || 1);
const xs = tf.tensor2d(features.map((r) => r.map((v, j) => (v - mean[j]) / sd[j])));
const ys = tf.oneHot(tf.tensor1d(rows.map((r) => r[64]), 'int32'), 10).toFloat();

await tf.setBackend('cpu');
const model = tf.sequential({
  layers: [
    tf.layers.dense({ inputShape: [64], units: 32, activation: 'tanh' }),
    tf.layers.dense({ units: 10, activation: 'softmax' }),
  ],
});
model.compile({ optimizer: tf.train.sgd(0.05), loss: 'categoricalCrossentropy' });
const tfjsEpoch = async () => {
  const start = performance.now();
  await model.fit(xs, ys, { epochs: 1, batchSize: 32, shuffle: true, verbose: 0 });
  return performance.now() - start;
};

const oursEpochs = 20;
await tfjsEpoch();
ours.benchDigitsEpochs(oursEpochs);  // warm-up on both sides
const oursMs = [];
const tfjsMs = [];
for (let i = 0; i < rounds; i++) {
  oursMs.push(ours.benchDigitsEpochs(oursEpochs) / oursEpochs);
  tfjsMs.push(await tfjsEpoch());
}
const result = {
  date: new Date().toISOString(), rounds, node: process.version, tfjs: tf.version.tfjs, backend: tf.getBackend(),
  workload: 'digits epoch: 64-32-10 tanh MLP, softmax cross-entropy, 1,438 samples, batch 32, SGD 0.05',
  mflop_per_epoch: flops / 1e6,
  ours_ms: median(oursMs), tfjs_ms: median(tfjsMs),
  ours_gflops: flops / (median(oursMs) * 1e6), tfjs_gflops: flops / (median(tfjsMs) * 1e6),
  tfjs_over_ours: median(tfjsMs) / median(oursMs),
};
mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(outPath, JSON.stringify(result, null, 2));
console.log(`digits epoch (${result.mflop_per_epoch.toFixed(1)} MFLOP), medians of ${rounds} interleaved rounds: ` +
  `ours (wasm, Node) ${result.ours_ms.toFixed(2)} ms = ${result.ours_gflops.toFixed(2)} GFLOP/s; ` +
  `TF.js ${result.backend} ${result.tfjs_ms.toFixed(2)} ms = ${result.tfjs_gflops.toFixed(2)} GFLOP/s; ` +
  `TF.js / ours ${result.tfjs_over_ours.toFixed(1)}x`);
