// "As code": one run's settings written as the Keras 3 and the PyTorch code a student would type.
// A generic printer: what is particular to an optimizer or a schedule (its Keras 3 and PyTorch
// classes and arguments, where a framework departs from lrlab, the schedule's Python and where its
// rate comes from) is in its registry entry in the core (core/optim/*.cpp, core/schedule/*.cpp),
// handed over by api.codeFacts (core/python/listing.h); the rest comes from the core's settings
// JSON, so both listings name the same numbers. The schedule is ONE plain Python function,
// lr_schedule(position, lr), shared by both listings and written with the standard `math` module:
// the wasm tests (tests/wasm/code-export.test.mjs) run it in Python and compare it with the core's
// previewSchedule for every schedule. Where a framework's rule differs from lrlab's (lrlab follows
// Keras 3: docs/semantics.md), the listing says so in a comment instead of pretending to match.

import { py } from './python-literals.js';
import { decayName } from '../words/run-label.js';
import { kerasChanges, replayedStretches, torchChanges } from './changes-python.js';
import { EMBED_LIMIT, SHUFFLE_SOURCE, kerasRuleOptimizer, runStartPython, runStartSize, torchRuleIsLrlabs } from './run-start-python.js';

export { py };

// Training samples per epoch as the core splits them (core/data.cpp: the validation share is
// samples * val_fraction rounded down), hence mini-batch steps per epoch.
export function stepsPerEpoch(settings) {
  const { samples = NaN, val_fraction: fraction = 0 } = settings.problem;
  if (!Number.isFinite(samples)) return 'math.ceil(len(x_train) / BATCH_SIZE)';
  const train = samples - Math.floor(samples * fraction);
  return Math.max(1, Math.ceil(train / Math.max(1, settings.batch_size)));
}

// ---- the schedule: one Python function of the position s (epoch or step) and the current rate ----

// The Python names a listing gives the schedule's position and the formula variables; the core
// writes the schedule's code with them (api.codeFacts(settings, pythonNames(settings))).
export function pythonNames(settings) {
  const perStep = settings.schedule.granularity === 'step';
  return perStep
    ? { position: 'step', step: 'step', epoch: '(step // STEPS_PER_EPOCH)', lr: 'lr', lr0: 'LR0' }
    : { position: 'epoch', epoch: 'epoch', step: '(epoch * STEPS_PER_EPOCH)', lr: 'lr', lr0: 'LR0' };
}

