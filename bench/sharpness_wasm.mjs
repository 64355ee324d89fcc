// What measuring the sharpness costs in the wasm module the page runs (the Node build, through the
// page's API wrapper web/worker/lrlab-api.js), on the view the page opens on: the three runs of
// web/page/default-view.js (moons, full batch, SGD at 0.01, 0.5 and 30, 300 epochs) trained
// without and with the measurement at each cadence, in this process's CPU time (the machine is
// shared: wall time would count the waits for a core). The native figure is
// bench/sharpness_bench.cpp's; docs/performance.md#sharpness has both.
// Usage: node bench/sharpness_wasm.mjs [--wasm-dir build/wasm] [--reps 5]
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadavg } from 'node:os';
import createLrlabApi from '../web/worker/lrlab-api.js';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
  (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []));
const wasmDir = resolve(args['wasm-dir'] ?? 'build/wasm');
const reps = Number(args.reps ?? 5);

const require = createRequire(import.meta.url);
const createLrlab = require(resolve(wasmDir, 'node', 'lrlab_node.cjs'));
const api = createLrlabApi(await createLrlab({ wasmBinary: readFileSync(resolve(wasmDir, 'node', 'lrlab_node.wasm')) }));

const cpuMs = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1000; };

function trainDefaultView(every, iterations) {
  let measurements = 0;
  let products = 0;
  const start = cpuMs();
  for (const rate of [0.01, 0.5, 30]) {
    const settings = { problem: { name: 'moons' }, batch_size: 512, epochs: 300, optimizer: { name: 'sgd', learning_rate: rate } };
    if (every > 0) settings.sharpness = { enabled: true, every, iterations };
    const trainer = api.createTrainer(settings);
    try {
      trainer.run(300);
      const sharpness = trainer.sharpness();
      measurements += sharpness.sharpness.length;
      for (const p of sharpness.sharpness_iterations) products += p;
    } finally {
      trainer.delete();
    }
  }
  return { ms: cpuMs() - start, measurements, products };
}

trainDefaultView(25, 20);  // warm the module up
console.log(`wasm (Node ${process.version}), load average ${loadavg()[0].toFixed(1)}, ${reps} repetitions`);
console.log('every iterations   plain_ms    with_ms  overhead  measurements  products/measurement');
for (const [every, iterations] of [[25, 20], [20, 20], [30, 20], [10, 20]]) {
  let plain = 0;
  let withIt = 0;
  let last = null;
  for (let r = 0; r < reps; r++) {
    plain += trainDefaultView(0, 0).ms;
    last = trainDefaultView(every, iterations);
    withIt += last.ms;
  }
  const overhead = (100 * (withIt - plain)) / plain;
  console.log(`${String(every).padStart(5)} ${String(iterations).padStart(10)} ${(plain / reps).toFixed(1).padStart(10)} ${(withIt / reps).toFixed(1).padStart(10)} ${overhead.toFixed(1).padStart(8)}% ${String(last.measurements).padStart(13)} ${(last.products / last.measurements).toFixed(2).padStart(21)}`);
}
