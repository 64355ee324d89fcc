// Downloads made in the page: the current runs' histories as CSV, and a chart as PNG. Both are
// built from what the page holds (the core's numbers), handed to the browser as a Blob and saved
// through a temporary download link; nothing leaves the machine.

import { problemDetails } from './code-export.js';

// The CLI's columns (cli/history_writer.cpp: `lrlab run` writes epoch, learning_rate, train_loss,
// val_loss, accuracy, val_accuracy) after the page's run and rate, so one reader reads both files.
export const CSV_COLUMNS = ['run', 'rate', 'epoch', 'learning_rate', 'train_loss', 'val_loss', 'accuracy', 'val_accuracy'];
// As the CLI, a file with a schedule-free run adds its losses at the weights it reports (x; train_loss
// and val_loss are at y, where the gradients are taken): empty cells for the other runs.
export const REPORTED_COLUMNS = ['reported_train_loss', 'reported_val_loss'];
const hasReported = (record) => Array.from(record?.reported_train ?? []).some((loss) => !Number.isNaN(loss));

// Numbers as JavaScript prints them round-trip exactly. NaN (no validation set, a regression's
// accuracy) is an empty cell as in the CLI's file; Infinity (a diverged epoch) is written out.
const cell = (value) => {
  if (value === undefined || Number.isNaN(value)) return '';
  return typeof value === 'number' ? String(value) : `"${String(value).replace(/"/g, '""')}"`;
};

// The lines before the header: what the file is, how to reproduce a run, and each run's settings
// (the core's canonical JSON, one line each) that the native CLI reads back:
// `lrlab run lrlab-runs.csv --run N` (cli/export_settings.h). Comment lines, not a sidecar file,
// so one download is the whole record and pandas reads it with read_csv(path, comment='#').
function settingsLines(runs) {
  const lines = [
    '# lrlab runs: one row per finished epoch per run (epoch counts from 1). Each "# settings run N:"',
    '# line holds run N\'s settings as the core\'s JSON; the native CLI reproduces run N from this',
    '# file with: lrlab run lrlab-runs.csv --run N --epochs E (E: the epochs run N has below)',
  ];
  for (const { number, settings, record } of runs) {
    if (!settings) continue;
    const epochs = record?.train.length ?? 0;
    lines.push(`# run ${number}: ${epochs} epoch${epochs === 1 ? '' : 's'} trained${record?.diverged ? ', diverged' : ''}`);
    // A run changed while it trained carries its changes in its settings ("changes": at epoch E
    // these sections became ...), which the CLI replays where the page made them.
    const changes = (settings.changes ?? []).map((change) => (change.step ? `${change.epoch} step ${change.step}` : change.epoch));
    if (changes.length) {
      lines.push(`# run ${number} was changed while training (at epoch ${changes.join(', ')}): its settings list the changes,`,
        '# and the CLI replays each where the page made it.');
    }
    lines.push(`# settings run ${number}: ${JSON.stringify(settings)}`);
  }
  return lines;
}

