// Loads the Node build of the wasm module from the build folder named by LRLAB_WASM_DIR.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const wasmDir = process.env.LRLAB_WASM_DIR ?? 'build/wasm';
export const cliPath = process.env.LRLAB_CLI ?? 'build/cli/lrlab';

export async function loadModule() {
  const require = createRequire(import.meta.url);
  const createLrlab = require(resolve(wasmDir, 'node', 'lrlab_node.cjs'));
  // Hand the binary over ourselves: 3.1.6's loader would try fetch() on a file path under Node 20.
  const wasmBinary = readFileSync(resolve(wasmDir, 'node', 'lrlab_node.wasm'));
  return createLrlab({ wasmBinary });
}
