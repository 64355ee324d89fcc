// The share bar's own buttons: copy a link to these settings, export the runs as CSV, and a
// "Save PNG" button under every chart of the page. Everything is built from the page model.
import { downloadCsv, downloadPng, settingsSummary } from './export.js';
import { sweepOptionsFor } from '../page/sweep-client.js';
import { runSettings } from '../page/state.js';
import { userCsv } from '../page/data-sources.js';
import { el } from '../controls/dom.js';
import { formatRate } from '../words/format.js';

/** @type {(id: string) => any} */
const $ = (id) => document.getElementById(id);

/**
 * @param {{store: import('../page/model.js').ModelStore, call: (type: string, args?: any) => Promise<any>,
 *          showNotice: (text: string) => void, linkFor: () => string}} options
 */
export function startShareBar({ store, call, showNotice, linkFor }) {
  $('copy-link').addEventListener('click', async () => {
    const link = linkFor();
    const field = $('share-link');
    field.value = link;
    field.hidden = false;
    try {
      await navigator.clipboard.writeText(link);
      $('share-status').textContent = 'Link copied.';
    } catch {
      // Clipboard refused (permissions, file://): the link is shown selected for copying by hand.
      $('share-status').textContent = 'Copy this link:';
    }
    field.select();
  });
  $('export-csv').addEventListener('click', async () => {
    const { state, runs } = store.get();
    // Every epoch of every run from the worker's cores (the page itself keeps only what it draws,
    // thinned for long runs), with the settings each run trains with.
    let full = [];
    try {
      full = await call('histories');
    } catch (error) {
      showNotice(error.message);
      return;
    }
    const byKey = new Map(full.map((history) => [history.key, history]));
    downloadCsv(state.runs.map((run, i) => {
      const record = byKey.get(run.key) ?? runs.get(run.key);
      return { number: i + 1, rate: run.rate, record, settings: record?.settings ?? runSettings(state, i) };
    }));
  });
  for (const figure of document.querySelectorAll('figure.chart-card')) {
    const canvas = figure.querySelector('canvas');
    if (!canvas) continue;
    const title = figure.querySelector('figcaption')?.textContent.trim() ?? 'chart';
    const name = canvas.id.replace(/-chart$/, '');
    const button = el('button', { type: 'button', className: 'small png-button', 'aria-label': `Save the chart "${title}" as PNG` }, 'Save PNG');
    button.addEventListener('click', () => {
      const { state, registry } = store.get();
      downloadPng(canvas, `lrlab-${name}.png`, {
        title, key: figure.querySelector('.chart-key')?.textContent.trim(),
        summary: settingsSummary(state, registry, formatRate,
          { sweep: name === 'sweep' ? sweepOptionsFor(state.settings) : undefined, userRows: userCsv()?.summary.rows }),
      }).catch((error) => showNotice(error.message));
    });
    figure.append(el('div', { className: 'chart-actions' }, button));
  }
}
