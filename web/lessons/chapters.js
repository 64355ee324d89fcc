// Loads the guided lessons: lessons/index.json lists the chapter files in order, each chapter is
// one small JSON file (lessons/README.md gives the fields). Chapters are data, so a teacher adds
// or reorders one without touching code; every number shown in a lesson's feedback comes from the
// run, never from the file.

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
  return chapter;
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
