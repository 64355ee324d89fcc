// "As code" (web/exports/code-export.js): the Keras 3 and PyTorch listings generated from a run's settings
// are valid Python (Debian's python3 parses them with ast), and the schedule function they define,
// run in Python with only the standard `math` module, gives the core's previewSchedule rates for
// every schedule in the core's registry, per epoch and per step, at default and other parameters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { loadApi } from './load_module.mjs';
import { codeFor as printCode, kerasCode as printKeras, pythonNames, stepsPerEpoch } from '../../web/exports/code-export.js';

const api = await loadApi();
const registry = api.registry();
// The listings as the page writes them: the core's code facts for the settings, then the printer.
const codeFor = (settings, options) => printCode(settings, { ...options, facts: api.codeFacts(settings, pythonNames(settings)) });
const kerasCode = (settings, options) => printKeras(settings, { ...options, facts: api.codeFacts(settings, pythonNames(settings)) });
const python = process.env.LRLAB_PYTHON ?? '/usr/bin/python3';

// Parses both listings, then runs ONLY the listing's own constants (UPPER_CASE = literal) and its
// lr_schedule definition in a namespace holding the math module: no keras, no torch. Each position
// gets the previous position's rate as lr, as the core's preview does.
const PY = String.raw`
import ast, json, math, sys
cases = json.load(sys.stdin)
out = []
for case in cases:
    trees = [ast.parse(case[key]) for key in ("keras", "pytorch")]
    rates = []
    for tree in trees:
        keep = [node for node in tree.body
                if (isinstance(node, ast.FunctionDef) and node.name == "lr_schedule")
                or (isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) and t.id.isupper() for t in node.targets))]
        space = {"math": math}
        exec(compile(ast.Module(body=keep, type_ignores=[]), "<listing>", "exec"), space)
        lr = space["LR0"]
        mine = []
        for s in range(case["count"]):
            lr = float(space["lr_schedule"](s, lr))
            mine.append(lr)
        rates.append(mine)
    out.append(rates)
json.dump(out, sys.stdout)
`;

function runPython(cases) {
  return JSON.parse(execFileSync(python, ['-c', PY], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 1 << 28 }));
}

// Per schedule: parameter sets that reach every branch of its code.
const VARIANTS = {
  exponential: [{ staircase: true, decay_steps: 7 }],
  inverse_time: [{ staircase: true, decay_steps: 3 }],
  polynomial: [{ decay_steps: 40, power: 2, end_learning_rate: 0.002 }],
  piecewise: [{ boundaries: [3, 9, 30], values: [0.05, 0.02, 0.01, 0.001] }],
  cosine: [{ decay_steps: 50, warmup_steps: 10, warmup_target_factor: 3, alpha: 0.1 }, { decay_steps: 30, warmup_target_factor: 0.5 }],
  cosine_restarts: [{ first_decay_steps: 7, t_mul: 1, m_mul: 0.5 }, { first_decay_steps: 5, t_mul: 1.5, alpha: 0.05 }],
  cyclic: [{ step_size: 6, mode: 'triangular2' }, { step_size: 4, mode: 'exp_range', gamma: 0.97 }],
  one_cycle: [{ total_steps: 50, pct_start: 0.25 }],
  step: [{ step_size: 4, gamma: 0.5 }],
  multistep: [{ milestones: [2, 5, 40], gamma: 0.3 }],
  linear_warmup: [{ total_iters: 12, start_factor: 0.1 }],
  constant_lr: [{ total_iters: 9, factor: 0.2 }, { total_iters: 0 }],
  linear_lr: [{ total_iters: 20, start_factor: 1, end_factor: 0.05 }],
  sequential: [{ parts: [{ name: 'wsd', total_steps: 30, decay_shape: 'cosine' }, { name: 'one_cycle', total_steps: 20 }, { name: 'step', step_size: 300 }], milestones: [10, 25] }],
  chained: [{ parts: [{ name: 'linear_lr', total_iters: 7 }, { name: 'cosine_restarts', first_decay_steps: 9 }, { name: 'cyclic', step_size: 4 }] }],
  wsd: [{ total_steps: 40, decay_shape: 'linear', warmup_fraction: 0.13 }, { total_steps: 33, decay_shape: 'cosine', decay_fraction: 0.5, final_fraction: 0.2 }, { total_steps: 50 }],
  formula: [
    { expression: 'lr0 * 0.5^floor(epoch / 10) + (step > 100 && epoch < 40 ? 1e-4 : 0)' },
    { expression: '-2^2 + 5 + max(lr * 0.97, 1e-3) * !(epoch == 3) + (epoch >= 4 || 0) * cos(pi * epoch / 80) * 1e-3' },
    { expression: 'pow(0.9, epoch) * lr0 / (1 + sqrt(abs(sin(epoch)))) + exp(-epoch) * 1e-3 + log(epoch + 2) * ceil(epoch / 7) * 1e-4' },
  ],
};

