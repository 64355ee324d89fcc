// Times the benchmark workloads (bench/workloads.h) in the wasm module under Node and in headless
// Chromium, the page's weight and its time to the first drawn chart, and prints them beside the
// native figures of the same run (bench/core_bench.cpp's JSON, passed in by scripts/bench.sh).
//
// usage: node bench/wasm_bench.mjs --native build/bench/native.json
//          [--wasm-dir build/wasm] [--out build/bench/results.json] [--reps 15]
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/server.mjs';
import { baseChromiumArgs, chromiumVersion, cpuMs, loadAverage, nodeCpuMs, ownChromiumProcesses } from './chromium_info.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
  (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []));
const wasmDir = resolve(args['wasm-dir'] ?? 'build/wasm');
const outPath = resolve(args.out ?? 'build/bench/results.json');
const reps = Number(args.reps ?? 15);
// Warm-up before the timed calls: at least this many calls and this much of the workload's own
// wall time. Chromium 156's V8 tiers a wasm function up to the optimizing compiler only after a
// budget of ~13 MB of executed code (--wasm-tiering-budget=13000000; Node 20's V8: 1,800,000) and
// switches to the optimized code at the function's next call (no on-stack replacement), so one
// warm-up call left the hot code in Liftoff for the first timed calls (docs/performance.md).
const warmupCalls = Number(args['warmup-calls'] ?? 3);
const warmupMs = Number(args['warmup-ms'] ?? 1500);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// Each workload: the entry point, its arguments (n repetitions per call) and the per-repetition
// unit the native benchmark reports, so the two line up.
const optimizers = ['sgd', 'adam', 'rmsprop'];
// The digits epoch needs its table in the module first (setup), the same data/digits.csv the
// native benchmark reads.
const digitsText = readFileSync(resolve('data/digits.csv'), 'utf8');
const workloads = [
  { key: 'digits_epoch', native: 'BM_DigitsEpoch', fn: 'benchDigitsEpochs', args: [10], per: 10,
    setup: ['benchLoadDigits', [digitsText]] },
  { key: 'reference_epoch', native: 'BM_ReferenceEpoch', fn: 'benchReferenceEpochs', args: [200], per: 200 },
  { key: 'formula_parse_evaluate', native: 'BM_FormulaParseEvaluate', fn: 'benchFormula', args: [20], per: 20 },
  { key: 'landscape_grid', native: 'BM_LandscapeGrid', fn: 'benchLandscape', args: [10], per: 10 },
  { key: 'sweep_64x50', native: 'BM_Sweep64x50/iterations:3', fn: 'benchSweep', args: [1], per: 1, reps: 3 },
  ...optimizers.map((name) => ({
    key: `optimizer_step/${name}`, native: `BM_OptimizerStep/${name}`, fn: 'benchOptimizerSteps',
    args: [name, 20000], per: 20000,
  })),
];

// Native medians in ms per repetition, from Google Benchmark's JSON (aggregates: *_median).
function nativeMedians(path) {
  if (!path) return {};
  const report = JSON.parse(readFileSync(path, 'utf8'));
  const out = {};
  for (const b of report.benchmarks) {
    if (b.aggregate_name !== 'median') continue;
    const scale = { ns: 1e-6, us: 1e-3, ms: 1 }[b.time_unit];
    out[b.run_name] = { real_ms: b.real_time * scale, cpu_ms: b.cpu_time * scale,
      gflops: b['GFLOP/s'] };
  }
  return out;
}

async function timeAll(call) {
  const results = {};
  for (const w of workloads) {
    if (w.setup) await call(...w.setup);
    // Warm-up: compilation tiers (see warmupCalls), first-touch. Then on until the CPU time per
    // call has settled (the last two calls within 15% of the lowest so far): under load the
    // optimizing compile of the training step took 0.6-1.5 s of wall time in Chromium
    // (--trace-wasm-compilation-times), and a call timed before it lands runs in Liftoff. At most
    // 40 calls or 30 s; how many it took is kept with the results.
    let calls = 0;
    for (let spent = 0, cpus = []; ; calls++) {
      const t = await call(w.fn, w.args);
      spent += t.wall;
      cpus.push(t.cpu);
      const lowest = Math.min(...cpus);
      const settled = cpus.length >= 3 && cpus.slice(-2).every((c) => c <= lowest * 1.15);
      if ((calls + 1 >= warmupCalls && spent >= warmupMs && settled) || calls + 1 >= 40 || spent >= 30000) break;
    }
    results[`${w.key}:warmup_calls`] = calls + 1;
    const samples = [], cpu = [];
    for (let i = 0; i < (w.reps ?? reps); i++) {
      const t = await call(w.fn, w.args);
      samples.push(t.wall / w.per);
      cpu.push(t.cpu / w.per);
    }
    results[w.key] = median(samples);
    results[`${w.key}:cpu`] = median(cpu);
  }
  return results;
}

