// What a linked phrase in a chapter's text points at ("prose that points"): a chapter declares
// its links as data (lessons/README.md, "links"), each a phrase of its text and a target:
//
//   {"run": 3}                                  run 3: its row and its lines on every chart
//   {"run": 3, "curve": "val"}                  one of run 3's lines on the loss chart (train, val, lr)
//   {"chart": "loss", "role": "divergence"}     the lines or marks of that role on a chart
//   {"chart": "sharpness", "role": "threshold", "run": 2}   ... of one run only
//   {"chart": "sweep", "region": "overshoot"}   a shaded region of the loss-against-rate chart
//   {"element": "landscape-status"}             an element of the page, by id
//
// This module is pure: it checks a link's form (tests/web/lesson-links.test.mjs runs it on every
// chapter) and says which datasets of a chart a target picks. Whether the target exists on the
// page after the run is the page's to say (web/lessons/pointing/pointing.js counts it; the e2e
// lessons test fails a link that points at nothing).

// The charts a link may name, by canvas id, and the dataset roles each draws.
export const CHARTS = {
  loss: { canvas: 'loss-chart', roles: ['train', 'val', 'lr', 'train-at-y', 'divergence', 'plateau', 'early-stop', 'change', 'min-lr'] },
  sweep: { canvas: 'sweep-chart', roles: ['sweep', 'sweep-diverged', 'range', 'suggestion', 'recommended', 'bound', 'run-rate'] },
  landscape: { canvas: 'landscape-chart', roles: ['path', 'minimum', 'contour', 'curve'] },
  sharpness: { canvas: 'sharpness-chart', roles: ['sharpness', 'threshold'] },
  'step-sizes': { canvas: 'step-size-chart', roles: ['median', 'min', 'max'] },
};
export const CURVES = ['train', 'val', 'lr'];
export const REGIONS = ['stall', 'overshoot'];

/**
 * The problems with a chapter's links, in words ([] when they are all well formed).
 * @param {{text: string[], rates: number[], links?: any[]}} chapter
 * @param {(text: string) => string} fill the chapter's words as shown ({rate3} filled in)
 */
export function linkProblems(chapter, fill = (text) => text) {
  const problems = [];
  const words = chapter.text.map(fill).join('\n');
  (chapter.links ?? []).forEach((link, i) => {
    const name = `links[${i}] "${link.phrase}"`;
    if (typeof link.phrase !== 'string' || !link.phrase || !words.includes(fill(link.phrase))) {
      problems.push(`${name}: the phrase is not in the chapter's text`);
    }
    const t = link.target ?? {};
    if ('run' in t && !(Number.isInteger(t.run) && t.run >= 1 && t.run <= chapter.rates.length)) {
      problems.push(`${name}: there is no run ${t.run} (the chapter has ${chapter.rates.length})`);
    }
    if ('element' in t) {
      if (typeof t.element !== 'string' || !/^[a-z][\w-]*$/.test(t.element)) problems.push(`${name}: an element is named by its id`);
    } else if ('chart' in t) {
      const chart = CHARTS[t.chart];
      if (!chart) problems.push(`${name}: no chart "${t.chart}"`);
      else if ('region' in t) {
        if (t.chart !== 'sweep' || !REGIONS.includes(t.region)) problems.push(`${name}: no region "${t.region}" on the ${t.chart} chart`);
      } else if (!chart.roles.includes(t.role)) problems.push(`${name}: the ${t.chart} chart draws no "${t.role}"`);
    } else if ('run' in t) {
      if ('curve' in t && !CURVES.includes(t.curve)) problems.push(`${name}: a run's curve is one of ${CURVES.join(', ')}`);
    } else {
      problems.push(`${name}: the target names a run, a chart or an element`);
    }
  });
  return problems;
}

/**
 * Which datasets of a chart a target picks, given the run keys in order: a predicate, or null
 * when the target is not on that chart.
 * @param {any} target
 * @param {string} chartName a key of CHARTS
 * @param {string[]} runKeys
 */
export function datasetFilter(target, chartName, runKeys) {
  const key = 'run' in target ? runKeys[target.run - 1] : null;
  if ('element' in target || 'region' in target) return null;
  if ('chart' in target) {
    if (target.chart !== chartName) return null;
    return (lrlab) => lrlab?.role === target.role && (key === null || lrlab.key === key);
  }
  // A run: all its lines, on every chart that draws runs; one curve only on the loss chart.
  if ('curve' in target) return chartName === 'loss' ? (lrlab) => lrlab?.key === key && lrlab.role === target.curve : null;
  return (lrlab) => lrlab?.key === key;
}
