// Search benchmark, query side: bytes a browser downloads (gzipped) and query latency in
// Node, over an index folder. Usage: node bench/search-queries.mjs INDEX_DIR
// (benches/search.rs builds the 10,000-page index and runs this).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileEngine } from '../tests/js/helpers.mjs';

const dir = process.argv[2];
if (!dir) { console.error('usage: node bench/search-queries.mjs INDEX_DIR'); process.exit(2); }

// The search code as the site ships it (minified by `dossier build`: INDEX_DIR/js), or
// else the sources.
const SHIPPED = join(dir, 'js');
const STATIC = existsSync(join(SHIPPED, 'engine.js')) ? SHIPPED
  : new URL('../themes/default/static/search/js/', import.meta.url).pathname;
const code = ['engine.js', 'stemmer.js', 'render.js', 'ui.js']
  .reduce((n, f) => n + gzipSync(readFileSync(join(STATIC, f))).length, 0);
// As ui.js asks: the search page reads its cards' further sections after showing them;
// the header box reads two sections for its first three results.
const PAGE = { limit: 10, subresultRows: 0 };
const BOX = { limit: 8, subresults: 2, subresultRows: 3 };

function du(d) {
  let bytes = 0;
  let files = 0;
  for (const f of readdirSync(d)) {
    const p = join(d, f);
    const s = statSync(p);
    if (s.isDirectory()) { const r = du(p); bytes += r.bytes; files += r.files; } else { bytes += s.size; files++; }
  }
  return { bytes, files };
}

const QUERIES = [
  'security', 'human rights', '"human rights"', 'christchurch call', 'christchruch',
  'deepfakes', 'regulation', 'CBMs', 'A/65/491', '2030', 'cyber', 'terrorist use of the internet',
  '"rule of law" technology', 'zürich', 'international security cooperation states',
];
const kb = (b) => (b / 1024).toFixed(1);
const total = (log) => log.reduce((a, b) => a + b.gzip, 0);

const { bytes, files } = du(dir);
console.log(`index on disk: ${(bytes / 1e6).toFixed(1)} MB in ${files} files; search code ${kb(code)} KB gzipped (${STATIC === SHIPPED ? 'as shipped' : 'sources'})`);
// The search page counts kind, organisation and year with the results, and themes once
// its theme facet is opened (or filtered by): see ui.js.
const PAGE_FACETS = ['kind', 'organisation', 'year'];
console.log('query | results | first query, search page KB (code+index, gz) | + sections KB | + theme facet opened KB | header box KB | typed char by char KB | next query KB | median ms | max ms');
let worst = { first: 0, sections: 0, theme: 0, box: 0, latency: 0 };
// One warm engine for "next query" transfer: queries run in this order in one session of
// the search page (theme facet closed).
const session = fileEngine(dir);
const latencyEngine = fileEngine(dir);
for (const q of QUERIES) {
  // Search page, cold: code + manifest + shards + the cards' stored rows + page facets;
  // then the rows of the cards' further sections (read once the cards are shown); then
  // the theme facet opened (the same query with theme counts).
  const cold = fileEngine(dir);
  const r = await cold.engine.search(q, { facets: PAGE_FACETS, ...PAGE });
  const first = code + total(cold.log);
  await cold.engine.readSubresults(r);
  const sections = code + total(cold.log) - first;
  const shown = code + total(cold.log);
  await cold.engine.search(q, { facets: true, ...PAGE });
  const theme = code + total(cold.log) - shown;
  // Header box, cold: no facets, 8 results.
  const box = fileEngine(dir);
  await box.engine.search(q, BOX);
  const boxFirst = code + total(box.log);
  // Typed one character at a time in the header box, cold.
  const typed = fileEngine(dir);
  for (let i = 1; i <= q.length; i++) await typed.engine.search(q.slice(0, i), BOX);
  const typedBytes = code + total(typed.log);
  // Next query in a warm session, sections included.
  const before = total(session.log);
  await session.engine.readSubresults(await session.engine.search(q, { facets: PAGE_FACETS, ...PAGE }));
  const next = total(session.log) - before;
  // Latency: warm engine (files cached, code JIT-compiled by a first pass over all
  // queries), full search with facets and ten results with excerpts.
  if (!latencyEngine.warm) {
    for (const w of QUERIES) await latencyEngine.engine.search(w, { facets: true, limit: 10 });
    latencyEngine.warm = true;
  }
  const times = [];
  for (let i = 0; i < 15; i++) {
    const t0 = performance.now();
    await latencyEngine.engine.search(q, { facets: true, limit: 10 });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const med = times[times.length >> 1];
  const max = times[times.length - 1];
  worst.first = Math.max(worst.first, first);
  worst.sections = Math.max(worst.sections, first + sections);
  worst.theme = Math.max(worst.theme, first + sections + theme);
  worst.box = Math.max(worst.box, boxFirst);
  worst.latency = Math.max(worst.latency, max);
  console.log(`${q} | ${r.total} | ${kb(first)} | ${kb(sections)} | ${kb(theme)} | ${kb(boxFirst)} | ${kb(typedBytes)} | ${kb(next)} | ${med.toFixed(1)} | ${max.toFixed(1)}`);
}
console.log(`worst first query: ${kb(worst.first)} KB gzipped (${kb(worst.sections)} KB with the sections, ${kb(worst.theme)} KB with the theme facet opened); worst header box ${kb(worst.box)} KB; worst latency: ${worst.latency.toFixed(1)} ms`);
