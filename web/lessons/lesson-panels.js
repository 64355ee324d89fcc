// Which of the page's panels (web/page/page-shape.js's names, the ones a link may hide) a lesson
// chapter uses: the views it tells the student to look at, the areas it outlines, the views it
// veils until the run, and the views its check and the questions at its end read. A link that hides one of them leaves the
// chapter pointing at something the class cannot see (web/exports/link-dialog.js warns).

// A chapter names the runs panel "rates" (its sliders); a link names it "runs".
const PANEL_OF_AREA = { rates: 'runs' };
// The view a check reads its outcome from (web/lessons/checks.js); the others read the runs.
const PANEL_OF_CHECK = {
  'landscape-end': 'landscape',
  'step-trend': 'step-sizes',
  'range-vs-sweep': 'sweep',
  'sweep-best': 'sweep',
  'sharpness-trend': 'sharpness',
  'sharpness-change': 'sharpness',
};

// chapter: a lesson file's fields -> the panel names it uses, each once, in the order given.
export function panelsUsed(chapter) {
  const areas = [...(chapter.views ?? []), ...(chapter.highlight ?? []), ...(chapter.hideUntilRun ?? [])];
  for (const { kind } of [chapter.check, ...(chapter.review ?? []).map((q) => q.check)].filter(Boolean)) {
    if (PANEL_OF_CHECK[kind]) areas.push(PANEL_OF_CHECK[kind]);
  }
  return [...new Set(areas.map((area) => PANEL_OF_AREA[area] ?? area))];
}

// The panels among `hidden` that the chapter uses, in the chapter's order.
export function usedButHidden(chapter, hidden) {
  const gone = new Set(hidden);
  return panelsUsed(chapter).filter((name) => gone.has(name));
}