// The shared function: {source, usesLr, perStep}. facts: the core's code facts for the settings.
export function scheduleFunction(settings, facts) {
  const perStep = settings.schedule.granularity === 'step';
  const { position } = pythonNames(settings);
  const doc = perStep
    ? 'The rate for mini-batch step `step` (0-based: the number of updates done before it).'
    : 'The rate for epoch `epoch` (0-based), as Keras\' LearningRateScheduler asks for it.';
  // A decay branch's formula is the branch form's, not one the student typed: named as the page
  // names it (web/words/run-label.js decayName) instead of "your formula".
  const decay = decayName(settings.schedule);
  const body = decay ? facts.schedule.body.map((line) => line.replace(/^# your formula: /, `# ${decay}: `)) : facts.schedule.body;
  const source = [`def lr_schedule(${position}, lr=LR0):`, `    """${doc}"""`,
    ...body.map((line) => `    ${line}`)].join('\n');
  return { source, usesLr: facts.schedule.rateSource === 'reads_lr', perStep };
}

// "module.Class(a, b=1)  # note": a framework class as the core spelled it, null when none.
function spelledCall(spelled) {
  if (!spelled) return null;
  return `${spelled.call}(${spelled.arguments.join(', ')})${spelled.notes.map((note) => `  # ${note}`).join('')}`;
}

// ---- model and loss: the same network in either framework ----

// The problem's shape: {kind, inputs, outputs} from the core's registry (synthetic problems by
// task; real tables with their feature and class counts); a shape the page cannot know (the
// user's own CSV) is read from the data in the listing itself.
function problemShape(settings, registry) {
  const name = settings.problem.name;
  const table = registry?.datasets?.find((d) => d.name === name);
  if (table) return { kind: table.task, inputs: String(table.features), outputs: String(table.task === 'multiclass' ? table.classes : 1) };
  const kind = registry?.problems?.find((p) => p.name === name)?.task
    ?? (['sine', 'linear'].includes(name) ? 'regression' : name === 'blobs' ? 'multiclass' : null);
  if (kind === 'regression') return { kind, inputs: '1', outputs: '1' };
  if (kind === 'binary') return { kind, inputs: '2', outputs: '1' };
  if (kind === 'multiclass' && name === 'blobs') return { kind, inputs: '2', outputs: '3' };
  const task = kind ?? settings.problem.task ?? 'binary';
  return { kind: task, inputs: 'x_train.shape[1]', outputs: task === 'multiclass' ? 'y_train.shape[1]' : '1' };
}

function lossKind(settings, kind) {
  const { loss } = settings.model;
  if (loss && loss !== 'auto') return loss;
  return kind === 'regression' ? 'mse' : kind === 'multiclass' ? 'softmax_ce' : 'bce';
}

function modelShape(settings, registry) {
  const { kind, inputs, outputs } = problemShape(settings, registry);
  const { activation, init } = settings.model;
  const he = init === 'he' || (init === 'auto' && activation === 'relu');
  return { kind, inputs, outputs, hidden: settings.model.hidden, activation, he, loss: lossKind(settings, kind) };
}

// lrlab's rule when a plateau cut meets a schedule (core/plateau.h): closed forms continue from the
// reduced base, "constant" and formulas reading lr keep the cut, absolute schedules override it.
// stretches: the run's settings with their code facts, one per stretch between two changes; the
// note follows the first stretch with a plateau callback under a schedule that does not read lr.
function plateauScheduleNote(stretches) {
  const met = stretches.find(({ settings, facts }) => settings.plateau.enabled && !scheduleFunction(settings, facts).usesLr);
  if (!met) return [];
  return met.facts.schedule.rateSource === 'absolute'
    ? ['# This schedule returns absolute rates: it overrides every plateau cut at the next', '# position, in lrlab as here.']
    : ['# lrlab scales LR0 by each plateau cut, so the schedule continues from the reduced rate.',
      '# This function starts again from LR0, as any Keras/PyTorch schedule does: after the first',
      '# cut the two differ.'];
}

// A callback's direction as Keras' "auto" resolves it for lrlab's monitors (core/callbacks/callback.h).
function plateauMode(p) {
  if (p.mode !== 'auto') return p.mode;
  return p.monitor.includes('acc') ? 'max' : 'min';
}

// Keras 3's EarlyStopping, written out for PyTorch (which has none), rule for rule as the core
// follows it (core/callbacks/early_stopping.h). On a stop the best weights come back, as in lrlab.
export const TORCH_EARLY_STOPPING = [
  'class EarlyStopping:',
  '    """Keras 3\'s keras.callbacks.EarlyStopping, step by step (PyTorch has none)."""',
  '',
  '    def __init__(self, mode, min_delta, patience, baseline, restore_best_weights, start_from_epoch):',
  '        self.maximize = mode == "max"',
  '        self.min_delta, self.patience, self.baseline = min_delta, patience, baseline',
  '        self.restore_best_weights, self.start_from_epoch = restore_best_weights, start_from_epoch',
  '        self.best = -math.inf if self.maximize else math.inf',
  '        self.wait, self.best_epoch, self.best_weights = 0, 0, None',
  '',
  '    def improves(self, value, reference):',
  '        return value - self.min_delta > reference if self.maximize else value + self.min_delta < reference',
  '',
  '    def stop(self, epoch, value, model):',
  '        """Whether training stops after this epoch (0-based); on a stop the best weights come back."""',
  '        if epoch < self.start_from_epoch:',
  '            return False',
  '        if self.restore_best_weights and self.best_weights is None:',
  '            self.best_weights, self.best_epoch = copy.deepcopy(model.state_dict()), epoch',
  '        self.wait += 1',
  '        if self.improves(value, self.best):',
  '            self.best, self.best_epoch = value, epoch',
  '            if self.restore_best_weights:',
  '                self.best_weights = copy.deepcopy(model.state_dict())',
  '            if self.baseline is None or self.improves(value, self.baseline):',
  '                self.wait = 0  # only an improvement that also beats the baseline',
  '            return False',
  '        if self.wait >= self.patience and epoch > 0:',
  '            if self.restore_best_weights:',
  '                model.load_state_dict(self.best_weights)',
  '            return True',
  '        return False',
  '',
];

const pyOptional = (x) => (x === null || x === undefined ? 'None' : py.float(x));

// "(512 samples, noise 0.1, validation 0.2)": the problem's own fields that it has.
export function problemDetails(problem) {
  const parts = [];
  if (problem.samples !== undefined) parts.push(`${problem.samples} samples`);
  if (problem.noise !== undefined) parts.push(`noise ${problem.noise}`);
  if (problem.val_fraction !== undefined) parts.push(`validation ${problem.val_fraction}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

function header(settings, run) {
  const { problem, model, seed } = settings;
  return [
    `# lrlab ${run ? `${run}: ` : ''}${problem.name}${problemDetails(problem)}, seed ${seed}`,
    `# network ${model.hidden.length ? model.hidden.join('-') : 'no hidden layers'} (${model.activation}), batch ${settings.batch_size}, ${settings.epochs} epochs`,
  ];
}

function constants(settings, steps = stepsPerEpoch(settings)) {
  const lines = [
    // A run changed while it trained: the rate it began with (its changes set LR0 anew).
    `LR0 = ${py.float(settings.optimizer.learning_rate)}  # ${settings.changes?.length ? 'the learning rate this run started with' : 'this run\'s learning rate'}`,
    `EPOCHS = ${py.int(settings.epochs)}`,
    `BATCH_SIZE = ${py.int(settings.batch_size)}`,
  ];
  lines.push(`STEPS_PER_EPOCH = ${steps}  # mini-batches per epoch: ceil(training samples / BATCH_SIZE)`);
  return lines;
}

// ---- Keras 3 ----

// Keras' ReduceLROnPlateau with lrlab's plateau settings (the same rule: core/plateau.h).
const kerasPlateau = (p) => `keras.callbacks.ReduceLROnPlateau(monitor=${py.str(p.monitor)}, factor=${py.float(p.factor)}, patience=${py.int(p.patience)}, mode=${py.str(p.mode)}, min_delta=${py.float(p.min_delta)}, cooldown=${py.int(p.cooldown)}, min_lr=${py.float(p.min_lr)})`;

// The start both listings share: what the file is, the imports, the run's constants and the
// schedule function.
function preamble(settings, run, fn, stretches, imports) {
  return [
    ...header(settings, run),
    'import math',
    '',
    ...imports,
    '',
    ...constants(settings),
    '',
    ...plateauScheduleNote(stretches),
    fn.source,
    '',
  ];
}

// The optimizer's class in one framework; every optimizer of the registry has both.
function optimizerCall(settings, facts, framework) {
  const spelled = facts.optimizer[framework];
  if (!spelled) throw new Error(`optimizer.name: "${settings.optimizer.name}" has no ${framework === 'keras' ? 'Keras 3' : 'PyTorch'} class to export`);
  return spelled;
}

/**
 * @param {any} settings
 * @param {{registry?: any, facts?: any, stretchFacts?: any[], run?: any, start?: import('../worker/lrlab-api-types.d.ts').RunStart, dataFile?: string}} [options]
 */
export function kerasCode(settings, { registry, facts, stretchFacts, run, start, dataFile = 'lrlab-data.json' } = {}) {
  const shape = modelShape(settings, registry);
  if (start) Object.assign(shape, { kind: start.task, inputs: String(start.inputs), outputs: String(start.outputs) });
  const fn = scheduleFunction(settings, facts);
  const initializer = shape.he ? 'he_normal' : 'glorot_uniform';
  const layers = [`    keras.Input(shape=(${shape.inputs},)),`,
    ...shape.hidden.map((units) => `    keras.layers.Dense(${units}, activation=${py.str(shape.activation)}, kernel_initializer=${py.str(initializer)}),`),
    // Muon's listing leaves the output layer to Adam by its name (exclude_layers=["output"]).
    `    keras.layers.Dense(${shape.outputs}, kernel_initializer=${py.str(initializer)}${settings.optimizer.name === 'muon' ? ', name="output"' : ''}),  # ${shape.loss === 'mse' ? 'linear output' : 'logits'}`];
  const loss = { mse: 'keras.losses.MeanSquaredError()', bce: 'keras.losses.BinaryCrossentropy(from_logits=True)',
    softmax_ce: 'keras.losses.CategoricalCrossentropy(from_logits=True)' }[shape.loss];
  // The accuracy lrlab records (core/loss.cpp count_correct: one output above 0 for logits, above
  // 0.5 for squared error; else the largest output), named "accuracy": Keras logs a metric under
  // its name, and the callbacks' monitors read "accuracy" and "val_accuracy" as lrlab's do.
  const metrics = shape.kind === 'regression' ? '[]'
    : shape.kind === 'multiclass' ? '[keras.metrics.CategoricalAccuracy(name="accuracy")]'
      : `[keras.metrics.BinaryAccuracy(threshold=${shape.loss === 'mse' ? '0.5' : '0.0'}, name="accuracy")]`;
  const imports = start ? [...(runStartSize(start) > EMBED_LIMIT ? ['import json'] : []), 'import keras', 'import numpy as np'] : ['import keras'];
  // fit()'s arguments around the epochs it trains.
  const fitArgs = (epochs) => ['x_train, y_train', 'validation_data=(x_val, y_val)', ...epochs, 'batch_size=BATCH_SIZE', 'shuffle=True', 'callbacks=callbacks'];
  const compileArgs = `loss=${loss}, metrics=${metrics}`;
  // A run changed while it trained: fit() trains each stretch between two changes.
  const stretches = replayedStretches(settings, stretchFacts);
  const changes = stretches && kerasChanges(stretches, {
    optimizerCall: (s, f) => spelledCall(optimizerCall(s, f, 'keras')),
    scheduleSource: (s, f) => scheduleFunction(s, f).source,
    plateauCall: kerasPlateau, compileArgs, fitArgs, earlyStopping: Boolean(settings.early_stopping?.enabled),
  });
  const lines = [...preamble(settings, run, fn, stretches ?? [{ settings, facts }], imports)];
  if (changes) lines.push(...changes.schedules.flatMap((source) => ['', source]), '');
  if (start) {
    lines.push(
      '',
      'keras.config.set_floatx("float64")  # lrlab computes in float64',
      `keras.utils.set_random_seed(${py.int(settings.seed)})  # lrlab's seed; Keras' own draws (its shuffle) still differ from lrlab's`,
      '',
      ...runStartPython(start, { dataFile, seed: settings.seed }),
      'x_train, y_train = np.array(X_TRAIN), np.array(Y_TRAIN)',
      'x_val, y_val = np.array(X_VAL), np.array(Y_VAL)',
      '',
    );
  }
  if (fn.perStep || changes?.perStep) {
    lines.push(
      '',
      'class PerStepSchedule(keras.callbacks.Callback):',
      '    """LearningRateScheduler sets the rate per epoch; this sets it before every mini-batch."""',
      '',
      '    def __init__(self, schedule, step=0):',
      '        super().__init__()',
      '        self.schedule = schedule',
      '        self.step = step  # mini-batch steps done before the first one it sees',
      '',
      '    def on_train_batch_begin(self, batch, logs=None):',
      '        lr = float(self.model.optimizer.learning_rate)',
      '        self.model.optimizer.learning_rate = self.schedule(self.step, lr)',
      '        self.step += 1',
      '',
    );
    const object = fn.perStep && spelledCall(facts.schedule.keras);
    if (object) {
      lines.push('', '# The same curve as a Keras schedule object (then leave out PerStepSchedule; Keras\'',
        '# ReduceLROnPlateau cannot change the rate of an optimizer built on a schedule object):',
        `# learning_rate = ${object}`);
    }
    lines.push('');
  }
  lines.push(
    '',
    'model = keras.Sequential([',
    ...layers,
    '])',
    ...(start ? [
      '# lrlab\'s initial weights instead of the initializers\' draws; Keras holds a kernel as inputs x units.',
      'for layer, (weight, bias) in zip(model.layers, WEIGHTS):',
      '    layer.set_weights([np.array(weight).T, np.array(bias)])',
    ] : []),
    `optimizer = ${spelledCall(optimizerCall(settings, facts, 'keras'))}`,
    `model.compile(optimizer=optimizer, ${compileArgs})`,
    '',
    'callbacks = [',
    fn.perStep ? '    PerStepSchedule(lr_schedule),' : '    keras.callbacks.LearningRateScheduler(lr_schedule),',
  );
  if (settings.plateau.enabled) {
    lines.push(`    ${kerasPlateau(settings.plateau)},`);
  }
  if (settings.early_stopping?.enabled) {
    const e = settings.early_stopping;
    if (e.restore_best_weights) {
      lines.push('    # Keras also restores the best weights when fit() ends without a stop; lrlab only on a stop.');
    }
    lines.push(`    keras.callbacks.EarlyStopping(monitor=${py.str(e.monitor)}, min_delta=${py.float(e.min_delta)}, patience=${py.int(e.patience)}, mode=${py.str(e.mode)}, baseline=${pyOptional(e.baseline)}, restore_best_weights=${py.bool(e.restore_best_weights)}, start_from_epoch=${py.int(e.start_from_epoch)}),`);
  }
  lines.push(
    ']',
    '',
    ...(start ? [
      '# The page\'s samples and initial weights; Keras shuffles the batches with its own generator, so',
      '# from the first epoch on the losses differ from the page\'s (the PyTorch listing draws',
      '# lrlab\'s order and prints the page\'s numbers).',
    ] : [
      `# x_train, y_train, x_val, y_val: your data${shape.kind === 'multiclass' ? ' (y one-hot)' : ''}. lrlab trains on "${settings.problem.name}"${problemDetails(settings.problem)}`,
      `# split with seed ${settings.seed}; load the same points or your own.`,
    ]),
    ...(changes ? changes.fit : ['history = model.fit(', ...fitArgs(['epochs=EPOCHS']).map((arg) => `    ${arg},`), ')']),
  );
  return `${lines.join('\n')}\n`;
}

// ---- PyTorch ----

/**
 * The run itself in PyTorch: it starts from the run's samples and initial weights (`start`, the
 * core's runStart), draws lrlab's batch order, computes in float64, sets the rate as lrlab does
 * (the schedule before each epoch or step, a plateau cut scaling LR0) and prints the losses of
 * every epoch as the page records them. dataFile: the name the listing loads a big run's data
 * from (runStartJson's text, saved beside it).
 * @param {any} settings
 * @param {{registry?: any, facts?: any, stretchFacts?: any[], run?: any, start: import('../worker/lrlab-api-types.d.ts').RunStart, dataFile?: string}} options
 */
export function pytorchCode(settings, { facts, stretchFacts, run, start, dataFile = 'lrlab-data.json' }) {
  const fn = scheduleFunction(settings, facts);
  const o = settings.optimizer;
  // A run changed while it trained: the loop makes each change where the run made it.
  const stretches = replayedStretches(settings, stretchFacts) ?? [{ epoch: 0, step: 0, settings, change: null, facts }];
  // The plateau callbacks the run had, one per stretch where it was on: the loop holds the one in
  // force (None while it is off), and reads its monitor from plateau_monitor when theirs differ.
  const plateaus = stretches.map((s) => s.settings.plateau).filter((p) => p.enabled);
  const plateauMonitors = new Set(plateaus.map((p) => p.monitor)).size > 1;
  const plateauOff = stretches.some((s) => !s.settings.plateau.enabled);
  const changes = stretches.length > 1 ? torchChanges(stretches, {
    optimizerExpression: torchOptimizer,
    scheduleSource: (stretchSettings, f) => scheduleFunction(stretchSettings, f).source,
    plateauExpression: torchPlateau, plateauMonitors,
  }) : null;
  const drifting = stretches.slice(1).filter((s) => !kerasRuleOptimizer(s.settings.optimizer) && !torchRuleIsLrlabs(s.settings.optimizer));
  const loss = lossKind(settings, start.task);
  const activation = { tanh: 'nn.Tanh()', relu: 'nn.ReLU()', sigmoid: 'nn.Sigmoid()', linear: null }[settings.model.activation];
  const modules = [];
  for (const layer of start.layers.slice(0, -1)) {
    modules.push(`    nn.Linear(${layer.inputs}, ${layer.outputs}),`);
    if (activation) modules.push(`    ${activation},`);
  }
  const last = start.layers.at(-1);
  modules.push(`    nn.Linear(${last.inputs}, ${last.outputs}),  # ${loss === 'mse' ? 'linear output' : 'logits'}`);
  const lossFn = { mse: 'nn.MSELoss()', bce: 'nn.BCEWithLogitsLoss()', softmax_ce: 'nn.CrossEntropyLoss()  # y: one-hot rows, read as class probabilities' }[loss];
  const explicit = kerasRuleOptimizer(o);
  const embedded = runStartSize(start) <= EMBED_LIMIT;
  const hasVal = start.val.count > 0;
  const early = settings.early_stopping?.enabled ? settings.early_stopping : null;
  const lines = [
    ...header(settings, run),
    '# Runs as it is (Python 3 and PyTorch): it trains on the run\'s own samples from its initial',
    '# weights, in lrlab\'s batch order and in float64, and prints each epoch\'s losses as the page',
    '# records them.',
    ...(changes ? changes.note : []),
    ...drifting.map((s) => `# From epoch ${s.epoch} on: PyTorch's ${s.settings.optimizer.name} class, whose rule differs from lrlab's: the losses drift from the page's.`),
    ...(early ? ['import copy'] : []),
    ...(embedded ? ['import math'] : ['import json', 'import math']),
    '',
    'import torch',
    'from torch import nn',
    '',
    ...constants(settings, Math.ceil(start.train.count / Math.min(settings.batch_size, start.train.count))),
    `SEED = ${py.int(settings.seed)}  # lrlab's seed: it drew the samples, the weights and the batch order`,
    ...(changes?.mixedGranularity ? [`PER_STEP = ${fn.perStep ? 'True' : 'False'}  # whether the schedule in force sets the rate per mini-batch`] : []),
    '',
    fn.source,
    ...(changes ? changes.schedules.flatMap((source) => ['', '', source]) : []),
    '',
    '',
    'torch.set_default_dtype(torch.float64)  # lrlab computes in float64',
    'torch.manual_seed(SEED)  # nothing below draws from it: samples, weights and order are lrlab\'s',
    '',
    ...runStartPython(start, { dataFile, seed: settings.seed }),
    'x_train, y_train = torch.tensor(X_TRAIN), torch.tensor(Y_TRAIN)',
    'x_val, y_val = torch.tensor(X_VAL), torch.tensor(Y_VAL)',
    '',
    '',
    SHUFFLE_SOURCE,
    '',
    '',
    ...(early ? [...TORCH_EARLY_STOPPING, ''] : []),
  ];
  const explicitSources = new Set(stretches.map((s) => kerasRuleOptimizer(s.settings.optimizer)?.source).filter(Boolean));
  for (const source of explicitSources) lines.push(source, '', '');
  lines.push(
    'model = nn.Sequential(',
    ...modules,
    ')',
    `# lrlab's initial weights (${settings.model.init === 'he' || (settings.model.init === 'auto' && settings.model.activation === 'relu') ? 'He normal' : 'Glorot uniform'}, drawn by its own generator) instead of nn.init's draws.`,
    'with torch.no_grad():',
    '    for layer, (weight, bias) in zip([m for m in model if isinstance(m, nn.Linear)], WEIGHTS):',
    '        layer.weight.copy_(torch.tensor(weight))',
    '        layer.bias.copy_(torch.tensor(bias))',
    `loss_fn = ${lossFn}`,
    '',
  );
  if (explicit) {
    lines.push(`optimizer = ${explicit.call}`);
  } else {
    const { call, arguments: optimizerArgs, notes } = optimizerCall(settings, facts, 'pytorch');
    if (!torchRuleIsLrlabs(o)) {
      lines.push('# PyTorch\'s class, whose rule differs from lrlab\'s (Keras 3): the losses drift from the page\'s.',
        ...notes.map((note) => `# ${note}`));
    }
    lines.push(`optimizer = ${call}(${optimizerArgs.join(', ')})`);
  }
  const object = spelledCall(facts.schedule.pytorch);
  if (object) {
    lines.push('# The same curve as PyTorch\'s own scheduler (equal up to rounding; the loop below sets the rate',
      '# from lr_schedule itself, as lrlab does):', `# scheduler = ${object}`);
  }
  if (plateaus.length) {
    lines.push(
      '# Keras cuts once `patience` epochs in a row did not improve; PyTorch once more than `patience`',
      '# did: patience - 1 here. Keras\' cooldown c holds off c - 1 epochs, PyTorch\'s c epochs: c - 1 here.',
      '# threshold_mode="abs" is Keras\' min_delta; eps=0.0 cuts whenever lr > min_lr, as Keras does.',
      settings.plateau.enabled ? `plateau = ${torchPlateau(settings.plateau)}`
        : 'plateau = None  # no plateau callback until a change turns it on',
      ...(plateauMonitors && settings.plateau.enabled ? [`plateau_monitor = ${py.str(settings.plateau.monitor)}  # what the plateau callback in force watches`] : []),
    );
  }
  if (early) {
    lines.push(`early_stopping = EarlyStopping(mode=${py.str(plateauMode(early))}, min_delta=${py.float(early.min_delta)}, patience=${py.int(early.patience)}, baseline=${pyOptional(early.baseline)}, restore_best_weights=${py.bool(early.restore_best_weights)}, start_from_epoch=${py.int(early.start_from_epoch)})`);
  }
  const monitors = [...plateaus.map((p) => p.monitor), early?.monitor ?? ''];
  const accuracy = monitors.some((monitor) => monitor.includes('accuracy'));
  const trainingHits = monitors.includes('accuracy');
  lines.push(
    '',
    '',
    'def rate():',
    '    return optimizer.param_groups[0]["lr"]',
    '',
    '',
    'def set_rate(lr):',
    '    for group in optimizer.param_groups:',
    '        group["lr"] = lr',
    '',
    '',
  );
  if (accuracy) {
    const hit = start.outputs > 1 ? 'logits.argmax(1) == y.argmax(1)'
      : `(logits > ${loss === 'mse' ? '0.5' : '0.0'}) == (y > 0.5)`;
    lines.push('def correct(logits, y):', '    """Samples classified right, as lrlab counts them."""', `    return (${hit}).sum().item()`, '', '');
  }
  const setSchedule = (position) => `set_rate(lr_schedule(${position}, rate()))`;
  // Before each epoch or each mini-batch, as the schedule in force asks.
  const epochSchedule = changes?.mixedGranularity ? ['    if not PER_STEP:', `        ${setSchedule('epoch')}`]
    : fn.perStep ? [] : [`    ${setSchedule('epoch')}`];
  const stepSchedule = changes?.mixedGranularity ? ['        if PER_STEP:', `            ${setSchedule('step')}`]
    : fn.perStep ? [`        ${setSchedule('step')}`] : [];
  lines.push(
    'shuffle = LrlabShuffle(SEED)',
    'order = list(range(len(x_train)))',
    'step = 0',
    'for epoch in range(EPOCHS):',
    '    shuffle.shuffle(order)  # each epoch shuffles the previous epoch\'s order further',
    ...(changes?.atEpochStart ?? []),
    ...epochSchedule,
    '    model.train()',
    '    loss_sum = 0.0',
    ...(trainingHits ? ['    hits = 0'] : []),
    '    for first in range(0, len(order), BATCH_SIZE):',
    '        batch = order[first:first + BATCH_SIZE]',
    ...(changes?.inBatch ?? []),
    ...stepSchedule,
    '        optimizer.zero_grad()',
    '        logits = model(x_train[batch])',
    '        loss = loss_fn(logits, y_train[batch])',
    '        loss.backward()',
    '        optimizer.step()',
    '        step += 1',
    '        loss_sum += loss.item() * len(batch)',
    ...(trainingHits ? ['        hits += correct(logits, y_train[batch])'] : []),
    '    train_loss = loss_sum / len(order)  # the mean over the epoch\'s mini-batches, as Keras reports it',
  );
  if (hasVal) {
    lines.push(
      '    model.train(False)  # evaluation mode',
      '    with torch.no_grad():',
      '        val_logits = model(x_val)',
      '        val_loss = loss_fn(val_logits, y_val).item()',
      '    print(f"epoch {epoch + 1}: loss {train_loss:.17g}  val_loss {val_loss:.17g}")',
    );
  } else {
    lines.push('    print(f"epoch {epoch + 1}: loss {train_loss:.17g}")');
  }
  lines.push(
    `    if not math.isfinite(train_loss${hasVal ? ' + val_loss' : ''}):`,
    '        print("diverged: lrlab stops the run here")',
    '        break',
  );
  // The monitored values as lrlab computes them: the epoch's running training loss and accuracy,
  // the validation set's after the epoch.
  const monitored = {
    val_loss: 'val_loss', loss: 'train_loss', accuracy: 'hits / len(order)', val_accuracy: 'correct(val_logits, y_val) / len(x_val)',
  };
  if (plateaus.length) {
    const { monitor } = plateaus[0];
    const value = plateauMonitors
      ? `{${[...new Set(plateaus.map((p) => p.monitor))].map((m) => `${py.str(m)}: ${monitored[m]}`).join(', ')}}[plateau_monitor]`
      : monitored[monitor];
    // A plateau callback turned off (or not yet on) is None: the loop steps the one in force.
    const indent = plateauOff ? '        ' : '    ';
    lines.push(
      ...(plateauOff ? ['    if plateau is not None:'] : []),
      `${indent}before = rate()`,
      `${indent}plateau.step(${value})  # monitor: ${plateauMonitors ? 'plateau_monitor' : monitor}`,
      `${indent}LR0 *= rate() / before  # lrlab scales the base rate by each cut: a schedule goes on from there`,
    );
  }
  // After the plateau's step, as lrlab calls its callbacks (core/callbacks/callback.h).
  if (early) {
    lines.push(
      `    if early_stopping.stop(epoch, ${monitored[early.monitor]}, model):  # monitor: ${early.monitor}`,
      '        print(f"Epoch {epoch + 1}: early stopping")',
      '        break',
    );
  }
  return `${lines.join('\n')}\n`;
}

// PyTorch's ReduceLROnPlateau on `optimizer`, counting as Keras' does with lrlab's settings (the
// listing's comment above its first one says how the numbers map).
function torchPlateau(p) {
  return `torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode=${py.str(plateauMode(p))}, factor=${py.float(p.factor)}, patience=${Math.max(0, p.patience - 1)}, threshold=${py.float(p.min_delta)}, threshold_mode="abs", cooldown=${Math.max(0, p.cooldown - 1)}, min_lr=${py.float(p.min_lr)}, eps=0.0)`;
}

// The PyTorch call that makes an optimizer with lrlab's rule: the listing's own class where
// PyTorch's rule differs (KerasSGD, KerasAdam), else PyTorch's class.
function torchOptimizer(settings, facts) {
  const explicit = kerasRuleOptimizer(settings.optimizer);
  if (explicit) return explicit.call;
  const { call, arguments: optimizerArgs } = optimizerCall(settings, facts, 'pytorch');
  return `${call}(${optimizerArgs.join(', ')})`;
}

/**
 * Both listings for one run. options: {registry, facts, stretchFacts, run, start, dataFile}: the core's registry,
 * its code facts for these settings (api.codeFacts(settings, pythonNames(settings))), for a run
 * changed while it trained the facts of each stretch between two changes (settingsStretches order;
 * without them its listings train the settings it started with), a short name for the header,
 * e.g. "run 2", the core's runStart for the settings, and where a big run's listing reads its
 * samples from. replaysChanges: whether the listings make the run's changes.
 * @param {any} settings
 * @param {{registry?: any, facts: any, stretchFacts?: any[], run?: any, start: import('../worker/lrlab-api-types.d.ts').RunStart, dataFile?: string}} options
 */
export function codeFor(settings, options) {
  return { keras: kerasCode(settings, options), pytorch: pytorchCode(settings, options),
    replaysChanges: replayedStretches(settings, options.stretchFacts) !== null };
}
