// EarlyStopping in the "As code" listings (web/exports/code-export.js): the PyTorch listing's
// EarlyStopping class, run in Python on the losses the core recorded, stops after the same epoch
// with the same wait and best epoch as the core, and restores the same epoch's weights; the Keras
// listing passes every parameter to keras.callbacks.EarlyStopping as the settings say.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { loadApi } from './load_module.mjs';
import { codeFor as printCode, pythonNames } from '../../web/exports/code-export.js';

const api = await loadApi();
const registry = api.registry();
const python = process.env.LRLAB_PYTHON ?? '/usr/bin/python3';
// The listings as the page writes them: the core's code facts and the run's start, then the printer.
const codeFor = (settings, options) => printCode(settings, {
  ...options, facts: api.codeFacts(settings, pythonNames(settings)), start: api.runStart(settings),
});

// Runs only the listing's EarlyStopping class and its `early_stopping = ...` line, with a stand-in
// model whose weights are the epoch they were taken after.
const PY = String.raw`
import ast, copy, json, math, sys
out = []
for case in json.load(sys.stdin):
    tree = ast.parse(case["pytorch"])
    keep = [node for node in tree.body
            if (isinstance(node, ast.ClassDef) and node.name == "EarlyStopping")
            or (isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "early_stopping" for t in node.targets))]
    space = {"math": math, "copy": copy}
    exec(compile(ast.Module(body=keep, type_ignores=[]), "<listing>", "exec"), space)
    rule = space["early_stopping"]
    class Model:
        epoch = -1
        restored = None
        def state_dict(self): return {"epoch": self.epoch}
        def load_state_dict(self, state): self.restored = state["epoch"]
    model = Model()
    stop = -1
    for epoch, value in enumerate(case["values"]):
        model.epoch = epoch
        if rule.stop(epoch, value, model):
            stop = epoch
            break
    out.append({"stop": stop, "wait": rule.wait, "best_epoch": rule.best_epoch, "restored": model.restored})
json.dump(out, sys.stdout)
`;

const base = {
  problem: { name: 'moons', noise: 0.3 }, epochs: 60, optimizer: { name: 'sgd', learning_rate: 0.5 },
};
const CONFIGS = [
  {},
  { patience: 3, restore_best_weights: true },
  { monitor: 'loss', min_delta: 0.002, patience: 2 },
  { monitor: 'val_accuracy', patience: 4, restore_best_weights: true },
  { monitor: 'accuracy', mode: 'max', min_delta: 0.01, patience: 5 },
  { patience: 5, baseline: 0.26, restore_best_weights: true },
  { patience: 4, baseline: 0.1 },
  { patience: 2, start_from_epoch: 20, restore_best_weights: true },
  { mode: 'max', patience: 1, restore_best_weights: true },
  { patience: 40 },
];

test('the PyTorch listing stops where the core stops, on the losses the core recorded', () => {
  const plain = api.createTrainer(base);
  plain.run(base.epochs);
  const recorded = plain.history();
  plain.delete();
  const series = { loss: recorded.train_loss, val_loss: recorded.val_loss, accuracy: recorded.accuracy, val_accuracy: recorded.val_accuracy };

  const cases = [];
  const core = [];
  for (const config of CONFIGS) {
    const settings = api.validateSettings({ ...base, early_stopping: { enabled: true, ...config } });
    const trainer = api.createTrainer(settings);
    trainer.run(base.epochs);
    const stop = trainer.history().events.find((event) => event.kind === 'early_stop');
    trainer.delete();
    core.push(stop ? { stop: stop.epoch, wait: stop.wait, best_epoch: stop.best_epoch, restored: stop.restored_best_weights ? stop.best_epoch : null } : null);
    cases.push({ pytorch: codeFor(settings, { registry }).pytorch, values: Array.from(series[settings.early_stopping.monitor]) });
  }
  const listing = JSON.parse(execFileSync(python, ['-c', PY], { input: JSON.stringify(cases), encoding: 'utf8' }));
  let stops = 0;
  CONFIGS.forEach((config, i) => {
    const what = JSON.stringify(config);
    if (!core[i]) {
      assert.equal(listing[i].stop, -1, what);
      return;
    }
    stops++;
    assert.deepEqual(listing[i], core[i], what);
  });
  assert.ok(stops >= 7, `${stops} of ${CONFIGS.length} configurations stop`);
});

test('the Keras listing passes every EarlyStopping parameter, after ReduceLROnPlateau', () => {
  const settings = api.validateSettings({
    ...base, plateau: { enabled: true, monitor: 'loss' },
    early_stopping: { enabled: true, patience: 3, min_delta: 0.001, baseline: 0.3, restore_best_weights: true, start_from_epoch: 2 },
  });
  const { keras, pytorch } = codeFor(settings, { registry });
  assert.match(keras, /keras\.callbacks\.EarlyStopping\(monitor="val_loss", min_delta=0\.001, patience=3, mode="auto", baseline=0\.3, restore_best_weights=True, start_from_epoch=2\),/);
  assert.ok(keras.indexOf('ReduceLROnPlateau(') < keras.indexOf('EarlyStopping('));
  assert.ok(pytorch.indexOf('plateau.step(') < pytorch.indexOf('early_stopping.stop('));
  const none = codeFor(api.validateSettings({ ...base, early_stopping: { enabled: true } }), { registry });
  assert.match(none.keras, /baseline=None, restore_best_weights=False, start_from_epoch=0\)/);
  assert.match(none.pytorch, /early_stopping = EarlyStopping\(mode="min", min_delta=0\.0, patience=0, baseline=None, restore_best_weights=False, start_from_epoch=0\)/);
  // Off: the listings say nothing of it.
  const off = codeFor(api.validateSettings(base), { registry });
  assert.ok(!off.keras.includes('EarlyStopping') && !off.pytorch.includes('EarlyStopping'));
});
