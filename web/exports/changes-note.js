// The first lines of a run's Keras or PyTorch listing when the run changed its settings while it
// trained and the listing cannot make its changes (the settings it is written from do not list
// them, or the core's code facts for a stretch are missing): the listing trains one set of
// settings, so it says which, and where the whole run is kept (the CSV export, which lrlab run
// replays). '' for a run trained with one set of settings.

/**
 * @param {{changes?: Array<{epoch: number}>}} settings what the listing is written from
 * @param {Array<{epoch: number}>} segments the run's record of what it trained with from which epoch
 */
export function changesNote(settings, segments) {
  const recorded = (settings.changes ?? []).map((change) => change.epoch);
  const live = segments.slice(1).map((segment) => segment.epoch);
  if (!recorded.length && !live.length) return '';
  // Settings with changes are written from their start; a run changed live, from its settings now.
  const which = recorded.length ? 'the settings it started with' : 'the settings it has now, from the start';
  const epochs = [...new Set(recorded.length ? recorded : live)].join(', ');
  return `# This run changed its settings while it trained (at epoch ${epochs}). This listing trains\n`
    + `# ${which}; the CSV export's settings replay the changes: lrlab run lrlab-runs.csv --run N\n\n`;
}
