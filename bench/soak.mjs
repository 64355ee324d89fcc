// A long soak (not a test, not in CI: it runs for half an hour): the real page in headless Chromium
// at the default speed, changed every few seconds through its controls as a class would (a run's
// rate, the schedule, the optimizer, the problem, a lesson, a run added and removed, Reset; each
// change retrains runs and re-runs the sweep), for --minutes. Every minute it samples:
// - the page's JS heap after a garbage collection (CDP Runtime.getHeapUsage), and each worker's;
// - the wasm memory of the workers (every WebAssembly.Memory alive there, bench/worker_cdp.mjs);
// - the resident memory of this Chromium's renderer processes (the page and its workers);
// - frame times over the minute (requestAnimationFrame intervals: p50, p95, worst) and the
//   epochs per second per run of the minute's last quiet stretch (the last seconds of the minute
//   with no change, on the page as it opened: its problem, optimizer, schedule, runs and rates,
//   trained again from the start), when the memory is read too, so every minute's readings are
//   of the same page.
// At the end: the first and the last samples side by side, and the verdict against the bounds
// (verdict() below: the JS heaps may not grow by more than GROWTH_BOUND_MB from the third minute to
// the last, the renderer's memory must level off) and no console error or page error may appear.
// Exits 1 when a bound is broken.
//
// usage: nice node bench/soak.mjs [--minutes 30] [--every 4] [--wasm-dir build/wasm]
//          [--out build/bench/soak.json] [--verbose 1] [--snapshots 3,8]
//        node bench/soak.mjs --verdict build/bench/soak.json   (the bounds of a run already written)
// --snapshots: after the GC of those minutes' samples, a heap snapshot of the page is written
// beside --out (soak-minute-M.heapsnapshot) for `node bench/heap_diff.mjs A B` to say what grew.
import { createWriteStream, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/server.mjs';
import { baseChromiumArgs, chromiumPath, chromiumVersion, loadAverage } from './chromium_info.mjs';
import { attachWorkers, wasmMemoryBytes } from './worker_cdp.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
  (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []));
const minutes = Number(args.minutes ?? 30);
const everySeconds = Number(args.every ?? 4);
const wasmDir = resolve(args['wasm-dir'] ?? 'build/wasm');
const outPath = resolve(args.out ?? 'build/bench/soak.json');
// The bound: what a page that keeps nothing it no longer shows may gain in 27 minutes. The
// page's histories are bounded (docs/performance-page.md); 20 MB is room for the caches that
// fill once (tables, lessons, compiled code) and the collector's slack.
const GROWTH_BOUND_MB = 20;
const snapshotMinutes = new Set(String(args.snapshots ?? '').split(',').filter(Boolean).map(Number));

// The page's heap written to `path` through CDP (the chunks arrive as events before the reply).
async function writeHeapSnapshot(cdp, path) {
  const out = createWriteStream(path);
  const onChunk = ({ chunk }) => out.write(chunk);
  await cdp.send('HeapProfiler.enable');
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await new Promise((done) => out.end(done));
}

const quantile = (xs, q) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] : NaN);
const round = (x, digits = 1) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null);
const mb = (bytes) => round(bytes / 1048576);

