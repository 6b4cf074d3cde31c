// Relevance benchmark: dossier's search engine against Pagefind 1.6 on the same built
// site, over the hand-judged queries in queries.json. Usage (bench/relevance/run does
// all of it): node bench/relevance/relevance.mjs SITE_DIR [--details | --scale]
// (--scale: first-query transfer and repeat-query time only, for a generated corpus).
//
// Pagefind indexes the same pages dossier's index holds (documents, theme and
// commentary pages), with its root selector on <main> less <nav> and <aside>; both engines run in Node on the
// files on disk, as a browser would fetch them. Per query, each engine's top 10 pages
// are judged at three levels (see README, "Search relevance"):
//   page      the first result whose page answers the query (`docs` or `pages`),
//   document  the first result that is a source document answering it (`docs`),
//   section   the first result whose best section holds the answer (`sections`):
//             dossier's result URL; Pagefind's sub-result with the highest score.
// A URL's section is the heading above its anchor in the page's HTML (none: the text
// before the first heading).
import { readFileSync, readdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const site = process.argv[2];
if (!site) { console.error('usage: node bench/relevance/relevance.mjs SITE_DIR [--details]'); process.exit(2); }
const details = process.argv.includes('--details');
const { queries } = JSON.parse(readFileSync(new URL('queries.json', import.meta.url), 'utf8'));
const TOP = 10;

// ------------------------------------------------------------------ sections of a URL

const htmlCache = new Map();
function headings(page) {
  if (!htmlCache.has(page)) {
    const html = readFileSync(join(site, page, 'index.html'), 'utf8');
    const main = html.slice(html.indexOf('<main'));
    const ids = [...main.matchAll(/<(h[1-6]|[a-z]+)\b[^>]*\sid="([^"]+)"/g)].map((m) => ({ tag: m[1], id: m[2], at: m.index }));
    htmlCache.set(page, ids);
  }
  return htmlCache.get(page);
}

/** "page#heading-id", "page" (text before the first heading) or "page#(aside)". */
function sectionOf(url) {
  const [page, frag] = url.replace(/^\//, '').split('#');
  if (!frag) return page;
  const ids = headings(page);
  const at = ids.findIndex((x) => x.id === decodeURIComponent(frag));
  if (at < 0) return `${page}#(unknown ${frag})`;
  for (let i = at; i >= 0; i--) {
    const { tag, id } = ids[i];
    if (!/^h[1-6]$/.test(tag)) continue;
    if (tag === 'h1') return page;
    // The table of contents sits between the title and the text before the first heading.
    if (id === 'toc-title') continue;
    // The page's own furniture (contents, cross-references, excerpts of other pages).
    if (id.endsWith('-title')) return `${page}#(aside)`;
    return `${page}#${id}`;
  }
  return page;
}

// ------------------------------------------------------------------ the two engines

const gz = (buf) => (buf[0] === 0x1f && buf[1] === 0x8b ? buf.length : gzipSync(buf).length);

// dossier's engine as the site ships it (SITE/search/js), so that a site built by an
// older dossier is measured with its own engine.
async function dossier() {
  const dir = join(site, 'search');
  const { SearchEngine } = await import(pathToFileURL(join(dir, 'js/engine.js')));
  const fileEngine = () => {
    const log = [];
    const load = async (path) => {
      const buf = readFileSync(join(dir, path));
      log.push(gzipSync(buf).length);
      return JSON.parse(buf.toString('utf8'));
    };
    // Version 4 reads pack files by byte range (stored compressed: a range costs its
    // length, as tests/js/helpers.mjs counts it).
    load.range = async (path, start, end) => {
      const buf = readFileSync(join(dir, path)).subarray(start, end);
      log.push(buf.length);
      return new Uint8Array(buf);
    };
    const engine = new SearchEngine(load);
    return { engine, log };
  };
  const code = ['engine.js', 'stemmer.js', 'render.js', 'ui.js']
    .reduce((n, f) => n + gz(readFileSync(join(dir, 'js', f))), 0);
  // An engine without page grouping (before results carried `doc`) gives sections: the
  // first of each page counts, at the page's first place.
  const pagesOf = (r) => {
    const seen = new Set();
    return r.results.map((x) => ({ page: x.doc ? x.doc.url : x.url.replace(/#.*/, ''), section: x.url }))
      .filter((h) => !seen.has(h.page) && seen.add(h.page)).slice(0, TOP);
  };
  const warmEngine = fileEngine().engine;
  return {
    name: 'dossier',
    async search(q) {
      const { engine, log } = fileEngine();
      const r = await engine.search(q, { limit: TOP });
      const hits = pagesOf(r.results.some((x) => !x.doc) ? await engine.search(q, { limit: 5 * TOP }) : r);
      return { hits, bytes: code + log.reduce((a, b) => a + b, 0) };
    },
    warm: (q) => warmEngine.search(q, { limit: TOP }),
  };
}

const INDEXED = /^(documents|themes|commentary)\/[^/]+\/index\.html$/;

function pages(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return pages(p, base);
    return INDEXED.test(relative(base, p)) ? [relative(base, p)] : [];
  });
}

async function pagefind() {
  const pf = await import('pagefind');
  const out = mkdtempSync(join(tmpdir(), 'pagefind-'));
  // The page's content: <main> without its navigation (contents, previous/next) and
  // asides (cross-references, a theme's side panel), which dossier does not index either.
  const { index } = await pf.createIndex({ rootSelector: 'main', excludeSelectors: ['nav', 'aside'] });
  for (const p of pages(site)) {
    await index.addHTMLFile({ url: `/${p.replace(/index\.html$/, '')}`, content: readFileSync(join(site, p), 'utf8') });
  }
  await index.writeFiles({ outputPath: join(out, 'pagefind') });
  await pf.close();
  writeFileSync(join(out, 'pagefind/package.json'), '{"type":"module"}');
  // Its browser module, fed from disk: every fetch is logged with its gzipped size.
  let log = [];
  globalThis.fetch = async (input) => {
    const path = join(out, decodeURIComponent(new URL(String(input)).pathname));
    const buf = readFileSync(path);
    log.push(gz(buf));
    return new Response(buf, { status: 200, headers: path.endsWith('.wasm') ? { 'content-type': 'application/wasm' } : {} });
  };
  const load = async () => {
    const m = await import(`${pathToFileURL(join(out, 'pagefind/pagefind.js'))}?${Math.random()}`);
    await m.options({ basePath: 'http://pagefind.test/pagefind/', baseUrl: '/' });
    return m;
  };
  const code = gz(readFileSync(join(out, 'pagefind/pagefind.js')));
  const warmEngine = await load();
  return {
    name: 'Pagefind 1.6',
    async search(q) {
      log = [];
      const m = await load();
      const r = await m.search(q);
      const hits = [];
      for (const x of r.results.slice(0, TOP)) {
        const d = await x.data();
        const score = (s) => (s.weighted_locations || []).reduce((a, w) => a + w.balanced_score, 0);
        const best = [...d.sub_results].sort((a, b) => score(b) - score(a))[0];
        hits.push({ page: d.url.replace(/^\//, ''), section: (best || d).url });
      }
      await m.destroy?.();
      return { hits, bytes: code + log.reduce((a, b) => a + b, 0) };
    },
    warm: async (q) => { const r = await warmEngine.search(q); await Promise.all(r.results.slice(0, TOP).map((x) => x.data())); return r; },
    cleanup: () => rmSync(out, { recursive: true, force: true }),
  };
}

// ------------------------------------------------------------------ judging

function rank(hits, ok) {
  const i = hits.findIndex(ok);
  return i < 0 ? 0 : i + 1;
}

function judge(gold, hits) {
  const docs = new Set(gold.docs);
  const pages = new Set([...gold.docs, ...(gold.pages || [])]);
  const sections = gold.sections && new Set(gold.sections);
  return {
    page: rank(hits, (h) => pages.has(h.page)),
    document: rank(hits, (h) => docs.has(h.page)),
    section: sections ? rank(hits, (h) => sections.has(sectionOf(h.section))) : null,
  };
}

function summary(ranks) {
  const judged = ranks.filter((r) => r !== null);
  const n = judged.length;
  const at = (k) => judged.filter((r) => r >= 1 && r <= k).length;
  return { n, s1: at(1), s3: at(3), mrr: judged.reduce((a, r) => a + (r ? 1 / r : 0), 0) / n };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

const engines = [await dossier(), await pagefind()];

// --scale: transfer and latency only, on bench/search-queries.mjs's queries (for a big
// generated corpus, which has no gold).
if (process.argv.includes('--scale')) {
  const QUERIES = ['security', 'human rights', '"human rights"', 'christchurch call', 'christchruch',
    'deepfakes', 'regulation', 'CBMs', 'A/65/491', '2030', 'cyber', 'terrorist use of the internet',
    '"rule of law" technology', 'zürich', 'international security cooperation states'];
  console.log(`| query | ${engines.map((e) => `${e.name}: first query KB, repeat ms`).join(' | ')} |`);
  console.log(`| --- | ${engines.map(() => '---').join(' | ')} |`);
  const all = engines.map(() => ({ kb: [], ms: [] }));
  for (const q of QUERIES) {
    const cells = [];
    for (const [k, e] of engines.entries()) {
      const { bytes } = await e.search(q);
      await e.warm(q);
      const times = [];
      for (let i = 0; i < 5; i++) { const t = performance.now(); await e.warm(q); times.push(performance.now() - t); }
      all[k].kb.push(bytes / 1024);
      all[k].ms.push(median(times));
      cells.push(`${(bytes / 1024).toFixed(1)} KB, ${median(times).toFixed(1)} ms`);
    }
    console.log(`| ${q} | ${cells.join(' | ')} |`);
  }
  const range = (xs, d) => `${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)}`;
  console.log(`| all | ${all.map((a) => `${range(a.kb, 1)} KB, ${range(a.ms, 1)} ms`).join(' | ')} |`);
  engines.forEach((e) => e.cleanup?.());
  process.exit(0);
}

const table = {};
for (const e of engines) {
  table[e.name] = { page: [], document: [], section: [], bytes: [], ms: [] };
  for (const g of queries) {
    const { hits, bytes } = await e.search(g.q);
    const j = judge(g, hits);
    for (const level of ['page', 'document', 'section']) table[e.name][level].push(j[level]);
    table[e.name].bytes.push(bytes);
    // Repeat-query latency: a warm engine, the query run 5 times, the median kept.
    await e.warm(g.q);
    const times = [];
    for (let i = 0; i < 5; i++) { const t = performance.now(); await e.warm(g.q); times.push(performance.now() - t); }
    table[e.name].ms.push(median(times));
    if (details) console.log(`${e.name.padEnd(12)} ${JSON.stringify(j)} ${g.q}\n${' '.repeat(13)}${hits.slice(0, 3).map((h) => sectionOf(h.section)).join('  ')}`);
  }
  e.cleanup?.();
}

// All queries, then the development and held-out sets apart.
const sets = [['all', () => true], ['development', (g) => g.set !== 'held-out'], ['held-out', (g) => g.set === 'held-out']];
console.log(`${queries.length} queries, top ${TOP} pages; section level: the queries with judged sections`);
console.log('| queries | level | engine | success@1 | success@3 | MRR |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const [set, inSet] of sets) {
  for (const level of ['page', 'document', 'section']) {
    for (const e of engines) {
      const s = summary(table[e.name][level].filter((_, i) => inSet(queries[i])));
      console.log(`| ${set} | ${level} | ${e.name} | ${s.s1}/${s.n} | ${s.s3}/${s.n} | ${s.mrr.toFixed(3)} |`);
    }
  }
}
console.log('\n| engine | first query KB (gzipped, code + index), median / max | repeat query ms, median / max |');
console.log('| --- | --- | --- |');
for (const e of engines) {
  const t = table[e.name];
  const kb = (b) => (b / 1024).toFixed(1);
  console.log(`| ${e.name} | ${kb(median(t.bytes))} / ${kb(Math.max(...t.bytes))} | ${median(t.ms).toFixed(2)} / ${Math.max(...t.ms).toFixed(2)} |`);
}
