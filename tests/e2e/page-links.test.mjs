// Links that shape the page: a link can open a lesson or a setting with chosen panels hidden
// (?hide=...), and the "Make a link" dialog builds such links.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser } from './browser.mjs';
import { linkTo, waitReady } from './page-helpers.mjs';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

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
  // A teacher's link that has the class draw its prediction (web/lessons/sketch/).
  await dialog.getByRole('checkbox', { name: 'students draw their prediction' }).check();
  assert.match(await dialog.getByRole('textbox', { name: 'Link' }).inputValue(), /#lesson=2&draw$/);
  await dialog.getByRole('checkbox', { name: 'students draw their prediction' }).uncheck();
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

test('"Make a link" warns when it hides a panel the chosen lesson uses, and the lesson says that view is hidden', async () => {
  const { page, problems, close } = await browser.openPage();
  await waitReady(page);
  await page.getByRole('button', { name: 'Make a link' }).click();
  const dialog = page.getByRole('dialog', { name: 'Make a link' });
  const warning = dialog.locator('#link-warning');
  await dialog.getByRole('checkbox', { name: 'Loss landscape' }).check();
  assert.ok(await warning.isHidden(), 'these settings: no lesson, no warning');
  await dialog.getByRole('combobox', { name: 'Open on' }).selectOption('lesson');
  await dialog.getByRole('combobox', { name: 'Lesson' }).selectOption({ index: 1 });
  await warning.waitFor({ state: 'visible', timeout: 5000 });
  assert.match(await warning.textContent(), /^Lesson 2 uses "Loss landscape": hidden, it is still named in the lesson's text/);
  // Chapter 2 reads the runs, the loss chart, the landscape and the sweep; not the optimizer.
  await dialog.getByRole('checkbox', { name: 'Loss landscape' }).uncheck();
  await dialog.getByRole('checkbox', { name: 'Optimizer' }).check();
  assert.ok(await warning.isHidden(), 'a panel the lesson does not use: no warning');
  await dialog.getByRole('checkbox', { name: 'Loss against learning rate' }).check();
  await dialog.getByRole('checkbox', { name: 'Loss while training' }).check();
  assert.match(await warning.textContent(), /^Lesson 2 uses "Loss while training" and "Loss against learning rate": hidden, they are/);
  await dialog.getByRole('combobox', { name: 'Lesson' }).selectOption({ index: 6 });  // chapter 7: adaptive rates
  assert.doesNotMatch(await warning.textContent(), /Loss against learning rate/);
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Opened so, the lesson names the hidden view as hidden, until it is shown again.
  const hidden = await browser.openPage('?hide=landscape#lesson=2');
  await waitReady(hidden.page);
  await hidden.page.waitForFunction(() => document.getElementById('lesson-panel')?.dataset.chapter === 'too-high', null, { timeout: 20000 });
  const look = hidden.page.locator('.lesson-look');
  assert.match(await look.textContent(), /the loss landscape \(hidden by this link: "Show all panels" at the top brings it back\)/);
  await hidden.page.getByRole('button', { name: 'Show all panels' }).click();
  assert.doesNotMatch(await look.textContent(), /hidden/);
  assert.match(await look.textContent(), /the loss landscape/);
  assert.deepEqual([...problems, ...hidden.problems], []);
  await hidden.close();
  await close();
});
