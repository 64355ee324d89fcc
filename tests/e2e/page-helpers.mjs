// Reading the page the way a test needs it: what is drawn through Chart.getChart, the runs'
// verdicts and captions from the page's text, the page's state through its one test hook on the
// page model (window.__lrlab.model), and links written by the page's own encoder.
import { compactHash } from '../../web/page/url-schema.js';

// A link that opens the page on given settings (a diff against the default view's), rates and
// speed, in the page's own address form (web/page/url-schema.js).
export function linkTo({ settings, rates, speed } = {}) {
  const compact = {};
  if (settings) compact.s = settings;
  if (rates) compact.r = rates;
  if (speed !== undefined) compact.v = speed;
  return compactHash(compact);
}

export async function waitReady(page) {
  await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 45000 });  // generous: a busy machine compiles the wasm slowly
}

// Every loss-chart dataset as {key, role, label, points: [[x, y], ...]}.
// Resolves once the loss chart holds a run's first training losses.
export function firstChartDrawn(page, timeout = 20000) {
  return page.waitForFunction(() => window.Chart?.getChart(document.getElementById('loss-chart'))?.data.datasets
    .some((d) => d.lrlab?.role === 'train' && d.data.length > 0), null, { timeout });
}

export function lossDatasets(page) {
  return page.evaluate(() => window.Chart.getChart(document.getElementById('loss-chart')).data.datasets
    .map((d) => ({ key: d.lrlab?.key, role: d.lrlab?.role, label: d.label, points: d.data.map((p) => [p.x, p.y]) })));
}

// One run's series by role, for the run shown in the n-th row (0-based).
export async function runSeries(page, row) {
  const key = await page.locator('#run-list > li').nth(row).getAttribute('data-key');
  const series = {};
  for (const d of await lossDatasets(page)) if (d.key === key) series[d.role] = d.points;
  return series;
}

export function previewData(page) {
  return page.evaluate(() => window.Chart.getChart(document.getElementById('schedule-chart')).data.datasets
    .map((d) => d.data.map((p) => [p.x, p.y])));
}

// [{verdict, caption, progress}] per run row.
export function runRows(page) {
  return page.$$eval('#run-list > li', (rows) => rows.map((row) => ({
    key: row.dataset.key,
    verdict: row.querySelector('.verdict')?.dataset.verdict ?? '',
    caption: row.querySelector('.run-caption')?.textContent ?? '',
    progress: row.querySelector('.run-progress')?.textContent ?? '',
  })));
}

// Epochs the run in the n-th row (0-based) has trained, as the page model holds its record.
export function epochsDone(page, row) {
  return page.evaluate((n) => {
    const model = window.__lrlab.model.get();
    return model.runs.get(model.state.runs[n]?.key)?.epochsDone ?? 0;
  }, row);
}

// Resolves once the run in the n-th row (0-based) has trained at least `epochs` epochs.
export function epochsReached(page, row, epochs, timeout = 30000) {
  return page.waitForFunction(([n, e]) => {
    const model = window.__lrlab.model.get();
    return (model.runs.get(model.state.runs[n]?.key)?.epochsDone ?? 0) >= e;
  }, [row, epochs], { timeout });
}

// Every chart number must be finite: the page never hands NaN or Infinity to Chart.js.
export async function allChartValuesFinite(page) {
  return page.evaluate(() => ['loss-chart', 'schedule-chart'].every((id) =>
    window.Chart.getChart(document.getElementById(id)).data.datasets.every((d) =>
      d.data.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y)))));
}
