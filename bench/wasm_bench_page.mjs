// Loads the page's own wasm build (the ES module the page uses, served under /gen/) and exposes
// the benchmark entry points to bench/wasm_bench.mjs, which drives this page in headless Chromium.
import createLrlab from '/gen/lrlab.mjs';

const modulePromise = createLrlab();
window.lrlabBench = async (name, args) => (await modulePromise)[name](...args);
window.lrlabBenchReady = modulePromise.then(() => true);
