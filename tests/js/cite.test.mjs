// The reference-manager files of a built digest, read by a real parser (citation-js):
// every document's BibTeX, RIS and CSL-JSON, and the digest's documents.bib/.json/.csv,
// must carry its title, authors, date (as precise as the front matter, never padded) and
// URL; every document page's citation_* tags and JSON-LD must parse and have what Zotero
// and schema.org expect.
//
// The site is DOSSIER_SITE (a built public/ folder of this repository's digest), or is
// built here into a temporary folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import '@citation-js/plugin-csl';

const repo = new URL('../../', import.meta.url).pathname;

function site() {
  if (process.env.DOSSIER_SITE) return process.env.DOSSIER_SITE;
  const root = mkdtempSync(join(tmpdir(), 'dossier-cite-'));
  for (const f of ['seeds', 'content', 'dossier.yaml', 'dossier.lock']) {
    if (existsSync(join(repo, f))) cpSync(join(repo, f), join(root, f), { recursive: true });
  }
  execFileSync('cargo', ['run', '--quiet', '--', '--root', root, 'build'], { cwd: repo, stdio: 'inherit' });
  return join(root, 'public');
}
const PUBLIC = site();

// The front matter of each document, read with a small reader for the keys used here.
function frontMatter(text) {
  const yaml = text.split(/^---$/m)[1];
  const out = {};
  let list = null;
  for (const line of yaml.split('\n')) {
    const item = /^- (.*)$/.exec(line);
    if (item && list) { out[list].push(unquote(item[1])); continue; }
    const kv = /^([a-z_]+):\s*(.*)$/.exec(line);
    if (!kv) continue;
    if (kv[2] === '') { list = kv[1]; out[list] = []; } else { list = null; out[kv[1]] = unquote(kv[2]); }
  }
  return out;
}
function unquote(s) {
  s = s.trim();
  if (/^'.*'$/.test(s)) return s.slice(1, -1).replaceAll("''", "'");
  if (/^".*"$/.test(s)) return JSON.parse(s);
  return s;
}

const docsDir = join(repo, 'content/documents');
const documents = readdirSync(docsDir).filter((f) => f.endsWith('.md')).map((f) => {
  const fm = frontMatter(readFileSync(join(docsDir, f), 'utf8'));
  return { slug: f.slice(0, -3), ...fm };
});

function expected(d) {
  const title = d.subtitle ? `${d.title}: ${d.subtitle}` : d.title;
  const families = (d.authors || []).map((a) => a.split(/\s+/).at(-1));
  const literals = (d.authors || []).length ? [] : (d.organisations || []);
  const dateParts = d.date ? d.date.split('-').map(Number) : null;
  return { title, families, literals, dateParts };
}

function checkItem(item, d, what) {
  const e = expected(d);
  assert.equal(item.title, e.title, `${what}: title`);
  const authors = item.author || [];
  if (e.families.length) {
    assert.deepEqual(authors.map((a) => a.family), e.families, `${what}: authors`);
    assert.ok(authors.every((a) => a.given), `${what}: given names`);
  } else {
    assert.deepEqual(authors.map((a) => a.literal || a.family), e.literals, `${what}: organisations as authors`);
  }
  if (e.dateParts) {
    assert.deepEqual(item.issued['date-parts'][0], e.dateParts, `${what}: date, as precise as the front matter`);
  } else {
    assert.equal(item.issued, undefined, `${what}: no date`);
  }
  assert.match(item.URL, new RegExp(`/documents/${d.slug}/$`), `${what}: URL`);
}

test('there are documents to check', () => {
  assert.ok(documents.length >= 5);
});

