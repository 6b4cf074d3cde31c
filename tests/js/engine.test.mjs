// Query-engine tests over the index of the seed documents plus tests/fixtures/search,
// built by ./scripts/test with `cargo run --example search-index` through the real
// pipeline: rendered Markdown sections (real section ids), themes from the
// cross-reference (catalog content/themes plus tests/fixtures/search/themes), and one
// entry per theme page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  SearchEngine, STOP_WORDS, analyzeQuery, fetchLoader, fold, useLanguages, pairKeys, parseQuery, segmentsToHTML,
  stem, withinOneEdit,
} from '../../themes/default/static/search/js/engine.js';
import { renderResultHTML, renderFacetHTML } from '../../themes/default/static/search/js/render.js';
import { fileEngine, FIXTURE } from './helpers.mjs';

const SEED = {
  osce: 'documents/a-human-rights-centred-approach-to-technology-and-security/',
  unoct: 'documents/international-high-level-conference-on-countering-terrorism/',
  hlp: 'documents/high-level-panel-on-digital-cooperation/',
  ict4peace: 'documents/building-an-international-governance-for-peace-and-security/',
  cttech: 'documents/ct-tech-initiative-expert-group-meetings/',
};
const A = 'documents/fixture-facets-a/';
const B = 'documents/fixture-facets-b/';

