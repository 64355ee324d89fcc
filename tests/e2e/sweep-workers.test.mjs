// The sweep spread over several workers (web/page/sweep-client.js): the same curve as one worker, bit
// for bit; it fills in while it runs, coarse to fine; and a change of settings mid-sweep cancels
// the old sweep everywhere, so the chart ends with the new settings' curve and never draws a stale
// point. ?workers=N forces the worker count (the page's own switch for tests and benchmarks).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { artifactsDir, startBrowser } from './browser.mjs';
import { linkTo, waitReady } from './page-helpers.mjs';
import { byRole, chartData, waitSweepDone } from './views-helpers.mjs';
import { logSweepDraws } from '../support/sweep-draws.mjs';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

// What the chart says about the curve: every rate drawn (with its verdict and sentence), the
// shaded regions, and the status line without its timing.
async function curve(page) {
  const data = await chartData(page, 'sweep-chart');
  const rates = [...byRole(data, 'sweep')[0].points, ...byRole(data, 'sweep-diverged')[0].points]
    .map(({ x, y, verdict, sentence, divergedEpoch, epochs }) => ({ x, y, verdict, sentence, divergedEpoch, epochs }))
    .sort((a, b) => a.x - b.x);
  const status = (await page.locator('#sweep-status').textContent()).replace(/ in [\d.]+ s( \(\d workers\))?\./, '.');
  return { rates, regions: data.marks.regions, status, workers: data.marks.request.workers };
}

// The newest request's draws, once it is drawn done.
async function waitNewSweep(page, after) {
  await page.waitForFunction((token) => window.sweepDraws.some((d) => d.token > token && d.done), after, { timeout: 60000 });
  await waitSweepDone(page);
}
const lastToken = (page) => page.evaluate(() => window.sweepDraws.at(-1)?.token ?? 0);

