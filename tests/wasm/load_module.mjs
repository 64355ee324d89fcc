// Loads the Node build of the wasm module from the build folder named by LRLAB_WASM_DIR, and the
// page's API wrapper over it (web/worker/lrlab-api.js), exactly as the page's worker does.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import createLrlabApi from '../../web/worker/lrlab-api.js';

export const wasmDir = process.env.LRLAB_WASM_DIR ?? 'build/wasm';
export const cliPath = process.env.LRLAB_CLI ?? 'build/cli/lrlab';

export async function loadModule() {
  const require = createRequire(import.meta.url);
  const createLrlab = require(resolve(wasmDir, 'node', 'lrlab_node.cjs'));
  // Hand the binary over ourselves: 3.1.6's loader would try fetch() on a file path under Node 20.
  const wasmBinary = readFileSync(resolve(wasmDir, 'node', 'lrlab_node.wasm'));
  return createLrlab({ wasmBinary });
}

export async function loadApi() {
  return createLrlabApi(await loadModule());
}
