// "As code": the page shows the chosen run as Keras 3 and PyTorch code. The listing parses in
// Python, carries the run's numbers, and its schedule function gives the rates the page's own
// schedule preview (the core's previewSchedule) draws for that run. The PyTorch listing, copied
// from the dialog and run with Debian's python3-torch, prints the losses the page's chart drew.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startBrowser } from './browser.mjs';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { linkTo, waitReady, previewData, runSeries, epochsDone } from './page-helpers.mjs';

const python = process.env.LRLAB_PYTHON ?? '/usr/bin/python3';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

// Parses the listing and runs its constants and lr_schedule with only `math`: the rates of the
// first `count` epochs, each given the previous rate as lr.
function pythonRates(listing, count) {
  const script = String.raw`
import ast, json, math, sys
tree = ast.parse(sys.stdin.read())
keep = [n for n in tree.body if (isinstance(n, ast.FunctionDef) and n.name == "lr_schedule")
        or (isinstance(n, ast.Assign) and all(isinstance(t, ast.Name) and t.id.isupper() for t in n.targets))]
space = {"math": math}
exec(compile(ast.Module(body=keep, type_ignores=[]), "<listing>", "exec"), space)
lr, out = space["LR0"], []
for e in range(int(sys.argv[1])):
    lr = float(space["lr_schedule"](e, lr))
    out.append(lr)
print(json.dumps(out))
`;
  return JSON.parse(execFileSync(python, ['-c', script, String(count)], { input: listing, encoding: 'utf8' }));
}

