// What moving the page's cursor costs the main thread (docs/spec-page.md, issue 28: at most 16 ms
// per position on the default page with three runs). Opens the page in headless Chromium, lets
// the runs finish, then moves the timeline's slider through 200 positions from the start to the
// end, as a drag does (an input event on the slider each time). For each position it reads
// Chromium's own count of main-thread task time (CDP Performance.getMetrics, TaskDuration) before
// the move and once the page has settled there: the cursor's frame drawn, the core's verdicts as
// of that epoch answered and drawn. That difference is everything the move cost the page's main
// thread (handlers, the markers' layers, the run cards, style and layout), whatever code ran:
// printed as CPU time (ThreadTime, what the thread computed) and as task time (TaskDuration, wall
// time, which a busy machine stretches).
// The same wait without a move is measured too (the probe's own cost: its polling) and printed.
//
// usage: node bench/cursor_probe.mjs [--wasm-dir build/wasm] [--positions 200]
//                                    [--views all]   (Adam and sharpness on: every view's marker)
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/server.mjs';
import { baseChromiumArgs, chromiumVersion, loadAverage } from './chromium_info.mjs';
import { linkTo } from '../tests/e2e/page-helpers.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
  (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []));
const wasmDir = resolve(args['wasm-dir'] ?? 'build/wasm');
const positions = Number(args.positions ?? 200);
const allViews = args.views === 'all';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const worst = (xs) => Math.max(...xs);
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(0.95 * (xs.length - 1))];

const server = await startServer({ port: 0, wasmWebDir: resolve(wasmDir, 'web') });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: baseChromiumArgs });
console.log(`${await chromiumVersion()}; load ${loadAverage()}`);
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  const link = allViews ? linkTo({ settings: { optimizer: { name: 'adam' }, sharpness: { enabled: true } } }) : '';
  await page.goto(server.url + link);
  await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 60000 });
  // The default view trains 300 epochs at 60 a second: wait until every run has finished.
  await page.waitForFunction(() => {
    const model = window.__lrlab.model.get();
    return model.state.runs.every((run) => ['finished', 'diverged', 'stopped-early'].includes(model.runs.get(run.key)?.status));
  }, null, { timeout: 120000 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  // Chromium's own counts for the page's main thread: ThreadTime, the CPU time it ran, and
  // TaskDuration, the wall time of its tasks (which a loaded machine stretches: on this 2-core
  // machine shared by parallel builds a task gets a fraction of a core).
  const times = async () => {
    const metrics = (await cdp.send('Performance.getMetrics')).metrics;
    const ms = (name) => 1000 * metrics.find((m) => m.name === name).value;
    return { cpu: ms('ThreadTime'), task: ms('TaskDuration') };
  };
  const since = (before, after) => ({ cpu: after.cpu - before.cpu, task: after.task - before.task });
  const max = Number(await page.locator('#cursor').getAttribute('max'));
  // Settled: the timeline shows the position, the verdicts for its epoch are in, and two frames
  // have passed since (the page draws the cursor at most once per 30 ms).
  const settle = (update) => page.evaluate(async (u) => {
    const model = () => window.__lrlab.model.get();
    const deadline = performance.now() + 5000;
    while (performance.now() < deadline) {
      const { cursor, cursorVerdicts } = model();
      const shown = document.getElementById('timeline').dataset.cursor === String(u);
      if (u < 0 || (shown && cursorVerdicts?.epochs === cursor?.epoch)) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    await new Promise((r) => setTimeout(r, 40));
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  }, update);
  // The slider's value is the update count the cursor moves to (web/controls/timeline.js).
  const move = (value) => page.evaluate((v) => {
    const slider = document.getElementById('cursor');
    slider.value = String(v);
    slider.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);

  const costs = [];
  const idle = [];
  for (let i = 0; i < positions; i++) {
    const value = Math.round((i * max) / Math.max(1, positions - 1));
    let before = await times();
    await move(value);
    await settle(value);
    costs.push(since(before, await times()));
    // The probe alone: the same wait with nothing moved.
    before = await times();
    await settle(-1);
    idle.push(since(before, await times()));
  }
  const fmt = (xs, key) => {
    const values = xs.map((x) => x[key]);
    return `median ${median(values).toFixed(2)}, p95 ${p95(values).toFixed(2)}, worst ${worst(values).toFixed(2)}`;
  };
  console.log(`page: ${allViews ? 'Adam + sharpness on (every view draws a marker)' : 'the default view'}, three runs finished; ` +
    `${positions} positions over updates 0..${max}; load after ${loadAverage()}`);
  console.log(`main-thread CPU time per cursor position (ms): ${fmt(costs, 'cpu')}`);
  console.log(`main-thread task time per cursor position (ms, wall): ${fmt(costs, 'task')}`);
  console.log(`the probe's own wait, nothing moved (ms): CPU ${fmt(idle, 'cpu')}; task ${fmt(idle, 'task')}`);
} finally {
  await browser.close();
  await server.close();
}
