// Which panels each lesson chapter uses (web/lessons/lesson-panels.js), read from the chapter
// files themselves: every name is one a link can hide (web/page/page-shape.js), and chapter 2
// (the one a teacher hid the landscape from) uses the landscape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { panelsUsed, usedButHidden } from '../../web/lessons/lesson-panels.js';
import { PANELS } from '../../web/page/panels.js';

const read = (file) => JSON.parse(readFileSync(new URL(`../../lessons/${file}`, import.meta.url), 'utf8'));
const chapters = read('index.json').chapters.map(read);

test('every panel a chapter uses is one a link can hide', () => {
  const names = new Set(PANELS.map((p) => p.name));
  for (const chapter of chapters) {
    const used = panelsUsed(chapter);
    assert.ok(used.length > 0, chapter.id);
    for (const name of used) assert.ok(names.has(name), `${chapter.id}: ${name}`);
  }
});

test('chapter 2 uses the loss chart, the landscape, the sweep and the runs; not the optimizer', () => {
  const two = chapters[1];
  assert.deepEqual(panelsUsed(two).sort(), ['landscape', 'loss', 'runs', 'sweep']);
  assert.deepEqual(usedButHidden(two, ['optimizer', 'landscape', 'problem']), ['landscape']);
  assert.deepEqual(usedButHidden(two, ['optimizer', 'plateau']), []);
});

test('a check reads its view even when the chapter does not name it', () => {
  assert.deepEqual(panelsUsed({ views: ['loss'], check: { kind: 'step-trend', run: 1 } }), ['loss', 'step-sizes']);
  assert.deepEqual(panelsUsed({ highlight: ['rates'], check: { kind: 'sweep-best' } }), ['runs', 'sweep']);
  assert.deepEqual(panelsUsed({ views: ['loss'], check: { kind: 'sharpness-trend', run: 2 } }), ['loss', 'sharpness']);
});

test('so do the questions at a chapter\'s end: a link hiding the sharpness warns about the chapter that asks about it', () => {
  const chapter = { views: ['loss'], check: { kind: 'verdict', run: 1 }, review: [{ check: { kind: 'sharpness-change', run: 1, epoch: 200 } }] };
  assert.deepEqual(panelsUsed(chapter), ['loss', 'sharpness']);
  assert.deepEqual(usedButHidden(chapter, ['sharpness']), ['sharpness']);
});
