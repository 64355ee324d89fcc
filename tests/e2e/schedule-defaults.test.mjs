// Schedule defaults follow the run (issue 17): on the default page (300 epochs, one full-batch
// step per epoch) a schedule measured in epochs shows its whole shape within the run, its length
// parameters move with "Stop after" until the user sets them, the preview's axis stays readable
// (at most four decades under the peak) and marks the tutorial's jump at epoch 5; and the
// step-size chart says what an enormous Adam step size means.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser } from './browser.mjs';
import { linkTo, waitReady, previewData } from './page-helpers.mjs';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

const settingsInUrl = (page) => page.evaluate(() => decodeURIComponent(location.hash));

// Waits until the preview's first series has `length` points and `check` holds on it.
async function previewWhere(page, length) {
  await page.waitForFunction((n) => {
    const d = window.Chart.getChart(document.getElementById('schedule-chart')).data.datasets[0];
    return d && d.data.length === n;
  }, length, { timeout: 10000 });
  return (await previewData(page))[0];
}

async function pick(page, name) {
  await page.getByRole('combobox', { name: 'Schedule', exact: true }).selectOption(name);
  await page.waitForFunction((n) => decodeURIComponent(location.hash).includes(`"name":"${n}"`), name, { timeout: 10000 });
}

async function stopAfter(page, epochs) {
  const field = page.getByRole('textbox', { name: 'Stop after (epochs)' });
  await field.fill(String(epochs));
  await field.press('Enter');
}

test('cosine on a 300-epoch run decays over the run, and follows "Stop after" until set', async () => {
  const { page, problems, close } = await browser.openPage(linkTo({ speed: 0 }));
  await waitReady(page);
  await pick(page, 'cosine');
  let preview = await previewWhere(page, 300);
  // decay_steps = the run (300): the last epoch's rate is alpha (0.01) of the first, up to the
  // last half-step of the cosine. (With Keras' 1000 it would still be 0.79 of it.)
  // Cosine at s = N - 1 of N (Keras' formula, alpha 0.01): where the last epoch's rate must be.
  const endOf = (n) => 0.01 + 0.99 * 0.5 * (1 + Math.cos(Math.PI * (n - 1) / n));
  let [first, last] = [preview[0][1], preview.at(-1)[1]];
  assert.ok(Math.abs(last / first - endOf(300)) < 1e-12, `cosine reaches alpha by the end: ${first} -> ${last}`);
  assert.match(await settingsInUrl(page), /"decay_steps":300/);

  await stopAfter(page, 100);
  preview = await previewWhere(page, 100);
  [first, last] = [preview[0][1], preview.at(-1)[1]];
  assert.ok(Math.abs(last / first - endOf(100)) < 1e-12, `after "Stop after 100", still a whole half-wave: ${first} -> ${last}`);
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('"decay_steps":100'), null, { timeout: 5000 });

  // The user sets decay_steps: it stays when the run's length changes again.
  const steps = page.getByRole('textbox', { name: 'decay_steps', exact: true });
  await steps.fill('40');
  await steps.press('Enter');
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('"decay_steps":40'), null, { timeout: 5000 });
  await stopAfter(page, 200);
  preview = await previewWhere(page, 200);
  assert.match(await settingsInUrl(page), /"decay_steps":40/);
  assert.ok(Math.abs(preview[40][1] / preview[0][1] - 0.01) < 1e-9, 'the typed 40 still sets where the decay ends');
  assert.deepEqual(problems, []);
  await close();
});

test('step decay drops twice in the run; the tutorial preview shows its jump on a readable axis', async () => {
  const { page, problems, close } = await browser.openPage(linkTo({ speed: 0 }));
  await waitReady(page);
  await pick(page, 'step');
  let preview = await previewWhere(page, 300);
  const ratio = preview.at(-1)[1] / preview[0][1];
  assert.ok(Math.abs(ratio - 0.01) < 1e-12, `two drops of gamma 0.1 (not 29): ${ratio}`);

  await pick(page, 'tutorial');
  await page.waitForFunction(() => window.Chart.getChart(document.getElementById('schedule-chart'))
    .data.datasets.some((d) => d.lrlab?.role === 'jump'), null, { timeout: 10000 });
  const view = await page.evaluate(() => {
    const chart = window.Chart.getChart(document.getElementById('schedule-chart'));
    return { datasets: chart.data.datasets.map((d) => ({ role: d.lrlab?.role, data: d.data.map((p) => ({ ...p })) })),
      min: chart.scales.y.min, max: chart.scales.y.max, subtitle: document.getElementById('schedule-note').textContent };
  });
  preview = view.datasets[0].data;
  const peak = Math.max(...preview.map((p) => p.y));
  const lowest = Math.min(...preview.map((p) => p.y));
  assert.ok(lowest < peak * 1e-10, `the tutorial's rate falls to ${lowest} in 300 epochs`);
  assert.ok(view.min >= peak * 1e-4 * 0.999, `the axis stops four decades under the peak: min ${view.min}, peak ${peak}`);
  const [jump] = view.datasets.find((d) => d.role === 'jump').data;
  assert.equal(jump.x, 5);
  assert.ok(Math.abs(jump.y - 0.01 * Math.exp(0.5)) < 1e-12, `the jump to 0.0165 at epoch 5: ${jump.y}`);
  assert.match(view.subtitle, /jumps up at epoch 5: 0\.01 → 0\.0165/);
  assert.match(view.subtitle, /axis cut 4 decades below the peak/);
  assert.deepEqual(problems, []);
  await close();
});

test('Adam: the step-size chart explains its enormous step sizes', async () => {
  const { page, problems, close } = await browser.openPage(linkTo({ settings: { optimizer: { name: 'adam' }, epochs: 60 }, rates: [0.001], speed: 0 }));
  await waitReady(page);
  await page.locator('#step-size-chart').waitFor({ state: 'visible', timeout: 10000 });
  await page.waitForFunction(() => window.Chart.getChart(document.getElementById('step-size-chart'))
    .data.datasets.some((d) => d.lrlab?.role === 'max' && d.data.length >= 50), null, { timeout: 20000 });
  const seen = await page.evaluate(() => {
    const chart = window.Chart.getChart(document.getElementById('step-size-chart'));
    const top = (role) => Math.max(...chart.data.datasets.filter((d) => d.lrlab?.role === role).flatMap((d) => d.data.map((p) => p.y)));
    const note = document.getElementById('step-size-note');
    return { largest: top('max'), typical: top('median'), subtitle: { display: !note.hidden, text: note.textContent } };
  });
  assert.ok(seen.largest > 100 * seen.typical, `Adam's largest step ${seen.largest} vs median ${seen.typical}`);
  assert.equal(seen.subtitle?.display, true);
  assert.match(seen.subtitle.text, /gradient has been about 0/);
  assert.deepEqual(problems, []);
  await close();
});
