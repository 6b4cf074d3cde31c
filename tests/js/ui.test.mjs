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

import {
  formatDate, groupResults, labelFromSlug, renderChipsHTML, renderEmptyHTML, renderGroupHTML, renderOptionsHTML, renderSubresultsHTML,
  resultBodyHTML,
} from '../../themes/default/static/search/js/render.js';

const hit = (url, section, extra = {}) => ({
  url, title: 'Doc <b>', section, breadcrumb: ['Doc <b>', section],
  titleSegments: [{ text: 'Doc <b>', hit: false }], excerpt: [{ text: 'a ', hit: false }, { text: 'match', hit: true }], ...extra,
});

test('a result is title, meta, breadcrumb and excerpt, each its own block, all escaped', () => {
  const html = resultBodyHTML(hit('documents/d/#s', 'Part <i>', { kind: 'summary-report', date: '2019-11-08' }));
  assert.match(html, /^<span class="search-result-title" dir="auto">Doc &lt;b&gt;<\/span><span class="search-result-meta">/);
  assert.match(html, /<span class="search-result-kind">Summary report<\/span>.*<time datetime="2019-11-08">8 November 2019<\/time>/);
  assert.match(html, /<span class="search-result-crumbs">Part &lt;i&gt;<\/span>/);
  assert.match(html, /<span class="search-result-excerpt" dir="auto">a <mark>match<\/mark><\/span>$/);
  assert.doesNotMatch(html, /<b>|<i>/);
  // Without a kind, the site's folder says what the page is.
  assert.match(resultBodyHTML(hit('themes/x/', '')), /search-result-kind">Theme</);
});

test('slugs and dates read as words', () => {
  assert.equal(labelFromSlug('summary-report'), 'Summary report');
  assert.equal(labelFromSlug('speech'), 'Speech');
  assert.equal(labelFromSlug('UN CTED'), 'UN CTED');
  assert.equal(formatDate('2019-11'), 'November 2019');
  assert.equal(formatDate('2019'), '2019');
  assert.equal(formatDate(''), '');
});

test('sections of one page are grouped under its best one', () => {
  const groups = groupResults([hit('documents/d/#a', 'A'), hit('themes/t/', ''), hit('documents/d/#b', 'B'), hit('documents/d/#c', 'C'),
    hit('documents/d/#e', 'E'), hit('documents/d/#f', 'F')]);
  assert.deepEqual(groups.map((g) => [g.doc.url, g.top.url, g.subs.length]), [['documents/d/', 'documents/d/#a', 4], ['themes/t/', 'themes/t/', 0]]);
  const li = renderGroupHTML(groups[0], '../');
  assert.equal((li.match(/class="search-subresult"/g) || []).length, 3);
  assert.match(li, /1 more section of this page match/);
  // The engine's own sub-results are used as they are.
  const own = groupResults([hit('documents/d/#a', 'A', { subresults: [hit('documents/d/#z', 'Z')] })]);
  assert.equal(own[0].subs[0].url, 'documents/d/#z');
});

test('sections still being read are blanks of their height, then fill in', () => {
  const r = hit('documents/d/#a', 'A', { pendingSubresults: [[4, 1], [5, 0.5]] });
  const [g] = groupResults([r]);
  assert.equal(g.pending, 2);
  const li = renderGroupHTML(g, '');
  assert.match(li, /<ul class="search-subresults search-subresults-pending" aria-hidden="true">/);
  assert.equal((li.match(/<span class="search-subresult">/g) || []).length, 2);
  assert.doesNotMatch(li, /<a class="search-subresult"/);
  delete r.pendingSubresults;
  r.subresults = [hit('documents/d/#z', 'Z')];
  const [filled] = groupResults([r]);
  assert.match(renderSubresultsHTML(filled, ''), /^<ul class="search-subresults"><li><a class="search-subresult" href="documents\/d\/#z">/);
});

test('header options hold no links and no aria-label', () => {
  const html = renderOptionsHTML(groupResults([hit('documents/d/#a', 'A'), hit('documents/d/#b', 'B')])[0], '../', 'box', 0);
  assert.doesNotMatch(html, /<a\b|aria-label/);
  assert.match(html, /role="option" id="box-opt-0"[^>]*data-href="..\/documents\/d\/#a"/);
  assert.match(html, /id="box-opt-1"[^>]*search-option-sub/);
});

test('chips remove one filter each; no results says why and what to try', () => {
  const chips = renderChipsHTML({ kind: ['summary-report'], theme: [], organisation: ['<OSCE>'], year: [] });
  assert.match(chips, /aria-label="Remove filter Kind: Summary report"/);
  assert.match(chips, /data-value="&lt;OSCE&gt;"/);
  assert.match(chips, /data-clear/);
  const empty = renderEmptyHTML({ q: 'cristchurch', suggestions: ['christchurch'], filtered: true, searchURL: (w) => `?q=${w}` });
  assert.match(empty, /No page contains “cristchurch” with the filters chosen/);
  assert.match(renderEmptyHTML({ q: 'deep fakes', searchURL: String }), /No page contains every word of “deep fakes”\.<\/p>/);
  assert.match(empty, /<a href="\?q=christchurch">christchurch<\/a>/);
  assert.match(empty, /Remove the filters/);
});

import { renderFacetHTML } from '../../themes/default/static/search/js/render.js';

test('facet values show the engine label, else a readable kind, never markup', () => {
  const html = renderFacetHTML({ kind: [{ value: 'summary-report', count: 3 }, { value: 'web-page', count: 1, label: 'Web <page>' }],
    organisation: [{ value: 'UN-CTED', count: 2 }] }, { kind: ['web-page'] }, { theme: false });
  assert.match(html, /value="summary-report"> <span class="search-facet-value">Summary report<\/span>/);
  assert.match(html, /value="web-page" checked> <span class="search-facet-value">Web &lt;page&gt;<\/span>/);
  // Organisations are names already: shown as they are.
  assert.match(html, /<span class="search-facet-value">UN-CTED<\/span>/);
});

test('engine sub-results without a breadcrumb show their section', () => {
  const [g] = groupResults([hit('documents/d/#a', 'A', { doc: { url: 'documents/d/', title: 'Doc <b>' },
    subresults: [{ url: 'documents/d/#z', section: 'Zeta', excerpt: [{ text: 'z', hit: true }], score: 1 }] })]);
  const li = renderGroupHTML(g, '');
  assert.match(li, /<a class="search-subresult" href="documents\/d\/#z"><span class="search-result-crumbs">Zeta<\/span><span class="search-result-excerpt" dir="auto"><mark>z<\/mark><\/span><\/a>/);
});
