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
//
// Every chart's canvas is the first child of its chart box (.chart-box, positioned, no padding:
// web/styles/style.css), so the plot area sits in the box where Chart.js's chartArea says, in CSS
// pixels: placing a marker reads nothing from the page's layout, and a move of the cursor never
// makes the browser lay out a panel it is not showing (content-visibility). tests/e2e/cursor
// checks each layer against its canvas on the page.

import { setText } from '../controls/dom.js';

const Chart = globalThis.Chart;

/** @type {Set<{placeIfStale(): void}>} every layer made */
const layers = new Set();
let stalePending = false;

// Registered with the first layer (modules load in Node too, for the views' tests, without Chart.js).
let registered = false;
const replaceAfterRender = {
  id: 'lrlabCursorLayer',
  afterRender(chart) {
    chart.$lrlabCursorLayer?.rendered();
  },
};

// A chart that redrew outside the page's frame (a resize, the theme, the landscape's paths playing)
// places its marker again once that task is done: the page's own frame has done so by then.
function placeStaleSoon() {
  if (stalePending) return;
  stalePending = true;
  queueMicrotask(() => {
    stalePending = false;
    for (const layer of layers) layer.placeIfStale();
  });
}

/**
 * @typedef {{x: number, label?: string,
 *   points?: Array<{x: number, y: number, colour: string, scale?: string, ring?: boolean, step?: number}>}} CursorMark
 *   x: data x of the vertical line (NaN: no line); points: dots at data coordinates, on the
 *   chart's y scale unless `scale` names another; a ring is drawn hollow and larger (a path's
 *   position); label: short text at the line's top
 */

// About the width of one character of a marker's label (.cursor-label: bold, 0.8rem).
const LABEL_CHAR_PX = 7.5;

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
  let boxKey = '';  // the plot area the layer was last given
  // The chart redrew since the marker was placed: its scales or plot area may have moved under
  // an unchanged mark.
  let stale = true;

  function dot(i) {
    while (dots.length <= i) {
      const node = div('cursor-dot');
      layer.append(node);
      dots.push(node);
    }
    return dots[i];
  }

  // Puts the marker's parts where the chart's scales say.
  function place() {
    const area = chart.chartArea;
    const xScale = chart.scales.x;
    const key = JSON.stringify(mark);
    if (!stale && key === placed) return;
    placed = key;
    stale = false;
    chart.$lrlabCursor = null;
    if (!mark || !area || !xScale) {
      if (!layer.hidden) layer.hidden = true;
      return;
    }
    const box = { left: area.left, top: area.top, width: area.right - area.left, height: area.bottom - area.top };
    const where = `${box.left}:${box.top}:${box.width}:${box.height}`;
    if (where !== boxKey) {
      boxKey = where;
      Object.assign(layer.style, { left: `${box.left}px`, top: `${box.top}px`, width: `${box.width}px`, height: `${box.height}px` });
    }
    if (layer.hidden) layer.hidden = false;
    const drawn = { x: mark.x, label: mark.label ?? '', points: [] };
    const hasLine = Number.isFinite(mark.x);
    if (line.hidden !== !hasLine) line.hidden = !hasLine;
    const labelHidden = !hasLine || !mark.label;
    if (label.hidden !== labelHidden) label.hidden = labelHidden;
    if (hasLine) {
      const px = xScale.getPixelForValue(mark.x) - area.left;
      line.style.transform = `translateX(${px}px)`;
      if (mark.label) {
        setText(label, mark.label);
        // Left of the line where the text would not fit right of it (and more room is left of
        // it), so it stays inside the plot. Its width is estimated, not measured: a read of the
        // label's width would lay the page out at every move.
        const width = mark.label.length * LABEL_CHAR_PX;
        const flip = px + 4 + width > box.width && px > box.width - px;
        label.style.transform = flip ? `translateX(calc(${px - 4}px - 100%))` : `translateX(${px + 4}px)`;
        // Too long for either side (four runs' rates beside a line mid-plot): it wraps in the
        // larger side's room rather than run out of the plot.
        const room = Math.floor(Math.max(px, box.width - px) - 8);
        const wrapAt = width > room ? `${Math.max(40, room)}px` : '';
        if (label.style.maxWidth !== wrapAt) {
          label.style.maxWidth = wrapAt;
          label.style.whiteSpace = wrapAt ? 'normal' : '';
        }
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
      if (node.hidden) node.hidden = false;
      const ring = Boolean(point.ring);
      if (node.classList.contains('ring') !== ring) node.classList.toggle('ring', ring);
      // The same colour again would still count as a style change.
      if (node.dataset.colour !== point.colour) {
        node.dataset.colour = point.colour;
        node.style.setProperty('--dot', point.colour);
      }
      node.style.transform = `translate(${px}px, ${py}px)`;
      drawn.points.push(point.step === undefined ? { x: point.x, y: point.y } : { x: point.x, y: point.y, step: point.step });
    }
    for (let i = used; i < dots.length; i++) if (!dots[i].hidden) dots[i].hidden = true;
    chart.$lrlabCursor = drawn;
  }

  layers.add({
    placeIfStale() {
      if (stale) place();
    },
  });
  chart.$lrlabCursorLayer = {
    rendered() {
      stale = true;
      placeStaleSoon();
    },
  };
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
 * `pixels`: `atX` gets the click's canvas pixels (x, y) instead, for a chart whose x is no time
 * (the landscape finds the path point nearest them).
 * @param {any} chart
 * @param {(x: number, y: number) => void} atX
 * @param {{pixels?: boolean}} [options]
 */
export function clickSetsCursor(chart, atX, { pixels = false } = {}) {
  chart.canvas.addEventListener('click', (event) => {
    const area = chart.chartArea;
    const x = event.offsetX;
    const y = event.offsetY;
    if (!area || x < area.left || x > area.right || y < area.top || y > area.bottom) return;
    if (pixels) atX(x, y);
    else atX(chart.scales.x.getValueForPixel(x), y);
  });
}