async function nodeTimes() {
  const require = createRequire(import.meta.url);
  const createLrlab = require(resolve(wasmDir, 'node', 'lrlab_node.cjs'));
  const module = await createLrlab({ wasmBinary: readFileSync(resolve(wasmDir, 'node', 'lrlab_node.wasm')) });
  return timeAll(async (fn, a) => {
    const cpu0 = nodeCpuMs();
    const wall = module[fn](...a);
    return { wall, cpu: nodeCpuMs() - cpu0 };
  });
}

let evaluateOverheadMs;
async function browserTimes() {
  const server = await startServer({ port: 0, wasmWebDir: resolve(wasmDir, 'web') });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: baseChromiumArgs,
  });
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}bench/wasm_bench.html`);
    await page.waitForFunction(() => window.lrlabBenchReady);
    await page.evaluate(() => window.lrlabBenchReady);
    // CPU time: the main thread of this browser's renderers (only the benchmark page is open).
    const renderers = ownChromiumProcesses().filter((p) => p.type === 'renderer').map((p) => p.pid);
    const mainThread = { mainThreadOnly: true };  // the thread running the page's wasm
    // The renderer's CPU time also counts Playwright's round trip (the DevTools protocol message,
    // the promise): measured here on calls that do nothing and taken off each call's figure
    // (about 1 ms under load, which matters for the short calls: the formula's 20 repetitions).
    const idle = [];
    for (let i = 0; i < 15; i++) {
      const cpu0 = cpuMs(renderers, mainThread);
      await page.evaluate(() => window.lrlabBenchReady);
      idle.push(cpuMs(renderers, mainThread) - cpu0);
    }
    // The lowest, not the median: the first calls after the page's load also carry its leftover
    // work (one run read 13.8 ms as the median, and the short workloads' CPU went negative).
    evaluateOverheadMs = Math.min(...idle);
    const times = await timeAll(async (fn, a) => {
      const cpu0 = cpuMs(renderers, mainThread);
      const wall = await page.evaluate(([f, x]) => window.lrlabBench(f, x), [fn, a]);
      return { wall, cpu: cpuMs(renderers, mainThread) - cpu0 - evaluateOverheadMs };
    });

    // Time from navigation to the first drawn loss chart (a dataset with points), fresh context
    // each time so nothing is cached; median of 5.
    const firstChart = [];
    for (let i = 0; i < 5; i++) {
      const context = await browser.newContext();
      const p = await context.newPage();
      await p.goto(server.url);
      await p.waitForFunction(() => {
        const chart = window.Chart?.getChart(document.getElementById('loss-chart'));
        return chart?.data.datasets.some((d) => d.data.length > 0);
      }, null, { timeout: 20000, polling: 'raf' });
      firstChart.push(await p.evaluate(() => performance.now()));
      await context.close();
    }
    return { times, firstChartMs: median(firstChart) };
  } finally {
    await browser.close();
    await server.close();
  }
}

function pageWeight() {
  const files = ['lrlab.wasm', 'lrlab.mjs'].map((f) => readFileSync(resolve(wasmDir, 'web', f)));
  return {
    wasm_bytes: files[0].length, glue_bytes: files[1].length,
    raw_bytes: files[0].length + files[1].length,
    gzip_bytes: files.reduce((sum, f) => sum + gzipSync(f, { level: 9 }).length, 0),
  };
}

const native = nativeMedians(args.native);
const chromiumVersionText = await chromiumVersion();
const loadBefore = loadAverage();
const node = await nodeTimes();
const { times: chromiumTimes, firstChartMs } = await browserTimes();
const weight = pageWeight();

const rows = workloads.map((w) => {
  const n = native[w.native];
  // Wall-clock on both sides: the wasm loops time themselves with steady_clock (wall), so the
  // native figure to divide by is Google Benchmark's real time, not its CPU time (they part ways
  // when the shared machine is loaded).
  const nativeMs = n ? n.real_ms : undefined;
  return {
    workload: w.key, native_ms: nativeMs, native_cpu_ms: n?.cpu_ms, node_ms: node[w.key], chromium_ms: chromiumTimes[w.key],
    node_over_native: nativeMs ? node[w.key] / nativeMs : undefined,
    chromium_over_native: nativeMs ? chromiumTimes[w.key] / nativeMs : undefined,
    // The same from CPU time (native: Google Benchmark's cpu_time): what the code costs, whatever
    // share of the shared machine each process got.
    node_cpu_ms: node[`${w.key}:cpu`], chromium_cpu_ms: chromiumTimes[`${w.key}:cpu`],
    node_over_native_cpu: n?.cpu_ms ? node[`${w.key}:cpu`] / n.cpu_ms : undefined,
    chromium_over_native_cpu: n?.cpu_ms ? chromiumTimes[`${w.key}:cpu`] / n.cpu_ms : undefined,
    warmup_calls: { node: node[`${w.key}:warmup_calls`], chromium: chromiumTimes[`${w.key}:warmup_calls`] },
    chromium: chromiumVersionText,
  };
});
const flops = JSON.parse(JSON.stringify(native.BM_ReferenceEpoch ?? {})).gflops;
// The digits epoch's GFLOP/s on each side, from its counted matrix-product work (bench/workloads.h)
// over the CPU time where the row has it (a loaded machine stretches wall time), else wall time.
const digitsFlops = await (async () => {
  const require = createRequire(import.meta.url);
  const createLrlab = require(resolve(wasmDir, 'node', 'lrlab_node.cjs'));
  const module = await createLrlab({ wasmBinary: readFileSync(resolve(wasmDir, 'node', 'lrlab_node.wasm')) });
  return module.benchDigitsEpochFlops();
})();
const digitsRow = rows.find((r) => r.workload === 'digits_epoch');
const gflops = (ms) => (ms ? digitsFlops / (ms * 1e6) : undefined);
const digitsGflops = Object.fromEntries(['native', 'node', 'chromium']
  .map((side) => [side, gflops(digitsRow[`${side}_cpu_ms`] ?? digitsRow[`${side}_ms`])]));
const results = {
  date: new Date().toISOString(), repetitions: reps, workloads: rows,
  chromium: chromiumVersionText, node: `${process.version} (V8 ${process.versions.v8})`,
  load_average: { before: loadBefore, after: loadAverage() },
  warmup: { calls: warmupCalls, ms: warmupMs },
  chromium_evaluate_overhead_cpu_ms: evaluateOverheadMs,
  reference_epoch_native_gflops: flops,
  digits_epoch_mflop: digitsFlops / 1e6, digits_epoch_gflops: digitsGflops,
  native_all: native,
  page: { ...weight, first_chart_ms: firstChartMs, chromium: chromiumVersionText },
};
mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(outPath, JSON.stringify(results, null, 2));

const fmt = (v, d = 4) => (v === undefined ? '-' : v < 0.01 ? v.toExponential(2) : v.toFixed(d));
console.log(`\nbrowser: ${chromiumVersionText}; node ${process.version} (V8 ${process.versions.v8}); ` +
  `load average ${loadBefore} before the wasm runs, ${results.load_average.after} after`);
console.log('\nworkload (median ms per repetition)   native     node   chromium  node/nat  chrom/nat');
for (const r of rows) {
  console.log(`${r.workload.padEnd(36)} ${fmt(r.native_ms).padStart(8)} ${fmt(r.node_ms).padStart(8)} ` +
    `${fmt(r.chromium_ms).padStart(9)} ${fmt(r.node_over_native, 2).padStart(9)} ${fmt(r.chromium_over_native, 2).padStart(10)}`);
}
console.log('\nthe same from CPU time (native: cpu_time; Node: process.cpuUsage; Chromium: its renderer\'s main thread, ' +
  `less ${evaluateOverheadMs.toFixed(2)} ms per call for Playwright's round trip)`);
