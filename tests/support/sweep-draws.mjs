// An init script for a page (playwright addInitScript), shared by the sweep-workers e2e test and
// the sweep benchmark: a Chart.js plugin, registered the moment Chart.js defines itself, logs every
// draw of the sweep chart in window.sweepDraws with the request it shows (token, when it was
// requested, done, workers) and each rate it draws. Runs in the page, so it is self-contained.
export function logSweepDraws() {
  const draws = [];
  window.sweepDraws = draws;
  let chartJs;
  Object.defineProperty(window, 'Chart', {
    configurable: true,
    get: () => chartJs,
    set(value) {
      chartJs = value;
      chartJs.register({
        id: 'sweep-draw-log',
        afterDraw(chart) {
          if (chart.canvas.id !== 'sweep-chart') return;
          const request = chart.data.lrlab?.request ?? {};
          const points = chart.data.datasets.filter((d) => d.lrlab?.role === 'sweep' || d.lrlab?.role === 'sweep-diverged')
            .flatMap((d) => d.data.map((p) => ({ x: p.x, y: p.y, role: d.lrlab.role })));
          draws.push({ t: performance.now(), token: request.token, requestedAt: request.requestedAt, done: request.done,
            workers: request.workers, points });
        },
      });
    },
  });
}
