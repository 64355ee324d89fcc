// The page's first script (loaded async, ahead of everything else; served bundled as gen/boot.js,
// beside gen/page.js and gen/worker.js): starts the training worker at once, so the wasm module
// downloads and compiles while the page's own code (web/page/main.js: charts, controls) loads and
// runs; web/page/worker-client.js adopts it. Measured in headless Chromium (loaded machine, median of
// 7 loads, before the page was bundled): the worker's script is requested ~230 ms after
// navigation instead of ~550 ms, after the whole module graph; first chart 0.98 -> 0.92 s.
// It also fetches and compiles the core's .wasm here, at once, and posts the compiled module to
// that worker (web/worker/wasm-early-module.js), instead of the worker requesting it only after its own
// scripts and the module's JS glue have loaded (docs/performance.md).
if (!('lrlabEarlyWorker' in globalThis)) {
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'lrlab-early' });
  globalThis.lrlabEarlyWorker = worker;
  const post = (module) => worker.postMessage({ type: 'lrlab-wasm-module', module });
  const wasmUrl = new URL('../gen/lrlab.wasm', import.meta.url);
  WebAssembly.compileStreaming(fetch(wasmUrl, { credentials: 'same-origin' })).then(post, () => post(null));
}
