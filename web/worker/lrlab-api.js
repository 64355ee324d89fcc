// The page's API over the Embind module (declared in lrlab-api-types.d.ts): settings go in as plain
// objects (sent to the core as JSON text, validated there), results come out as plain objects
// and typed arrays already copied out of the wasm heap. Embind handles never leak out: a Trainer
// wraps one and frees it in delete(); a handle whose configuration failed is freed at once.
// A real problem's table (loadTable) is given to whatever trains on it: validateSettings,
// createTrainer, createSweep(Share) and createRangeTest take it last (none for generated problems).

// tsc --checkJs (ctest web.types) holds the object made here to the declared LrlabApi (lrlab-api-types.d.ts).
/**
 * @param {any} module the Emscripten module (gen/lrlab.mjs)
 * @returns {import('./lrlab-api-types.d.ts').LrlabApi}
 */
export default function createLrlabApi(module) {
  const text = (value) => JSON.stringify(value ?? {});
  // The module returns an Error object (rather than throwing from inside wasm) for bad input.
  const checked = (result) => {
    if (result instanceof Error) throw result;
    return result;
  };

  // The stand-in for "no table", shared by every call that is given none.
  let noTable = null;
  const tableHandle = (table) => {
    if (table) return table.live();
    noTable ??= new module.Table();
    return noTable;
  };

  // The table of problem `name` (a built-in one or 'csv'), checked by the core's CSV door:
  // {summary, table}; table.delete() frees it (trainers already given it keep their copy).
  function loadTable(name, csvText, target = 0, task = 'auto') {
    const handle = new module.Table();
    let summary;
    try {
      summary = JSON.parse(checked(handle.load(String(name), String(csvText), Number(target), String(task))));
    } catch (error) {
      handle.delete();
      throw error;
    }
    let deleted = false;
    const table = {
      name: String(name),
      live() {
        if (deleted) throw new Error('this table was deleted');
        return handle;
      },
      delete() {
        if (!deleted) handle.delete();
        deleted = true;
      },
    };
    return { summary, table };
  }

  function createTrainer(settings, table) {
    const handle = new module.Trainer();
    try {
      checked(handle.configure(text(settings), tableHandle(table)));
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
      setLearningRate: (lr) => checked(live().setLearningRate(Number(lr))),
      setOptimizer: (optimizer) => checked(live().setOptimizer(text(optimizer))),
      setSchedule: (schedule) => checked(live().setSchedule(text(schedule))),
      setPlateau: (plateau) => checked(live().setPlateau(text(plateau))),
      setEarlyStopping: (earlyStopping) => checked(live().setEarlyStopping(text(earlyStopping))),
      setSharpness: (sharpness) => checked(live().setSharpness(text(sharpness))),
      sharpness: (from = 0) => live().sharpness(from),
      resume: () => live().resume(),
      history: (fromEpoch = 0, fromStep = 0) => live().history(fromEpoch, fromStep),
      epochHistory: (fromEpoch = 0) => live().epochHistory(fromEpoch),
      status: () => live().status(),
      diagnosis: (bestReference = NaN, lowerRateBest = NaN) => live().diagnosis(bestReference, lowerRateBest),
      diagnosisAt: (epochs, bestReference = NaN, lowerRateBest = NaN) => live().diagnosisAt(epochs, bestReference, lowerRateBest),
      settings: () => JSON.parse(live().settingsJson()),
      get epochsDone() { return live().epochsDone(); },
      get updates() { return live().updates(); },
      get stepsPerEpoch() { return live().stepsPerEpoch(); },
      plateauState: () => live().plateauState(),
      earlyStoppingState: () => live().earlyStoppingState(),
      get stopped() { return live().stopped(); },
      get stoppedEarly() { return live().stoppedEarly(); },
      get learningRate() { return live().learningRate(); },
      delete() {
        if (!deleted) handle.delete();
        deleted = true;
      },
    };
  }

  // A sliced experiment (Sweep or RangeTest): advance() a little per frame, read result().
  // share: {part, parts} for one worker's share of a sweep spread over several (core/experiments/
  // sweep.h): it trains only its rates, hands them on (takeRecords) or collects the others'
  // (addRecords); `trained` says its own rates are done, `done` that every rate is in.
  function createSliced(Handle, settings, options, share, table) {
    const handle = new Handle();
    try {
      checked(share ? handle.configureShare(text(settings), text(options), share.part, share.parts, tableHandle(table))
        : handle.configure(text(settings), text(options), tableHandle(table)));
    } catch (error) {
      handle.delete();
      throw error;
    }
    let deleted = false;
    const live = () => {
      if (deleted) throw new Error('this experiment was deleted');
      return handle;
    };
    return {
      advance: (amount) => live().advance(amount),
      get done() { return live().done(); },
      get progress() { return live().progress(); },
      result: () => live().result(),
      // Sweeps only:
      get trained() { return live().trained(); },
      takeRecords: () => live().takeRecords(),
      addRecords: (records) => checked(live().addRecords(records)),
      delete() {
        if (!deleted) handle.delete();
        deleted = true;
      },
    };
  }

  return {
    createSweep: (settings, options, table) => createSliced(module.Sweep, settings, options, null, table),
    createSweepShare: (settings, options, part, parts, table) =>
      createSliced(module.Sweep, settings, options, { part, parts }, table),
    createRangeTest: (settings, options, table) => createSliced(module.RangeTest, settings, options, null, table),
    registry: () => module.registry(),
    defaultSettings: () => checked(module.defaultSettings()),
    validateSettings: (settings, table) => JSON.parse(checked(module.validateSettings(text(settings), tableHandle(table)))),
    createTrainer,
    scheduleRunDefaults: (name, positions) => checked(module.scheduleRunDefaults(String(name), positions)),
    previewSchedule: (schedule, learningRate, count, stepsPerEpoch = 1) =>
      checked(module.previewSchedule(text(schedule), learningRate, count, stepsPerEpoch)),
    previewRunRates: (settings, epochs, stepsPerEpoch, perStep, table) =>
      checked(module.previewRunRates(text(settings), tableHandle(table), epochs, stepsPerEpoch, perStep)),
    checkFormula: (expression) => module.checkFormula(String(expression)),
    scheduleRateSource: (schedule) => checked(module.scheduleRateSource(text(schedule))),
    codeFacts: (settings, names) => checked(module.codeFacts(text(settings), text(names))),
    landscape: (request) => checked(module.landscape(text(request))),
    runStart: (settings, table) => checked(module.runStart(text(settings), tableHandle(table))),
    inspectUpdate: (settings, epoch, step, parameter, table) =>
      checked(module.inspectUpdate(text(settings), tableHandle(table), epoch, step, parameter)),
    inspectUpdates: (settings, epoch, step, count, parameter, table) =>
      checked(module.inspectUpdates(text(settings), tableHandle(table), epoch, step, count, parameter)),
    initialSharpness: (settings, table) => checked(module.initialSharpness(text(settings), tableHandle(table))),
    heapSize: () => module.heapSize(),
    heapUsed: () => module.heapUsed(),
    loadTable,
  };
}
