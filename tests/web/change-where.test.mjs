// Where a listing says a change was made (web/exports/changes-python.js), in the listings' epochs
// counted from 1: a change before any update (a branch from epoch 0) is not "after epoch 0".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { where } from '../../web/exports/changes-python.js';

test('a change is placed in the words of the listing\'s epochs', () => {
  assert.equal(where({ epoch: 0, step: 0 }), 'before the first epoch');
  assert.equal(where({ epoch: 120, step: 0 }), 'after epoch 120');
  assert.equal(where({ epoch: 120, step: 1 }), 'after 1 update of epoch 121');
  assert.equal(where({ epoch: 0, step: 2 }), 'after 2 updates of epoch 1');
});