console.log('workload (median CPU ms per repetition) native     node   chromium  node/nat  chrom/nat');
for (const r of rows) {
  console.log(`${r.workload.padEnd(38)} ${fmt(r.native_cpu_ms).padStart(8)} ${fmt(r.node_cpu_ms).padStart(8)} ` +
    `${fmt(r.chromium_cpu_ms).padStart(9)} ${fmt(r.node_over_native_cpu, 2).padStart(9)} ${fmt(r.chromium_over_native_cpu, 2).padStart(10)}`);
}
if (flops) console.log(`reference epoch, native: ${flops.toFixed(2)} GFLOP/s`);
console.log(`digits epoch (64-32-10, 1,438 samples, ${(digitsFlops / 1e6).toFixed(1)} MFLOP): ` +
  ['native', 'node', 'chromium'].map((k) => `${k} ${fmt(digitsGflops[k], 2)}`).join(', ') + ' GFLOP/s');
console.log(`page weight: wasm ${(weight.wasm_bytes / 1024).toFixed(1)} KB + glue ${(weight.glue_bytes / 1024).toFixed(1)} KB` +
  ` = ${(weight.raw_bytes / 1024).toFixed(1)} KB raw, ${(weight.gzip_bytes / 1024).toFixed(1)} KB gzip`);
console.log(`first chart drawn: ${firstChartMs.toFixed(0)} ms after navigation (median of 5; ${chromiumVersionText})`);
console.log(`results: ${outPath}`);
