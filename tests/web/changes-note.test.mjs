// The note above a changed run's code listing (web/exports/changes-note.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changesNote } from '../../web/exports/changes-note.js';

test('a run trained with one set of settings has no note', () => {
  assert.equal(changesNote({}, [{ epoch: 0 }]), '');
});

test('a run changed live: the listing trains its settings now, the epochs named', () => {
  const note = changesNote({}, [{ epoch: 0 }, { epoch: 12 }, { epoch: 30 }]);
  assert.match(note, /^# This run changed its settings while it trained \(at epoch 12, 30\)\. /);
  assert.match(note, /the settings it has now, from the start;/);
  assert.ok(note.endsWith('\n\n'));
});

test('settings with changes (a branch): the listing trains what it started with', () => {
  const note = changesNote({ changes: [{ epoch: 5 }, { epoch: 20 }] }, [{ epoch: 0 }, { epoch: 5 }, { epoch: 20 }]);
  assert.match(note, /\(at epoch 5, 20\)/);
  assert.match(note, /the settings it started with;/);
});
