// Links and notices for a teacher: a link's notices name the controls as the page shows them, say
// what was ignored and what is used instead, and can be dismissed; leaving the lessons gives back
// the user's own setup exactly; a link can open a lesson or a setting with chosen panels hidden,
// and the "Make a link" dialog builds such links.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
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

const shown = (page, selector) => page.evaluate((s) => document.querySelector(s).checkVisibility(), selector);

test('a link opens a lesson with chosen panels hidden; "Show all panels" brings them back', async () => {
  const { page, problems, close } = await browser.openPage('?hide=settings,landscape,step-sizes#lesson=3');
  await waitReady(page);
  await page.waitForFunction(() => document.getElementById('lesson-panel')?.dataset.chapter === 'too-low', null, { timeout: 20000 });
  for (const id of ['#optimizer-card', '#schedule-card', '#plateau-card', '#problem-card', '#landscape-card', '#step-size-card']) {
    assert.equal(await shown(page, id), false, `${id} hidden`);
  }
  for (const id of ['#loss-chart', '#sweep-card', '.runs-panel', '#play']) assert.equal(await shown(page, id), true, `${id} shown`);
  assert.ok(await page.locator('#notice').isHidden(), 'nothing to report');
  await page.getByRole('button', { name: 'Show all panels' }).click();
  for (const id of ['#optimizer-card', '#landscape-card']) assert.equal(await shown(page, id), true, `${id} back`);
  assert.equal(await page.evaluate(() => new URLSearchParams(location.search).has('hide')), false);
  // A name the page does not have is reported, not silently dropped.
  const odd = await browser.openPage('?hide=sweep,volcano');
  await waitReady(odd.page);
  assert.equal(await shown(odd.page, '#sweep-card'), false);
  assert.match(await odd.page.locator('#notice').textContent(), /"volcano", which the page does not have/);
  assert.deepEqual([...problems, ...odd.problems], []);
  await odd.close();
  await close();
});

test('"Make a link" builds a link to a lesson or to these settings with panels hidden, and it opens so', async () => {
  const { page, problems, close } = await browser.openPage(linkTo({ rates: [0.03, 0.3], settings: { optimizer: { name: 'adam' } } }));
  await waitReady(page);
  await page.getByRole('button', { name: 'Make a link' }).click();
  const dialog = page.getByRole('dialog', { name: 'Make a link' });
  await dialog.getByRole('checkbox', { name: 'Optimizer' }).check();
  await dialog.getByRole('checkbox', { name: 'Loss landscape' }).check();
  const settingsLink = await dialog.getByRole('textbox', { name: 'Link' }).inputValue();
  assert.match(settingsLink, /\?hide=landscape,optimizer#s=/);
  await dialog.getByRole('combobox', { name: 'Open on' }).selectOption('lesson');
  await dialog.getByRole('combobox', { name: 'Lesson' }).selectOption({ index: 1 });
  await dialog.getByRole('checkbox', { name: /Projector mode/ }).check();
  const lessonLink = await dialog.getByRole('textbox', { name: 'Link' }).inputValue();
  assert.match(lessonLink, /\?projector=sweep&hide=landscape,optimizer#lesson=2$/);
  await dialog.getByRole('button', { name: 'Close' }).click();

  const viaSettings = await browser.openPage(settingsLink.slice(settingsLink.indexOf('?')));
  await waitReady(viaSettings.page);
  assert.equal(await shown(viaSettings.page, '#optimizer-card'), false);
  assert.equal(await shown(viaSettings.page, '#landscape-card'), false);
  assert.equal(await viaSettings.page.getByRole('textbox', { name: 'Learning rate of run 2' }).inputValue(), '0.3');
  assert.equal(await viaSettings.page.evaluate(() => window.Chart.getChart(document.getElementById('loss-chart')) !== undefined), true);

  const viaLesson = await browser.openPage(lessonLink.slice(lessonLink.indexOf('?')), { viewport: { width: 1920, height: 1080 } });
  await waitReady(viaLesson.page);
  await viaLesson.page.waitForFunction(() => document.getElementById('lesson-panel')?.dataset.chapter === 'too-high', null, { timeout: 20000 });
  assert.equal(await viaLesson.page.evaluate(() => document.documentElement.classList.contains('projector')), true);
  assert.equal(await shown(viaLesson.page, '#landscape-card'), false);
  assert.deepEqual([...problems, ...viaSettings.problems, ...viaLesson.problems], []);
  await viaLesson.close();
  await viaSettings.close();
  await close();
});
