// For a teacher's links: a link's notices name the controls as the page shows them, say what was
// ignored and what is used instead, and can be dismissed; leaving the lessons gives back the
// user's own setup exactly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startBrowser } from './browser.mjs';
import { linkTo, waitReady, epochsDone } from './page-helpers.mjs';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

const INTERNAL_PATH = /\b[a-z_]+\.[a-z_]+/;  // optimizer.learning_rate, problem.name, ...

test('link notices use the controls\' names, say what was ignored and what is used, and can be dismissed', async () => {
  const link = linkTo({ settings: { batch_size: 0, optimizer: { name: 'sgd', momentum: 0.5 } }, rates: [0.05, -1] });
  const { page, problems, close } = await browser.openPage(link);
  await waitReady(page);
  const items = page.locator('#notice li');
  assert.equal(await items.count(), 2, await page.locator('#notice').textContent());
  const texts = await items.allTextContents();
  const batch = texts.find((t) => t.includes('Batch size'));
  assert.ok(batch, texts.join(' | '));
  assert.match(batch, /\b0\b/, 'the value the link had');
  assert.match(batch, /512/, 'the value used instead');
  const rate = texts.find((t) => t.includes('Learning rate of run 2'));
  assert.ok(rate, texts.join(' | '));
  assert.match(rate, /-1/);
  for (const text of texts) assert.doesNotMatch(text.replace(/Dismiss.*$/, ''), INTERNAL_PATH, text);
  // The good parts of the link were kept: momentum 0.5, run 1 at 0.05.
  assert.equal(await page.getByRole('textbox', { name: 'momentum' }).inputValue(), '0.5');
  assert.equal(await page.getByRole('textbox', { name: 'Learning rate of run 1' }).inputValue(), '0.05');

  await items.first().getByRole('button', { name: /Dismiss/ }).click();
  assert.equal(await items.count(), 1);
  await items.first().getByRole('button', { name: /Dismiss/ }).click();
  assert.equal(await items.count(), 0);
  assert.ok(await page.locator('#notice').isHidden(), 'no empty box left behind');
  assert.deepEqual(problems, []);
  await close();
});

// The page's own setup as a user sees it.
async function setup(page) {
  const rows = await page.locator('#run-list > li').count();
  const rates = [];
  for (let i = 1; i <= rows; i++) rates.push(await page.getByRole('textbox', { name: `Learning rate of run ${i}` }).inputValue());
  return {
    rates,
    optimizer: await page.getByRole('combobox', { name: 'Optimizer', exact: true }).inputValue(),
    rho: await page.getByRole('textbox', { name: 'rho' }).inputValue(),
    problem: await page.getByRole('combobox', { name: 'Problem' }).inputValue(),
    schedule: await page.getByRole('combobox', { name: 'Schedule', exact: true }).inputValue(),
    surface: await page.getByRole('combobox', { name: 'Surface' }).inputValue(),
    speed: await page.getByRole('textbox', { name: /Speed/ }).inputValue(),
    state: await page.evaluate(() => JSON.parse(decodeURIComponent(location.hash.split('&')[0].slice(3)))),
  };
}

test('leaving the lessons restores the user\'s own setup exactly', async () => {
  const link = linkTo({ rates: [0.02, 0.2, 2], speed: 25,
    settings: { problem: { name: 'circles' }, optimizer: { name: 'rmsprop', rho: 0.8 }, epochs: 40 } });
  const { page, problems, close } = await browser.openPage(link);
  await waitReady(page);
  await page.getByRole('combobox', { name: 'Surface' }).selectOption('two_basins');
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('two_basins'));
  const before = await setup(page);
  assert.deepEqual(before.rates, ['0.02', '0.2', '2']);

  await page.getByRole('button', { name: 'Lessons' }).click();
  await page.waitForFunction(() => document.getElementById('lesson-panel')?.dataset.phase === 'asking', null, { timeout: 20000 });
  await page.getByRole('button', { name: /Next/ }).click();
  await page.waitForFunction(() => document.getElementById('lesson-panel')?.dataset.chapter !== undefined
    && document.getElementById('lesson-panel').dataset.phase === 'asking', null, { timeout: 20000 });
  assert.notEqual(await page.getByRole('combobox', { name: 'Problem' }).inputValue(), 'circles', 'the chapter has its own setup');

  await page.getByRole('button', { name: 'Leave lessons' }).click();
  await page.waitForFunction((rates) => [...document.querySelectorAll('#run-list > li')].length === rates.length, before.rates);
  await page.waitForFunction(() => !location.hash.includes('lesson='));
  await page.waitForTimeout(400);  // the URL is written 150 ms after the state settles
  const after = await setup(page);
  assert.deepEqual(after, before);
  // And they train again.
  await page.waitForFunction(() => /epoch [1-9]/.test(document.querySelector('#run-list > li .run-progress')?.textContent ?? ''), null, { timeout: 20000 });
  assert.ok(await epochsDone(page, 0) > 0);
  assert.deepEqual(problems, []);
  await close();
});

test('a link to a lesson chapter that does not exist says so and names the chapters there are', async () => {
  // The chapters, counted from lessons/index.json itself.
  const { chapters } = JSON.parse(await readFile('lessons/index.json', 'utf8'));
  const last = JSON.parse(await readFile(`lessons/${chapters.at(-1)}`, 'utf8'));
  const { page, problems, close } = await browser.openPage('#lesson=99');
  await waitReady(page);
  await page.waitForFunction(() => /\S/.test(document.getElementById('lesson-title')?.textContent ?? ''), null, { timeout: 10000 });
  const notices = await page.locator('#notice li .notice-text').allTextContents();
  const notice = notices.find((text) => /chapter 99/.test(text));
  assert.ok(notice, `a notice about chapter 99: ${JSON.stringify(notices)}`);
  assert.match(notice, new RegExp(`no lesson chapter 99: the lessons have chapters 1 to ${chapters.length}\\b`));
  assert.ok(notice.includes(last.title), `it names the chapter shown: ${notice}`);
  assert.equal(await page.locator('#lesson-title').textContent(), `${chapters.length}. ${last.title}`);
  assert.deepEqual(problems, []);
  await close();
});