function cases() {
  const list = [];
  for (const { name } of registry.schedules) {
    for (const params of [{}, ...(VARIANTS[name] ?? [])]) {
      for (const granularity of ['epoch', 'step']) {
        for (const rate of [0.3, 0.004]) {
          const settings = api.validateSettings({
            problem: { name: 'moons', samples: 300 }, batch_size: 64, epochs: 60,
            optimizer: { name: 'adam', learning_rate: rate }, schedule: { name, granularity, ...params },
          });
          list.push({ label: `${name} ${JSON.stringify(params)} per ${granularity} at ${rate}`, settings });
        }
      }
    }
  }
  return list;
}

test('the schedule function in both listings gives previewSchedule\'s rates for every schedule', () => {
  const all = cases();
  assert.ok(all.length >= registry.schedules.length * 4);
  const inputs = all.map(({ settings }) => {
    const perStep = settings.schedule.granularity === 'step';
    const steps = stepsPerEpoch(settings);
    // Enough positions to pass each default's decay length (1000 steps) and a few cycles.
    const count = perStep ? 1200 : 60;
    return { ...codeFor(settings, { registry, start: api.runStart(settings) }), count, steps };
  });
  const fromPython = runPython(inputs);
  all.forEach(({ label, settings }, index) => {
    const { count, steps } = inputs[index];
    const core = api.previewSchedule(settings.schedule, settings.optimizer.learning_rate, count, steps);
    for (const [which, rates] of [['Keras', fromPython[index][0]], ['PyTorch', fromPython[index][1]]]) {
      assert.equal(rates.length, core.length, label);
      for (let s = 0; s < core.length; s++) {
        const scale = Math.max(Math.abs(core[s]), 1e-300);
        assert.ok(Math.abs(rates[s] - core[s]) <= 1e-12 * scale,
          `${which}, ${label}, position ${s}: python ${rates[s]} vs core ${core[s]}`);
      }
    }
  });
});

test('steps per epoch as the core counts them', () => {
  for (const [samples, fraction, batch] of [[300, 0.2, 64], [512, 0.2, 512], [101, 0.33, 7], [8, 0, 1]]) {
    const settings = api.validateSettings({ problem: { name: 'moons', samples, val_fraction: fraction }, batch_size: batch });
    const trainer = api.createTrainer(settings);
    try {
      assert.equal(stepsPerEpoch(settings), trainer.stepsPerEpoch, JSON.stringify({ samples, fraction, batch }));
    } finally {
      trainer.delete();
    }
  }
});

