// Screenshots of part 2's views for people to look at (written to $LRLAB_ARTIFACTS): the sweep
// and the landscape on a projector, compare mode (six runs overlaid), and the views on a phone in
// the dark theme. Also checks what a picture cannot: nothing overflows the phone's width, and
// every view is drawn with a clean console.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifactsDir, startBrowser } from './browser.mjs';
import { linkTo, waitReady } from './page-helpers.mjs';
import { waitPathsRevealed, waitPathsShown, waitSweepDone } from './views-helpers.mjs';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

test('compare mode at 1280x720: six runs overlaid in every view', async () => {
  const { page, problems, close } = await browser.openPage(linkTo({
    settings: { optimizer: { name: 'adam' }, epochs: 150 }, rates: [0.0003, 0.003, 0.01, 0.03, 0.3, 3],
  }));
  await waitReady(page);
  assert.equal(await page.locator('#run-list > li').count(), 6);
  await waitSweepDone(page);
  await waitPathsShown(page);
  await page.waitForFunction(() => /Training has finished/.test(document.getElementById('story').textContent), null, { timeout: 30000 });
  await page.screenshot({ path: join(artifactsDir, 'compare-1280x720.png') });
  await page.screenshot({ path: join(artifactsDir, 'compare-full-page.png'), fullPage: true });
  await page.locator('#sweep-card').screenshot({ path: join(artifactsDir, 'sweep-compare.png') });
  await page.locator('#landscape-card').screenshot({ path: join(artifactsDir, 'landscape-compare.png') });
  await page.locator('#step-size-card').screenshot({ path: join(artifactsDir, 'step-sizes-adam.png') });
  assert.deepEqual(problems, []);
  await close();
});

test('the views on a phone (390x844), dark theme', async () => {
  const { page, problems, close } = await browser.openPage(linkTo({ settings: { optimizer: { name: 'adagrad' } } }), {
    viewport: { width: 390, height: 844 }, colorScheme: 'dark',
  });
  await waitReady(page);
  await waitSweepDone(page);
  await waitPathsRevealed(page, 40);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling (${overflow}px too wide)`);
  await page.locator('.views-panel').screenshot({ path: join(artifactsDir, 'views-390x844-dark.png') });
  assert.deepEqual(problems, []);
  await close();
});

// The sharpness view for people to look at, on a laptop, a projector-sized screen and a phone;
// and on the phone the optimizer card with FTRL, whose parameter names are the longest
// (l2_shrinkage_regularization_strength): each label stays inside its control column, at a phone's,
// a small tablet's and laptops' widths.
test('the sharpness view at 1280x800, 1920x1080 and 390x844; FTRL\'s labels fit a phone', async () => {
  const { page, problems, close } = await browser.openPage(linkTo({
    settings: { epochs: 100, sharpness: { enabled: true, every: 5 } }, rates: [0.05, 0.5, 5],
  }), { viewport: { width: 1280, height: 800 } });
  await waitReady(page);
  await page.waitForFunction(() => /Training has finished/.test(document.getElementById('story').textContent), null, { timeout: 60000 });
  const card = page.locator('#sharpness-card');
  await card.scrollIntoViewIfNeeded();
  await card.screenshot({ path: join(artifactsDir, 'sharpness-1280x800.png') });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await card.screenshot({ path: join(artifactsDir, 'sharpness-1920x1080.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await card.screenshot({ path: join(artifactsDir, 'sharpness-390x844.png') });
  await page.getByRole('combobox', { name: 'Optimizer', exact: true }).selectOption('ftrl');
  await page.locator('#optimizer-card .field-label', { hasText: 'l2_shrinkage_regularization_strength' }).waitFor();
  // Widths where the settings' grid columns are narrowest (a phone, a small tablet, laptops).
  for (const width of [390, 560, 1024, 1280]) {
    await page.setViewportSize({ width, height: 844 });
    const overflow = await page.evaluate(() => [...document.querySelectorAll('#optimizer-card .field-label')].map((label) => {
      const text = document.createRange();
      text.selectNodeContents(label);
      return { text: label.textContent, over: Math.round(text.getBoundingClientRect().right - label.parentElement.getBoundingClientRect().right) };
    }).filter(({ over }) => over > 1));
    assert.deepEqual(overflow, [], `every label fits its column at ${width} px`);
  }
  await page.setViewportSize({ width: 390, height: 844 });
  await page.locator('#optimizer-card').screenshot({ path: join(artifactsDir, 'optimizer-ftrl-390x844.png') });
  assert.deepEqual(problems, []);
  await close();
});