// The page's helpers start once it is ready, so the sweep that starts with the page runs in the
// training worker alone: the curve compared is the next one, after the seed changes to 2.
async function sweepOf(url, workers) {
  const { page, problems, close } = await browser.openPage(url.replace(/^([^#]*)/, `$1?workers=${workers}`), { initScript: logSweepDraws });
  await waitReady(page);
  await waitSweepDone(page);
  const first = await lastToken(page);
  await page.getByRole('textbox', { name: 'Seed', exact: true }).fill('2');
  await page.getByRole('textbox', { name: 'Seed', exact: true }).press('Enter');
  await waitNewSweep(page, first);
  const result = { ...(await curve(page)), draws: await page.evaluate(() => window.sweepDraws) };
  assert.deepEqual(problems, []);
  await close();
  return result;
}

test('several workers draw exactly the curve one worker draws, filling in coarse to fine', async () => {
  const one = await sweepOf('', 1);
  assert.equal(one.workers, 1);
  assert.equal(one.rates.length, 64, 'docs/spec-numbers.md: 64 rates');
  assert.ok(one.regions[0]?.kind === 'stall' && one.regions.at(-1)?.kind === 'overshoot', 'stall and overshoot regions shaded');
  for (const workers of [2, 3]) {
    const several = await sweepOf('', workers);
    assert.equal(several.workers, workers);
    // Same rates, losses (bit for bit: structured clone keeps every double), verdicts, sentences.
    assert.deepEqual(several.rates, one.rates, `${workers} workers`);
    assert.deepEqual(several.regions, one.regions);
    assert.equal(several.status, one.status);

    // Drawn while it ran: partial curves before the end, each a part of the final one, growing.
    const final = new Map(several.rates.map((p) => [p.x, p.y]));
    const draws = several.draws.filter((d) => d.token === several.draws.at(-1).token);
    const partial = draws.filter((d) => !d.done && d.points.length > 0);
    assert.ok(partial.length >= 3, `partial draws: ${partial.map((d) => d.points.length)}`);
    for (let i = 1; i < partial.length; i++) assert.ok(partial[i].points.length >= partial[i - 1].points.length);
    for (const d of partial) {
      for (const p of d.points) {
        assert.ok(final.has(p.x), `rate ${p.x} is on the final curve`);
        if (p.role === 'sweep') assert.equal(p.y, final.get(p.x));  // a diverged mark sits at the top edge
      }
    }
    // Coarse to fine: once a handful of rates is in, they span most of the range (1e-4 .. 100),
    // not its left end, whichever worker's share happens to arrive first (contiguous slices
    // would show 1e-4 .. 3e-4 here).
    const early = partial.find((d) => d.points.length >= 5);
    if (early) {
      const xs = early.points.map((p) => p.x);
      assert.ok(Math.min(...xs) < 1e-2 && Math.max(...xs) > 1, `early rates ${xs}`);
    }
  }
});

// A real table reaches a helper worker with the first request that trains on it: the sweep on
// iris split over two workers draws the curve one worker draws.
test('a sweep on a real table: two workers draw exactly the curve one worker draws', async () => {
  const iris = linkTo({ settings: { problem: { name: 'iris' } } });
  const one = await sweepOf(iris, 1);
  assert.equal(one.rates.length, 24, 'a real table sweeps 24 rates');
  assert.ok(one.rates.every((p) => Number.isFinite(p.y) || p.divergedEpoch >= 0), JSON.stringify(one.rates));
  const two = await sweepOf(iris, 2);
  assert.equal(two.workers, 2);
  assert.deepEqual(two.rates, one.rates);
  assert.equal(two.status, one.status);
});

test('a change mid-sweep cancels it in every worker: the new curve, and no stale point drawn', async () => {
  const { page, problems, close } = await browser.openPage('?workers=2', { initScript: logSweepDraws });
  await waitReady(page);
  await waitSweepDone(page);
  // Three wide layers: about a second per rate, so this sweep, shared by both workers, is surely
  // still running when the next change comes.
  const hidden = page.getByRole('textbox', { name: 'Hidden layers' });
  const loaded = await lastToken(page);
  await hidden.fill('64, 64, 64');
  await hidden.press('Enter');
  await page.waitForFunction((token) => window.sweepDraws.some((d) => d.token > token && !d.done && d.points.length > 0),
    loaded, { timeout: 60000 });
  const before = await page.evaluate(() => window.sweepDraws.at(-1));
  assert.equal(before.workers, 2);

  await hidden.fill('4');
  await hidden.press('Enter');
  await waitNewSweep(page, before.token);
  const after = await curve(page);
  await page.locator('#sweep-card').screenshot({ path: join(artifactsDir, 'sweep-workers-after-change.png') });
  const draws = await page.evaluate(() => window.sweepDraws);
  assert.deepEqual(problems, []);
  await close();

  const old = draws.filter((d) => d.token === before.token);
  assert.ok(old.every((d) => !d.done), 'the slow sweep never finished');
  // Once the change is adopted, the old request is never drawn again, and every later draw shows
  // only rates of the final curve.
  const firstNew = draws.findIndex((d) => d.token > before.token);
  assert.ok(firstNew > 0);
  assert.ok(draws.slice(firstNew).every((d) => d.token > before.token), 'no stale request drawn after the change');
  assert.equal(draws[firstNew].points.length, 0, 'the stale curve is cleared at once');
  const final = new Map(after.rates.map((p) => [p.x, p.y]));
  for (const d of draws.slice(firstNew)) {
    for (const p of d.points) {
      assert.ok(final.has(p.x), `rate ${p.x} is on the final curve`);
      if (p.role === 'sweep') assert.equal(p.y, final.get(p.x), `rate ${p.x}`);
    }
  }

  // The final curve is the new settings' own: the first sweep of a page opened on them (which
  // runs in the training worker alone).
  const fresh = await browser.openPage(`?workers=1${linkTo({ settings: { model: { hidden: [4] } } })}`);
  await waitReady(fresh.page);
  await waitSweepDone(fresh.page);
  const alone = await curve(fresh.page);
  assert.deepEqual(fresh.problems, []);
  await fresh.close();
  assert.equal(alone.workers, 1);
  assert.deepEqual(after.rates, alone.rates);
  assert.equal(after.status, alone.status);
});

test('the single-file build, opened from disk under its own CSP, shares the sweep the same way', async () => {
  const out = join(artifactsDir, 'lrlab-sweep-workers.html');
  const wasmDir = resolve(process.env.LRLAB_WASM_DIR ?? 'build/wasm');
  await promisify(execFile)(process.execPath, ['scripts/single-file.mjs', '--wasm-dir', wasmDir, '--out', out]);
  const served = await sweepOf('', 1);
  const single = await sweepOf(pathToFileURL(out).href, 3);
  assert.equal(single.workers, 3);
  assert.deepEqual(single.rates, served.rates);
  assert.equal(single.status, served.status);
});
