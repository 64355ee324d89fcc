// Firefox for the e2e tests (ctest label `firefox`): Debian's firefox-esr driven over WebDriver BiDi
// by puppeteer-core, behind the part of Playwright's Page API the tests use, so the very test files
// that run in Chromium run here too. puppeteer-core because it speaks BiDi to a stock Firefox with
// no download of its own; Playwright's Firefox needs Playwright's patched build, which cannot be
// fetched here, and selenium-webdriver would need geckodriver, which Debian does not package.
import puppeteer from 'puppeteer-core';
import { mkdtempSync, readdirSync, statSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Locator } from './firefox-locator.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Firefox writes a download as NAME.part and renames it when done; a finished one is a file with
// no .part beside it that was not in the folder before.
async function nextDownload(folder, before, timeout = 30000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const names = readdirSync(folder);
    const fresh = names.filter((n) => !before.has(n) && !n.endsWith('.part') && !names.includes(`${n}.part`) &&
      statSync(join(folder, n)).size > 0);
    if (fresh.length > 0) {
      const path = join(folder, fresh[0]);
      return { suggestedFilename: () => fresh[0], path: async () => path, saveAs: async (to) => copyFileSync(path, to) };
    }
    if (Date.now() > deadline) throw new Error(`no download in ${folder} within ${timeout} ms`);
    await sleep(50);
  }
}

class FirefoxPage {
  constructor(page, downloads) {
    this.raw = page;
    this.downloads = downloads;
    this.keyboard = { press: (key) => page.keyboard.press(key) };
  }

  goto(url) { return this.raw.goto(url); }
  url() { return this.raw.url(); }
  evaluate(fn, arg) { return this.raw.evaluate(fn, arg); }
  $$eval(selector, fn, arg) { return this.raw.$$eval(selector, fn, arg); }
  // Playwright's default polling is every animation frame; so is puppeteer's 'raf'.
  waitForFunction(fn, arg, { timeout = 30000, polling = 'raf' } = {}) {
    return this.raw.waitForFunction(fn, { timeout, polling }, arg);
  }
  waitForTimeout(ms) { return sleep(ms); }
  screenshot({ path }) { return this.raw.screenshot({ path }); }
  locator(css) { return new Locator(this.raw, [{ css }]); }
  // Playwright's page-level shortcuts: the same actions on locator(selector).
  textContent(css) { return this.locator(css).textContent(); }
  getAttribute(css, name) { return this.locator(css).getAttribute(name); }
  isVisible(css) { return this.locator(css).isVisible(); }
  inputValue(css) { return this.locator(css).inputValue(); }
  click(css) { return this.locator(css).click(); }
  fill(css, value) { return this.locator(css).fill(value); }
  getByRole(role, options) { return new Locator(this.raw, []).getByRole(role, options); }
  waitForEvent(name) {
    if (name !== 'download') throw new Error(`waitForEvent('${name}') is not adapted for Firefox`);
    return nextDownload(this.downloads, new Set(readdirSync(this.downloads)));
  }
}

export async function startFirefox() {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    headless: true,
    // Nothing reaches out: no update, telemetry, safe-browsing or captive-portal checks.
    extraPrefsFirefox: {
      'app.update.enabled': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
      'toolkit.telemetry.enabled': false,
    },
  });
  return {
    version: () => browser.version(),
    async openPage(url, { viewport, colorScheme, initScript }) {
      const downloads = mkdtempSync(join(tmpdir(), 'lrlab-firefox-downloads-'));
      const context = await browser.createBrowserContext({ downloadBehavior: { policy: 'allow', downloadPath: downloads } });
      const page = await context.newPage();
      await page.setViewport(viewport);
      if (colorScheme !== 'light') await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: colorScheme }]);
      if (initScript) await page.evaluateOnNewDocument(initScript);
      const problems = [];
      // puppeteer names the console's warning level 'warn' (Playwright: 'warning').
      page.on('console', (message) => {
        const type = message.type() === 'warn' ? 'warning' : message.type();
        if (type === 'error' || type === 'warning') problems.push(`${type}: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
      await page.goto(url);
      return { page: new FirefoxPage(page, downloads), problems, close: () => context.close() };
    },
    close: () => browser.close(),
  };
}
