// The page at top speed for a long time (docs/spec-page.md#the-page-never-freezes): the real page in
// headless Chromium, six runs, speed 0 ("as fast as stays responsive"), "Stop after" 100,000 (the
// most the core allows; when every run gets there, Play continues them by as many again), left
// alone for a set time. Every sample period it reports, over that period:
// - epochs per second per run (the runs' progress counters),
// - frame times (requestAnimationFrame intervals on the page: p50 / p95 / max),
// - input latency of a click (the time from the browser taking the click to the page's handler
//   running: performance.now() - event.timeStamp, p50 / p95 / max of one click per second),
// - the page's JS heap (CDP Runtime.getHeapUsage, after a garbage collection) and the resident
//   memory of Chromium's renderer processes (the page and its workers), from /proc.
// Then it presses Pause and reports how long until every counter stood still.
//
// usage: node bench/page_stress.mjs [--seconds 600] [--samples 10] [--wasm-dir build/wasm]
//          [--problem moons] [--sharpness] [--out build/bench/page_stress.json]
// --sharpness: every run also measures its sharpness at the page's default cadence (issue 27).
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/server.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
  (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]?.startsWith('--') ? true : all[i + 1] ?? true]] : pairs), []));
const seconds = Number(args.seconds ?? 600);
const samples = Number(args.samples ?? 10);
const wasmDir = resolve(args['wasm-dir'] ?? 'build/wasm');
const outPath = resolve(args.out ?? 'build/bench/page_stress.json');

const quantile = (xs, q) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const round = (x, digits = 1) => Number.isFinite(x) ? Number(x.toFixed(digits)) : null;

// Resident memory (MB) of this browser's renderer processes (the page and its workers): the
// descendants of this process whose command line says --type=renderer (other Chromiums on the
// machine are not counted).
function rendererMegabytes() {
  const parent = new Map();
  const pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parent.set(pid, stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      // The process ended meanwhile.
    }
  }
  const ours = (pid) => {
    for (let p = pid; p && p !== '0' && p !== '1'; p = parent.get(p)) if (p === String(process.pid)) return true;
    return false;
  };
  let kb = 0;
  for (const pid of pids) {
    try {
      if (!ours(pid)) continue;
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes('--type=renderer')) continue;
      const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (rss) kb += Number(rss[1]);
    } catch {
      // The process ended meanwhile.
    }
  }
  return kb / 1024;
}

const settings = { problem: { name: args.problem ?? 'moons' }, batch_size: 512, epochs: 100000,
  ...(args.sharpness ? { sharpness: { enabled: true } } : {}) };
const link = `#s=${encodeURIComponent(JSON.stringify({ s: settings, r: [0.003, 0.01, 0.03, 0.1, 0.5, 30], v: 0 }))}`;

const server = await startServer({ port: 0, wasmWebDir: resolve(wasmDir, 'web') });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const report = { chromium: browser.version(), seconds, settings, samples: [] };
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    // Frame intervals and click latencies, collected on the page and read once per sample.
    window.stress = { frames: [], clicks: [] };
    let last = performance.now();
    const frame = (now) => {
      window.stress.frames.push(now - last);
      last = now;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    window.addEventListener('click', (event) => {
      if (event.target?.id === 'loss-title') window.stress.clicks.push(performance.now() - event.timeStamp);
    }, true);
  });
  await page.goto(server.url + link);
  await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 60000 });
  const cdp = await context.newCDPSession(page);
  const counters = () => page.$$eval('#run-list .run-progress', (rows) =>
    rows.map((row) => Number(/epoch (\d+)/.exec(row.textContent)?.[1] ?? 0)));

  const period = (seconds * 1000) / samples;
  // A page that stops answering ends the run with that as its result.
  const answered = (promise, what) => {
    let timer;
    const late = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer to ${what} within 30 s`)), 30000); });
    return Promise.race([promise, late]).finally(() => clearTimeout(timer));
  };
  let before = await counters();
  let since = Date.now();
  const started = since;
  for (let s = 1; s <= samples && !report.unresponsive; s++) {
   try {
    // One click per second on the chart's title (no effect but the handler's timing).
    while (Date.now() - since < period) {
      const box = await answered(page.locator('#loss-title').boundingBox(), 'a layout query');
      if (box) await answered(page.mouse.click(box.x + 5, box.y + box.height / 2), 'a click');
      // Every run at its target: Play continues them (the bench measures a page that trains).
      if (await answered(page.locator('#play').isEnabled(), 'a query')) await page.locator('#play').click();
      await page.waitForTimeout(1000);
    }
    const now = await answered(counters(), 'a query of the counters');
    const elapsed = (Date.now() - since) / 1000;
    const perRun = now.map((n, i) => (n - before[i]) / elapsed);
    const { frames, clicks } = await page.evaluate(() => {
      const taken = { frames: window.stress.frames, clicks: window.stress.clicks };
      window.stress.frames = [];
      window.stress.clicks = [];
      return taken;
    });
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    const sample = {
      at_s: round((Date.now() - started) / 1000, 0),
      epochs_per_run: Math.min(...now),
      epochs_per_s_per_run: round(perRun.reduce((a, b) => a + b, 0) / perRun.length, 0),
      frame_ms: { p50: round(quantile(frames, 0.5)), p95: round(quantile(frames, 0.95)), max: round(Math.max(...frames)) },
      click_ms: { p50: round(quantile(clicks, 0.5)), p95: round(quantile(clicks, 0.95)), max: round(Math.max(...clicks)), n: clicks.length },
      js_heap_mb: round(usedSize / 1048576),
      renderer_mb: round(rendererMegabytes(), 0),
    };
    report.samples.push(sample);
    console.log(JSON.stringify(sample));
    before = now;
    since = Date.now();
   } catch (error) {
    report.unresponsive = { at_s: round((Date.now() - started) / 1000, 0), error: error.message };
    console.log(JSON.stringify(report.unresponsive));
   }
  }
  if (report.unresponsive) throw new Error(`the page stopped answering: ${report.unresponsive.error}`);
  const pressed = Date.now();
  await page.getByRole('button', { name: 'Pause', exact: true }).click({ timeout: 120000 });
  let last = await counters();
  for (;;) {
    await page.waitForTimeout(250);
    const now = await counters();
    if (now.every((n, i) => n === last[i])) break;
    last = now;
  }
  report.pause_ms = Date.now() - pressed;
  if (args.screenshot) await page.screenshot({ path: args.screenshot });
  console.log(`pause took effect within ${report.pause_ms} ms (including the 250 ms check)`);
  await context.close();
} finally {
  await browser.close();
  await server.close();
}
mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(outPath, `${JSON.stringify(report, null, 2)}\n`);
console.log(`written to ${outPath}`);
