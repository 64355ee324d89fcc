// "As code": one run's settings written as the Keras 3 and the PyTorch code a student would type.
// Everything is generated here from the core's settings JSON (the canonical form the page and the
// CLI share), so both listings name the same numbers. The schedule is ONE plain Python function,
// lr_schedule(position, lr), shared by both listings and written with the standard `math` module:
// the wasm tests (tests/wasm/code-export.test.mjs) run it in Python and compare it with the core's
// previewSchedule for every schedule. Where a framework's rule differs from lrlab's (lrlab follows
// Keras 3, docs/spec-optimizers.md#where-pytorch-differs), the listing says so in a comment instead of pretending to match.
import { formulaToPython, formulaVariables } from './formula-python.js';

// Python literals. Numbers print as JavaScript prints them (shortest text that reads back as the
// same double), integers with a decimal point where Python would otherwise make an int of a rate.
export const py = {
  float: (x) => (Number.isInteger(x) && Math.abs(x) < 1e15 ? `${x}.0` : String(x)),
  int: (x) => String(Math.round(x)),
  bool: (x) => (x ? 'True' : 'False'),
  str: (x) => JSON.stringify(String(x)),
  floats: (list) => `(${list.map((x) => py.float(x)).join(', ')}${list.length === 1 ? ',' : ''})`,
};

// Training samples per epoch as the core splits them (core/data.cpp: the validation share is
// samples * val_fraction rounded down), hence mini-batch steps per epoch.
export function stepsPerEpoch(settings) {
  const { samples = NaN, val_fraction: fraction = 0 } = settings.problem;
  if (!Number.isFinite(samples)) return 'math.ceil(len(x_train) / BATCH_SIZE)';
  const train = samples - Math.floor(samples * fraction);
  return Math.max(1, Math.ceil(train / Math.max(1, settings.batch_size)));
}

// ---- the schedule: one Python function of the position s (epoch or step) and the current rate ----

