// The citation check (scripts/check-doc-citations.mjs) finds what it promises to find: a comment
// citing the outside specification, a docs/ file that is not there, a heading that is not there;
// and accepts citations that resolve.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anchorOf, problemsIn } from '../../scripts/check-doc-citations.mjs';

// Spelled apart so that this file, which the check also reads, passes it itself.
const outside = ['SP', 'EC'].join('');
const doc = (rest) => ['docs', rest].join('/');
const docs = { 'docs/spec-core.md': new Set(['divergence', 'the-lr-sweep']) };
const check = (text) => problemsIn('core/x.cpp', text, {
  exists: (path) => path in docs,
  anchors: (path) => docs[path],
});

test('GitHub anchors: lower case, punctuation dropped, spaces to hyphens', () => {
  assert.equal(anchorOf('The LR range test (fastai `lr_find`)'), 'the-lr-range-test-fastai-lr_find');
  assert.equal(anchorOf("The page's promises"), 'the-pages-promises');
  assert.equal(anchorOf('ReduceLROnPlateau'), 'reducelronplateau');
});

test('a citation of the outside specification is refused, with its line', () => {
  assert.deepEqual(check(`// ok\n// exploding (${outside} section 2)\n`),
    [`core/x.cpp:2: cites ${outside}, which is not in the repository (cite a docs/ file)`]);
});

test('the outside toolchain and design notes are refused too', () => {
  const toolchain = ['TOOL', 'CHAIN.md'].join('');
  assert.deepEqual(check(`// (${toolchain}, quirk 1)`),
    [`core/x.cpp:1: cites ${toolchain}, which is not in the repository (cite a docs/ file)`]);
});

test('a missing docs file or heading is refused; resolving ones pass', () => {
  assert.deepEqual(check(`// see ${doc('spec-core.md#divergence')} and ${doc('spec-core.md')}`), []);
  assert.deepEqual(check(`// see ${doc('spec-gone.md')}`), [`core/x.cpp:1: ${doc('spec-gone.md')} does not exist`]);
  assert.deepEqual(check(`// see ${doc('spec-core.md#nowhere')}.`),
    [`core/x.cpp:1: ${doc('spec-core.md')} has no heading #nowhere`]);
});
