// Loads the guided lessons: lessons/index.json lists the chapter files in order, each chapter is
// one small JSON file (lessons/README.md gives the fields). Chapters are data, so a teacher adds
// or reorders one without touching code; every number shown in a lesson's feedback comes from the
// run, never from the file.

import { OWN_FIELDS } from '../page/state.js';

// lessons/ beside the page (index.html), whether this module is served from web/lessons/ or
// bundled into gen/page.js (scripts/bundle-page.mjs).
const lessonsUrl = () => new URL('lessons/', document.baseURI);

async function fetchJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname} could not be loaded (${response.status})`);
  return response.json();
}

// The fields the page needs to open a chapter; the native test (tests/core/lessons_test.cpp)
// checks the rest, including that the settings pass the core's validation.
function checkShape(chapter, file) {
  const missing = ['id', 'title', 'text', 'settings', 'rates', 'check'].filter((key) => !(key in chapter));
  if (missing.length) throw new Error(`${file}: missing ${missing.join(', ')}`);
  if (!Array.isArray(chapter.rates) || !chapter.rates.length) throw new Error(`${file}: rates must list at least one rate`);
  if ('runs' in chapter) checkRuns(chapter.runs, chapter.rates.length, file);
  return chapter;
}

// "runs": one entry per rate, each what that run trains differently from the chapter's settings:
// nothing ({}), its own optimizer or schedule, whole (with its name; the rate stays the run's), or
// changes made while it trains (a branch's: a list the core checks, docs/semantics.md). The native
// test passes each run's settings to the core as well.
export function checkRuns(runs, count, file) {
  if (!Array.isArray(runs) || runs.length !== count) throw new Error(`${file}: runs must have one entry per rate (${count})`);
  runs.forEach((own, i) => {
    const where = `${file}: runs[${i}]`;
    if (own === null || typeof own !== 'object' || Array.isArray(own)) throw new Error(`${where} must be an object`);
    for (const [field, value] of Object.entries(own)) {
      if (!OWN_FIELDS.includes(field)) throw new Error(`${where}.${field}: a run may only have its own ${OWN_FIELDS.join(', ')}`);
      if (field === 'changes') {
        if (!Array.isArray(value) || !value.length) throw new Error(`${where}.changes must list at least one change`);
        continue;
      }
      if (value === null || typeof value !== 'object' || typeof value.name !== 'string') throw new Error(`${where}.${field} must be an object with a name`);
      if (field === 'optimizer' && 'learning_rate' in value) throw new Error(`${where}.optimizer.learning_rate: the run's rate is in rates`);
    }
  });
}

// -> [{file, id, title, text[], settings, rates[], ...}] in the index's order.
export async function loadChapters() {
  const index = await fetchJson(new URL('index.json', lessonsUrl()));
  const files = Array.isArray(index.chapters) ? index.chapters : [];
  return Promise.all(files.map(async (file) =>
    ({ file, ...checkShape(await fetchJson(new URL(file, lessonsUrl())), file) })));
}

// "{rate3}" in a chapter's words -> run 3's rate as the page writes it, so a question stays true
// when a teacher changes the rates. Plain text in, plain text out (shown with textContent).
export function fillIn(text, chapter, formatRate) {
  return String(text).replace(/\{rate(\d)\}/g, (whole, n) => {
    const rate = chapter.rates[Number(n) - 1];
    return rate === undefined ? whole : formatRate(rate);
  });
}
