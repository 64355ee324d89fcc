// The page's LR sweep (docs/spec-numbers.md#targets: 64 rates x 50 epochs in under 1 s in Chromium, drawing as it goes)
// with one worker against several: the real page in headless Chromium, opened with ?workers=N
// (web/page/sweep-client.js), the default view. Each repetition changes a setting that shapes the
// curve and times, from the sweep's request (after the page's 250 ms settle pause) to the chart
// drawing the first points, and to the chart drawing the last point of the finished sweep.
// Worker counts take turns within each repetition, so a busy moment of the shared machine falls
// on all of them alike; medians are reported.
//
// Two scenes: "quiet", the runs paused and SGD's momentum toggled (the runs keep their weights,
// only the sweep works); "busy", the seed changed, so the page's three runs restart and animate
// at 60 epochs/s in the training worker while the sweep runs.
//
// usage: node bench/sweep_workers.mjs [--wasm-dir build/wasm] [--reps 7] [--workers 1,2]
//          [--out build/bench/sweep_workers.json] [--problem digits]
// --problem opens the page on that problem (a real table: its sweep is REAL_SWEEP_OPTIONS,
// 24 rates x 20 epochs, web/page/sweep-client.js).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/server.mjs';
import { logSweepDraws } from '../tests/support/sweep-draws.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
  (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []));
const wasmDir = resolve(args['wasm-dir'] ?? 'build/wasm');
const reps = Number(args.reps ?? 7);
const counts = (args.workers ?? '1,2').split(',').map(Number);
const outPath = resolve(args.out ?? 'build/bench/sweep_workers.json');
const problem = args.problem;
const realTables = ['iris', 'wine', 'breast_cancer', 'digits', 'diabetes'];
const expectedRates = problem && realTables.includes(problem) ? 24 : 64;
const fragment = problem ? `#s=${encodeURIComponent(JSON.stringify({ s: { problem: { name: problem } } }))}` : '';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// Times of the newest request the chart has drawn, once its last point is drawn.
async function timeNextSweep(page, after, change) {
  await change();
  const handle = await page.waitForFunction((token) => {
    const draws = window.sweepDraws.filter((d) => d.token > token && Number.isFinite(d.requestedAt));
    const last = draws.find((d) => d.done);
    if (!last) return null;
    const mine = draws.filter((d) => d.token === last.token);
    const first = mine.find((d) => d.points.length > 0);
    // The runs' progress meanwhile (busy scene): epochs drawn on the loss chart per run.
    const trains = window.Chart.getChart(document.getElementById('loss-chart')).data.datasets.filter((d) => d.lrlab?.role === 'train');
    const runEpochs = Math.min(...trains.map((d) => d.data.length));
    return { token: last.token, firstMs: first.t - last.requestedAt, doneMs: last.t - last.requestedAt, points: last.points.length,
      runEpochs, sinceRequestMs: performance.now() - last.requestedAt };
  }, after, { timeout: 60000, polling: 50 });
  return handle.jsonValue();
}

const server = await startServer({ port: 0, wasmWebDir: resolve(wasmDir, 'web') });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const pages = new Map();
try {
  for (const n of counts) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(logSweepDraws);
    const page = await context.newPage();
    await page.goto(`${server.url}?workers=${n}${fragment}`);
    await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 60000 });
    await page.waitForFunction(() => window.sweepDraws.some((d) => d.done), null, { timeout: 60000 });
    // The default view's runs animate for a few seconds: paused, so no page trains while another
    // is measured.
    await page.getByRole('button', { name: 'Pause' }).click();
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const token = await page.evaluate(() => window.sweepDraws.at(-1).token);  // the load's sweep
    pages.set(n, { page, cores, token, quiet: [], busy: [] });
  }
  const field = (page, name) => page.getByRole('textbox', { name, exact: true });
  let flip = false;
  for (let rep = 0; rep < reps; rep++) {
    flip = !flip;
    for (const scene of ['quiet', 'busy']) {
      for (const n of counts) {
        const entry = pages.get(n);
        const { page } = entry;
        let change;
        if (scene === 'quiet') {
          change = async () => {
            await field(page, 'momentum').fill(flip ? '0.1' : '0');
            await field(page, 'momentum').press('Enter');
          };
        } else {
          change = async () => {
            await field(page, 'Seed').fill(flip ? '2' : '1');
            await field(page, 'Seed').press('Enter');
          };
        }
        // Only the page in front gets animation frames at full rate, and the page draws its
        // charts in animation frames.
        await page.bringToFront();
        const timing = await timeNextSweep(page, entry.token, change);
        if (scene === 'busy') await page.getByRole('button', { name: 'Pause' }).click();
        entry.token = timing.token;
        if (timing.points !== expectedRates) throw new Error(`expected ${expectedRates} rates drawn, got ${timing.points}`);
        entry[scene].push(timing);
        process.stdout.write('.');
      }
    }
  }
  process.stdout.write('\n');
  const results = { reps, scenes: {} };
  const cores = pages.get(counts[0]).cores;
  console.log(`sweep ${expectedRates === 64 ? '64 rates x 50 epochs' : `24 rates x 20 epochs on ${problem}`}, the page in headless Chromium (navigator.hardwareConcurrency ${cores}), medians of ${reps}`);
  for (const scene of ['quiet', 'busy']) {
    results.scenes[scene] = {};
    for (const n of counts) {
      const samples = pages.get(n)[scene];
      const row = {
        first_points_ms: median(samples.map((s) => s.firstMs)),
        last_point_ms: median(samples.map((s) => s.doneMs)),
        samples_last_point_ms: samples.map((s) => Math.round(s.doneMs)),
      };
      // Busy: the runs restarted when the seed changed, SETTLE_MS (250 ms) before the request.
      if (scene === 'busy') row.run_epochs_per_s = median(samples.map((s) => s.runEpochs / ((s.sinceRequestMs + 250) / 1000)));
      results.scenes[scene][n] = row;
      console.log(`  ${scene.padEnd(5)} ${n} worker${n > 1 ? 's' : ' '}: first points ${row.first_points_ms.toFixed(0).padStart(4)} ms, ` +
        `last point ${row.last_point_ms.toFixed(0).padStart(5)} ms   (each: ${row.samples_last_point_ms.join(' ')})` +
        (row.run_epochs_per_s ? `; runs meanwhile ${row.run_epochs_per_s.toFixed(0)} epochs/s each (set: 60)` : ''));
    }
  }
  results.hardware_concurrency = cores;
  mkdirSync(dirname(outPath), { recursive: true });
  writeFileSync(outPath, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`wrote ${outPath}`);
} finally {
  await browser.close();
  await server.close();
}
