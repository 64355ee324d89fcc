// The first screen, as a class sees it before anyone scrolls: the page opens on a run that stalls,
// one that converges and one that overshoots, and the way to a run that diverges is there too,
// beside the runs (it sat under the loss chart's notes, below the fold). One click then shows
// stall, convergence and divergence side by side on that same screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifactsDir, startBrowser } from './browser.mjs';
import { waitReady, runRows } from './page-helpers.mjs';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

// Where an element is against the viewport, without scrolling: wholly visible or not.
function onFirstScreen(page, selector) {
  return page.evaluate((sel) => {
    const node = document.querySelector(sel);
    if (!node || !node.checkVisibility()) return { seen: false, why: 'not shown' };
    const r = node.getBoundingClientRect();
    const seen = window.scrollY === 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth && r.height > 0;
    return { seen, box: [r.left, r.top, r.right, r.bottom], viewport: [innerWidth, innerHeight] };
  }, selector);
}

const verdictsOf = async (page) => (await runRows(page)).map((row) => row.verdict);
// A run's early epochs may read otherwise (a stalling rate's first epochs still fall): the verdicts
// are waited for, then read.
async function verdictsBecome(page, wanted) {
  await page.waitForFunction((w) => [...document.querySelectorAll('#run-list .verdict')].map((b) => b.dataset.verdict).join() === w.join(),
    wanted, { timeout: 30000 }).catch(() => {});
  return verdictsOf(page);
}

for (const viewport of [{ width: 1280, height: 800 }, { width: 1920, height: 1080 }]) {
  test(`${viewport.width}x${viewport.height}: stall, convergence and overshoot, and divergence one click away beside the runs`, async () => {
    const { page, problems, close } = await browser.openPage('', { viewport });
    await waitReady(page);
    assert.deepEqual(await verdictsBecome(page, ['stalling', 'converging', 'overshooting']), ['stalling', 'converging', 'overshooting']);
    const button = page.getByRole('button', { name: 'Show a run that diverges' });
    assert.equal(await button.count(), 1, 'one such control');
    const place = await onFirstScreen(page, '#show-divergence');
    assert.ok(place.seen, `on the first screen: ${JSON.stringify(place)}`);
    assert.ok(await page.evaluate(() => Boolean(document.getElementById('show-divergence').closest('.runs-panel'))), 'beside the runs');
    // Why it is needed is said where the button is read from (its description): the reason for
    // cross-entropy on tanh units, and how high the loss climbed, from the core's record (the
    // highest peak is run 3's, rate 30), never "bounded" beside a curve that rose to ~100.
    const described = await button.getAttribute('aria-describedby');
    const why = await page.locator(`#${described}`).textContent();
    assert.match(why, /cross-entropy, the tanh units saturate .* bounces instead of diverging/, why);
    assert.match(why, /the loss climbed to [\d.]+ \(run 3\) and stayed finite/, why);
    assert.doesNotMatch(why, /bounded/, why);
    if (viewport.width === 1280) await page.screenshot({ path: join(artifactsDir, 'first-screen-1280.png') });

    await button.click();
    assert.deepEqual(await verdictsBecome(page, ['stalling', 'converging', 'diverged']), ['stalling', 'converging', 'diverged'],
      'stall, convergence and divergence together');
    assert.ok(!(await onFirstScreen(page, '#show-divergence')).seen, 'gone once the problem can diverge');
    for (let row = 0; row < 3; row++) {
      assert.ok((await onFirstScreen(page, `#run-list > li:nth-child(${row + 1}) .verdict`)).seen, `run ${row + 1}'s verdict on screen`);
    }
    if (viewport.width === 1280) await page.screenshot({ path: join(artifactsDir, 'first-screen-diverged-1280.png') });
    assert.deepEqual(problems, []);
    await close();
  });
}
