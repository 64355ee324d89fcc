// The drawing surface for a predicted loss curve: a canvas laid over the loss chart while a
// chapter asks, taking pointer input (mouse, touch and pen alike, through pointer events). Its x
// axis is the loss chart's own (epochs done, read from the chart's scale so the sketch lines up
// with the run that follows); its y axis is the loss as a multiple of the loss the run starts at,
// on a log scale from 1/1000 to 100 times, since nobody can guess a loss in its own units. The
// sketch is kept per epoch (web/lessons/sketch/sketch-score.js says what the values mean).
//
// Where the curve starts is fixed: the loss before training, a dot on the "start" line at epoch 0.
// A stroke that begins the sketch is anchored there: its first point is taken as the start and
// the line is drawn from the dot, following the pointer's moves up and down (a student who began
// at the top-left and drew down meant a fall, not a loss a hundred times the start). A later
// stroke that mends part of the line is taken where it is drawn, against the line shown.
import { el } from '../../controls/dom.js';

// The pad's vertical range, as powers of ten of the starting loss, and its guide lines.
const LOW = -3;
const HIGH = 2;
const GUIDES = [[2, '×100'], [1, '×10'], [0, 'start: the loss before training'], [-1, '1/10'], [-2, '1/100'], [-3, '1/1000']];

