// The page's API over the Embind module (declared in lrlab-api.d.ts): settings go in as plain
// objects (sent to the core as JSON text, validated there), results come out as plain objects
// and typed arrays already copied out of the wasm heap. Embind handles never leak out: a Trainer
// wraps one and frees it in delete(); a handle whose configuration failed is freed at once.

export default function createLrlabApi(module) {
  const text = (value) => JSON.stringify(value ?? {});

  function createTrainer(settings) {
    const handle = new module.Trainer();
    try {
      handle.configure(text(settings));
    } catch (error) {
      handle.delete();
      throw error;
    }
    let deleted = false;
    const live = () => {
      if (deleted) throw new Error('this trainer was deleted');
      return handle;
    };
    return {
      step: () => live().step(),
      epoch: () => live().epoch(),
      run: (epochs) => live().run(epochs),
      reset: () => live().reset(),
      setLearningRate: (lr) => live().setLearningRate(Number(lr)),
      setOptimizer: (optimizer) => live().setOptimizer(text(optimizer)),
      setSchedule: (schedule) => live().setSchedule(text(schedule)),
      setPlateau: (plateau) => live().setPlateau(text(plateau)),
      history: (fromEpoch = 0, fromStep = 0) => live().history(fromEpoch, fromStep),
      diagnosis: (bestReference = NaN) => live().diagnosis(bestReference),
      settings: () => JSON.parse(live().settingsJson()),
      get epochsDone() { return live().epochsDone(); },
      get updates() { return live().updates(); },
      get stopped() { return live().stopped(); },
      get learningRate() { return live().learningRate(); },
      delete() {
        if (!deleted) handle.delete();
        deleted = true;
      },
    };
  }

  return {
    registry: () => module.registry(),
    defaultSettings: () => module.defaultSettings(),
    validateSettings: (settings) => JSON.parse(module.validateSettings(text(settings))),
    createTrainer,
    previewSchedule: (schedule, learningRate, count, stepsPerEpoch = 1) =>
      module.previewSchedule(text(schedule), learningRate, count, stepsPerEpoch),
    checkFormula: (expression) => module.checkFormula(String(expression)),
    heapSize: () => module.heapSize(),
  };
}
