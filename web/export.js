// Downloads made in the page: the current runs' histories as CSV, and a chart as PNG. Both are
// built from what the page holds (the core's numbers), handed to the browser as a Blob and saved
// through a temporary download link; nothing leaves the machine.

export const CSV_COLUMNS = ['run', 'rate', 'epoch', 'train_loss', 'val_loss', 'accuracy', 'learning_rate'];

// Numbers as JavaScript prints them round-trip exactly; non-finite values stay readable
// (NaN: no validation set or a regression's accuracy; Infinity: a diverged epoch).
const cell = (value) => (typeof value === 'number' ? String(value) : `"${String(value).replace(/"/g, '""')}"`);

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
    lines.push(`# settings run ${number}: ${JSON.stringify(settings)}`);
  }
  return lines;
}

// runs: [{number, rate, record, settings}] with record the page's RunHistories record and settings
// the run's settings JSON. One row per finished epoch per run; `epoch` counts from 1 (the loss
// after that epoch), as the loss chart's x axis.
export function historiesCsv(runs) {
  const lines = [...settingsLines(runs), CSV_COLUMNS.join(',')];
  for (const { number, rate, record } of runs) {
    if (!record) continue;
    for (let e = 0; e < record.train.length; e++) {
      lines.push([number, rate, e + 1, record.train[e], record.val[e], record.accuracy[e], record.lr[e]].map(cell).join(','));
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

// A chart's canvas on the page's background colour (the canvas itself is transparent, which
// reads badly in a slide or a dark viewer), as a PNG blob.
export function chartPng(canvas, background) {
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  const ctx = copy.getContext('2d');
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, copy.width, copy.height);
  ctx.drawImage(canvas, 0, 0);
  return new Promise((resolve, reject) => copy.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the chart could not be saved as PNG'))), 'image/png'));
}

export async function downloadPng(canvas, filename) {
  const background = getComputedStyle(document.documentElement).getPropertyValue('--bg').trim() || '#ffffff';
  download(await chartPng(canvas, background), filename);
}