// `text` in lines no wider than `width`, broken between words.
function wrapped(ctx, text, width) {
  const lines = [];
  let line = '';
  for (const word of text.split(' ')) {
    const tried = line ? `${line} ${word}` : word;
    if (line && ctx.measureText(tried).width > width) {
      lines.push(line);
      line = word;
    } else {
      line = tried;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * @param {{box: HTMLElement, chart: () => any, onChange: (values: number[]) => void}} options
 *   box: the loss chart's frame (the pad covers it); chart: the loss chart (for its plot area and
 *   x scale); onChange: the sketch after each stroke
 */
export function createSketchPad({ box, chart, onChange }) {
  const canvas = el('canvas', { className: 'sketch-pad', id: 'sketch-pad', role: 'img' });
  canvas.hidden = true;
  box.append(canvas);
  let epochs = 0;
  let values = [];     // per epoch 0..epochs: a multiple of the starting loss, NaN undrawn
  let prompt = '';
  let last = null;     // the previous pointer sample of the stroke: {epoch, log}
  let shift = 0;       // added to the pointer's log: the stroke's first point lands on the start
  let begun = Infinity;  // the epoch where the anchored stroke began (Infinity: nothing drawn)

  // Where the plot lies in the pad, in CSS pixels, and the conversions both ways.
  function frame() {
    const c = chart();
    const area = c?.chartArea ?? { left: 40, right: canvas.clientWidth - 40, top: 10, bottom: canvas.clientHeight - 30 };
    const x = c?.scales?.x;
    const toX = (e) => (x ? x.getPixelForValue(e) : area.left + (e / epochs) * (area.right - area.left));
    const toEpoch = (px) => (x ? x.getValueForPixel(px) : ((px - area.left) / (area.right - area.left)) * epochs);
    const toY = (log) => area.top + ((HIGH - log) / (HIGH - LOW)) * (area.bottom - area.top);
    const toLog = (py) => HIGH - ((py - area.top) / (area.bottom - area.top)) * (HIGH - LOW);
    return { area, toX, toEpoch, toY, toLog };
  }

  function draw() {
    if (canvas.hidden) return;
    const ratio = window.devicePixelRatio || 1;
    const [w, h] = [canvas.clientWidth, canvas.clientHeight];
    if (canvas.width !== Math.round(w * ratio)) canvas.width = Math.round(w * ratio);
    if (canvas.height !== Math.round(h * ratio)) canvas.height = Math.round(h * ratio);
    const ctx = canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const style = getComputedStyle(canvas);
    const ink = style.getPropertyValue('--fg').trim() || '#222';
    const muted = style.getPropertyValue('--muted').trim() || '#666';
    const { area, toX, toY } = frame();
    ctx.font = `${Math.round(parseFloat(getComputedStyle(document.body).fontSize) * 0.85)}px sans-serif`;
    ctx.lineWidth = 1;
    for (const [log, label] of GUIDES) {
      const y = toY(log);
      ctx.strokeStyle = muted;
      ctx.setLineDash(log === 0 ? [] : [3, 4]);
      ctx.beginPath();
      ctx.moveTo(area.left, y);
      ctx.lineTo(area.right, y);
      ctx.stroke();
      ctx.fillStyle = muted;
      ctx.fillText(label, area.left + 4, y - 3);
    }
    ctx.setLineDash([]);
    ctx.fillStyle = ink;
    // The start: every sketch begins at this dot.
    ctx.beginPath();
    ctx.arc(toX(0), toY(0), 6, 0, 2 * Math.PI);
    ctx.fill();
    if (!values.some(Number.isFinite)) {
      // In lines that fit the plot (a phone's is narrow): what to draw above the start line, how below it.
      const width = area.right - area.left - 70;
      const size = parseFloat(ctx.font) * 1.25;
      const above = wrapped(ctx, prompt, width);
      above.forEach((line, i) => ctx.fillText(line, area.left + 60, toY(0) - size - 6 - (above.length - 1 - i) * size));
      ctx.fillStyle = muted;
      wrapped(ctx, 'Your line starts at the dot, wherever you begin: draw how the loss goes from there.', width)
        .forEach((line, i) => ctx.fillText(line, area.left + 60, toY(0) + size + 6 + i * size));
    }
    ctx.strokeStyle = ink;
    ctx.lineWidth = 3;
    ctx.beginPath();
    let pen = false;
    values.forEach((v, e) => {
      if (!Number.isFinite(v)) { pen = false; return; }
      const y = toY(Math.min(HIGH + 0.2, Math.max(LOW - 0.2, Math.log10(v))));
      if (pen) ctx.lineTo(toX(e), y);
      else ctx.moveTo(toX(e), y);
      pen = true;
    });
    ctx.stroke();
  }

  // One pointer sample: every epoch between it and the previous one gets a value, in a straight
  // line (in log) between them, so a fast stroke leaves no gaps.
  function sample(event) {
    const rect = canvas.getBoundingClientRect();
    const { toEpoch, toLog } = frame();
    const epoch = Math.min(epochs, Math.max(0, Math.round(toEpoch(event.clientX - rect.left))));
    if (!last) {
      // A stroke that begins the sketch (none drawn yet, or it starts at or before where the
      // sketch began) is anchored at the start, the line held there from the dot to it; one that
      // mends the line further on is taken as drawn.
      const anchored = epoch <= begun;
      shift = anchored ? -toLog(event.clientY - rect.top) : 0;
      if (anchored) {
        begun = epoch;
        values.fill(1, 0, epoch);
      }
    }
    const log = Math.min(HIGH, Math.max(LOW, toLog(event.clientY - rect.top) + shift));
    const from = last ?? { epoch, log };
    const step = epoch >= from.epoch ? 1 : -1;
    for (let e = from.epoch; e !== epoch + step; e += step) {
      const t = epoch === from.epoch ? 1 : (e - from.epoch) / (epoch - from.epoch);
      values[e] = 10 ** (from.log + (log - from.log) * t);
    }
    last = { epoch, log };
    draw();
  }

  canvas.addEventListener('pointerdown', (event) => {
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    last = null;
    sample(event);
  });
  canvas.addEventListener('pointermove', (event) => {
    if (last && canvas.hasPointerCapture(event.pointerId)) sample(event);
  });
  const end = (event) => {
    if (!last) return;
    if (canvas.hasPointerCapture(event.pointerId)) canvas.releasePointerCapture(event.pointerId);
    last = null;
    onChange(values.slice());
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
  new ResizeObserver(draw).observe(canvas);

  return {
    element: canvas,
    // Opens the pad for a run of `n` epochs, empty; text: what to draw, written on the pad.
    open(n, text) {
      epochs = n;
      values = Array(n + 1).fill(NaN);
      begun = Infinity;
      prompt = text;
      canvas.setAttribute('aria-label', `${text}. Or pick a shape in the lesson panel.`);
      canvas.hidden = false;
      draw();
    },
    close() {
      canvas.hidden = true;
      last = null;
    },
    // A whole sketch at once (a picked shape), drawn as if by hand.
    set(sketch) {
      values = sketch.slice();
      begun = 0;
      draw();
    },
    clear() {
      values = Array(epochs + 1).fill(NaN);
      begun = Infinity;
      draw();
    },
  };
}
