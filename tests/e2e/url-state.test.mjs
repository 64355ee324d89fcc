// The settings object is the URL: every change is written to the link, the link restores it, and
// a link with a broken field opens with that field at its default and a visible notice that
// names it (the core's validation finds the field).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser } from './browser.mjs';
import { waitReady, linkTo } from './page-helpers.mjs';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

test('a changed setting goes into the link and the link restores it', async () => {
  const { page, problems, close } = await browser.openPage(linkTo({ rates: [0.01, 0.1] }));
  await waitReady(page);
  await page.getByRole('combobox', { name: 'Optimizer', exact: true }).selectOption('adam');
  await page.getByRole('textbox', { name: 'beta_1' }).fill('0.8');
  await page.getByRole('textbox', { name: 'beta_1' }).press('Enter');
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('"beta_1":0.8'), null, { timeout: 5000 });
  const link = await page.evaluate(() => location.hash);

  const second = await browser.openPage(link);
  await waitReady(second.page);
  assert.equal(await second.page.getByRole('combobox', { name: 'Optimizer', exact: true }).inputValue(), 'adam');
  assert.equal(await second.page.getByRole('textbox', { name: 'beta_1' }).inputValue(), '0.8');
  assert.equal(await second.page.locator('#run-list > li').count(), 2);
  assert.equal(await second.page.getByRole('textbox', { name: 'Learning rate of run 2' }).inputValue(), '0.1');
  assert.ok(await second.page.locator('#notice').isHidden());
  assert.deepEqual([...problems, ...second.problems], []);
  await second.close();
  await close();
});

test('a broken field falls back to its default with a notice naming it', async () => {
  const link = linkTo({ settings: { batch_size: 0, model: { activation: 'tanh' }, optimizer: { momentum: 0.5 } }, rates: [0.05] });
  const { page, problems, close } = await browser.openPage(link);
  await waitReady(page);
  const notice = await page.locator('#notice').textContent();
  assert.match(notice, /Batch size from the link was ignored: 0 is not allowed/, 'named as the control is');
  assert.equal(await page.getByRole('textbox', { name: 'Batch size' }).inputValue(), '512', 'the default view\'s batch size');
  assert.equal(await page.getByRole('textbox', { name: 'momentum' }).inputValue(), '0.5', 'the good fields are kept');
  const garbled = await browser.openPage('#s=%7Bnot-json');
  await waitReady(garbled.page);
  assert.match(await garbled.page.locator('#notice').textContent(), /could not be read/);
  assert.equal(await garbled.page.locator('#run-list > li').count(), 3, 'the default view');
  assert.deepEqual([...problems, ...garbled.problems], []);
  await garbled.close();
  await close();
});
