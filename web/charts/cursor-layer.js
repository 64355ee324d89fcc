// A chart's cursor marker in a layer of its own laid over the chart: a dashed vertical line, a
// label and a few dots, each an absolutely placed element moved by a CSS transform. Moving the
// cursor redraws no dataset and rasterises nothing: the browser moves the marker's elements
// (bench/cursor_probe.mjs measured a canvas overlay repainted per move at several times the cost:
// every overlay's bitmap went to the compositor again on each move). When the chart itself
// redraws (new epochs, a resize, a rescaled axis) the marker is placed again from the chart's new
// scales, by one plugin registered for every chart.
//
// The layer keeps what it last placed on its chart (chart.$lrlabCursor: {x, label, points}) for
// the page's tests: each view's marker can be read in data coordinates.

const Chart = globalThis.Chart;

// Registered with the first layer (modules load in Node too, for the views' tests, without Chart.js).
let registered = false;
const replaceAfterRender = {
  id: 'lrlabCursorLayer',
  afterRender(chart) {
    chart.$lrlabCursorLayer?.place(true);
  },
};

/**
 * @typedef {{x: number, label?: string,
 *   points?: Array<{x: number, y: number, colour: string, scale?: string, ring?: boolean, step?: number}>}} CursorMark
 *   x: data x of the vertical line (NaN: no line); points: dots at data coordinates, on the
 *   chart's y scale unless `scale` names another; a ring is drawn hollow and larger (a path's
 *   position); label: short text at the line's top
 */

const div = (className) => {
  const node = document.createElement('div');
  node.className = className;
  return node;
};

/**
 * @param {any} chart a Chart.js chart whose canvas sits in a positioned box
 * @returns {{set(mark: CursorMark | null): void}}
 */
export function cursorLayer(chart) {
  if (!registered) {
    Chart.register(replaceAfterRender);
    registered = true;
  }
  // The layer covers the chart's plot area and clips to it; the marker's parts move inside it.
  const layer = div('cursor-layer');
  layer.setAttribute('aria-hidden', 'true');
  const line = div('cursor-line');
  const label = div('cursor-label');
  layer.append(line, label);
  chart.canvas.after(layer);
  /** @type {HTMLElement[]} */
  const dots = [];
  /** @type {CursorMark | null} */
  let mark = null;
  let placed = '';  // the mark last placed: the same again changes nothing
  // Where the plot area sits in the chart's box, read when the chart renders: reading the
  // canvas's offsets on every move would force a layout of the page after each text change.
  let box = null;
  let boxKey = '';

  function dot(i) {
    while (dots.length <= i) {
      const node = div('cursor-dot');
      layer.append(node);
      dots.push(node);
    }
    return dots[i];
  }

  // Puts the marker's parts where the chart's scales say. `rendered`: the chart just redrew, its
  // scales may have moved under an unchanged mark.
  function place(rendered = false) {
    const area = chart.chartArea;
    const xScale = chart.scales.x;
    const key = rendered ? '' : JSON.stringify(mark);
    if (key && key === placed) return;
    placed = key;
    chart.$lrlabCursor = null;
    if (!mark || !area || !xScale) {
      if (!layer.hidden) layer.hidden = true;
      return;
    }
    if (rendered || !box) {
      const canvas = chart.canvas;
      box = { left: canvas.offsetLeft + area.left, top: canvas.offsetTop + area.top, width: area.right - area.left, height: area.bottom - area.top };
      const key = `${box.left}:${box.top}:${box.width}:${box.height}`;
      if (key !== boxKey) {
        boxKey = key;
        Object.assign(layer.style, { left: `${box.left}px`, top: `${box.top}px`, width: `${box.width}px`, height: `${box.height}px` });
      }
    }
    if (layer.hidden) layer.hidden = false;
    const drawn = { x: mark.x, label: mark.label ?? '', points: [] };
    const hasLine = Number.isFinite(mark.x);
    line.hidden = !hasLine;
    label.hidden = !hasLine || !mark.label;
    if (hasLine) {
      const px = xScale.getPixelForValue(mark.x) - area.left;
      line.style.transform = `translateX(${px}px)`;
      if (mark.label) {
        if (label.textContent !== mark.label) label.textContent = mark.label;
        // Left of the line once it nears the right edge, so the text stays inside the plot.
        const flip = px > box.width * 0.7;
        label.style.transform = flip ? `translateX(calc(${px - 4}px - 100%))` : `translateX(${px + 4}px)`;
      }
    }
    let used = 0;
    for (const point of mark.points ?? []) {
      const yScale = chart.scales[point.scale ?? 'y'];
      if (!yScale || !Number.isFinite(point.x) || !Number.isFinite(point.y)) continue;
      const px = xScale.getPixelForValue(point.x) - area.left;
      const py = yScale.getPixelForValue(point.y) - area.top;
      if (!Number.isFinite(px) || !Number.isFinite(py)) continue;
      const node = dot(used++);
      node.hidden = false;
      node.classList.toggle('ring', Boolean(point.ring));
      node.style.setProperty('--dot', point.colour);
      node.style.transform = `translate(${px}px, ${py}px)`;
      drawn.points.push(point.step === undefined ? { x: point.x, y: point.y } : { x: point.x, y: point.y, step: point.step });
    }
    for (let i = used; i < dots.length; i++) dots[i].hidden = true;
    chart.$lrlabCursor = drawn;
  }

  chart.$lrlabCursorLayer = { place };
  return {
    set(next) {
      mark = next;
      place();
    },
  };
}

/**
 * A click inside the chart's plot sets the page's cursor at the clicked x (in the chart's own x
 * units; `atX` turns it into a cursor). Clicks on the legend or the axes are left alone.
 * @param {any} chart
 * @param {(x: number) => void} atX
 */
export function clickSetsCursor(chart, atX) {
  chart.canvas.addEventListener('click', (event) => {
    const area = chart.chartArea;
    const x = event.offsetX;
    const y = event.offsetY;
    if (!area || x < area.left || x > area.right || y < area.top || y > area.bottom) return;
    atX(chart.scales.x.getValueForPixel(x));
  });
}
