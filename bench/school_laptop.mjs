// A school laptop: the default view in headless Chromium with its CPU throttled (DevTools
// Emulation.setCPUThrottlingRate, bench/worker_cdp.mjs), against the same machine unthrottled.
// Chromium throttles the page's thread only (the training worker refuses it): what is measured is
// a slow main thread (drawing, the page's logic, input) with the worker at this machine's speed. Each load, in a fresh context at 1280x800, measures:
// - first chart: ms from navigation to the loss chart's first points (performance.now());
// - epochs/s per run the default view reaches against the 60 it asks for (the runs' progress while
//   they train), and the page's frames meanwhile (requestAnimationFrame intervals: p95, worst);
// - the sweep (64 rates x 50 epochs): ms from navigation until its chart shows it whole;
// - Play and Pause: input-to-paint of each click (Event Timing's duration: input to the next paint
//   after the handlers, the measure behind INP; below 16 ms it is not reported), and Pause's
//   latency: from the click reaching the page to the last epoch the page showed any run train;
// - what the page says of its speed while it trains (#speed-readout, if there is one).
// Loads of the rates are interleaved (1, 4, 6, 1, 4, 6, ...) so each rate sees the same machine;
// medians are printed, every load's row is written.
//
// usage: node bench/school_laptop.mjs [--rates 1,4,6] [--loads 3] [--wasm-dir build/wasm]
//          [--out build/bench/school_laptop.json] [--screenshots DIR]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/server.mjs';
import { baseChromiumArgs, chromiumPath, chromiumVersion, loadAverage } from './chromium_info.mjs';
import { throttleCpu } from './worker_cdp.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
  (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []));
const rates = String(args.rates ?? '1,4,6').split(',').map(Number);
const loads = Number(args.loads ?? 3);
const wasmDir = resolve(args['wasm-dir'] ?? 'build/wasm');
const outPath = resolve(args.out ?? 'build/bench/school_laptop.json');
const ASKED = 60;  // the default view's speed, epochs/s per run (web/page/default-view.js)

const median = (xs) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const round = (x, digits = 0) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null);

// On the page before its scripts: frame intervals, and Event Timing entries of clicks.
function instrument() {
  window.bench = { frames: [], events: [], clicked: {} };
  // When each button's click reached the page (event.timeStamp: the input's own time, before any
  // handler; not when the driver sent it, which a throttled page answers late).
  addEventListener('click', (event) => { window.bench.clicked[event.target?.id ?? ''] = event.timeStamp; }, true);
  let last = performance.now();
  const frame = (now) => {
    window.bench.frames.push([now, now - last]);
    last = now;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.name === 'click' || e.name === 'pointerup') window.bench.events.push({ name: e.name, start: e.startTime, duration: e.duration, target: e.target?.id ?? '' });
    }
  }).observe({ type: 'event', durationThreshold: 16, buffered: true });
}

