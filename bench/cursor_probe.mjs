// What moving the page's cursor costs the main thread (docs/spec-page.md, issue 28: at most 16 ms
// per position on the default page with three runs). Opens the page in headless Chromium, lets
// the runs finish, then moves the timeline's slider through 200 positions from the start to the
// end, as a drag does (an input event on the slider each time). For each position it reads
// Chromium's own count of main-thread task time (CDP Performance.getMetrics, TaskDuration) before
// the move and once the page has settled there: the cursor's frame drawn, the core's verdicts as
// of that epoch answered and drawn, the update panel's numbers for the update after it answered
// and drawn. That difference is everything the move cost the page's main thread (handlers, the
// markers' layers, the run cards, the update panel, style and layout), whatever code ran:
// printed as CPU time (ThreadTime, what the thread computed) and as task time (TaskDuration, wall
// time, which a busy machine stretches).
// The same wait without a move is measured too (the probe's own cost) and printed.
// Moves start once the landscape has played its paths (15 steps a second, web/views/landscape/
// landscape-chart.js): that animation is no part of a move, and it would be counted in the first
// positions' windows. For the same reason the garbage training left is collected first
// (HeapProfiler.collectGarbage): training three runs allocates some 190 MB, mostly Chart.js
// resolving its options at each redraw, and leaves the heap at ~50 MB; V8 compacts it once the
// page has gone quiet, a 35-45 ms pause that lands in whichever window is open then (moved or
// not: the probe's own waits catch it too). --keep-garbage leaves it, and the probe then says
// where that pause fell.
//
// usage: node bench/cursor_probe.mjs [--wasm-dir build/wasm] [--positions 200]
//                                    [--views all]   (Adam and sharpness on: every view's marker)
//                                    [--keep-garbage] (training's garbage not collected first)
//                                    [--explain]     (also records a Chromium trace and prints, for
//                                                     the costliest positions, what the main thread
//                                                     did in them: tracing adds its own cost)
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
const explain = process.argv.includes('--explain');
const keepGarbage = process.argv.includes('--keep-garbage');
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
  await page.waitForFunction(() => {
    const { landscape } = window.__lrlab.model.get().experiments;
    const paths = window.Chart.getChart(document.getElementById('landscape-chart'))?.data.datasets
      .filter((d) => d.lrlab?.role === 'path') ?? [];
    return landscape.status === 'done' && paths.length > 0 && paths.every((d) => d.data.length === d.lrlab.full.length);
  }, null, { timeout: 120000 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const heapUsed = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize').value / 1e6;
  const heapBefore = await heapUsed();
  if (!keepGarbage) {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
  }
  console.log(`JS heap used before the moves: ${heapBefore.toFixed(1)} MB` +
    (keepGarbage ? ' (training\'s garbage kept)' : `, ${(await heapUsed()).toFixed(1)} MB once training's garbage is collected`));
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
  // Settled: the timeline shows the position, the verdicts for its epoch are in, the update panel
  // shows the update right after it (or the words that the run has not taken it, past the end), and
  // two frames have passed since (the page draws the cursor at most once per 30 ms). The probe
  // waits for the page to say so (the model's subscribers, mutation observers) rather than
  // polling: a poll every few ms would be counted as the page's own time.
  const settle = (update) => page.evaluate(async (u) => {
    const timeline = document.getElementById('timeline');
    const card = document.getElementById('update-card');
    const error = document.getElementById('update-error');
    const note = document.getElementById('update-note');
    const store = window.__lrlab.model;
    const done = () => {
      const { cursor, cursorVerdicts } = store.get();
      const inspected = card.dataset.update === String(u + 1) || !note.hidden || !error.hidden;
      return timeline.dataset.cursor === String(u) && cursorVerdicts?.epochs === cursor?.epoch && inspected;
    };
    const settled = u < 0 || done() || await new Promise((resolve) => {
      const observer = new MutationObserver(check);
      const unsubscribe = store.subscribe(check);
      const timer = setTimeout(() => finish(false), 5000);
      function check() {
        if (done()) finish(true);
      }
      function finish(ok) {
        observer.disconnect();
        unsubscribe();
        clearTimeout(timer);
        resolve(ok);
      }
      observer.observe(timeline, { attributes: true, attributeFilter: ['data-cursor'] });
      observer.observe(card, { attributes: true, attributeFilter: ['data-update'] });
      observer.observe(error, { attributes: true, attributeFilter: ['hidden'] });
      observer.observe(note, { attributes: true, attributeFilter: ['hidden'] });
    });
    await new Promise((r) => setTimeout(r, 40));
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return settled;
  }, update);
  // The slider's value is the update count the cursor moves to (web/controls/timeline.js).
  const move = (value) => page.evaluate((v) => {
    const slider = document.getElementById('cursor');
    slider.value = String(v);
    slider.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);

  if (explain) {
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing'] });
  }
  const costs = [];
  const updates = [];  // the slider's value at each position
  const idle = [];
  const unsettled = [];  // positions whose answers had not all come within 5 s: their cost is cut short
  for (let i = 0; i < positions; i++) {
    const value = Math.round((i * max) / Math.max(1, positions - 1));
    updates.push(value);
    let before = await times();
    if (explain) await page.evaluate((i) => performance.mark(`position ${i}`), i);
    await move(value);
    if (!(await settle(value))) unsettled.push(value);
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
  // The move's own cost: each position's CPU time less the median of the probe's own (the same
  // wait with nothing moved: its evaluate calls, observers and frames run on the page's thread).
  const own = median(idle.map((x) => x.cpu));
  console.log(`the move's own CPU time, less the probe's median ${own.toFixed(2)} ms (ms): ${fmt(costs.map((c) => ({ cpu: c.cpu - own })), 'cpu')}`);
  // Where the worst positions were (the first comes from "now": the cards' lines and the update
  // panel's body appear), so a spike can be told from a pattern.
  const costliest = costs.map((c, i) => [updates[i], c.cpu]).sort((a, b) => b[1] - a[1]).slice(0, 5);
  console.log(`the costliest positions (update: CPU ms): ${costliest.map(([u, c]) => `${u}: ${c.toFixed(1)}`).join(', ')}`);
  if (explain) explainCostliest(JSON.parse((await browser.stopTracing()).toString()).traceEvents, costs, updates);
  if (unsettled.length) console.log(`NOT SETTLED within 5 s (cost cut short) at updates ${unsettled.join(', ')}`);
  console.log(`the probe's own wait, nothing moved (ms): CPU ${fmt(idle, 'cpu')}; task ${fmt(idle, 'task')}`);
} finally {
  await browser.close();
  await server.close();
}

// For the five costliest positions: the main thread's busiest kinds of work in that position's
// window (from its mark to the next), each counted by its own time without what nested in it.
function explainCostliest(events, costs, updates) {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid);
  const marks = new Map();
  for (const e of onMain) if (e.name.startsWith('position ') && !marks.has(e.name)) marks.set(e.name, e.ts);
  const starts = [...marks.values()].sort((a, b) => a - b);
  const spans = onMain.filter((e) => e.ph === 'X' && e.dur > 0).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const worstFirst = costs.map((c, i) => i).sort((a, b) => costs[b].cpu - costs[a].cpu).slice(0, 5);
  for (const i of worstFirst) {
    const from = starts[i];
    const to = starts[i + 1] ?? Infinity;
    const inside = spans.filter((e) => e.ts >= from && e.ts < to);
    // Own time: an event's duration less that of the events directly inside it.
    const own = new Map();
    const stack = [];
    for (const e of inside) {
      while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
      const name = e.name === 'FunctionCall' ? 'JavaScript' : e.name;
      own.set(name, (own.get(name) ?? 0) + e.dur);
      if (stack.length) {
        const parent = stack.at(-1);
        const parentName = parent.name === 'FunctionCall' ? 'JavaScript' : parent.name;
        own.set(parentName, own.get(parentName) - e.dur);
      }
      stack.push(e);
    }
    const top = [...own].filter(([name]) => !['RunTask', 'ThreadControllerImpl::RunTask'].includes(name))
      .sort((a, b) => b[1] - a[1]).slice(0, 6).map(([name, us]) => `${name} ${(us / 1000).toFixed(1)}`);
    console.log(`  update ${updates[i]} (${costs[i].cpu.toFixed(1)} ms CPU): ${top.join(', ')}`);
  }
}