// Resident memory (MB) of the renderer processes descended from this Node process.
function rendererMegabytes() {
  const parent = new Map();
  const pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parent.set(pid, stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch { /* ended meanwhile */ }
  }
  const ours = (pid) => {
    for (let p = pid; p && p !== '0' && p !== '1'; p = parent.get(p)) if (p === String(process.pid)) return true;
    return false;
  };
  let kb = 0;
  for (const pid of pids) {
    try {
      if (!ours(pid) || !readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch { /* ended meanwhile */ }
  }
  return round(kb / 1024, 0);
}

function instrument() {
  window.soak = { frames: [] };
  let last = performance.now();
  const frame = (now) => {
    window.soak.frames.push(now - last);
    last = now;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

// The bounds, read from the samples (also for a run already written: --verdict soak.json):
// - the page's and the workers' JS heaps after GC may not grow by more than GROWTH_BOUND_MB from the
//   third minute (after the first tables, lessons and sweeps are loaded) to the last;
// - the renderer's resident memory must level off: its highest reading in the second half of the
//   run may not be above its highest in the first half by more than GROWTH_BOUND_MB. (One reading
//   against another says little: with the same page on screen it moves by 30 MB from one minute to
//   the next, and it rises while the cycle meets each problem and lesson for the first time, about
//   every 20 minutes at a change every 4 s.)
function verdict(samples) {
  const from = samples[Math.min(2, samples.length - 1)];
  const to = samples.at(-1);
  const growth = (key) => round(to[key] - from[key]);
  const half = Math.floor(samples.length / 2);
  const highest = (part) => Math.max(...part.map((s) => s.renderer_mb));
  const growth_mb = { page_heap: growth('page_heap_mb'), worker_heap: growth('worker_heap_mb'), wasm: growth('wasm_mb'),
    renderer: growth('renderer_mb'),
    renderer_second_half_over_first: round(highest(samples.slice(half)) - highest(samples.slice(0, half))) };
  const broken = ['page_heap', 'worker_heap', 'renderer_second_half_over_first']
    .filter((key) => growth_mb[key] > GROWTH_BOUND_MB)
    .map((key) => `${key} grew ${growth_mb[key]} MB (bound ${GROWTH_BOUND_MB} MB)`);
  return { growth_mb, broken };
}
if (args.verdict) {
  const { growth_mb, broken } = verdict(JSON.parse(readFileSync(resolve(args.verdict), 'utf8')).samples);
  console.log(`growth ${JSON.stringify(growth_mb)} MB; ${broken.length ? `BOUND BROKEN: ${broken.join('; ')}` : 'within the bounds'}`);
  process.exit(broken.length ? 1 : 0);
}

const server = await startServer({ port: 0, wasmWebDir: resolve(wasmDir, 'web') });
const browser = await chromium.launch({ executablePath: chromiumPath, args: baseChromiumArgs });
const report = { chromium: await chromiumVersion(), minutes, every_s: everySeconds, bound_mb: GROWTH_BOUND_MB, samples: [], changes: 0, problems: [] };
console.log(`${report.chromium}; load ${loadAverage()}; ${minutes} min, a change every ${everySeconds} s`);
let failed = false;
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  // A control that does not answer in 10 s is a finding, not a reason to wait Playwright's 30.
  page.setDefaultTimeout(10000);
  await page.addInitScript(instrument);
  const { cdp, workers, send } = await attachWorkers(context, page);
  page.on('console', (m) => { if (m.type() === 'error') report.problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => report.problems.push(`pageerror: ${e.message}`));
  page.on('worker', (w) => w.on('console', (m) => { if (m.type() === 'error') report.problems.push(`worker: ${m.text()}`); }));
  await page.goto(server.url);
  await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 60000 });
  const lessonCount = JSON.parse(readFileSync(resolve('lessons/index.json'), 'utf8')).chapters.length;

  const optionsOf = (name) => page.getByRole('combobox', { name, exact: true })
    .evaluate((select) => [...select.options].filter((o) => !o.disabled).map((o) => o.value));
  const schedules = (await optionsOf('Schedule')).filter((v) => v !== 'formula');
  const optimizers = await optionsOf('Optimizer');
  const problems = (await optionsOf('Problem')).filter((v) => v !== 'csv');
  // The page as it opened: each minute's quiet stretch goes back to it.
  const opened = {
    choices: Object.fromEntries(await Promise.all(['Problem', 'Optimizer', 'Schedule'].map(async (name) =>
      [name, await page.getByRole('combobox', { name, exact: true }).inputValue()]))),
    rates: await page.evaluate(() => window.__lrlab.model.get().state.runs.map((run) => run.rate)),
  };
  const rate = () => Number((10 ** (-3 + 4 * Math.random())).toPrecision(2));
  let n = 0;
  // One change of the cycle; each through the control a person would use.
  const changes = [
    async () => { const f = page.getByRole('textbox', { name: 'Learning rate of run 1', exact: true }); await f.fill(String(rate())); await f.press('Enter'); },
    async () => page.getByRole('combobox', { name: 'Schedule', exact: true }).selectOption(schedules[n % schedules.length]),
    async () => page.getByRole('combobox', { name: 'Optimizer', exact: true }).selectOption(optimizers[n % optimizers.length]),
    async () => { if (await page.getByRole('button', { name: 'Add a run' }).isEnabled()) await page.getByRole('button', { name: 'Add a run' }).click(); },
    async () => page.getByRole('combobox', { name: 'Problem', exact: true }).selectOption(problems[n % problems.length]),
    async () => { const f = page.getByRole('textbox', { name: 'Learning rate of run 2', exact: true }); if (await f.count()) { await f.fill(String(rate())); await f.press('Enter'); } },
    async () => { const r = page.getByRole('button', { name: 'Remove' }); if (await r.count() > 2) await r.last().click(); },
    // A lesson opened by its address (the page follows the hash), then left for the page again.
    async () => page.evaluate((k) => { location.hash = `lesson=${k}`; }, 1 + (n % lessonCount)),
    async () => { const t = page.getByRole('button', { name: 'Try it yourself' }); if (await t.isVisible()) await t.click(); },
    async () => page.getByRole('button', { name: 'Reset', exact: true }).click(),
    // A lesson sets its own speed: back to the default view's, which the soak is about.
    async () => { const f = page.getByRole('textbox', { name: 'Speed, epochs/s', exact: true }); await f.fill('60'); await f.press('Enter'); },
  ];
  const counters = () => page.evaluate(() => {
    const model = window.__lrlab.model.get();
    return { t: performance.now(), done: model.state.runs.map((r) => model.runs.get(r.key)?.epochsDone ?? 0) };
  });
  const started = Date.now();
  for (let minute = 1; minute <= minutes; minute++) {
    const end = started + minute * 60000;
    // Changes until 12 s before the minute is up, then the footing (below) and a quiet stretch to
    // read the pace in.
    while (Date.now() < end - 12000) {
      try {
        const t0 = Date.now();
        await changes[n % changes.length]();
        report.changes += 1;
        if (args.verbose) console.log(`change ${n % changes.length}: ${Date.now() - t0} ms`);
      } catch (error) {
        report.problems.push(`change ${n % changes.length} failed: ${error.message.split('\n')[0]}`);
      }
      n += 1;
      await page.waitForTimeout(everySeconds * 1000);
    }
    // Play: the quiet stretch measures a page that trains (finished runs continue).
    const say = (what) => args.verbose && console.log(`minute ${minute}: ${what}`);
    say('quiet stretch');
    // The same footing every minute, so the paces and the memory readings compare: the page as it
    // opened (its problem, optimizer, schedule, number of runs and their rates, speed 60; no
    // lesson open), the runs trained again from the start (Reset plays them). (Footing on the
    // problem and speed alone left one to four runs on screen, and the renderer's memory follows
    // what is drawn: 518 to 632 MB within one run.)
    try {
      if (await page.locator('#lesson-close').isVisible()) await page.locator('#lesson-close').click();
      for (const [name, value] of Object.entries(opened.choices)) {
        await page.getByRole('combobox', { name, exact: true }).selectOption(value);
      }
      // One run at a time, each change adopted before the next (a click on a row being removed
      // would wait for it).
      const runCount = () => page.evaluate(() => window.__lrlab.model.get().state.runs.length);
      const adopted = (n) => page.waitForFunction((k) => window.__lrlab.model.get().state.runs.length === k, n);
      for (let n = await runCount(); n > opened.rates.length; n -= 1) {
        await page.getByRole('button', { name: `Remove run ${n}`, exact: true }).click();
        await adopted(n - 1);
      }
      for (let n = await runCount(); n < opened.rates.length; n += 1) {
        await page.getByRole('button', { name: 'Add a run' }).click();
        await adopted(n + 1);
      }
      for (const [i, rate] of opened.rates.entries()) {
        const field = page.getByRole('textbox', { name: `Learning rate of run ${i + 1}`, exact: true });
        if (Number(await field.inputValue()) === rate) continue;
        await field.fill(String(rate));
        await field.press('Enter');
      }
      const speed = page.getByRole('textbox', { name: 'Speed, epochs/s', exact: true });
      await speed.fill('60');
      await speed.press('Enter');
      const epochs = page.getByRole('textbox', { name: 'Stop after (epochs)', exact: true });
      await epochs.fill('5000');  // longer than the stretch: no run stops inside it
      await epochs.press('Enter');
      await page.getByRole('button', { name: 'Reset', exact: true }).click();
    } catch (error) {
      report.problems.push(`the quiet stretch's footing failed: ${error.message.split('\n')[0]}`);
    }
    const a = await counters();
    await page.waitForTimeout(Math.max(1000, end - Date.now() - 500));
    const b = await counters();
    const paces = b.done.map((d, i) => (d - (a.done[i] ?? d)) / ((b.t - a.t) / 1000)).filter((x) => x > 0);
    const frames = await page.evaluate(() => window.soak.frames.splice(0));
    say('memory');
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    if (snapshotMinutes.has(minute)) {
      mkdirSync(dirname(outPath), { recursive: true });
      await writeHeapSnapshot(cdp, resolve(dirname(outPath), `soak-minute-${minute}.heapsnapshot`));
    }
    let workerHeap = 0;
    let wasm = 0;
    for (const sessionId of workers.keys()) {
      try {
        await send(sessionId, 'HeapProfiler.collectGarbage');
        workerHeap += (await send(sessionId, 'Runtime.getHeapUsage')).usedSize;
        wasm += await wasmMemoryBytes(cdp, send, sessionId);
      } catch (error) { say(`worker ${workers.get(sessionId)}: ${error.message}`); }
    }
    const sample = {
      minute, load: loadAverage().split(' ')[0], runs: b.done.length, workers: workers.size,
      epochs_per_s_per_run: round(paces.length ? paces.reduce((x, y) => x + y, 0) / paces.length : 0, 0),
      frame_ms: { p50: round(quantile(frames, 0.5)), p95: round(quantile(frames, 0.95)), worst: round(Math.max(...frames)) },
      page_heap_mb: mb(usedSize), worker_heap_mb: mb(workerHeap), wasm_mb: mb(wasm), renderer_mb: rendererMegabytes(),
      changes: report.changes, problems: report.problems.length,
    };
    report.samples.push(sample);
    console.log(JSON.stringify(sample));
  }
  await context.close();
} finally {
  await browser.close();
  await server.close();
}
Object.assign(report, verdict(report.samples));
failed = report.broken.length > 0;
for (const line of report.broken) console.log(`BOUND BROKEN: ${line}`);
const from = report.samples[Math.min(2, report.samples.length - 1)];
const to = report.samples.at(-1);
if (report.problems.length) { failed = true; console.log(`PROBLEMS:\n${report.problems.join('\n')}`); }
console.log(`start (minute ${report.samples[0]?.minute}): ${JSON.stringify(report.samples[0])}`);
console.log(`from (minute ${from.minute}) to the end (minute ${to.minute}): growth ${JSON.stringify(report.growth_mb)} MB; ${report.changes} changes; load ${loadAverage()}`);
mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(outPath, `${JSON.stringify(report, null, 2)}\n`);
console.log(`written to ${outPath}; ${failed ? 'FAILED' : 'within the bounds, no console error'}`);
process.exitCode = failed ? 1 : 0;
