#!/usr/bin/env node
// Regenerates the README's pictures from the real page in headless Chromium (the e2e tests' server
// and browser: tests/e2e/browser.mjs): the default view once its runs have trained a while and the
// loss-against-rate sweep has finished, and a lesson after its question was answered and run.
//   node scripts/screenshots.mjs [--out docs/images]     (LRLAB_WASM_DIR: the wasm build, default build/wasm)
// Writes default-view.png (1280x800) and lesson.png (1280x1000). Prints where each went.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startBrowser } from '../tests/e2e/browser.mjs';
import { waitReady } from '../tests/e2e/page-helpers.mjs';

const outArg = process.argv.indexOf('--out');
const outDir = resolve(outArg > 0 ? process.argv[outArg + 1] : 'docs/images');
mkdirSync(outDir, { recursive: true });
const viewport = { width: 1280, height: 800 };
// Taller for the lesson, so the chapter, its answer and the chart it speaks of fit in one picture.
const lessonViewport = { width: 1280, height: 1000 };
// The lesson pictured: chapter 2, "Too high a rate overshoots, then diverges" (three rates around 2/L).
const LESSON = 2;
const LESSON_CHOICE = /Bounce around, or grow/;

// The sweep's status says "Sweep: N rates × E epochs in S s" once every rate is in.
async function waitSweepDone(page) {
  await page.waitForFunction(() => / in [\d.]+ s/.test(document.getElementById('sweep-status')?.textContent ?? ''), null, { timeout: 120000 });
}

async function defaultView(browser) {
  const { page, problems, close } = await browser.openPage('', { viewport });
  try {
    await waitReady(page);
    await waitSweepDone(page);
    // Let the three runs train far enough that their verdicts and curves say something.
    await page.waitForFunction(() => [...document.querySelectorAll('#run-list .verdict')]
      .every((v) => v.dataset.verdict && v.dataset.verdict !== 'too_short'), null, { timeout: 60000 });
    await page.waitForTimeout(1500);
    const path = resolve(outDir, 'default-view.png');
    await page.screenshot({ path });
    return { path, problems };
  } finally {
    await close();
  }
}

async function lesson(browser) {
  const { page, problems, close } = await browser.openPage(`#lesson=${LESSON}`, { viewport: lessonViewport });
  try {
    await waitReady(page);
    await page.getByRole('radio', { name: LESSON_CHOICE }).check();
    await page.getByRole('button', { name: 'Run it' }).click();
    await page.waitForFunction(() => document.getElementById('lesson-panel')?.dataset.phase === 'told', null, { timeout: 60000 });
    await page.waitForFunction(() => !document.getElementById('play').disabled, null, { timeout: 60000 });
    // Clicking "Run it" scrolled the page; the picture starts at the chapter's title.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(1500);
    const path = resolve(outDir, 'lesson.png');
    await page.screenshot({ path });
    return { path, problems };
  } finally {
    await close();
  }
}

const browser = await startBrowser();
try {
  for (const shot of [defaultView, lesson]) {
    const { path, problems } = await shot(browser);
    console.log(`wrote ${path}${problems.length ? ` (page reported: ${problems.join('; ')})` : ''}`);
  }
} finally {
  await browser.close();
}
