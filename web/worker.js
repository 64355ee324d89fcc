// The training worker: owns the wasm module so the page's main thread never blocks on training.
import createLrlab from '../gen/lrlab.mjs';

const ready = createLrlab();

self.onmessage = async (event) => {
  const lrlab = await ready;
  const { id, type, args } = event.data;
  try {
    if (type === 'makeProblem') {
      const result = lrlab.makeProblem(args.config, args.seed);
      self.postMessage({ id, result });
    } else {
      throw new Error(`unknown request ${type}`);
    }
  } catch (error) {
    self.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
};
