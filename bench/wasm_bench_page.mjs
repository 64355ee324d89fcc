// Loads the benchmark's web build of the module (lrlab_bench.mjs, served under /gen/ beside the
// page's lrlab.mjs: the page's core objects and link flags plus the bench entry points) and exposes
// the benchmark entry points to bench/wasm_bench.mjs, which drives this page in headless Chromium.
import createLrlab from '/gen/lrlab_bench.mjs';

const modulePromise = createLrlab();
window.lrlabBench = async (name, args) => (await modulePromise)[name](...args);
window.lrlabBenchReady = modulePromise.then(() => true);
