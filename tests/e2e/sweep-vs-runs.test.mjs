// The default page trains its runs 300 epochs while the sweep's dots are judged after 50: where a
// run's badge and the sweep's verdict at its rate differ, the sweep card says so and why (and
// names no run that agrees).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser } from './browser.mjs';
import { linkTo, waitReady } from './page-helpers.mjs';
import { sweepDots, waitSweepDone } from './views-helpers.mjs';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

test('the default page (300-epoch runs, 50-epoch sweep) says where a badge and the sweep differ, and why', async () => {
  const { page, problems, close } = await browser.openPage(linkTo({ speed: 0 }));
  await waitReady(page);
  await waitSweepDone(page);
  await page.waitForFunction(() => [...document.querySelectorAll('#run-list .run-progress')]
    .every((p) => /epoch 300 of 300/.test(p.textContent)), null, { timeout: 30000 });
  await page.waitForTimeout(500);
  const { dots } = await sweepDots(page);
  const rows = await page.$$eval('#run-list > li', (lis) => lis.map((li) => li.querySelector('.verdict')?.dataset.verdict ?? ''));
  const rates = [0.01, 0.5, 30];
  const note = await page.textContent('#sweep-runs-check');
  rates.forEach((rate, i) => {
    // The dot nearest on the log axis is the sweep's verdict at that rate.
    const nearest = dots.reduce((a, b) => (Math.abs(Math.log(b.x / rate)) < Math.abs(Math.log(a.x / rate)) ? b : a));
    const named = note.includes(`Run ${i + 1} (`);
    assert.equal(named, nearest.verdict !== rows[i], `run ${i + 1}: badge ${rows[i]}, sweep ${nearest.verdict}, note: ${note}`);
    if (named) assert.match(note, new RegExp(`Run ${i + 1} \\(${rate}\\) is \\S+ after 300 epochs; the sweep's nearest rate \\([\\d.]+\\) was .* after 50: the same rate judged after a different length of training\\.`));
  });
  // Blue dots above a green one that the core says are stuck on a plateau (their words' cause,
  // not small steps, not settled higher after overshooting) are said to be so; the blue low end
  // is not.
  const sorted = [...dots].sort((a, b) => a.x - b.x);
  const firstGreen = sorted.findIndex((d) => d.verdict === 'converging');
  const plateau = firstGreen >= 0 && sorted.slice(firstGreen).some((d) => d.verdict === 'stalling' && d.cause === 'plateau');
  const status = await page.textContent('#sweep-status');
  assert.equal(/a plateau in the loss, not too small a step/.test(status), plateau, status);
  assert.deepEqual(problems, []);
  await close();
});

test('under a schedule that sets the rate itself the sweep recommends no rate', async () => {
  // The tutorial preset: 0.01, then exponential decay, whatever the run's rate; every sweep rate
  // trains the very same network.
  const { page, problems, close } = await browser.openPage(linkTo({ settings: { schedule: { name: 'tutorial' } } }));
  await waitReady(page);
  await waitSweepDone(page);
  const status = await page.textContent('#sweep-status');
  assert.match(status, /Every rate trained the very same curve/, status);
  assert.doesNotMatch(status, /Lowest loss/, status);
  await page.waitForFunction(() => /suggests/.test(document.getElementById('suggestion-text')?.textContent ?? ''), null, { timeout: 20000 });
  assert.match(await page.textContent('#sweep-answer'), /No rate to recommend/);
  assert.ok(await page.locator('#use-recommended').isDisabled(), 'no recommended rate to use');
  assert.ok(await page.locator('#suggestion-check').isHidden(), 'no disagreement to explain');
  assert.deepEqual(problems, []);
  await close();
});