const { engine } = fileEngine(FIXTURE);
const search = (q, opts = {}) => engine.search(q, { limit: 50, ...opts });
const urls = (r) => r.results.map((x) => x.url);
const docs = (r) => [...new Set(r.results.map((x) => x.url.replace(/#.*/, '')))].filter((u) => u.startsWith('documents/')).sort();
const docUrls = (r) => urls(r).filter((u) => u.startsWith('documents/'));
// The pages of the results (one result per page).
const pageUrls = (r) => r.results.map((x) => x.doc.url);
// Every section shown: each result's and its subresults'.
const shownUrls = (r) => r.results.flatMap((x) => [x.url, ...x.subresults.map((s) => s.url)]);
const themeUrls = (r) => urls(r).filter((u) => u.startsWith('themes/'));
const plain = (segs) => segs.map((s) => s.text).join('');
const hits = (segs) => segs.filter((s) => s.hit).map((s) => s.text.toLowerCase());

// ---------------------------------------------------------------- analysis parity

test('the JS stemmers agree with Rust on every word of the fixtures, in every language', async () => {
  // Written by `cargo run --example search-index -- ... --stems` (./scripts/test).
  const stems = JSON.parse(readFileSync(join(FIXTURE, '..', 'stems.json'), 'utf8'));
  assert.deepEqual(Object.keys(stems).sort(), ['de', 'en', 'es', 'fr', 'other']);
  const m = JSON.parse(readFileSync(join(FIXTURE, 'manifest.json'), 'utf8'));
  await useLanguages(m.analysis.languages);
  for (const [lang, words] of Object.entries(stems)) {
    let n = 0;
    for (const [word, want] of Object.entries(words)) {
      assert.equal(stem(word, lang), want, `${lang}: stem(${word})`);
      n++;
    }
    assert.ok(n > 3000, `${lang}: checked ${n} words`);
  }
});

test('every word row lists the stems its surface has in the index languages', async () => {
  const m = JSON.parse(readFileSync(join(FIXTURE, 'manifest.json'), 'utf8'));
  const langs = m.analysis.languages.map((l) => l.code);
  assert.deepEqual(langs, ['en', 'fr', 'es', 'de']);
  assert.deepEqual([...STOP_WORDS].sort(), m.analysis.languages[0].stopWords, 'English, built in');
  await useLanguages(m.analysis.languages);
  const e = fileEngine(FIXTURE).engine;
  await e.init();
  let multi = 0;
  for (let i = 0; i < m.words.length; i++) {
    for (const [surface, term] of await e.shard('words', i)) {
      const terms = term ? term.split(' ') : [surface];
      const possible = new Set(langs.map((l) => stem(surface, l)));
      for (const t of terms) assert.ok(possible.has(t), `${surface}: ${t}`);
      if (terms.length > 1) multi++;
    }
  }
  assert.ok(multi > 0, 'some surface stems differently in two languages');
});

test('every shard of every pack is read back, and starts with the key the manifest says', async () => {
  const e = fileEngine(FIXTURE).engine;
  const m = await e.init();
  for (const kind of ['terms', 'pairs', 'words']) {
    const firsts = await e.firsts(kind);
    assert.ok(m.packs[kind].length >= 1, kind);
    for (let i = 0; i < firsts.length; i++) {
      const shard = await e.shard(kind, i);
      const first = kind === 'words' ? shard[0][0] : Object.keys(shard)[0];
      assert.equal(first, firsts[i], `${kind} ${i}`);
    }
  }
});

test('analysis: folding, acronyms, numbers, compounds, stop words', () => {
  assert.equal(fold('Zürich ÉCOLE ﬁnance'), 'zurich ecole finance');
  const terms = (q) => analyzeQuery(q).map((t) => t.term);
  assert.deepEqual(terms('CBMs'), ['cbm']);
  assert.deepEqual(terms('cbms'), ['cbm']);
  assert.deepEqual(terms('A/65/491'), ['a/65/491']);
  assert.deepEqual(terms('COVID-19 in 2030'), ['covid-19', '2030']);
  assert.deepEqual(terms('rights-centred'), ['right', 'centr']);
  assert.deepEqual(terms('Foundation’s'), ['foundat']);
  assert.equal(stem('regulate'), stem('regulation'));
  assert.equal(stem('deepfake'), stem('deepfakes'));
  const rule = analyzeQuery('the rule of law').map((t) => [t.term, t.pos]);
  assert.deepEqual(rule, [['rule', 1], ['law', 3]]);
});

test('query parsing: phrases, prefix only for a last word still being typed', () => {
  const c = parseQuery('human "rule of law" regula');
  assert.equal(c.length, 3);
  assert.equal(c[1].type, 'phrase');
  assert.deepEqual(c[1].terms.map((t) => t.term), ['rule', 'law']);
  assert.equal(c[2].prefix, true);
  assert.equal(c[0].prefix, false);
  assert.equal(parseQuery('regula ')[0].prefix, false);
  assert.equal(parseQuery('"unclosed phra')[0].type, 'phrase');
  assert.ok(withinOneEdit('christchruch', 'christchurch'));
  assert.ok(!withinOneEdit('christchrch', 'christchurch') === false);
  assert.ok(!withinOneEdit('chrstchruch', 'christchurch'));
});

// ---------------------------------------------------------------- matching

test('single words find the sections that contain them', async () => {
  const r = await search('deepfake');
  // One document passage (a window of the speech, which has no headings: it links to
  // the passage it starts with) and the two theme pages whose descriptions mention
  // deepfakes.
  assert.deepEqual(pageUrls(r).filter((u) => u.startsWith('documents/')), [SEED.unoct]);
  assert.match(docUrls(r)[0], /#p-/);
  assert.deepEqual(themeUrls(r).sort(), ['themes/artificial-intelligence/', 'themes/disinformation/']);
  for (const x of r.results) assert.deepEqual(hits(x.excerpt), ['deepfakes']);
  assert.equal((await search('nonexistentword')).total, 0);
});

test('inflections match through stemming', async () => {
  const a = await search('regulation');
  const b = await search('regulate');
  assert.deepEqual(urls(a), urls(b));
  // This CT TECH section only says "regulated".
  const cttech = `${SEED.cttech}#second-day`;
  assert.ok(urls(a).includes(cttech));
  const excerpt = a.results.find((x) => x.url === cttech).excerpt;
  assert.deepEqual(hits(excerpt), ['regulated']);
  assert.deepEqual(urls(await search('deepfakes')), urls(await search('deepfake')));
});

test('acronyms, plurals of acronyms, document symbols and numbers', async () => {
  const cbms = await search('CBMs');
  assert.ok(cbms.total >= 3);
  assert.deepEqual(urls(await search('cbm')), urls(cbms));
  assert.deepEqual(urls(await search('CBM')), urls(cbms));
  const sym = await search('A/65/491');
  assert.equal(sym.total, 3);
  assert.deepEqual(docs(sym), [SEED.ict4peace, SEED.hlp]);
  assert.deepEqual(themeUrls(sym), ['themes/crisis-information-management/']);
  // The ICT4Peace section has the symbol in its heading (id from the heading's slug).
  assert.equal(sym.results[0].url, `${SEED.ict4peace}#un-secretary-general-2010-crisis-information-strategy-a-65-491`);
  assert.deepEqual(hits(sym.results[1].excerpt), ['a/65/491']);
  assert.deepEqual(docs(await search('2030')), [SEED.ict4peace, SEED.unoct]);
});

test('diacritics are folded both ways', async () => {
  const a = await search('Zürich');
  const b = await search('zurich');
  assert.deepEqual(urls(a), urls(b));
  // Two fixture pages and the presentation given in Zürich (its place).
  assert.equal(a.total, 3);
});

test('several words: pages with all of them; with most of them when none has all', async () => {
  const both = await search('quokka zurich ');
  assert.deepEqual(urls(both), [`${A}#opening`, `${B}#findings`]);
  assert.deepEqual(both.missing, []);
  // No page has both words: the pages with one of them, each saying which it lacks.
  const some = await search('quokka deepfake ');
  assert.deepEqual(pageUrls(some).slice(0, 2), [A, B]);
  assert.deepEqual(some.results[0].missing, ['deepfake']);
  assert.ok(some.results.some((x) => x.doc.url === SEED.unoct && x.missing.join() === 'quokka'));
  // A word that matches nothing is reported and left out.
  const unknown = await search('quokka zzyzx ');
  assert.deepEqual(unknown.missing, ['zzyzx']);
  assert.deepEqual(pageUrls(unknown), [A, B]);
});

test('the last word matches as a prefix while typing, not after a space', async () => {
  const r = await search('christch');
  assert.deepEqual(docs(r), [SEED.osce, SEED.unoct]);
  assert.equal((await search('quok')).total, 2);
  assert.equal((await search('quok ')).total, 0);
  // Prefixes shorter than three letters do not expand: alone they find nothing, after
  // other words they are left out until they grow.
  assert.equal((await search('qu')).total, 0);
  assert.deepEqual(urls(await search('quokka xq')), urls(await search('quokka')));
  // Finished, "xq" is a word that matches nothing: reported, and the rest searched.
  const xq = await search('quokka xq ');
  assert.deepEqual(xq.missing, ['xq']);
  assert.deepEqual(urls(xq), urls(await search('quokka')));
});

test('quoted phrases match the exact sequence (stop words keep their place)', async () => {
  const r = await search('"rule of law"');
  assert.ok(r.total >= 4);
  for (const x of r.results) assert.match(plain(x.excerpt).toLowerCase(), /rule of law/);
  assert.equal((await search('"law of rule"')).total, 0);
  assert.deepEqual(urls(await search('"quokka delegates"')), [`${A}#closing`]);
  // Words of a phrase that occur apart do not match it.
  assert.equal((await search('"quokka zurich"')).total, 0);
  // The phrase and the word are in different passages of the speech: the page matches
  // both, and shows the passage with the phrase (a phrase must be in the section shown).
  const hr = await search('"human rights" deepfake');
  assert.deepEqual(pageUrls(hr), [SEED.unoct]);
  assert.match(plain(hr.results[0].excerpt).toLowerCase(), /human rights/);
});

test('phrase pairs are made as the index makes them (src/search/build.rs)', () => {
  const keys = pairKeys('The rule of law. See A/65/491 report on human rights.', 2);
  for (const k of ['rule 2 law', 'a/65/491 3 report', 'human 1 right', 'see 1 a/65/491', 'law 1 see']) {
    assert.ok(keys.has(k), `${k} in ${[...keys]}`);
  }
  assert.ok(!keys.has('rule 1 law'));
});

test('phrases with a rare word, left out of the pair index, are checked on the stored text', async () => {
  const m = await engine.init();
  assert.ok(m.analysis.minPairDf > 1);
  const key = `${stem('quokka')} 1 ${stem('delegates')}`;
  assert.equal(await engine.postings('pairs', key), null, 'rare pairs are not indexed');
  const r = await search('"quokka delegates"');
  assert.deepEqual(urls(r), [`${A}#closing`]);
  assert.match(plain(r.results[0].excerpt).toLowerCase(), /quokka delegates/);
  // Both words in the same entry, but not as the phrase: no match.
  assert.equal((await search('"delegates quokka"')).total, 0);
  assert.equal((await search('"quokka zurich"')).total, 0);
});

test('one typo is forgiven in words of five letters or more', async () => {
  const typo = await search('christchruch ');
  const right = await search('christchurch ');
  assert.ok(right.total >= 2);
  assert.deepEqual(urls(typo), urls(right));
  assert.deepEqual(urls(await search('quokak ')), urls(await search('quokka ')));
  // Four letters: no typo forgiven.
  assert.equal((await search('lwa ')).total, 0);
  assert.equal((await search('quokkka ')).total, 2);
});

// ---------------------------------------------------------------- filters and facets

test('filters by kind, organisation, year and theme, with facet counts', async () => {
  // Totals and counts are pages (a page's matching sections are one result).
  const all = await search('quokka', { facets: true });
  assert.equal(all.total, 2);
  const count = (r, f, v) => r.facets[f].find((x) => x.value === v)?.count;
  assert.equal(count(all, 'kind', 'speech'), 1);
  assert.equal(count(all, 'kind', 'policy-paper'), 1);
  assert.equal(count(all, 'organisation', 'OSCE'), 2);
  assert.equal(count(all, 'year', '2023'), 1);
  // Facet values carry labels: kinds are slugs.
  const label = (r, f, v) => r.facets[f].find((x) => x.value === v)?.label;
  assert.equal(label(all, 'kind', 'policy-paper'), 'Policy paper');
  assert.equal(label(all, 'organisation', 'OSCE'), 'OSCE');
  assert.equal(label(all, 'year', '2023'), '2023');

  const speech = await search('quokka', { filters: { kind: ['speech'] }, facets: true });
  assert.deepEqual(shownUrls(speech), [`${A}#opening`, `${A}#closing`]);
  // A facet's own filter does not hide its other values.
  assert.equal(count(speech, 'kind', 'policy-paper'), 1);
  assert.equal(count(speech, 'organisation', 'UNOCT'), 0);

  assert.deepEqual(urls(await search('quokka', { filters: { organisation: ['UNOCT'] } })), [`${B}#findings`]);
  assert.deepEqual(urls(await search('quokka', { filters: { year: ['2023'] } })), [`${B}#findings`]);
  assert.equal((await search('quokka', { filters: { year: [2019] } })).total, 1);
  // Themes come from the cross-reference: the sections that mention a catalog theme.
  assert.equal(count(all, 'theme', 'Tech Against Terrorism'), 1);
  assert.equal(count(all, 'theme', 'Confidence-building measures (CBMs)'), 1);
  assert.deepEqual(urls(await search('quokka', { filters: { theme: ['Tech Against Terrorism'] } })), [`${B}#findings`]);
  assert.deepEqual(urls(await search('quokka', { filters: { theme: ['Confidence-building measures (CBMs)'] } })), [`${A}#opening`]);
  // A theme page carries its own theme and the kind "theme".
  const cbm = await search('CBMs', { filters: { kind: ['theme'] }, facets: ['theme'] });
  assert.deepEqual(urls(cbm), ['themes/cbms/']);
  assert.equal(count(cbm, 'theme', 'Confidence-building measures (CBMs)') >= 1, true);
  assert.equal((await search('quokka', { filters: { kind: ['speech'], year: ['2023'] } })).total, 0);
  assert.equal((await search('quokka', { filters: { kind: ['speech', 'policy-paper'] } })).total, 2);
});

test('only the facets asked for or filtered by are downloaded and counted', async () => {
  const { engine: e, log } = fileEngine(FIXTURE);
  const m = await e.init();
  // facets/pages.json (which entries make a page) is loaded by every query.
  const fetched = () => log.map((l) => l.path).filter((p) => p.startsWith('facets/') && p !== m.pages).sort();
  const plainQuery = await e.search('quokka', { limit: 5 });
  assert.equal(plainQuery.facets, null);
  assert.deepEqual(fetched(), []);
  const page = await e.search('quokka', { facets: ['kind', 'organisation', 'year'] });
  assert.deepEqual(Object.keys(page.facets).sort(), ['kind', 'organisation', 'year']);
  assert.deepEqual(fetched(), [m.facets.kind]);
  assert.notEqual(m.facets.theme, m.facets.kind);
  // A theme filter needs the theme data, and counts it.
  const t = await e.search('quokka', { facets: ['kind'], filters: { theme: ['Tech Against Terrorism'] } });
  assert.deepEqual(fetched(), [m.facets.kind, m.facets.theme].sort());
  assert.deepEqual(Object.keys(t.facets).sort(), ['kind', 'theme']);
  assert.equal(t.total, 1);
  assert.equal(t.facets.theme.find((x) => x.value === 'Tech Against Terrorism').count, 1);
  // Counts agree with the results: a value's count is the number of pages found with
  // that filter on, for every value of every facet.
  const all = await e.search('security', { facets: true, limit: 1000 });
  assert.equal(all.results.length, all.total);
  assert.equal(new Set(all.results.map((r) => r.doc.url)).size, all.total);
  for (const f of ['kind', 'organisation', 'year', 'theme']) {
    for (const { value, count } of all.facets[f]) {
      assert.equal(count, (await e.search('security', { filters: { [f]: [value] } })).total, `${f}=${value}`);
    }
  }
});

// ---------------------------------------------------------------- queries people type

test('question words are dropped, unless nothing else is left or they are quoted', () => {
  const words = (q) => parseQuery(q).map((c) => c.surface || c.text);
  assert.deepEqual(words('how can law enforcement collect digital devices on the battlefield '),
    ['law', 'enforcement', 'collect', 'digital', 'devices', 'battlefield']);
  assert.deepEqual(words('what did the OSCE say about facial recognition '), ['osce', 'facial', 'recognition']);
  assert.deepEqual(words('who '), ['who']);
  assert.deepEqual(words('"what did"'), ['what did']);
  // A last word still being typed may grow into another word ("who" into "whole").
  assert.deepEqual(words('law who'), ['law', 'who']);
});

test('a question finds the passage that answers it', async () => {
  const r = await search('how can law enforcement collect digital devices on the battlefield');
  assert.equal(r.results[0].url, `${SEED.cttech}#first-day`);
  assert.deepEqual(r.missing, []);
  const osce = await search('what did the OSCE say about facial recognition');
  assert.equal(osce.results[0].doc.url, SEED.osce);
  assert.match(plain(osce.results[0].excerpt).toLowerCase(), /facial recognition/);
});

test('compounds: words written apart find them written as one, and the other way', async () => {
  // "deep fakes" -> "deepfakes" (the speech and two theme pages), marked in the excerpt.
  const apart = await search('deep fakes');
  assert.deepEqual(pageUrls(apart).sort(), pageUrls(await search('deepfakes')).sort());
  const speech = apart.results.find((x) => x.doc.url === SEED.unoct);
  assert.ok(hits(speech.excerpt).includes('deepfakes'));
  // "counterterrorism" is in the index only as "counter-terrorism" (two words).
  const joined = await search('counterterrorism');
  assert.ok(joined.total >= 4);
  assert.deepEqual(joined.missing, []);
  const first = joined.results[0];
  assert.ok(hits(first.excerpt).includes('counter') && hits(first.excerpt).includes('terrorism'), JSON.stringify(first.excerpt));
});

test('a corrected typo is reported; a word with no match is missing, with the nearest words', async () => {
  const typo = await search('christchruch call');
  assert.equal(typo.corrected, 'christchurch call');
  assert.ok(typo.total >= 2);
  assert.equal((await search('Christchurch call')).corrected, null);
  // Only the corrected word changes; the reader's spelling of the rest is kept.
  assert.equal((await search('Zürich quokkka ')).corrected, 'Zürich quokka ');
  const none = await search('lwa ');
  assert.equal(none.total, 0);
  assert.deepEqual(none.missing, ['lwa']);
  assert.equal(none.suggestions[0], 'law');
  assert.ok(none.suggestions.length <= 5);
  // No suggestions when something was found.
  assert.deepEqual((await search('quokka')).suggestions, []);
});

test('authors, places, organisations and kinds are searchable', async () => {
  // Sanjana Hattotuwa co-wrote the HLP paper; the ICT4Peace slides only mention him.
  const author = await search('Hattotuwa');
  assert.deepEqual(pageUrls(author), [SEED.hlp, SEED.ict4peace]);
  // Metadata is on a page's first entry: found by it alone, the page opens at the top.
  assert.equal(author.results[0].url, SEED.hlp);
  // With words of the text, the section holding them is shown.
  const both = await search('Hattotuwa hate speech');
  assert.equal(both.results[0].url, `${SEED.ict4peace}#critical-success-factors`);
  const minsk = await search('Minsk');
  assert.equal(minsk.results[0].url, SEED.unoct);
  assert.deepEqual(pageUrls(minsk).filter((u) => u.startsWith('documents/')), [SEED.unoct]);
  assert.equal((await search('Voronkov speech')).results[0].doc.url, SEED.unoct);
  assert.equal((await search('INTERPOL')).results[0].doc.url, SEED.cttech);
});

test('results are pages: kind, date, the document, about pages and subresults', async () => {
  const r = await search('cybersecurity', { limit: 50 });
  assert.equal(new Set(pageUrls(r)).size, r.results.length);
  assert.equal(r.total, r.results.length);
  const hlp = r.results.find((x) => x.doc.url === SEED.hlp);
  assert.equal(hlp.kind, 'paper');
  assert.equal(hlp.date, '2018');
  assert.deepEqual(hlp.doc, { url: SEED.hlp, title: 'High-Level Panel on Digital Cooperation' });
  assert.equal(hlp.about, false);
  assert.ok(hlp.subresults.length >= 1 && hlp.subresults.length <= 3);
  for (const s of hlp.subresults) {
    assert.ok(s.url.startsWith(SEED.hlp) && s.url !== hlp.url);
    assert.ok(s.score <= hlp.score && s.score >= hlp.score / 4);
    assert.equal(typeof s.section, 'string');
    assert.equal(s.breadcrumb[0], hlp.title);
    assert.ok(Array.isArray(s.excerpt));
  }
  const cttech = r.results.find((x) => x.doc.url === SEED.cttech);
  assert.equal(cttech.date, '2023-02-28');
  assert.equal(cttech.kind, 'web-page');
  const theme = r.results.find((x) => x.doc.url === 'themes/cybersecurity/');
  assert.equal(theme.kind, 'theme');
  assert.equal(theme.about, true);
  assert.equal(theme.date, '');
  // No subresults when asked for none (the header box: each costs a download).
  const box = await search('cybersecurity', { subresults: 0 });
  assert.ok(box.results.every((x) => x.subresults.length === 0));
  assert.deepEqual(urls(box), urls(r).slice(0, box.results.length));
});

test('subresults can be read after the results: the same sections, fewer rows first', async () => {
  const all = await search('cybersecurity', { limit: 10 });
  const cold = fileEngine(FIXTURE);
  const rows = () => cold.log.filter((e) => e.path.startsWith('stored/') && e.range && e.range[1] - e.range[0] > 8).length;
  const r = await cold.engine.search('cybersecurity', { limit: 10, subresultRows: 1 });
  assert.deepEqual(urls(r), urls(all));
  assert.equal(rows(), r.results.length + r.results[0].subresults.length, 'one row per result, subresults of the first only');
  assert.deepEqual(r.results[0].subresults, all.results[0].subresults);
  const waiting = r.results.filter((x) => x.pendingSubresults);
  assert.ok(waiting.length > 0 && waiting.every((x) => x.subresults.length === 0));
  const changed = await cold.engine.readSubresults(r);
  assert.deepEqual(changed, waiting);
  assert.ok(r.results.every((x) => !x.pendingSubresults));
  assert.deepEqual(r.results.map((x) => x.subresults), all.results.map((x) => x.subresults));
});

test('a long section without headings is searched passage by passage', async () => {
  // The UNOCT speech (12,000 characters, no headings) is cut into windows of whole
  // paragraphs, each linked to its first paragraph's anchor.
  const m = await engine.init();
  const windows = [];
  for (let id = 0; id < m.entries; id++) {
    const row = await engine.stored(id);
    if (row.url.startsWith(SEED.unoct)) windows.push(row);
  }
  assert.ok(windows.length >= 5, `${windows.length} windows`);
  assert.equal(windows[0].url, SEED.unoct);
  for (const w of windows.slice(1)) assert.match(w.url, /#p-/);
  for (const w of windows) assert.ok(w.text.length < 3000, `${w.url}: ${w.text.length}`);
  // The passage about drones is the result, not the speech's opening.
  const r = await search('drones self-driving cars');
  assert.equal(r.results[0].doc.url, SEED.unoct);
  assert.notEqual(r.results[0].url, SEED.unoct);
  assert.match(plain(r.results[0].excerpt), /drones, self-driving cars/);
});

// ---------------------------------------------------------------- ranking

test('ranking, checked by hand', async () => {
  // Opening: "quokka" in the title and twice in 10 indexed words; findings: title,
  // "quokka" and "quokkas" in 10 words: the same impact, so the lower entry id wins the
  // tie. Closing has the word once.
  // Closing has the word once: it is the speech's subresult, not a result.
  const q = await search('quokka');
  assert.deepEqual(urls(q), [`${A}#opening`, `${B}#findings`]);
  assert.deepEqual(q.results[0].subresults.map((s) => s.url), [`${A}#closing`]);
  assert.equal(q.results[0].score, q.results[1].score);
  // The OSCE report says regulat* most densely in one passage of a long section; it
  // ranks first, and the AI theme page (title match, twice in its text) ranks below
  // every document that says it: theme and commentary pages are about the documents.
  const reg = await search('regulation');
  assert.equal(reg.results[0].doc.url, SEED.osce);
  assert.equal(hits(reg.results[0].excerpt).length >= 2, true);
  assert.equal(reg.results.at(-1).url, 'themes/artificial-intelligence/');
  assert.equal(reg.results.at(-1).about, true);
  // A word in a section heading beats the same word in running text: the sections with
  // "cybersecurity" in their headings come first (the shorter one first); the theme
  // page of that title comes after the documents.
  const h = await search('cybersecurity');
  assert.deepEqual(urls(h).slice(0, 2), [
    `${SEED.cttech}#the-cybersecurity-and-new-technologies-programme`,
    `${SEED.hlp}#key-recommendations-on-cybersecurity-and-ldc-capacity-building`,
  ]);
  assert.deepEqual(h.results[1].subresults.map((s) => s.url)[0], `${SEED.hlp}#cybersecurity-and-capacity-building-for-ldcs`);
  assert.equal(pageUrls(h).at(-1), 'themes/cybersecurity/');
  // Deterministic: the same query twice gives the same order.
  assert.deepEqual(urls(await search('security')), urls(await search('security')));
});

test('pagination returns the next results in the same order', async () => {
  const all = await search('security ', { limit: 20 });
  const p1 = await search('security ', { limit: 10 });
  const p2 = await search('security ', { offset: 10, limit: 10 });
  assert.deepEqual([...urls(p1), ...urls(p2)], urls(all).slice(0, 20));
});

// ---------------------------------------------------------------- safety

test('nothing from the index can inject HTML', async () => {
  const r = await search('zebrafish', { facets: true });
  assert.equal(r.total, 1);
  const x = r.results[0];
  assert.match(x.title, /<img src=x onerror=alert\(1\)>/, 'the raw title is kept as text');
  const html = renderResultHTML(x, '../');
  assert.doesNotMatch(html, /<img|<script|<a href="javascript|onerror=alert\(1\)>/i);
  assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
  // The heading's raw HTML is kept as text (the renderer curls its quotes).
  assert.match(html, /&lt;script&gt;alert\(‘heading’\)&lt;\/script&gt;/);
  assert.equal(x.url, 'documents/fixture-injection/#script-alert-heading-script-zebrafish-heading');
  assert.match(html, /<mark>Zebrafish<\/mark>/);
  const excerptHTML = segmentsToHTML(x.excerpt);
  assert.doesNotMatch(excerptHTML, /<(?!\/?mark>)/);
  const facets = renderFacetHTML(r.facets, {});
  // The theme facet closed: a disclosure without its values.
  const closed = renderFacetHTML(r.facets, {}, { theme: false });
  assert.match(closed, /<details class="search-facet" data-facet="theme"><summary>Theme<\/summary><\/details>/);
  assert.doesNotMatch(closed, /name="theme"/);
  assert.match(facets, /<details class="search-facet" data-facet="theme" open>/);
  assert.doesNotMatch(facets, /<b>|<script/);
  // The hostile theme title reaches the facets through the cross-reference (its alias
  // "zebrafish text" is in the section).
  assert.ok(r.facets.theme.some((t) => t.value === '<b>Bold</b> theme' && t.count === 1));
  assert.match(facets, /&lt;b&gt;Bold&lt;\/b&gt; theme/);
  // Its theme page is a result too, with the title as text.
  const page = await search('hostile theme title', { facets: true });
  assert.deepEqual(urls(page), ['themes/bold-theme/']);
  const pageHTML = renderResultHTML(page.results[0], '../');
  assert.doesNotMatch(pageHTML, /<b>|<script/);
  assert.match(pageHTML.replace(/<\/?mark>/g, ''), /&lt;b&gt;Bold&lt;\/b&gt; theme/);
  // Links stay relative to the site and cannot become javascript: URLs.
  const evil = renderResultHTML({ ...x, url: 'javascript:alert(1)' }, '../');
  assert.doesNotMatch(evil, /href="javascript:/);
});

test('the engine refuses an index version it does not know', async () => {
  const e = new SearchEngine(async () => ({ format: 'dossier-search', version: 99 }));
  await assert.rejects(e.search('x'), /version 99/);
});

// ---------------------------------------------------------------- languages

const FR = 'documents/fixture-language-fr/';
const ES = 'documents/fixture-language-es/';
const DE = 'documents/fixture-language-de/';

test('a French document: inflected forms, accents, elision and French stop words', async () => {
  // A page's sections come as one result and its subresults.
  const sections = async (q, opts) => (await search(q, opts)).results
    .flatMap((x) => [x.url, ...(x.subresults || []).map((sub) => sub.url)])
    .filter((u) => u.startsWith(FR)).sort();
  const all = [`${FR}#les-droits-de-l-homme-en-ligne`, `${FR}#mesures-de-confiance`];
  // Inflections: plural, feminine, verb forms stem together (Snowball French). The
  // title ("… la sécurité numérique") is part of both sections.
  assert.deepEqual(await sections('sécurités'), all);
  assert.deepEqual(await sections('protégés'), [`${FR}#les-droits-de-l-homme-en-ligne`]);
  assert.deepEqual(await sections('mesure confiante'), [`${FR}#mesures-de-confiance`]);
  assert.deepEqual(await sections('renforcé'), [`${FR}#les-droits-de-l-homme-en-ligne`]);
  // Accents are folded: typed with or without them, in any case.
  assert.deepEqual(await sections('securite'), await sections('SÉCURITÉ'));
  assert.deepEqual(await sections('états'), all);
  assert.deepEqual(await sections('etat'), all);
  // Elided articles: "l'homme" is "homme", "l'information" is "information".
  assert.deepEqual(await sections("l'homme"), await sections('homme'));
  assert.deepEqual(await sections("d'information"), [`${FR}#mesures-de-confiance`]);
  // French stop words are not indexed and are dropped from queries.
  assert.equal((await search('les des')).total, 0);
  assert.deepEqual(await sections('la coopération des États'), await sections('coopération États'));
  // A phrase through a stop word and an elision, checked on the stored French text.
  assert.deepEqual(await sections('"droits de l\'homme"'), [`${FR}#les-droits-de-l-homme-en-ligne`]);
  assert.equal((await sections('"homme de droits"')).length, 0);
  // The excerpt marks the French words the query matched.
  const r = (await search('sécurités réseau')).results.find((x) => x.url.startsWith(FR));
  assert.deepEqual(hits(r.excerpt), ['sécurité', 'réseaux']);
  // The reader can pick the language a query is analysed in.
  assert.deepEqual(await sections('protéger', { language: 'fr' }), [`${FR}#les-droits-de-l-homme-en-ligne`]);
});

test('an English document: inflected forms, accents and English stop words', async () => {
  const sections = async (q) => urls(await search(q)).filter((u) => u.startsWith(A)).sort();
  const opening = [`${A}#opening`];
  assert.deepEqual(await sections('habitat'), opening);
  assert.deepEqual(await sections('discussing'), opening);
  assert.deepEqual(await sections('delegate agreeing'), [`${A}#closing`]);
  assert.deepEqual(await sections('ZURICH'), opening);
  assert.deepEqual(await sections('zürich'), opening);
  // English stop words are dropped, whatever other languages the index has.
  assert.deepEqual(await sections('the quokka of habitats'), await sections('quokka habitats'));
  assert.equal((await search('the of and')).total, 0);
  const r = (await search('discussing habitat')).results.find((x) => x.url === `${A}#opening`);
  assert.deepEqual(hits(r.excerpt), ['discussed', 'habitats']);
});

test('Spanish and German documents are analysed in their languages', async () => {
  const docsOf = async (q) => docs(await search(q));
  assert.deepEqual(await docsOf('política nacional'), [ES]);
  assert.deepEqual(await docsOf('infraestructura crítica'), [ES]);
  assert.deepEqual(await docsOf('Massnahmen'), [DE]);
  assert.deepEqual(await docsOf('Maßnahme Netz'), [DE]);
  assert.deepEqual(await docsOf('bericht'), [DE]);
  // "der", "die", "los", "las" are stop words of their languages.
  assert.equal((await search('der die los las')).total, 0);
});

test('the browser loader reads ranges, and slices the whole file a server without Range sends', async () => {
  const file = new Uint8Array([10, 11, 12, 13, 14, 15, 16, 17]);
  const requests = [];
  const serve = (ranges) => async (url, init = {}) => {
    const range = init.headers && init.headers.Range;
    requests.push(range || 'whole');
    const m = ranges && /^bytes=(\d+)-(\d+)$/.exec(range || '');
    if (m) return new Response(file.slice(Number(m[1]), Number(m[2]) + 1), { status: 206 });
    return new Response(file, { status: 200 });
  };
  const real = globalThis.fetch;
  try {
    globalThis.fetch = serve(true);
    const load = fetchLoader('https://example.org/search/');
    assert.deepEqual([...await load.range('stored/0.bin', 2, 5)], [12, 13, 14]);
    assert.deepEqual(requests, ['bytes=2-4']);
    requests.length = 0;
    globalThis.fetch = serve(false);
    const plain = fetchLoader('https://example.org/search/');
    assert.deepEqual([...await plain.range('stored/0.bin', 2, 5)], [12, 13, 14]);
    assert.deepEqual([...await plain.range('stored/0.bin', 6, 8)], [16, 17]);
    assert.deepEqual(requests, ['bytes=2-4'], 'the whole file is fetched once, then sliced');
  } finally {
    globalThis.fetch = real;
  }
});