// Returns {lines: body lines (indented 4), usesLr: reads the current rate}. s: the position's
// Python name; epoch, step: Python expressions for both counters (a formula may read either).
function scheduleBody(schedule, { s, epoch, step }) {
  const p = schedule;
  const f = py.float;
  switch (p.name) {
    case 'constant':
      return { usesLr: true, lines: ['return lr  # the rate in force: kept as it is, also after a plateau cut'] };
    case 'tutorial':
      return { usesLr: false, lines: [
        `if ${epoch} < 5:`,
        '    return 0.01',
        `return 0.01 * math.exp(0.1 * (10 - ${epoch}))`,
      ] };
    case 'step':
      return { usesLr: false, lines: [`return LR0 * ${f(p.gamma)} ** math.floor(${s} / ${py.int(p.step_size)})`] };
    case 'multistep':
      return { usesLr: false, lines: [
        `passed = sum(1 for milestone in ${py.floats(p.milestones)} if milestone <= ${s})`,
        `return LR0 * ${f(p.gamma)} ** passed`,
      ] };
    case 'exponential':
    case 'inverse_time': {
      const ratio = p.staircase ? `math.floor(${s} / ${py.int(p.decay_steps)})` : `${s} / ${py.int(p.decay_steps)}`;
      return { usesLr: false, lines: [p.name === 'exponential'
        ? `return LR0 * ${f(p.decay_rate)} ** (${ratio})`
        : `return LR0 / (1 + ${f(p.decay_rate)} * ${ratio})`] };
    }
    case 'polynomial': {
      const end = f(p.end_learning_rate);
      const n = py.int(p.decay_steps);
      return { usesLr: false, lines: [
        `done = min(${s}, ${n}) / ${n}`,
        `return (LR0 - ${end}) * (1 - done) ** ${f(p.power)} + ${end}`,
      ] };
    }
    case 'piecewise':
      return { usesLr: false, lines: [
        `for boundary, value in zip(${py.floats(p.boundaries)}, ${py.floats(p.values.slice(0, -1))}):`,
        `    if ${s} <= boundary:`,
        '        return value',
        `return ${f(p.values.at(-1))}`,
      ] };
    case 'cosine': {
      const lines = [`target = LR0 * ${f(p.warmup_target_factor)}`];
      const w = py.int(p.warmup_steps);
      if (p.warmup_steps > 0) lines.push(`if ${s} < ${w}:`, `    return LR0 + (target - LR0) * (${s} / ${w})`);
      lines.push(
        `t = min(${s} - ${w}, ${py.int(p.decay_steps)})`,
        `cosine = 0.5 * (1 + math.cos(math.pi * t / ${py.int(p.decay_steps)}))`,
        `return target * ((1 - ${f(p.alpha)}) * cosine + ${f(p.alpha)})`,
      );
      return { usesLr: false, lines };
    }
    case 'cosine_restarts': {
      const n0 = py.int(p.first_decay_steps);
      const lines = [`units = ${s} / ${n0}  # position in units of the first cycle`];
      if (p.t_mul === 1) {
        lines.push('i = math.floor(units)  # cycle number', 'frac = units - i');
      } else {
        const t = f(p.t_mul);
        lines.push(
          `start = lambda i: (${t} ** i - 1) / (${t} - 1)  # where cycle i starts`,
          `i = max(0, math.floor(math.log(1 + units * (${t} - 1)) / math.log(${t})))`,
          'while start(i + 1) <= units:',
          '    i += 1',
          'while i > 0 and start(i) > units:',
          '    i -= 1',
          `frac = (units - start(i)) / ${t} ** i`,
        );
      }
      lines.push(
        `cosine = 0.5 * ${f(p.m_mul)} ** i * (1 + math.cos(math.pi * frac))`,
        `return LR0 * ((1 - ${f(p.alpha)}) * cosine + ${f(p.alpha)})`,
      );
      return { usesLr: false, lines };
    }
    case 'cyclic': {
      const size = py.int(p.step_size);
      const scale = { triangular: '1.0', triangular2: '0.5 ** (cycle - 1)', exp_range: `${f(p.gamma)} ** ${s}` }[p.mode];
      return { usesLr: false, lines: [
        `cycle = 1 + ${s} // ${2 * p.step_size}`,
        `x = abs(${s} / ${size} - 2 * cycle + 1)`,
        `peak = LR0 * ${f(p.max_factor)}`,
        `return LR0 + (peak - LR0) * max(0.0, 1 - x) * ${scale}`,
      ] };
    }
    case 'one_cycle': {
      const rise = p.pct_start * p.total_steps - 1;  // the peak's position, as PyTorch's OneCycleLR
      return { usesLr: false, lines: [
        `start = LR0 / ${f(p.div_factor)}`,
        'anneal = lambda a, b, frac: b + (a - b) / 2 * (math.cos(math.pi * frac) + 1)',
        `if ${s} <= ${f(rise)}:`,
        `    return anneal(start, LR0, ${s} / ${f(rise)})`,
        `return anneal(LR0, start / ${f(p.final_div_factor)}, min((${s} - ${f(rise)}) / ${f(p.total_steps - 1 - rise)}, 1.0))`,
      ] };
    }
    case 'linear_warmup':
      return { usesLr: false, lines: [
        `return LR0 * (${f(p.start_factor)} + (1 - ${f(p.start_factor)}) * min(${s}, ${py.int(p.total_iters)}) / ${py.int(p.total_iters)})`,
      ] };
    case 'formula': {
      const used = formulaVariables(p.expression);
      return { usesLr: used.has('lr'), lines: [
        `# your formula: ${p.expression.replace(/\s+/g, ' ')}`,
        `return float(${formulaToPython(p.expression, { epoch, step, lr: 'lr', lr0: 'LR0' })})  # Keras wants a float`,
      ] };
    }
    default:
      throw new Error(`schedule.name: "${p.name}" has no code export`);
  }
}

