// Search benchmark, query side: bytes a browser downloads (gzipped) and query latency in
// Node, over an index folder. Usage: node bench/search-queries.mjs INDEX_DIR
// (benches/search.rs builds the 10,000-page index and runs this).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileEngine } from '../tests/js/helpers.mjs';

const dir = process.argv[2];
if (!dir) { console.error('usage: node bench/search-queries.mjs INDEX_DIR'); process.exit(2); }

const STATIC = new URL('../themes/default/static/search/js/', import.meta.url).pathname;
const code = ['engine.js', 'stemmer.js', 'render.js', 'ui.js']
  .reduce((n, f) => n + gzipSync(readFileSync(join(STATIC, f))).length, 0);

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
console.log(`index on disk: ${(bytes / 1e6).toFixed(1)} MB in ${files} files; search code ${kb(code)} KB gzipped`);
// The search page counts kind, organisation and year with the results, and themes once
// its theme facet is opened (or filtered by): see ui.js.
const PAGE_FACETS = ['kind', 'organisation', 'year'];
console.log('query | results | first query, search page KB (code+index, gz) | + theme facet opened KB | header box KB | typed char by char KB | next query KB | median ms | max ms');
let worst = { first: 0, theme: 0, latency: 0 };
// One warm engine for "next query" transfer: queries run in this order in one session of
// the search page (theme facet closed).
const session = fileEngine(dir);
const latencyEngine = fileEngine(dir);
for (const q of QUERIES) {
  // Search page, cold: code + manifest + shards + stored + page facets; then the theme
  // facet opened (the same query with theme counts).
  const cold = fileEngine(dir);
  const r = await cold.engine.search(q, { facets: PAGE_FACETS, limit: 10 });
  const first = code + total(cold.log);
  await cold.engine.search(q, { facets: true, limit: 10 });
  const theme = code + total(cold.log) - first;
  // Header box, cold: no facets, 8 results.
  const box = fileEngine(dir);
  await box.engine.search(q, { limit: 8 });
  const boxFirst = code + total(box.log);
  // Typed one character at a time in the header box, cold.
  const typed = fileEngine(dir);
  for (let i = 1; i <= q.length; i++) await typed.engine.search(q.slice(0, i), { limit: 8 });
  const typedBytes = code + total(typed.log);
  // Next query in a warm session.
  const before = total(session.log);
  await session.engine.search(q, { facets: PAGE_FACETS, limit: 10 });
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
  worst.theme = Math.max(worst.theme, first + theme);
  worst.latency = Math.max(worst.latency, max);
  console.log(`${q} | ${r.total} | ${kb(first)} | ${kb(theme)} | ${kb(boxFirst)} | ${kb(typedBytes)} | ${kb(next)} | ${med.toFixed(1)} | ${max.toFixed(1)}`);
}
console.log(`worst first query: ${kb(worst.first)} KB gzipped (${kb(worst.theme)} KB with the theme facet opened); worst latency: ${worst.latency.toFixed(1)} ms`);
