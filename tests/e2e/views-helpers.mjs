// Reading the views under the loss chart (web/views/) the way the tests need them: what is drawn
// through Chart.getChart, grouped by the role each dataset carries in dataset.lrlab.role; the
// experiments' state through the page model's test hook (window.__lrlab.model).

// Datasets of one chart as {role, label, key, rate, points: [{x, y, ...}]}, plus its marks.
export function chartData(page, canvasId) {
  return page.evaluate((id) => {
    const chart = window.Chart.getChart(document.getElementById(id));
    return {
      datasets: chart.data.datasets.map((d) => ({
        role: d.lrlab?.role, label: d.label, key: d.lrlab?.key, rate: d.lrlab?.rate, level: d.lrlab?.level,
        points: d.data.map((p) => ({ ...p })),
        // A landscape path's every point, revealed or not yet (the chart shows a growing prefix).
        full: d.lrlab?.full?.map((p) => ({ ...p })),
      })),
      marks: chart.data.lrlab ?? null,
    };
  }, canvasId);
}

export const byRole = (data, role) => data.datasets.filter((d) => d.role === role);

// The sweep and the range test are both done (the model's sweep status, and the suggestion is
// known) and the sweep's chart shows that request whole.
export async function waitSweepDone(page, timeout = 60000) {
  await page.waitForFunction(() => {
    const { sweep } = window.__lrlab.model.get().experiments;
    const drawn = window.Chart.getChart(document.getElementById('sweep-chart'))?.data.lrlab?.request;
    return sweep.status === 'done' && Number.isFinite(sweep.suggestion) && drawn?.token === sweep.token && drawn.done;
  }, null, { timeout });
}

// The sweep chart shows the page model's current sweep request, finished (the lessons' feedback
// comes from the model; the chart follows it on its next animation frame).
export async function waitSweepDrawn(page, timeout = 20000) {
  await page.waitForFunction(() => {
    const { sweep } = window.__lrlab.model.get().experiments;
    const drawn = window.Chart.getChart(document.getElementById('sweep-chart'))?.data.lrlab?.request;
    return sweep.status === 'done' && drawn?.token === sweep.token && drawn.done;
  }, null, { timeout });
}

// The landscape's paths each showing at least `count` points (or all they have).
export async function waitPathsRevealed(page, count, timeout = 20000) {
  await page.waitForFunction((n) => {
    const chart = window.Chart.getChart(document.getElementById('landscape-chart'));
    const paths = chart.data.datasets.filter((d) => d.lrlab?.role === 'path');
    return paths.length > 0 && paths.every((d) => d.data.length >= Math.min(n, d.lrlab.full.length));
  }, count, { timeout });
}

// Every path of the landscape revealed to its last point.
export async function waitPathsShown(page, timeout = 20000) {
  await page.waitForFunction(() => {
    const chart = window.Chart.getChart(document.getElementById('landscape-chart'));
    const paths = chart.data.datasets.filter((d) => d.lrlab?.role === 'path');
    return paths.length > 0 && paths.every((d) => d.data.length === d.lrlab.full.length);
  }, null, { timeout });
}

// Every dot with its drawn colour and the regions drawn around it.
export function sweepDots(page) {
  return page.evaluate(() => {
    const chart = window.Chart.getChart(document.getElementById('sweep-chart'));
    const dots = [];
    for (const d of chart.data.datasets) {
      const role = d.lrlab?.role;
      if (role !== 'sweep' && role !== 'sweep-diverged') continue;
      d.data.forEach((p, i) => {
        const colour = Array.isArray(d.pointBackgroundColor) ? d.pointBackgroundColor[i] : d.backgroundColor;
        dots.push({ x: p.x, verdict: p.verdict, cause: p.words?.cause ?? '', colour });
      });
    }
    return { dots, regions: chart.data.lrlab.regions, steady: chart.data.lrlab.steady };
  });
}
