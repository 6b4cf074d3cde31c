// The search page keeps its state in the URL: search/?q=...&theme=...
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readParams, writeParams } from '../../themes/default/static/search/js/ui.js';
import { safeHref } from '../../themes/default/static/search/js/render.js';

test('query and filters round-trip through the URL', () => {
  const state = { q: 'human "rule of law" & more', filters: { theme: ['Christchurch Call'], kind: [], organisation: ['UN CTED', 'OSCE'], year: ['2019'] } };
  const s = writeParams(state);
  assert.match(s, /^\?q=human\+%22rule\+of\+law%22\+%26\+more&theme=Christchurch\+Call&organisation=UN\+CTED&organisation=OSCE&year=2019$/);
  assert.deepEqual(readParams(s), state);
  assert.deepEqual(readParams(''), { q: '', filters: { theme: [], kind: [], organisation: [], year: [] } });
});

test('result links stay relative to the site root', () => {
  assert.equal(safeHref('documents/a/#b', '../'), '../documents/a/#b');
  assert.equal(safeHref('/documents/a/', '../'), '../documents/a/');
  for (const bad of ['javascript:alert(1)', ' JavaScript:x', '//evil.example/', 'data:text/html,x', '\\\\evil']) {
    assert.equal(safeHref(bad, '../'), '#', bad);
  }
});
