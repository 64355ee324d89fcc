// A legend entry too wide for its chart, written on several lines. Chart.js does not wrap a
// legend label (one wider than the chart is clipped at both ends: a run named by its optimizer,
// rate and schedule on a phone, "run 3: Adam, rate 0.01, schedule Warmup-stable-dec"), but it
// draws a label given as an array of strings one line each. The entry is broken after its commas,
// where its parts end, as few lines as fit.

/**
 * @param {string} text the entry ("run 3: Adam, rate 0.01, schedule Warmup-stable-decay")
 * @param {number} room the width a line may take
 * @param {(line: string) => number} measure a line's width in the legend's font
 * @returns {string | string[]} the text when it fits, else its lines
 */
export function wrapLegend(text, room, measure) {
  if (typeof text !== 'string' || measure(text) <= room) return text;
  const parts = text.split(', ');
  const lines = [];
  let line = parts[0];
  for (const part of parts.slice(1)) {
    const longer = `${line}, ${part}`;
    if (measure(longer) <= room) line = longer;
    else {
      lines.push(`${line},`);
      line = part;
    }
  }
  lines.push(line);
  return lines.length > 1 ? lines : text;
}

// A figure space: as wide as a digit, never collapsed, invisible.
const PAD = '\u2007';

/**
 * The legend's entries when one of them is wider than the chart: each line of a broken entry an
 * entry of its own (Chart.js lays out a horizontal legend's rows at one line's height, so an
 * entry of several lines would overlap the next row), the lines after the first without a box and
 * standing for the same run (a click on any hides or shows it); then every entry padded to the
 * widest, and to more than half the room, so that each takes a row of its own and the list reads
 * top to bottom. Entries that all fit are returned as they are.
 * @template {{text: string}} Item
 * @param {Item[]} items Chart.js legend items
 * @param {number} room
 * @param {(line: string) => number} measure
 * @returns {Item[]}
 */
export function legendLines(items, room, measure) {
  const broken = items.map((item) => wrapLegend(item.text, room, measure));
  if (broken.every((lines) => typeof lines === 'string')) return items;
  const out = [];
  broken.forEach((lines, i) => {
    (typeof lines === 'string' ? [lines] : lines).forEach((line, n) => {
      out.push(n === 0 ? { ...items[i], text: line }
        : { ...items[i], text: line, fillStyle: 'transparent', strokeStyle: 'transparent', lineWidth: 0 });
    });
  });
  const width = Math.max(room / 2 + 1, ...out.map((item) => measure(item.text)));
  const pad = measure(PAD) || 1;
  for (const item of out) item.text += PAD.repeat(Math.max(0, Math.ceil((width - measure(item.text)) / pad)));
  return out;
}
