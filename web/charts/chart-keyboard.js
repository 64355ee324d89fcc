// Reading a chart without a mouse: with the canvas focused, Left/Right move along the focused
// line's epochs (Home/End jump to the ends) and Up/Down switch between lines. The point is shown
// with Chart.js's own tooltip and written out in a live region for screen readers.
export function attachChartKeyboard(chart, readout, { lines, describe }) {
  let line = 0;
  let index = -1;
  function show() {
    const candidates = lines(chart);  // [{datasetIndex, label}]
    if (!candidates.length) return;
    line = (line + candidates.length) % candidates.length;
    const { datasetIndex } = candidates[line];
    const data = chart.data.datasets[datasetIndex].data;
    if (!data.length) return;
    index = Math.max(0, Math.min(index < 0 ? data.length - 1 : index, data.length - 1));
    const active = [{ datasetIndex, index }];
    chart.setActiveElements(active);
    const element = chart.getDatasetMeta(datasetIndex).data[index];
    chart.tooltip.setActiveElements(active, { x: element?.x ?? 0, y: element?.y ?? 0 });
    chart.update('none');
    readout.textContent = describe(chart.data.datasets[datasetIndex], data[index]);
  }
  chart.canvas.addEventListener('keydown', (event) => {
    const moves = { ArrowLeft: () => index--, ArrowRight: () => index++, Home: () => { index = 0; },
      End: () => { index = Infinity; }, ArrowUp: () => line--, ArrowDown: () => line++ };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    move();
    show();
  });
  chart.canvas.addEventListener('focus', show);
  chart.canvas.addEventListener('blur', () => {
    chart.setActiveElements([]);
    chart.tooltip.setActiveElements([], { x: 0, y: 0 });
    chart.update('none');
  });
}