// runs: [{number, rate, record, settings}] with record the page's RunHistories record and settings
// the run's settings JSON. One row per finished epoch per run; `epoch` counts from 1 (the loss
// after that epoch), as the loss chart's x axis.
export function historiesCsv(runs) {
  const reported = runs.some(({ record }) => hasReported(record));
  const lines = [...settingsLines(runs), [...CSV_COLUMNS, ...(reported ? REPORTED_COLUMNS : [])].join(',')];
  for (const { number, rate, record } of runs) {
    if (!record) continue;
    for (let e = 0; e < record.train.length; e++) {
      const row = [number, rate, e + 1, record.lr[e], record.train[e], record.val[e], record.accuracy[e],
        record.val_accuracy?.[e]];
      if (reported) row.push(record.reported_train?.[e], record.reported_val?.[e]);
      lines.push(row.map(cell).join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

export function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken its copy once the click has been handled.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function downloadCsv(runs, filename = 'lrlab-runs.csv') {
  download(new Blob([historiesCsv(runs)], { type: 'text/csv' }), filename);
}

// ---- PNG: a chart for a slide ----
// The chart is drawn again by Chart.js at EXPORT_SCALE times its size (its devicePixelRatio
// option), so lines and text are sharp rather than a blown-up copy of the screen, then framed on
// the page's background colour (white in light mode, dark in dark mode) with a title above and a
// one-line summary of the settings below. The chart's own legend is part of its canvas.
export const EXPORT_SCALE = 2;

function rerender(chart, ratio) {
  chart.options.devicePixelRatio = ratio;
  chart.resize();
  chart.update('none');
  chart.draw();  // now, not on the next frame: the copy is taken in this same task
}

const fontOf = (px, weight = '') => `${weight} ${px}px ${getComputedStyle(document.body).fontFamily}`.trim();

// Writes `text` in one line no wider than `width`, shrinking the font down to `min` px first.
function fitText(ctx, text, x, y, width, size, min, weight = '') {
  let px = size;
  ctx.font = fontOf(px, weight);
  while (px > min && ctx.measureText(text).width > width) ctx.font = fontOf(--px, weight);
  ctx.fillText(text, x, y);
}

// The summary's lines: one, in a font shrunk down to `min` px if need be; if it still does not
// fit, broken at its ' · ' separators. Returns {lines, px}.
function summaryLines(ctx, text, width, size, min) {
  let px = size;
  ctx.font = fontOf(px);
  while (px > min && ctx.measureText(text).width > width) ctx.font = fontOf(--px);
  const lines = [];
  let line = '';
  for (const part of text.split(' · ')) {
    const longer = line ? `${line} · ${part}` : part;
    if (line && ctx.measureText(longer).width > width) {
      lines.push(line);
      line = part;
    } else {
      line = longer;
    }
  }
  return { lines: [...lines, line], px };
}

// chart: a Chart.js chart; title, summary: strings; key: what the line styles mean (optional, the
// figure's key under the chart on the page); background, foreground: CSS colours.
// Returns {blob, layout: {width, height, chartTop, chartBottom}}.
export async function chartPng(chart, { title, summary, key, background, foreground }) {
  const scale = EXPORT_SCALE;
  const screenRatio = chart.options.devicePixelRatio;
  rerender(chart, scale);
  try {
    const source = chart.canvas;
    const pad = 12 * scale;
    const titleSize = 22 * scale;
    const summarySize = 14 * scale;
    const keySize = 14 * scale;
    const keyTop = pad + titleSize + pad / 2;
    const chartTop = key ? keyTop + keySize + pad : pad + titleSize + pad;
    const chartBottom = chartTop + source.height;
    const copy = document.createElement('canvas');
    copy.width = source.width;
    const ctx = copy.getContext('2d');
    const { lines, px } = summaryLines(ctx, summary, copy.width - 2 * pad, summarySize, 11 * scale);
    const lineHeight = Math.round(px * 1.3);
    copy.height = chartBottom + pad + lines.length * lineHeight + pad;
    ctx.fillStyle = background;
    ctx.fillRect(0, 0, copy.width, copy.height);
    ctx.fillStyle = foreground;
    ctx.textBaseline = 'top';
    fitText(ctx, title, pad, pad, copy.width - 2 * pad, titleSize, 12 * scale, 'bold');
    if (key) fitText(ctx, key, pad, keyTop, copy.width - 2 * pad, keySize, 9 * scale);
    ctx.drawImage(source, 0, chartTop);
    ctx.fillStyle = foreground;
    ctx.font = fontOf(px);
    lines.forEach((line, i) => ctx.fillText(line, pad, chartBottom + pad + i * lineHeight));
    const blob = await new Promise((resolve, reject) => copy.toBlob(
      (b) => (b ? resolve(b) : reject(new Error('the chart could not be saved as PNG'))), 'image/png'));
    return { blob, layout: { width: copy.width, height: copy.height, chartTop, chartBottom, summaryLines: lines, summaryPx: px } };
  } finally {
    rerender(chart, screenRatio);
  }
}

export async function downloadPng(canvas, filename, { title, summary, key }) {
  const chart = globalThis.Chart.getChart(canvas);
  if (!chart) throw new Error('this chart has nothing to save yet');
  const style = getComputedStyle(document.documentElement);
  const background = style.getPropertyValue('--bg').trim() || '#ffffff';
  const foreground = style.getPropertyValue('--fg').trim() || '#1b1b1f';
  const { blob, layout } = await chartPng(chart, { title, summary, key, background, foreground });
  // What was drawn, for tests reading the file (the text itself is pixels in the PNG).
  globalThis.lrlabLastExport = { filename, title, summary, ...layout };
  download(blob, filename);
}

// ---- the one-line settings summary under an exported chart ----
const LABELS = { sgd: 'SGD', adagrad: 'Adagrad', adadelta: 'Adadelta', rmsprop: 'RMSprop', adam: 'Adam', adamw: 'AdamW', nadam: 'Nadam', adamax: 'Adamax', lion: 'Lion', ftrl: 'FTRL', lamb: 'LAMB', adafactor: 'Adafactor', muon: 'Muon', schedule_free_adamw: 'Schedule-free AdamW', schedule_free_sgd: 'Schedule-free SGD' };

// The parameters of a component (optimizer, schedule) that differ from its registry defaults.
function changedParams(values, specs, skip = []) {
  return (specs ?? [])
    .filter((spec) => !skip.includes(spec.name) && spec.name in values && JSON.stringify(values[spec.name]) !== JSON.stringify(spec.default))
    .map((spec) => `${spec.name} ${Array.isArray(values[spec.name]) ? values[spec.name].join('/') : values[spec.name]}`);
}

const count = (n) => n.toLocaleString('en-US');

// The problem as the run trained on it, and how many samples it trained on. A real table (a
// built-in one, whose rows the core's registry records, or the user's, whose rows the core read)
// is named by its rows: the generators' samples and noise stay in its settings but do not apply.
// userRows: the rows of the user's table the core accepted (web/page/data-sources.js).
function problemAsTrained(problem, registry, userRows) {
  const table = registry?.datasets?.find((d) => d.name === problem.name);
  const rows = table ? table.rows : problem.name === 'csv' ? userRows : undefined;
  const fraction = problem.val_fraction ?? 0;
  if (rows !== undefined) {
    const name = problem.name === 'csv' ? 'your CSV' : problem.name;
    return { words: `${name} (${count(rows)} rows)`, train: rows - Math.floor(rows * fraction) };
  }
  const train = problem.samples === undefined ? undefined : problem.samples - Math.floor(problem.samples * fraction);
  return { words: `${problem.name}${problemDetails({ samples: problem.samples, noise: problem.noise })}`, train };
}

// The model as it is: with no hidden layer the activation is never applied.
export const modelWords = (model) => (model.hidden.length ? `network ${model.hidden.join('-')} ${model.activation}`
  : 'linear model (no hidden layer)');

// The batch as the run used it: one at least as large as the training split is the whole split.
export const batchWords = (batch, train) => (train !== undefined && batch >= train ? `full batch (${count(train)} samples)`
  : `batch ${batch}`);

// state: the page's state (web/page/state.js); registry: the core's registry. Every word comes from the
// settings the runs were given.
// sweep ({low, high, count, epochs}): the line is for the sweep's chart, whose dots each trained a
// fresh network for the sweep's epochs, not for the runs' "Stop after".
/**
 * @param {any} state
 * @param {any} registry
 * @param {(rate: number) => string} [formatRate]
 * @param {{sweep?: {low: number, high: number, count: number, epochs: number}, userRows?: number}} [options]
 */
export function settingsSummary(state, registry, formatRate = String, { sweep, userRows } = {}) {
  const { settings } = state;
  const { problem, model, optimizer, schedule, plateau } = settings;
  const optimizerSpecs = registry?.optimizers?.find((o) => o.name === optimizer.name)?.params;
  const scheduleSpecs = registry?.schedules?.find((s) => s.name === schedule.name)?.params;
  const withParams = (name, params) => (params.length ? `${name} (${params.join(', ')})` : name);
  const trained = problemAsTrained(problem, registry, userRows);
  const parts = [
    trained.words,
    modelWords(model),
    withParams(LABELS[optimizer.name] ?? optimizer.name, changedParams(optimizer, optimizerSpecs, ['learning_rate'])),
    schedule.name === 'constant' ? 'constant rate'
      : withParams(`schedule ${schedule.name} per ${schedule.granularity}`, changedParams(schedule, scheduleSpecs)),
  ];
  if (plateau.enabled) parts.push(`plateau: ${plateau.monitor} ×${plateau.factor} after ${plateau.patience}`);
  // A run with an optimizer or schedule of its own (web/controls/run-own.js) is named by it.
  const own = (run) => [run.own?.optimizer && (LABELS[run.own.optimizer.name] ?? run.own.optimizer.name),
    run.own?.schedule && `schedule ${run.own.schedule.name}`].filter(Boolean).join(', ');
  const rates = state.runs.map((run) => (own(run) ? `${formatRate(run.rate)} (${own(run)})` : formatRate(run.rate))).join(', ');
  parts.push(batchWords(settings.batch_size, trained.train),
    sweep ? `sweep: ${sweep.count} rates ${formatRate(sweep.low)} to ${formatRate(sweep.high)}, ${sweep.epochs} epochs each`
      : `${settings.epochs} epochs`,
    `seed ${settings.seed}`, `${sweep ? 'runs at' : 'rates'} ${rates}`);
  return `lrlab · ${parts.join(' · ')}`;
}