test('the As code dialog shows the chosen run in Keras and PyTorch; the code parses and its schedule matches the preview', async () => {
  const settings = {
    epochs: 20, batch_size: 64, optimizer: { name: 'adam', epsilon: 1e-6 },
    schedule: { name: 'step', step_size: 3, gamma: 0.5 }, plateau: { enabled: true, patience: 4 },
  };
  const { page, problems, close } = await browser.openPage(linkTo({ rates: [0.02, 0.3], settings }));
  await waitReady(page);
  await page.getByRole('button', { name: 'As code' }).click();
  const dialog = page.getByRole('dialog', { name: 'This run as code' });
  await dialog.waitFor();
  assert.equal(await dialog.getByRole('combobox', { name: 'Run' }).evaluate((select) => select.selectedOptions[0]?.textContent), 'run 1 (rate 0.02)', 'opens on run 1');
  // The listing is written once the worker has sent the run's samples and weights.
  const listingShows = (pattern) => page.waitForFunction((source) => new RegExp(source, 'm').test(document.getElementById('code-text').textContent), pattern.source);
  await listingShows(/^LR0 = 0\.02 /);
  await dialog.getByRole('combobox', { name: 'Run' }).selectOption({ label: 'run 2 (rate 0.3)' });
  await listingShows(/^LR0 = 0\.3 /);
  const keras = await dialog.locator('#code-text').textContent();
  assert.match(keras, /^LR0 = 0\.3 /m);
  assert.match(keras, /^EPOCHS = 20$/m);
  assert.match(keras, /^BATCH_SIZE = 64$/m);
  assert.match(keras, /keras\.optimizers\.Adam\(learning_rate=LR0, beta_1=0\.9, beta_2=0\.999, epsilon=0\.000001, amsgrad=False\)/);
  assert.match(keras, /keras\.callbacks\.LearningRateScheduler\(lr_schedule\)/);
  assert.match(keras, /keras\.callbacks\.ReduceLROnPlateau\(monitor="val_loss", factor=0\.1, patience=4,/);
  assert.match(keras, /model\.fit\(/);

  // The preview chart's second series is run 2's lr(epoch), from the core.
  const preview = (await previewData(page))[1].map(([, y]) => y);
  const rates = pythonRates(keras, preview.length);
  assert.equal(rates.length, 20);
  rates.forEach((rate, e) => assert.ok(Math.abs(rate - preview[e]) <= 1e-12 * preview[e], `epoch ${e}: python ${rate} vs preview ${preview[e]}`));
  assert.deepEqual(rates.slice(0, 7), [0.3, 0.3, 0.3, 0.15, 0.15, 0.15, 0.075], 'step decay by hand: 0.3 * 0.5^floor(e / 3)');

  assert.match(keras, /^X_TRAIN = \[$/m, 'carries the run\'s samples');
  assert.ok(await dialog.getByRole('button', { name: 'Save data' }).isHidden(), 'a small run needs no data file');

  await dialog.getByRole('tab', { name: 'PyTorch' }).click();
  await listingShows(/^import torch$/);
  const torch = await dialog.locator('#code-text').textContent();
  assert.match(torch, /KerasAdam\(model\.parameters\(\), lr=LR0, beta_1=0\.9, beta_2=0\.999, epsilon=0\.000001, amsgrad=False\)/);
  assert.match(torch, /torch\.optim\.Adam adds eps\s+after correcting v/);
  assert.match(torch, /ReduceLROnPlateau\(optimizer, mode="min", factor=0\.1, patience=3, threshold=0\.0001, threshold_mode="abs"/);
  assert.deepEqual(pythonRates(torch, 20), rates, 'one schedule function in both listings');

  // The listing runs as written and prints run 2's losses as the page drew them.
  await page.waitForFunction(() => /epoch 20\b/.test(document.querySelectorAll('#run-list > li')[1]?.textContent ?? ''), null, { timeout: 60000 });
  assert.equal(await epochsDone(page, 1), 20);
  const drawn = await runSeries(page, 1);
  const folder = mkdtempSync(join(tmpdir(), 'lrlab-e2e-listing-'));
  let printed;
  try {
    writeFileSync(join(folder, 'run.py'), torch);
    printed = execFileSync(python, ['run.py'], { cwd: folder, encoding: 'utf8' }).trim().split('\n')
      .map((line) => /^epoch (\d+): loss (\S+)\s+val_loss (\S+)$/.exec(line)).map((m) => [Number(m[2]), Number(m[3])]);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  assert.equal(printed.length, 20);
  // The chart draws epoch e's losses at x = e (1-based).
  const at = (points, epoch) => points.find(([x]) => x === epoch)?.[1];
  printed.forEach(([loss, val], e) => {
    for (const [mine, onPage] of [[loss, at(drawn.train, e + 1)], [val, at(drawn.val, e + 1)]]) {
      assert.ok(Math.abs(mine - onPage) <= 1e-10 * Math.abs(onPage), `epoch ${e + 1}: listing ${mine}, page ${onPage}`);
    }
  });

  await dialog.getByRole('button', { name: 'Copy' }).click();
  await page.waitForFunction(() => /Copied|Selected/.test(document.querySelector('#code-dialog [role=status]').textContent));
  await dialog.getByRole('button', { name: 'Close' }).click();
  assert.ok(await dialog.isHidden());
  assert.deepEqual(problems, []);
  await close();
});

// Issue 29: Lion, ScheduleFreeAdamW, and Adam with warmup-stable-decay, each set from the page's
// own controls on the default problem and exported: each listing names its optimizer (and where a
// framework lacks it, says so), carries the schedule, and parses in Python.
test('Lion, ScheduleFreeAdamW and Adam with warmup-stable-decay, each picked on the page, export as code', async () => {
  const { page, problems, close } = await browser.openPage(linkTo({ rates: [0.003], settings: { epochs: 30 }, speed: 0 }));
  await waitReady(page);
  const parses = (listing) => execFileSync(python, ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: listing });
  async function listings() {
    await page.getByRole('button', { name: 'As code' }).click();
    const dialog = page.getByRole('dialog', { name: 'This run as code' });
    await dialog.waitFor();
    const text = () => dialog.locator('#code-text').textContent();
    await page.waitForFunction(() => /^LR0 = /m.test(document.getElementById('code-text').textContent));
    const keras = await text();
    await dialog.getByRole('tab', { name: 'PyTorch' }).click();
    await page.waitForFunction(() => /^import torch$/m.test(document.getElementById('code-text').textContent));
    const torch = await text();
    await dialog.getByRole('tab', { name: 'Keras' }).click();
    await dialog.getByRole('button', { name: 'Close' }).click();
    parses(keras);
    parses(torch);
    return { keras, torch };
  }
  const optimizer = page.getByRole('combobox', { name: 'Optimizer', exact: true });

  await optimizer.selectOption('lion');
  const lion = await listings();
  assert.match(lion.keras, /keras\.optimizers\.Lion\(learning_rate=LR0, beta_1=0\.9, beta_2=0\.99/);
  assert.match(lion.torch, /torch\.optim has no Lion/);

  await optimizer.selectOption('schedule_free_adamw');
  const free = await listings();
  assert.match(free.keras, /keras\.optimizers\.ScheduleFreeAdamW\(learning_rate=LR0/);
  assert.match(free.torch, /torch\.optim has no schedule-free optimizer/);

  await optimizer.selectOption('adam');
  await page.getByRole('combobox', { name: 'Schedule', exact: true }).selectOption('wsd');
  const wsd = await listings();
  for (const listing of [wsd.keras, wsd.torch]) {
    assert.match(listing, /# Warmup-stable-decay: Keras 3 and PyTorch have no class for it/);
    assert.match(listing, /fall = 1 - math\.sqrt\(p\)/, 'the default 1-sqrt decay');
  }
  assert.match(wsd.keras, /keras\.optimizers\.Adam\(learning_rate=/);
  assert.deepEqual(problems, []);
  await close();
});
