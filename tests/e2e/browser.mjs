// Shared e2e setup: our own server (CSP header on) and the system Chromium via playwright-core, or
// with LRLAB_BROWSER=firefox Debian's Firefox ESR (tests/e2e/firefox.mjs, ctest label `firefox`).
// Every page opened through openPage() records console errors/warnings, page errors and CSP
// violations, so a test can assert the page stayed clean.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startServer } from '../../scripts/server.mjs';

export const engine = process.env.LRLAB_BROWSER ?? 'chromium';
// Firefox's screenshots and files beside Chromium's, not over them: the two are compared.
export const artifactsDir = resolve(process.env.LRLAB_ARTIFACTS ?? 'build/artifacts', engine === 'firefox' ? 'firefox' : '');
mkdirSync(artifactsDir, { recursive: true });

export async function startBrowser() {
  const wasmDir = process.env.LRLAB_WASM_DIR ?? 'build/wasm';
  const server = await startServer({ port: 0, wasmWebDir: resolve(wasmDir, 'web') });
  if (engine === 'firefox') {
    // Loaded only for Firefox: the Chromium tests need nothing of puppeteer's.
    const { startFirefox } = await import('./firefox.mjs');
    const firefox = await startFirefox();
    const address = (path) => (/^[a-z]+:/.test(path) ? path : server.url + path);
    return {
      url: server.url,
      openPage: (path = '', { viewport = { width: 1280, height: 720 }, colorScheme = 'light', initScript } = {}) =>
        firefox.openPage(address(path), { viewport, colorScheme, initScript }),
      async close() {
        await firefox.close();
        await server.close();
      },
    };
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  return {
    url: server.url,
    // initScript: a function run in the page before any of its own scripts (e.g. an observer).
    async openPage(path = '', { viewport = { width: 1280, height: 720 }, colorScheme = 'light', initScript } = {}) {
      const context = await browser.newContext({ viewport, colorScheme });
      if (initScript) await context.addInitScript(initScript);
      const page = await context.newPage();
      const problems = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') {
          problems.push(`${message.type()}: ${message.text()}`);
        }
      });
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
      page.on('worker', (worker) => worker.on('console', (message) => {
        if (message.type() === 'error') problems.push(`worker error: ${message.text()}`);
      }));
      // A full URL (e.g. file:///.../lrlab.html) is opened as it is; anything else on our server.
      await page.goto(/^[a-z]+:/.test(path) ? path : server.url + path);
      return { page, problems, close: () => context.close() };
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
