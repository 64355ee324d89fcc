// The training worker's side of the early wasm compile (web/page/boot.js): the worker web/page/boot.js
// starts is named 'lrlab-early', and boot.js fetches and compiles the core's .wasm on the main
// thread while the worker's own scripts load, then posts the compiled WebAssembly.Module here.
// Without it the .wasm was requested only after worker.js, its imports and the module's JS glue
// had loaded and run: measured in headless Chromium 156 (loaded machine, load ~15), the .wasm
// request went out ~2.9 s after navigation, ~1.9 s after boot.js arrived (docs/performance.md).
// Any other worker (the sweep's helpers, the single-file build, a page without boot.js) loads the
// module itself, as Emscripten's glue always did.
const early = self.name === 'lrlab-early';
let receive;
const posted = new Promise((resolve) => { receive = resolve; });
if (early) {
  // Registered while worker.js's imports are evaluated, so before its onmessage handler: the
  // module's message stops here and never reaches the request handler.
  self.addEventListener('message', (event) => {
    if (event.data?.type !== 'lrlab-wasm-module') return;
    event.stopImmediatePropagation();
    receive(event.data.module ?? null);
  });
}

// Options for createLrlab(): Emscripten's instantiateWasm hook, instantiating the posted module,
// or (if boot.js could not compile it) fetching and compiling the .wasm as the glue would.
export function earlyModuleOptions() {
  if (!early) return {};
  // The worker runs gen/worker.js (web/worker/worker.js unbundled): either way gen/ is one level up.
  const wasmUrl = new URL('../gen/lrlab.wasm', self.location.href);
  return {
    instantiateWasm(imports, receiveInstance) {
      posted.then((module) => (module
        ? WebAssembly.instantiate(module, imports).then((instance) => receiveInstance(instance, module))
        : WebAssembly.instantiateStreaming(fetch(wasmUrl, { credentials: 'same-origin' }), imports)
          .then(({ instance, module: compiled }) => receiveInstance(instance, compiled))))
        .catch((error) => self.postMessage({ type: 'fatal', message: `The training core failed to load: ${error.message}` }));
      return {};  // exports arrive through receiveInstance
    },
  };
}