test('every optimizer, loss and plateau setting gives listings that parse and carry the numbers', () => {
  const inputs = [];
  for (const { name } of registry.optimizers) {
    for (const enabled of [false, true]) {
      for (const problem of ['moons', 'blobs', 'sine']) {
        // A regression problem has no accuracy to monitor.
        const monitor = problem === 'sine' ? 'loss' : 'val_accuracy';
        const plateau = { enabled, monitor, patience: 3, cooldown: 2, factor: 0.2, min_lr: 0.001 };
        const settings = api.validateSettings({
          problem: { name: problem }, model: { hidden: [8], activation: 'relu' },
          optimizer: { name, learning_rate: 0.0123 }, plateau, schedule: { name: 'tutorial' }, epochs: 77, batch_size: 16,
        });
        inputs.push({ ...codeFor(settings, { registry, run: 'run 1', start: api.runStart(settings) }), count: 1, settings });
      }
    }
  }
  runPython(inputs.map(({ keras, pytorch, count }) => ({ keras, pytorch, count })));  // parses, or throws
  for (const { keras, pytorch, settings } of inputs) {
    const o = settings.optimizer;
    assert.match(keras, /^LR0 = 0\.0123 /m);
    assert.match(keras, /^EPOCHS = 77$/m);
    assert.match(keras, /^BATCH_SIZE = 16$/m);
    assert.match(keras, /model\.fit\([\s\S]*epochs=EPOCHS,[\s\S]*batch_size=BATCH_SIZE/);
    assert.match(keras, /keras\.callbacks\.LearningRateScheduler\(lr_schedule\)/);
    // The rate is set from lr_schedule before every epoch, as lrlab does.
    assert.match(pytorch, /^ {4}set_rate\(lr_schedule\(epoch, rate\(\)\)\)$/m);
    if ('epsilon' in o) {
      assert.ok(keras.includes(`epsilon=${o.epsilon}`), `${o.name}: Keras epsilon`);
      // Adam and AdamW are written out with Keras' rule (its epsilon); the others are PyTorch's.
      const written = ['adam', 'adamw'].includes(o.name);
      assert.ok(pytorch.includes(written ? `epsilon=${o.epsilon}` : `eps=${o.epsilon}`), `${o.name}: PyTorch eps`);
      assert.equal(pytorch.includes('the losses drift from the page\'s'), !written, `${o.name}: says whether it is lrlab's rule`);
    }
    if (settings.plateau.enabled) {
      // Keras keeps its own numbers; PyTorch counts patience and cooldown one epoch later.
      const { monitor } = settings.plateau;
      assert.ok(keras.includes(`ReduceLROnPlateau(monitor="${monitor}", factor=0.2, patience=3, mode="auto", min_delta=0.0001, cooldown=2, min_lr=0.001)`), keras);
      assert.ok(pytorch.includes(`ReduceLROnPlateau(optimizer, mode="${monitor === 'loss' ? 'min' : 'max'}", factor=0.2, patience=2, threshold=0.0001, threshold_mode="abs", cooldown=1, min_lr=0.001, eps=0.0)`), pytorch);
    } else {
      assert.doesNotMatch(keras + pytorch, /ReduceLROnPlateau/);
    }
  }
  const adam = inputs.find(({ settings }) => settings.optimizer.name === 'adam').pytorch;
  assert.match(adam, /torch\.optim\.Adam adds eps\s+(#\s+)?after correcting v/, 'says where PyTorch\'s Adam differs');
});

test('a real table\'s shape comes from the registry; an unknown one is read from the data in the listing', () => {
  const settings = api.validateSettings({ problem: { name: 'moons' }, model: { hidden: [8] } });
  const table = { ...settings, problem: { name: 'iris', val_fraction: 0.2 } };
  const fake = { ...registry, datasets: [{ name: 'iris', task: 'multiclass', features: 4, classes: 3 }] };
  const iris = { keras: kerasCode(table, { registry: fake }) };
  assert.match(iris.keras, /keras\.Input\(shape=\(4,\)\)/);
  assert.match(iris.keras, /keras\.layers\.Dense\(3, kernel_initializer="glorot_uniform"\),  # logits/);
  assert.match(iris.keras, /CategoricalCrossentropy\(from_logits=True\)/);
  const own = { keras: kerasCode({ ...settings, problem: { name: 'csv', task: 'regression' } }, { registry }) };
  assert.match(own.keras, /keras\.Input\(shape=\(x_train\.shape\[1\],\)\)/);
  assert.match(own.keras, /MeanSquaredError/);
  // With the run's start, both listings take the shape from its samples and weights.
  const blobs = api.validateSettings({ problem: { name: 'blobs', samples: 60 }, model: { hidden: [8] } });
  const start = api.runStart(blobs);
  assert.deepEqual([start.inputs, start.outputs, start.task], [2, 3, 'multiclass']);
  const withStart = codeFor(blobs, { registry, start });
  assert.match(withStart.pytorch, /nn\.Linear\(2, 8\)/);
  assert.match(withStart.pytorch, /nn\.Linear\(8, 3\)/);
  assert.match(withStart.keras, /keras\.Input\(shape=\(2,\)\)/);
  assert.match(withStart.keras, /keras\.layers\.Dense\(3, kernel_initializer="glorot_uniform"\),  # logits/);
  for (const listing of [iris.keras, own.keras, withStart.keras, withStart.pytorch]) {
    execFileSync(python, ['-c', 'import ast,sys; ast.parse(sys.stdin.read())'], { input: listing });
  }
});
