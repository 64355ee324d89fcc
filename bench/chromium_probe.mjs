// Looks for the reason the same wasm module runs slower in headless Chromium than in Node
// (docs/performance.md). It times one workload call by call, interleaving Node and Chromium, so
// the first calls show whether the hot code is still in the baseline tier (Liftoff) and the later
// ones compare the optimized code under the same machine load. It also prints the Chromium and V8
// versions and the scheduling priority (nice value) of every Chromium process, since a renderer
// that Chromium treats as in the background is niced, and on a shared, loaded machine gets less CPU.
//
// usage: node bench/chromium_probe.mjs [--wasm-dir build/wasm] [--fn benchReferenceEpochs]
//          [--arg 200] [--per 200] [--calls 12] [--js-flags "--no-liftoff"] [--extra-args "..."]
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/server.mjs';
import { baseChromiumArgs, chromiumVersion, cpuMs, loadAverage, ownChromiumProcesses } from './chromium_info.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
  (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []));
const wasmDir = resolve(args['wasm-dir'] ?? 'build/wasm');
const fn = args.fn ?? 'benchReferenceEpochs';
const arg = Number(args.arg ?? 200);
const per = Number(args.per ?? arg);
const calls = Number(args.calls ?? 12);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const require = createRequire(import.meta.url);
const createLrlab = require(resolve(wasmDir, 'node', 'lrlab_node.cjs'));
const module = await createLrlab({ wasmBinary: readFileSync(resolve(wasmDir, 'node', 'lrlab_node.wasm')) });

const server = await startServer({ port: 0, wasmWebDir: resolve(wasmDir, 'web') });
const extra = (args['extra-args'] ?? '').split(' ').filter(Boolean);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [...baseChromiumArgs, ...extra, ...(args['js-flags'] ? [`--js-flags=${args['js-flags']}`] : [])],
});
try {
  const page = await (await browser.newContext()).newPage();
  page.on('console', (m) => { if (args.verbose) console.log('[page]', m.text()); });
  await page.goto(`${server.url}bench/wasm_bench.html`);
  await page.waitForFunction(() => window.lrlabBenchReady);
  await page.evaluate(() => window.lrlabBenchReady);
  const mine = ownChromiumProcesses();
  const nice = mine.map((p) => `${p.type}:${p.nice}`);
  console.log(`${await chromiumVersion()}, ${await page.evaluate(() => navigator.userAgent)}`);
  console.log(`node ${process.version} (V8 ${process.versions.v8}); load ${loadAverage()}`);
  console.log(`chromium processes (type:nice): ${nice.join(' ')}`);
  const renderers = mine.filter((p) => p.type === 'renderer').map((p) => p.pid);
  const startCpu = new Map(renderers.map((pid) => [pid, cpuMs([pid])]));
  const node = [], chrome = [], nodeCpu = [], chromeCpu = [];
  for (let i = 0; i < calls; i++) {
    const c0 = process.cpuUsage();
    node.push(module[fn](arg) / per);
    const c1 = process.cpuUsage(c0);
    nodeCpu.push((c1.user + c1.system) / 1000 / per);
    // With --trace: stamp each call, to line up with V8's own trace (DEBUG=pw:browser shows it).
    if (args.trace) console.error(`${new Date().toISOString()} chromium call ${i + 1} starts`);
    const r0 = cpuMs(renderers);
    chrome.push(await page.evaluate(([f, a]) => window.lrlabBench(f, [a]), [fn, arg]) / per);
    chromeCpu.push((cpuMs(renderers) - r0) / per);
  }
  // Which renderer ran the page: the CPU each one spent over the calls, with its nice value.
  console.log(`renderers (pid nice cpu-ms over the calls): ${mine.filter((p) => p.type === 'renderer')
    .map((p) => `${p.pid} ${p.nice} ${(cpuMs([p.pid]) - (startCpu.get(p.pid) ?? 0)).toFixed(0)}`).join(', ')}`);
  const fmt = (xs) => xs.map((x) => x.toFixed(4)).join(' ');
  console.log(`${fn}(${arg}) ms per repetition, call by call (interleaved; wall from the module's steady_clock,`);
  console.log('CPU from process.cpuUsage() in Node and the renderer threads schedstat in Chromium):');
  console.log(`  node     wall ${fmt(node)}`);
  console.log(`  chromium wall ${fmt(chrome)}`);
  console.log(`  node     cpu  ${fmt(nodeCpu)}`);
  console.log(`  chromium cpu  ${fmt(chromeCpu)}`);
  const tail = (xs) => xs.slice(Math.floor(xs.length / 2));
  const line = (what, n, c) => console.log(`  ${what}, median of the second half: node ${median(tail(n)).toFixed(4)}, ` +
    `chromium ${median(tail(c)).toFixed(4)}, chromium/node ${(median(tail(c)) / median(tail(n))).toFixed(2)}`);
  line('wall', node, chrome);
  line('cpu ', nodeCpu, chromeCpu);
} finally {
  await browser.close();
  await server.close();
}