// The shared function: {source, usesLr, perStep}.
export function scheduleFunction(settings) {
  const { schedule } = settings;
  const perStep = schedule.granularity === 'step';
  const s = perStep ? 'step' : 'epoch';
  const names = perStep
    ? { s, step: 'step', epoch: '(step // STEPS_PER_EPOCH)' }
    : { s, epoch: 'epoch', step: '(epoch * STEPS_PER_EPOCH)' };
  const { lines, usesLr } = scheduleBody(schedule, names);
  const doc = perStep
    ? 'The rate for mini-batch step `step` (0-based: the number of updates done before it).'
    : 'The rate for epoch `epoch` (0-based), as Keras\' LearningRateScheduler asks for it.';
  const source = [`def lr_schedule(${s}, lr=LR0):`, `    """${doc}"""`, ...lines.map((line) => `    ${line}`)].join('\n');
  return { source, usesLr, perStep };
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

// ---- the optimizer in each framework ----

/** @returns {[string, string[]]} */
function kerasOptimizer(o) {
  const f = py.float;
  const args = [`learning_rate=LR0`];
  const add = (name, text) => args.push(`${name}=${text}`);
  switch (o.name) {
    case 'sgd': add('momentum', f(o.momentum)); add('nesterov', py.bool(o.nesterov)); return ['SGD', args];
    case 'adagrad': add('initial_accumulator_value', f(o.initial_accumulator_value)); add('epsilon', f(o.epsilon)); return ['Adagrad', args];
    case 'adadelta': add('rho', f(o.rho)); add('epsilon', f(o.epsilon)); return ['Adadelta', args];
    case 'rmsprop': add('rho', f(o.rho)); add('momentum', f(o.momentum)); add('epsilon', f(o.epsilon)); add('centered', py.bool(o.centered)); return ['RMSprop', args];
    case 'adam': case 'adamw':
      add('beta_1', f(o.beta_1)); add('beta_2', f(o.beta_2)); add('epsilon', f(o.epsilon)); add('amsgrad', py.bool(o.amsgrad));
      if (o.name === 'adamw') add('weight_decay', f(o.weight_decay));
      return [o.name === 'adam' ? 'Adam' : 'AdamW', args];
    case 'nadam': add('beta_1', f(o.beta_1)); add('beta_2', f(o.beta_2)); add('epsilon', f(o.epsilon)); return ['Nadam', args];
    case 'adamax': add('beta_1', f(o.beta_1)); add('beta_2', f(o.beta_2)); add('epsilon', f(o.epsilon)); return ['Adamax', args];
    default: throw new Error(`optimizer.name: "${o.name}" has no code export`);
  }
}

// [class, args, notes]: the closest PyTorch optimizer and where its rule differs from Keras'.
/** @returns {[string, string[], string[]]} */
function torchOptimizer(o) {
  const f = py.float;
  const betas = `betas=(${f(o.beta_1)}, ${f(o.beta_2)})`;
  switch (o.name) {
    case 'sgd': return ['SGD', [`momentum=${f(o.momentum)}`, `nesterov=${py.bool(o.nesterov)}`],
      o.momentum > 0 ? ['PyTorch keeps the momentum buffer in gradients and multiplies by lr when it steps; Keras keeps it in steps',
        '(lr already applied). The same while the rate is constant; after a rate change they differ.'] : []];
    case 'adagrad': return ['Adagrad', [`initial_accumulator_value=${f(o.initial_accumulator_value)}`, `eps=${f(o.epsilon)}`],
      ['PyTorch adds eps outside the square root (sqrt(a) + eps); Keras inside (sqrt(a + eps)).']];
    case 'adadelta': return ['Adadelta', [`rho=${f(o.rho)}`, `eps=${f(o.epsilon)}`],
      ['Same rule as Keras; PyTorch\'s default lr is 1.0 (Keras\' 0.001), so lr is given explicitly.']];
    case 'rmsprop': return ['RMSprop', [`alpha=${f(o.rho)}`, `eps=${f(o.epsilon)}`, `momentum=${f(o.momentum)}`, `centered=${py.bool(o.centered)}`],
      ['PyTorch calls rho "alpha" and adds eps outside the square root; Keras inside.',
        ...(o.momentum > 0 ? ['With momentum PyTorch multiplies the buffer by lr when it steps; Keras stores lr-scaled steps.'] : [])]];
    case 'adam': case 'adamw': return [o.name === 'adam' ? 'Adam' : 'AdamW',
      [betas, `eps=${f(o.epsilon)}`, `amsgrad=${py.bool(o.amsgrad)}`, ...(o.name === 'adamw' ? [`weight_decay=${f(o.weight_decay)}`] : [])],
      ['PyTorch adds eps after bias-correcting v (sqrt(v / (1 - beta_2^t)) + eps); Keras before',
        `(sqrt(v) + eps, the correction folded into the step). Equal only as eps -> 0; PyTorch's default eps is 1e-8,`,
        'set here to this run\'s value.', ...(o.name === 'adamw' ? ['PyTorch\'s default weight_decay is 0.01 (Keras\' 0.004).'] : [])]];
    case 'nadam': return ['NAdam', [betas, `eps=${f(o.epsilon)}`, 'momentum_decay=1.0'],
      ['momentum_decay=1.0 gives Keras\' momentum schedule beta_1 * (1 - 0.5 * 0.96^t); PyTorch\'s default (0.004) is much slower.']];
    case 'adamax': return ['Adamax', [betas, `eps=${f(o.epsilon)}`],
      ['PyTorch adds eps to |g| inside the running maximum; Keras adds it to the maximum when it steps.']];
    default: throw new Error(`optimizer.name: "${o.name}" has no code export`);
  }
}

// Keras 3's schedule objects with exactly lrlab's curve (counted in steps), for per-step schedules.
function kerasScheduleObject(p) {
  const f = py.float;
  const i = py.int;
  switch (p.name) {
    case 'exponential': return `keras.optimizers.schedules.ExponentialDecay(LR0, decay_steps=${i(p.decay_steps)}, decay_rate=${f(p.decay_rate)}, staircase=${py.bool(p.staircase)})`;
    case 'inverse_time': return `keras.optimizers.schedules.InverseTimeDecay(LR0, decay_steps=${i(p.decay_steps)}, decay_rate=${f(p.decay_rate)}, staircase=${py.bool(p.staircase)})`;
    case 'polynomial': return `keras.optimizers.schedules.PolynomialDecay(LR0, decay_steps=${i(p.decay_steps)}, end_learning_rate=${f(p.end_learning_rate)}, power=${f(p.power)})`;
    case 'piecewise': return `keras.optimizers.schedules.PiecewiseConstantDecay(boundaries=[${p.boundaries.map(i).join(', ')}], values=[${p.values.map(f).join(', ')}])`;
    case 'cosine': return p.warmup_steps > 0
      ? `keras.optimizers.schedules.CosineDecay(LR0, decay_steps=${i(p.decay_steps)}, alpha=${f(p.alpha)}, warmup_target=LR0 * ${f(p.warmup_target_factor)}, warmup_steps=${i(p.warmup_steps)})`
      : `keras.optimizers.schedules.CosineDecay(LR0 * ${f(p.warmup_target_factor)}, decay_steps=${i(p.decay_steps)}, alpha=${f(p.alpha)})`;
    case 'cosine_restarts': return `keras.optimizers.schedules.CosineDecayRestarts(LR0, first_decay_steps=${i(p.first_decay_steps)}, t_mul=${f(p.t_mul)}, m_mul=${f(p.m_mul)}, alpha=${f(p.alpha)})`;
    default: return null;
  }
}

// PyTorch's own schedulers with exactly lrlab's curve, where one exists.
function torchSchedulerObject(p) {
  const f = py.float;
  const i = py.int;
  switch (p.name) {
    case 'step': return `torch.optim.lr_scheduler.StepLR(optimizer, step_size=${i(p.step_size)}, gamma=${f(p.gamma)})`;
    case 'multistep': return `torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=[${p.milestones.map(i).join(', ')}], gamma=${f(p.gamma)})`;
    case 'exponential': return p.staircase ? null : `torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=${f(p.decay_rate)} ** (1 / ${i(p.decay_steps)}))`;
    case 'linear_warmup': return `torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=${f(p.start_factor)}, end_factor=1.0, total_iters=${i(p.total_iters)})`;
    case 'one_cycle': return `torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=LR0, total_steps=${i(p.total_steps)}, pct_start=${f(p.pct_start)}, div_factor=${f(p.div_factor)}, final_div_factor=${f(p.final_div_factor)}, anneal_strategy="cos", three_phase=False, cycle_momentum=False)  # raises past total_steps; lrlab stays at the last rate`;
    default: return null;
  }
}

// lrlab's rule when a plateau cut meets a schedule (core/plateau.h): closed forms continue from the
// reduced base, "constant" and formulas reading lr keep the cut, absolute schedules override it.
function plateauScheduleNote(settings, usesLr) {
  if (!settings.plateau.enabled || usesLr) return [];
  const absolute = ['tutorial', 'piecewise'].includes(settings.schedule.name)
    || (settings.schedule.name === 'formula' && !formulaVariables(settings.schedule.expression).has('lr0'));
  return absolute
    ? ['# This schedule returns absolute rates: it overrides every plateau cut at the next', '# position, in lrlab as here.']
    : ['# lrlab scales LR0 by each plateau cut, so the schedule continues from the reduced rate.',
      '# This function starts again from LR0, as any Keras/PyTorch schedule does: after the first',
      '# cut the two differ.'];
}

function plateauMode(p) {
  if (p.mode !== 'auto') return p.mode;
  return p.monitor.includes('acc') ? 'max' : 'min';
}

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

function constants(settings) {
  const lines = [
    `LR0 = ${py.float(settings.optimizer.learning_rate)}  # this run's learning rate`,
    `EPOCHS = ${py.int(settings.epochs)}`,
    `BATCH_SIZE = ${py.int(settings.batch_size)}`,
  ];
  lines.push(`STEPS_PER_EPOCH = ${stepsPerEpoch(settings)}  # mini-batches per epoch: ceil(training samples / BATCH_SIZE)`);
  return lines;
}

// ---- Keras 3 ----

// The start both listings share: what the file is, the imports, the run's constants and the
// schedule function.
function preamble(settings, run, fn, imports) {
  return [
    ...header(settings, run),
    'import math',
    '',
    ...imports,
    '',
    ...constants(settings),
    '',
    ...plateauScheduleNote(settings, fn.usesLr),
    fn.source,
    '',
  ];
}

/**
 * @param {any} settings
 * @param {{registry?: any, run?: any}} [options]
 */
export function kerasCode(settings, { registry, run } = {}) {
  const shape = modelShape(settings, registry);
  const fn = scheduleFunction(settings);
  const [optimizerClass, optimizerArgs] = kerasOptimizer(settings.optimizer);
  const initializer = shape.he ? 'he_normal' : 'glorot_uniform';
  const layers = [`    keras.Input(shape=(${shape.inputs},)),`,
    ...shape.hidden.map((units) => `    keras.layers.Dense(${units}, activation=${py.str(shape.activation)}, kernel_initializer=${py.str(initializer)}),`),
    `    keras.layers.Dense(${shape.outputs}, kernel_initializer=${py.str(initializer)}),  # ${shape.loss === 'mse' ? 'linear output' : 'logits'}`];
  const loss = { mse: 'keras.losses.MeanSquaredError()', bce: 'keras.losses.BinaryCrossentropy(from_logits=True)',
    softmax_ce: 'keras.losses.CategoricalCrossentropy(from_logits=True)' }[shape.loss];
  const metrics = { mse: '[]', bce: '[keras.metrics.BinaryAccuracy(threshold=0.0)]', softmax_ce: '["categorical_accuracy"]' }[shape.loss];
  const lines = [...preamble(settings, run, fn, ['import keras'])];
  if (fn.perStep) {
    lines.push(
      '',
      'class PerStepSchedule(keras.callbacks.Callback):',
      '    """LearningRateScheduler sets the rate per epoch; this sets it before every mini-batch."""',
      '',
      '    def __init__(self, schedule):',
      '        super().__init__()',
      '        self.schedule = schedule',
      '        self.step = 0',
      '',
      '    def on_train_batch_begin(self, batch, logs=None):',
      '        lr = float(self.model.optimizer.learning_rate)',
      '        self.model.optimizer.learning_rate = self.schedule(self.step, lr)',
      '        self.step += 1',
      '',
    );
    const object = kerasScheduleObject(settings.schedule);
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
    `optimizer = keras.optimizers.${optimizerClass}(${optimizerArgs.join(', ')})`,
    `model.compile(optimizer=optimizer, loss=${loss}, metrics=${metrics})`,
    '',
    'callbacks = [',
    fn.perStep ? '    PerStepSchedule(lr_schedule),' : '    keras.callbacks.LearningRateScheduler(lr_schedule),',
  );
  if (settings.plateau.enabled) {
    const p = settings.plateau;
    lines.push(`    keras.callbacks.ReduceLROnPlateau(monitor=${py.str(p.monitor)}, factor=${py.float(p.factor)}, patience=${py.int(p.patience)}, mode=${py.str(p.mode)}, min_delta=${py.float(p.min_delta)}, cooldown=${py.int(p.cooldown)}, min_lr=${py.float(p.min_lr)}),`);
  }
  lines.push(
    ']',
    '',
    `# x_train, y_train, x_val, y_val: your data${shape.kind === 'multiclass' ? ' (y one-hot)' : ''}. lrlab trains on "${settings.problem.name}"${problemDetails(settings.problem)}`,
    `# split with seed ${settings.seed}; load the same points or your own.`,
    'history = model.fit(',
    '    x_train, y_train,',
    '    validation_data=(x_val, y_val),',
    '    epochs=EPOCHS,',
    '    batch_size=BATCH_SIZE,',
    '    shuffle=True,',
    '    callbacks=callbacks,',
    ')',
  );
  return `${lines.join('\n')}\n`;
}

// ---- PyTorch ----

/**
 * @param {any} settings
 * @param {{registry?: any, run?: any}} [options]
 */
export function pytorchCode(settings, { registry, run } = {}) {
  const shape = modelShape(settings, registry);
  const fn = scheduleFunction(settings);
  const [optimizerClass, optimizerArgs, notes] = torchOptimizer(settings.optimizer);
  const activation = { tanh: 'nn.Tanh()', relu: 'nn.ReLU()', sigmoid: 'nn.Sigmoid()', linear: null }[shape.activation];
  const modules = [];
  let width = shape.inputs;
  for (const units of shape.hidden) {
    modules.push(`    nn.Linear(${width}, ${units}),`);
    if (activation) modules.push(`    ${activation},`);
    width = units;
  }
  modules.push(`    nn.Linear(${width}, ${shape.outputs}),  # ${shape.loss === 'mse' ? 'linear output' : 'logits'}`);
  const init = shape.he ? 'nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")' : 'nn.init.xavier_uniform_(layer.weight)';
  const lossFn = { mse: 'nn.MSELoss()', bce: 'nn.BCEWithLogitsLoss()', softmax_ce: 'nn.CrossEntropyLoss()  # y: class indices' }[shape.loss];
  const scheduleUse = fn.usesLr
    ? (settings.schedule.name === 'constant' ? 'none' : 'manual')
    : 'lambda';
  const lines = [
    ...preamble(settings, run, fn, ['import torch', 'from torch import nn']),
    '',
    'model = nn.Sequential(',
    ...modules,
    ')',
    'for layer in model:',
    '    if isinstance(layer, nn.Linear):',
    `        ${init}`,
    '        nn.init.zeros_(layer.bias)',
    `loss_fn = ${lossFn}`,
    '',
    ...notes.map((note) => `# ${note}`),
    `optimizer = torch.optim.${optimizerClass}(model.parameters(), lr=LR0, ${optimizerArgs.join(', ')})`,
  ];
  if (scheduleUse === 'lambda') {
    lines.push('# LambdaLR multiplies the initial rate LR0 by the factor it returns.',
      'scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda=lambda position: lr_schedule(position) / LR0)');
    const object = torchSchedulerObject(settings.schedule);
    if (object) lines.push('# The same curve with PyTorch\'s own scheduler:', `# scheduler = ${object}`);
  } else if (scheduleUse === 'manual') {
    lines.push('# The formula reads the current rate lr, which LambdaLR cannot pass: the rate is set by hand below.');
  }
  if (settings.plateau.enabled) {
    const p = settings.plateau;
    lines.push(
      '# Keras cuts once `patience` epochs in a row did not improve; PyTorch once more than `patience`',
      '# did: patience - 1 here. Keras\' cooldown c holds off c - 1 epochs, PyTorch\'s c epochs: c - 1 here.',
      '# threshold_mode="abs" is Keras\' min_delta; eps=0.0 cuts whenever lr > min_lr, as Keras does.',
      `plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode=${py.str(plateauMode(p))}, factor=${py.float(p.factor)}, patience=${Math.max(0, p.patience - 1)}, threshold=${py.float(p.min_delta)}, threshold_mode="abs", cooldown=${Math.max(0, p.cooldown - 1)}, min_lr=${py.float(p.min_lr)}, eps=0.0)`,
    );
  }
  const setRate = (position) => ['for group in optimizer.param_groups:', `    group["lr"] = lr_schedule(${position}, group["lr"])`];
  const indent = (n, list) => list.map((line) => ' '.repeat(n) + line);
  const perEpochSet = scheduleUse === 'manual' && !fn.perStep ? indent(4, setRate('epoch')) : [];
  const perStepSet = scheduleUse === 'manual' && fn.perStep ? indent(8, setRate('step')) : [];
  lines.push(
    '',
    `# x_train, y_train, x_val, y_val: the problem's samples as float tensors${shape.loss === 'softmax_ce' ? ' (y: class indices, long)' : ' (y of shape [n, 1])'}.`,
    'loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x_train, y_train), batch_size=BATCH_SIZE, shuffle=True)',
    'step = 0',
    'for epoch in range(EPOCHS):',
    ...perEpochSet,
    '    model.train()',
    '    for x, y in loader:',
    ...perStepSet,
    '        optimizer.zero_grad()',
    '        loss_fn(model(x), y).backward()',
    '        optimizer.step()',
    '        step += 1',
  );
  if (scheduleUse === 'lambda' && fn.perStep) lines.push('        scheduler.step()  # per step');
  if (scheduleUse === 'lambda' && !fn.perStep) lines.push('    scheduler.step()  # per epoch');
  if (settings.plateau.enabled) {
    const monitored = {
      val_loss: 'loss_fn(model(x_val), y_val).item()',
      loss: 'loss_fn(model(x_train), y_train).item()',
      val_accuracy: 'accuracy(model(x_val), y_val)',
      accuracy: 'accuracy(model(x_train), y_train)',
    }[settings.plateau.monitor];
    if (settings.plateau.monitor.includes('accuracy')) {
      const hit = shape.loss === 'softmax_ce' ? 'logits.argmax(1) == y' : '(logits > 0).float() == y';
      lines.splice(lines.indexOf('step = 0'), 0, 'def accuracy(logits, y):', `    return (${hit}).float().mean().item()`, '', '');
    }
    lines.push('    model.train(False)  # evaluation mode', '    with torch.no_grad():', `        plateau.step(${monitored})  # monitor: ${settings.plateau.monitor}`);
    if (scheduleUse === 'lambda') lines.push('# A LambdaLR recomputes the rate from LR0 at every step, which undoes plateau cuts (see above).');
  }
  return `${lines.join('\n')}\n`;
}

// Both listings for one run. run: a short name for the header, e.g. "run 2".
export function codeFor(settings, options = {}) {
  return { keras: kerasCode(settings, options), pytorch: pytorchCode(settings, options) };
}
