// Prose that points: every chapter declares linked phrases (lessons/*.json "links"), each a phrase
// of its own text aimed at a run, a chart's lines or region, or an element of the page
// (web/lessons/pointing/link-targets.js). Here: their form, on every chapter, and that the check
// catches the mistakes. That each target is drawn on the page after the run is checked in the
// browser (tests/e2e/lessons.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { datasetFilter, linkProblems } from '../../web/lessons/pointing/link-targets.js';
import { fillIn } from '../../web/lessons/chapters.js';

const index = JSON.parse(readFileSync(resolve('lessons/index.json'), 'utf8'));
const chapters = index.chapters.map((file) => ({ file, ...JSON.parse(readFileSync(resolve('lessons', file), 'utf8')) }));

test('every chapter links at least one phrase, and every link is well formed', () => {
  for (const chapter of chapters) {
    assert.ok(chapter.links?.length >= 1, `${chapter.file}: no linked phrase`);
    assert.deepEqual(linkProblems(chapter, (text) => fillIn(text, chapter, String)), [], chapter.file);
  }
});

test('a link to something that cannot exist is reported', () => {
  const chapter = { text: ['The dashed line and run 4 and the blue region.'], rates: [0.1, 0.2] };
  const problems = linkProblems({ ...chapter, links: [
    { phrase: 'run 4', target: { run: 4 } },
    { phrase: 'The dashed line', target: { chart: 'sweep', role: 'dashed' } },
    { phrase: 'the blue region', target: { chart: 'sweep', region: 'blue' } },
    { phrase: 'not in the text', target: { run: 1 } },
    { phrase: 'The dashed line', target: { chart: 'pie', role: 'x' } },
    { phrase: 'The dashed line', target: {} },
  ] });
  assert.equal(problems.length, 6, problems.join('\n'));
  assert.match(problems[0], /no run 4 \(the chapter has 2\)/);
  assert.match(problems[1], /draws no "dashed"/);
  assert.match(problems[2], /no region "blue"/);
  assert.match(problems[3], /not in the chapter's text/);
  assert.match(problems[4], /no chart "pie"/);
  assert.match(problems[5], /names a run, a chart or an element/);
});

test('a target picks its datasets: a run everywhere, one curve on the loss chart, one role on its chart', () => {
  const keys = ['a', 'b'];
  const run2 = datasetFilter({ run: 2 }, 'sharpness', keys);
  assert.equal(run2({ key: 'b', role: 'threshold' }), true);
  assert.equal(run2({ key: 'a', role: 'threshold' }), false);
  const val = datasetFilter({ run: 1, curve: 'val' }, 'loss', keys);
  assert.equal(val({ key: 'a', role: 'val' }), true);
  assert.equal(val({ key: 'a', role: 'train' }), false);
  assert.equal(datasetFilter({ run: 1, curve: 'val' }, 'sweep', keys), null, 'a curve is on the loss chart only');
  const bound = datasetFilter({ chart: 'sweep', role: 'bound' }, 'sweep', keys);
  assert.equal(bound({ role: 'bound' }), true);
  assert.equal(datasetFilter({ chart: 'sweep', role: 'bound' }, 'loss', keys), null);
  assert.equal(datasetFilter({ element: 'x' }, 'loss', keys), null);
});