for (const d of documents) {
  const dir = join(PUBLIC, 'documents', d.slug);
  test(`${d.slug}: BibTeX, RIS and CSL-JSON parse and agree with the front matter`, () => {
    const bib = new Cite(download(dir, 'BibTeX'), { forceType: '@biblatex/text' }).data;
    assert.equal(bib.length, 1);
    checkItem(bib[0], d, 'BibTeX');
    const ris = new Cite(download(dir, 'RIS'), { forceType: '@ris/file' }).data;
    assert.equal(ris.length, 1);
    checkItem(ris[0], d, 'RIS');
    const csl = new Cite(JSON.parse(download(dir, 'CSL-JSON'))).data;
    checkItem(csl[0], d, 'CSL-JSON');
    // A real formatter can use it.
    const apa = new Cite(csl).format('bibliography', { format: 'text', template: 'apa' });
    assert.ok(apa.includes(d.title.slice(0, 20)), apa);
  });

  test(`${d.slug}: citation_* tags and JSON-LD`, () => {
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    const meta = [...html.matchAll(/<meta name="(citation_[a-z_]+)" content="([^"]*)">/g)].map((m) => [m[1], decode(m[2])]);
    const get = (n) => meta.filter(([k]) => k === n).map(([, v]) => v);
    const e = expected(d);
    assert.deepEqual(get('citation_title'), [e.title]);
    assert.ok(get('citation_author').length >= 1, 'Zotero needs an author');
    if (e.families.length) assert.deepEqual(get('citation_author').map((a) => a.split(',')[0]), e.families);
    if (d.date) {
      assert.deepEqual(get('citation_publication_date'), [d.date]);
      assert.match(d.date, /^\d{4}(-\d{2}(-\d{2})?)?$/, 'ISO 8601');
    }
    if (d.language) assert.deepEqual(get('citation_language'), [d.language]);
    if (d.organisations) assert.deepEqual(get('citation_publisher'), [d.organisations.join('; ')]);
    const lds = [...html.matchAll(/<script type="application\/ld\+json">([^<]*)<\/script>/g)].map((m) => JSON.parse(m[1]));
    assert.equal(lds.length, 1);
    const ld = lds[0];
    assert.equal(ld['@context'], 'https://schema.org');
    const types = { report: 'Report', 'summary-report': 'Report', paper: 'Report', resolution: 'Legislation', declaration: 'Legislation' };
    assert.equal(ld['@type'], types[d.kind] || 'CreativeWork', d.kind);
    for (const key of ['name', 'headline', 'url', 'isPartOf', 'author']) assert.ok(ld[key], `JSON-LD ${key}`);
    assert.equal(ld.isPartOf['@type'], 'WebSite');
    if (d.date) assert.equal(ld.datePublished, d.date);
    if (ld.datePublished) assert.ok(!Number.isNaN(Date.parse(ld.datePublished)), 'datePublished parses as ISO 8601');
    assert.match(html, /<details class="cite-this" id="cite">/);
  });
}

function decode(s) {
  return s.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

test('documents.bib, documents.json and documents.csv cover the digest', () => {
  const bib = new Cite(readFileSync(join(PUBLIC, 'documents.bib'), 'utf8'), { forceType: '@biblatex/text' }).data;
  const json = JSON.parse(readFileSync(join(PUBLIC, 'documents.json'), 'utf8'));
  new Cite(json); // parses
  assert.equal(bib.length, documents.length);
  assert.equal(json.length, documents.length);
  for (const d of documents) {
    checkItem(bib.find((i) => i.URL.endsWith(`/${d.slug}/`)), d, `documents.bib ${d.slug}`);
    checkItem(json.find((i) => i.id === d.slug), d, `documents.json ${d.slug}`);
  }
  const csv = readFileSync(join(PUBLIC, 'documents.csv'), 'utf8').trim().split('\n');
  assert.match(csv[0], /^slug,title,subtitle,date,authors,organisations,kind,language,place,url,source_url$/);
  assert.equal(csv.length, documents.length + 1);
  const index = readFileSync(join(PUBLIC, 'documents/index.html'), 'utf8');
  for (const f of ['documents.bib', 'documents.json', 'documents.csv']) assert.ok(index.includes(`../${f}`), f);
});

test('commentary pages are Articles citing documents', () => {
  const dir = join(PUBLIC, 'commentary');
  for (const name of readdirSync(dir).filter((n) => !n.endsWith('.html'))) {
    const html = readFileSync(join(dir, name, 'index.html'), 'utf8');
    const ld = JSON.parse(/<script type="application\/ld\+json">([^<]*)<\/script>/.exec(html)[1]);
    assert.equal(ld['@type'], 'Article');
    assert.ok(ld.headline && ld.datePublished && ld.isPartOf);
    assert.ok(ld.citation.length >= 1);
    assert.match(html, /<meta name="citation_title"/);
  }
});

/**
 * The reference a document page offers as a download (`label`: BibTeX, RIS, CSL-JSON):
 * the `data:` URL of its "Cite this" link, decoded; the file name must be the slug's.
 */
function download(dir, label) {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const links = [...html.matchAll(/<a href="(data:[^"]*)" type="[^"]*" download="([^"]*)">([^<]*)<\/a>/g)];
  const link = links.find((m) => m[3] === label);
  assert.ok(link, `${dir}: no ${label} download in the page`);
  const slug = dir.split('/').pop();
  assert.match(link[2], new RegExp(`^${slug}\\.(bib|ris|json)$`));
  const url = decode(link[1]);
  const comma = url.indexOf(',');
  assert.match(url.slice(0, comma), /^data:[a-z./+-]+;charset=utf-8$/);
  return decodeURIComponent(url.slice(comma + 1));
}