async function oneLoad(browser, server, rate, shotDir) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(instrument);
  const { workerAnswers } = await throttleCpu(context, page, rate);
  const row = { rate };
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(server.url);
  // Progress counters with the page's clock, every 100 ms of ours, until every run has its 300.
  const counters = () => page.evaluate(() => {
    const model = window.__lrlab?.model.get();
    const done = model ? model.state.runs.map((r) => model.runs.get(r.key)?.epochsDone ?? 0) : [];
    const chart = window.Chart?.getChart(document.getElementById('loss-chart'));
    const drawn = Boolean(chart?.data.datasets.some((d) => d.lrlab?.role === 'train' && d.data.length > 0));
    return { t: performance.now(), done, drawn, readout: document.getElementById('speed-readout')?.textContent ?? null };
  });
  const samples = [];
  const deadline = Date.now() + 120000;
  let readouts = new Set();
  for (;;) {
    const s = await counters();
    samples.push(s);
    if (s.drawn && row.first_chart_ms === undefined) row.first_chart_ms = round(s.t);
    if (s.readout) readouts.add(s.readout.trim());
    if (s.done.length && s.done.every((n) => n >= 300)) break;
    if (Date.now() > deadline) { row.unfinished = s.done; break; }
    await page.waitForTimeout(100);
  }
  // The training's pace: from the first sample past 10 epochs to the first at 300 (per run, mean).
  const from = samples.find((s) => s.done.length && Math.min(...s.done) >= 10);
  const to = samples.find((s) => s.done.length && Math.min(...s.done) >= 300) ?? samples.at(-1);
  if (from && to && to.t > from.t) {
    const perRun = to.done.map((n, i) => (n - from.done[i]) / ((to.t - from.t) / 1000));
    row.epochs_per_s = round(perRun.reduce((a, b) => a + b, 0) / perRun.length, 1);
  }
  row.training_s = round((to.t - (samples.find((s) => s.done.some((n) => n > 0))?.t ?? to.t)) / 1000, 1);
  const frames = await page.evaluate(([a, b]) => window.bench.frames.filter(([t]) => t >= a && t <= b).map(([, d]) => d),
    [from?.t ?? 0, to.t]);
  row.frame_p95_ms = round(quantile(frames, 0.95), 1);
  row.frame_worst_ms = round(Math.max(...frames), 1);
  row.readouts = [...readouts];
  // The sweep, measured from navigation too.
  await page.waitForFunction(() => {
    const { sweep } = window.__lrlab.model.get().experiments;
    const drawn = window.Chart.getChart(document.getElementById('sweep-chart'))?.data.lrlab?.request;
    return sweep.status === 'done' && drawn?.token === sweep.token && drawn.done;
  }, null, { timeout: 180000, polling: 100 }).catch(() => {});
  row.sweep_done_ms = round(await page.evaluate(() => performance.now()));
  if (shotDir) await page.screenshot({ path: join(shotDir, `default-view-${rate}x.png`) });

  // Play continues the finished runs by 300 epochs; Pause after 1.5 s of it.
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForTimeout(1500);
  readouts = new Set((await counters()).readout ? [(await counters()).readout.trim()] : []);
  const before = await counters();
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const pressed = await page.evaluate(() => window.bench.clicked.pause);
  let last = before;
  let lastChange = pressed;
  for (let still = 0; still < 10;) {
    await page.waitForTimeout(100);
    const now = await counters();
    if (now.done.some((n, i) => n !== last.done[i])) { lastChange = now.t; still = 0; } else still += 1;
    last = now;
  }
  row.pause_ms = round(lastChange - pressed);
  row.epochs_after_pause = last.done.reduce((a, n, i) => a + n - before.done[i], 0);
  const events = await page.evaluate(() => window.bench.events);
  const clicks = (id) => events.filter((e) => e.target === id && e.name === 'click').map((e) => e.duration);
  row.play_input_to_paint_ms = clicks('play').length ? Math.max(...clicks('play')) : '<16';
  row.pause_input_to_paint_ms = clicks('pause').length ? Math.max(...clicks('pause')) : '<16';
  row.readouts_playing = [...readouts];
  row.workers = [...new Set(workerAnswers)];
  row.console_errors = problems.length;
  await context.close();
  return row;
}

const server = await startServer({ port: 0, wasmWebDir: resolve(wasmDir, 'web') });
const browser = await chromium.launch({ executablePath: chromiumPath, args: baseChromiumArgs });
const report = { chromium: await chromiumVersion(), load_before: loadAverage(), loads, rates, rows: [] };
console.log(`${report.chromium}; load ${report.load_before}`);
if (args.screenshots) mkdirSync(resolve(args.screenshots), { recursive: true });
try {
  for (let i = 0; i < loads; i++) {
    for (const rate of rates) {
      const row = await oneLoad(browser, server, rate, args.screenshots && i === 0 ? resolve(args.screenshots) : null);
      report.rows.push(row);
      console.log(JSON.stringify(row));
    }
  }
} finally {
  await browser.close();
  await server.close();
}
report.load_after = loadAverage();
report.medians = rates.map((rate) => {
  const rows = report.rows.filter((r) => r.rate === rate);
  const m = (key) => median(rows.map((r) => r[key]));
  return { rate, first_chart_ms: m('first_chart_ms'), epochs_per_s: m('epochs_per_s'), asked: ASKED, frame_p95_ms: m('frame_p95_ms'),
    frame_worst_ms: m('frame_worst_ms'), sweep_done_ms: m('sweep_done_ms'), pause_ms: m('pause_ms'),
    play_input_to_paint_ms: m('play_input_to_paint_ms'), pause_input_to_paint_ms: m('pause_input_to_paint_ms') };
});
console.log(`load ${report.load_after}; medians of ${loads} loads:`);
console.table(report.medians);
mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(outPath, `${JSON.stringify(report, null, 2)}\n`);
console.log(`written to ${outPath}`);
