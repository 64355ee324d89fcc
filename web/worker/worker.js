// The training worker: owns the wasm module and every trainer, so the page's main thread never
// blocks on training. It answers the protocol's requests (web/protocol/messages.js; each one a
// small function in web/worker/handlers.js) and, while runs train, pushes their increments
// ({type: 'update'}) at most once per frame. All numbers it sends were computed by the core.
// @ts-expect-error: Emscripten's glue, built into gen/; web/worker/lrlab-api-types.d.ts types the API over the module it makes.
import createLrlab from '../gen/lrlab.mjs';
import createLrlabApi from './lrlab-api.js';
import { earlyModuleOptions } from './wasm-early-module.js';
import { answer, createContext } from './handlers.js';

/** @type {(message: import('../protocol/messages.js').PushedMessage | import('../protocol/messages.js').Answer, transfer?: Transferable[]) => void} */
const post = (message, transfer = []) => /** @type {any} */ (self).postMessage(message, transfer);

// The wasm module compiled by web/page/boot.js when this is the page's early worker.
const ready = createLrlab(earlyModuleOptions()).then((module) => createContext(createLrlabApi(module), post));
ready.catch((error) => post({ type: 'fatal', message: `The training core failed to load: ${error.message}` }));

self.onmessage = async (event) => {
  const message = event.data;
  try {
    post(answer(await ready, message));
  } catch (error) {
    post({ id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
};
