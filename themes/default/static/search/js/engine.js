// dossier search engine: a dependency-free ES module that runs the same in browsers and
// in Node. It reads the sharded index written by `dossier build` (src/search.rs; format
// in docs/search.md) through a pluggable `load(path)` (parsed JSON) and
// `load.range(path, start, end)` (bytes), so the browser fetches relative URLs and Node
// reads files.
//
// Text analysis here is an exact port of src/search/analyze.rs; change both together.

import { porter2 } from './stemmer.js';

export const FORMAT_VERSION = 5;

// ---------------------------------------------------------------- analysis

export const STOP_WORDS = new Set(['a', 'an', 'and', 'are', 'as', 'at', 'be', 'been', 'but',
  'by', 'for', 'from', 'had', 'has', 'have', 'in', 'into', 'is', 'its', 'of', 'on', 'or', 'such',
  'that', 'the', 'their', 'then', 'there', 'these', 'they', 'this', 'to', 'was', 'were', 'which',
  'will', 'with']);
export const MAX_TOKEN_LEN = 48;

// Stop words per analysis language: English built in, the others from the index's
// manifest (src/search/analyze.rs writes them), by useLanguages.
export const STOP_WORDS_BY_LANGUAGE = { en: STOP_WORDS, other: new Set() };

// Snowball stemmers of the other languages (stemmers/), loaded for an index's languages.
const STEMMERS = { en: null, other: null };

/**
 * Load the analysis of the languages `langs` of a manifest ([{code, stopWords}]): their
 * stop words and stemmers.
 */
export async function useLanguages(langs) {
  await Promise.all(langs.map(async ({ code, stopWords }) => {
    if (!(code in STOP_WORDS_BY_LANGUAGE)) STOP_WORDS_BY_LANGUAGE[code] = new Set(stopWords);
    if (code in STEMMERS) return;
    if (!/^(fr|es|de)$/.test(code)) throw new Error(`search index: no analysis for language ${code}`);
    STEMMERS[code] = (await import(`./stemmers/${code}.js`)).stemmer;
  }));
}

// Articles elided before a vowel, dropped from the start of a word (analyze.rs ELISIONS).
const ELISION = /^(?:c|d|j|jusqu|l|lorsqu|m|n|puisqu|qu|quoiqu|s|t)'/;

const MARK = /\p{M}/u;
const WORD_CHAR = /[\p{Alphabetic}\p{N}]/u;
const DIGIT = /\p{N}/u;
const ASCII = /^[\x00-\x7f]*$/;

const foldCache = new Map();

// One character folded; non-ASCII results are cached, since NFKD is slow per call.
function foldChar(ch) {
  if (ch.length === 1 && ch.charCodeAt(0) < 128) return ch.toLowerCase();
  let out = foldCache.get(ch);
  if (out === undefined) {
    out = '';
    if (ch === '\u2019' || ch === '\u2018') out = "'";
    else for (const c of ch.normalize('NFKD')) if (!MARK.test(c)) out += c.toLowerCase();
    foldCache.set(ch, out);
  }
  return out;
}

/** NFKD, combining marks removed, lower case: exactly as the index folds. */
export function fold(text) {
  if (ASCII.test(text)) return text.toLowerCase();
  let out = '';
  for (const ch of text) out += foldChar(ch);
  return out;
}

/** fold() that also returns, for each UTF-16 unit of the result, its offset in `text`. */
function foldWithOffsets(text) {
  if (ASCII.test(text)) {
    const offsets = new Int32Array(text.length + 1);
    for (let i = 0; i <= text.length; i++) offsets[i] = i;
    return { folded: text.toLowerCase(), offsets };
  }
  let folded = '';
  const offs = [];
  let i = 0;
  for (const ch of text) {
    const f = foldChar(ch);
    for (let k = 0; k < f.length; k++) offs.push(i);
    folded += f;
    i += ch.length;
  }
  offs.push(i);
  return { folded, offsets: Int32Array.from(offs) };
}

function isWordChar(c) {
  if (c === undefined) return false;
  const code = c.charCodeAt(0);
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90);
  return WORD_CHAR.test(c);
}
const isConnector = (c) => c === '/' || c === '.' || c === '-';

function charAt(s, i) {
  const code = s.charCodeAt(i);
  if (code < 0xd800) return s[i];
  const cp = s.codePointAt(i);
  return cp === undefined ? undefined : String.fromCodePoint(cp);
}

function readPart(s, i) {
  let digit = false;
  while (i < s.length) {
    const c = charAt(s, i);
    if (isWordChar(c)) {
      if (!digit && (c.charCodeAt(0) < 128 ? c >= '0' && c <= '9' : DIGIT.test(c))) digit = true;
      i += c.length;
    } else if (c === "'" && isWordChar(charAt(s, i + 1))) {
      i += 1;
    } else break;
  }
  return [i, digit];
}

function cleanPart(p) {
  p = p.replace(ELISION, '');
  if (p.endsWith("'s")) p = p.slice(0, -2);
  return p.replace(/'/g, '');
}

/**
 * Tokens of folded text, as src/search/analyze.rs `tokenize`: {text, pos, kind, start,
 * end, span}; kind is 'word', 'compound' or 'part'. Stop words are included.
 */
export function tokenize(folded) {
  const out = [];
  let pos = 0;
  let i = 0;
  while (i < folded.length) {
    const c = charAt(folded, i);
    if (!isWordChar(c)) { i += c.length; continue; }
    const parts = [];
    let hasDigit = false;
    for (;;) {
      const [end, digit] = readPart(folded, i);
      hasDigit ||= digit;
      parts.push([i, end]);
      i = end;
      if (i < folded.length && isConnector(folded[i]) && isWordChar(charAt(folded, i + 1))) {
        i += 1;
        continue;
      }
      break;
    }
    const compound = parts.length > 1 && hasDigit;
    if (compound) {
      const first = parts[0][0];
      const last = parts[parts.length - 1][1];
      const text = cleanPart(folded.slice(first, last));
      if (text.length <= MAX_TOKEN_LEN && utf8Len(text) <= MAX_TOKEN_LEN) {
        out.push({ text, pos, kind: 'compound', start: first, end: last, span: parts.length });
      }
    }
    for (const [s, e] of parts) {
      const text = cleanPart(folded.slice(s, e));
      if (text && utf8Len(text) <= MAX_TOKEN_LEN) {
        out.push({ text, pos, kind: compound ? 'part' : 'word', start: s, end: e, span: 1 });
      }
      pos += 1;
    }
  }
  return out;
}

function utf8Len(s) {
  if (ASCII.test(s)) return s.length;
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0);
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

const VOWELS = /[aeiouy]/;

const stemCache = new Map();

/**
 * The index term of a folded, non-stop token in analysis language `lang` (see
 * WordStemmer::stem in Rust); other languages than English need loadLanguages first.
 */
export function stem(word, lang = 'en') {
  const key = lang === 'en' ? word : `${lang}:${word}`;
  let s = stemCache.get(key);
  if (s === undefined) {
    if (stemCache.size > 50000) stemCache.clear();
    s = stemUncached(word, lang);
    stemCache.set(key, s);
  }
  return s;
}

function stemUncached(word, lang) {
  if (DIGIT.test(word) || lang === 'other') return word;
  if (lang !== 'en') {
    if (!STEMMERS[lang]) throw new Error(`search: the ${lang} stemmer is not loaded`);
    return STEMMERS[lang](word);
  }
  if (word.length >= 3 && word.endsWith('s') && !word.endsWith('ss') && ASCII.test(word) &&
      !VOWELS.test(word)) {
    return word.slice(0, -1);
  }
  return porter2(word);
}

export const isStopWord = (w, lang = 'en') => STOP_WORDS_BY_LANGUAGE[lang].has(w);

/**
 * Add to `out` the phrase-pair keys of one field, made as src/search/build.rs
 * `Analyzer::pairs` makes them: each indexed token with the next indexed position after
 * it, if at most `maxSkip` stop words (plus a compound's span) apart.
 */
export function pairKeys(text, maxSkip, out = new Set(), lang = 'en') {
  const toks = [];
  for (const t of tokenize(fold(text))) {
    if (t.kind !== 'compound' && isStopWord(t.text, lang)) continue;
    toks.push({ pos: t.pos, span: t.span, term: stem(t.text, lang) });
  }
  for (let i = 0; i < toks.length; i++) {
    const x = toks[i];
    let j = i + 1;
    while (j < toks.length && toks[j].pos < x.pos + x.span) j++;
    if (j === toks.length) continue;
    const q = toks[j].pos;
    const gap = q - x.pos;
    if (gap > x.span + maxSkip) continue;
    for (; j < toks.length && toks[j].pos === q; j++) out.add(`${x.term} ${gap} ${toks[j].term}`);
  }
  return out;
}

/**
 * Query analysis in each of the analysis languages `langs` (the index's): compounds but
 * not their parts; a word that is a stop word in any of them is dropped (keeping its
 * position). `term` is the first language's stem, `terms` every distinct stem.
 */
export function analyzeQuery(text, langs = ['en']) {
  const out = [];
  for (const t of tokenize(fold(text))) {
    if (t.kind === 'part' || (t.kind === 'word' && langs.some((l) => isStopWord(t.text, l)))) continue;
    const terms = [...new Set(langs.map((l) => stem(t.text, l)))];
    out.push({ term: terms[0], terms, surface: t.text, pos: t.pos, span: t.span, start: t.start, end: t.end });
  }
  return out;
}

// ---------------------------------------------------------------- query parsing

/**
 * Words that make a query a question ("how can…", "what did … say about …") but say
 * nothing about what is sought: dropped from a query's unquoted words when another word
 * remains. The index keeps them (they are not stop words), so a quoted phrase still
 * matches them.
 */
export const QUESTION_WORDS = new Set(['how', 'what', 'when', 'where', 'who', 'whom', 'whose',
  'why', 'do', 'does', 'did', 'done', 'can', 'could', 'should', 'would', 'shall', 'may', 'might',
  'must', 'i', 'we', 'you', 'me', 'us', 'my', 'our', 'your', 'about', 'say', 'said', 'says',
  'tell', 'told', 'any', 'there', 'please', 'find', 'show']);

/**
 * Split a query into clauses: {type:'word', term, surface, prefix, start, end} and
 * {type:'phrase', terms:[{term,pos,span}], text, start, end}; start and end are offsets
 * in `q`. The last word is a prefix unless the query ends with a space or a closing
 * quote. Question words are dropped (QUESTION_WORDS) unless nothing else is left.
 */
export function parseQuery(q, langs = ['en']) {
  const clauses = [];
  const re = /"([^"]*)("?)/g;
  let last = 0;
  let m;
  const words = (from, to, prefixAllowed) => {
    const text = q.slice(from, to);
    const { folded, offsets } = foldWithOffsets(text);
    const toks = analyzeQuery(text, langs);
    toks.forEach((t, i) => {
      const isLast = i === toks.length - 1;
      const prefix = prefixAllowed && isLast && !/[\s\p{P}]$/u.test(text) && t.end === folded.length;
      clauses.push({
        type: 'word', term: t.term, terms: t.terms, surface: t.surface, prefix,
        start: from + offsets[t.start], end: from + offsets[t.end],
      });
    });
  };
  while ((m = re.exec(q)) !== null) {
    words(last, m.index, false);
    const toks = analyzeQuery(m[1], langs);
    const [start, end] = [m.index, re.lastIndex];
    if (toks.length === 1) clauses.push({ type: 'word', term: toks[0].term, terms: toks[0].terms, surface: toks[0].surface, prefix: false, quoted: true, start, end });
    else if (toks.length > 1) {
      // The phrase's terms in each language; a section matches it in any of them.
      const variants = new Map();
      for (const l of langs) {
        const terms = toks.map((t) => ({ ...t, term: stem(t.surface, l) }));
        const key = terms.map((t) => t.term).join(' ');
        if (!variants.has(key)) variants.set(key, terms);
      }
      const [first, ...others] = [...variants.values()];
      clauses.push({ type: 'phrase', terms: first, text: m[1], variants: others, start, end });
    }
    last = re.lastIndex;
  }
  words(last, q.length, true);
  // A word still being typed may be the start of another ("who" of "whole"); a query of
  // question words only is searched as it is.
  const asked = (c) => c.type === 'word' && !c.quoted && !c.prefix && QUESTION_WORDS.has(c.surface);
  const kept = clauses.filter((c) => !asked(c));
  return kept.length ? kept : clauses;
}

// ---------------------------------------------------------------- helpers

function upperBound(list, key) {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] <= key) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** True when a and b are at most one edit apart (insert, delete, substitute, swap). */
export function withinOneEdit(a, b) {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

export function escapeHTML(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** Segments [{text, hit}] as HTML with hits in <mark>; every text is escaped. */
export function segmentsToHTML(segments) {
  return segments.map((s) => (s.hit ? `<mark>${escapeHTML(s.text)}</mark>` : escapeHTML(s.text))).join('');
}

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
const DIGIT_VALUE = new Uint8Array(128);
for (let i = 0; i < 64; i++) DIGIT_VALUE[DIGITS.charCodeAt(i)] = i;

/** Decode a string of base-32 varints (written by src/search/write.rs push_varint). */
export function readVarints(s) {
  const out = new Int32Array(s.length);
  let n = 0;
  let acc = 0;
  for (let i = 0; i < s.length; i++) {
    const d = DIGIT_VALUE[s.charCodeAt(i)];
    if (d >= 32) acc = acc * 32 + (d - 32);
    else { out[n++] = acc * 32 + d; acc = 0; }
  }
  return out.subarray(0, n);
}

/** Inflate zlib bytes (a stored row) to text, with the platform's DecompressionStream. */
async function inflate(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Response(stream).text();
}

/**
 * A stored row [url, breadcrumb, text, title, section, kind, date, language?] as an
 * object (docs/search.md); the language is there when it is not English.
 */
function storedRow(row) {
  const [url, breadcrumb, text, title, section, kind = '', date = '', lang = 'en'] = row;
  const crumb = (x) => (typeof x === 'number' ? breadcrumb[x] : x);
  return { url, breadcrumb, text, title: crumb(title), section: crumb(section), kind, date, lang };
}

const idf = (n, df) => Math.log(1 + (n - df + 0.5) / (df + 0.5));

// Weights of the ways a query word can match.
const EXACT = 1;
const PREFIX = 0.9;
const TYPO = 0.7;
const MAX_PREFIX_TERMS = 8;
const MAX_TYPO_TERMS = 4;
const MIN_PREFIX_LEN = 3;
const MIN_TYPO_LEN = 5;
const PREFIX_SHARDS = 1;
// A compound the query writes apart and the index as one word ("deep fakes"), and the
// other way round ("cyberattacks" where the index has "cyber attacks").
const JOINED = 1;
const SPLIT = 0.9;
const MIN_SPLIT_LEN = 3;
// Theme and commentary pages quote and summarise the documents: their scores are
// weighed down so that the passage they are about ranks first.
const ABOUT_WEIGHT = 0.3;
// A result shows at most this many other matching sections of its page, those scoring
// at least this share of its best section's score.
const MAX_SUBRESULTS = 3;
const SUBRESULT_SHARE = 0.25;
const MAX_CLAUSES = 16;
const MAX_SUGGESTIONS = 5;
const FACETS = ['theme', 'kind', 'organisation', 'year'];

// ---------------------------------------------------------------- facets

/**
 * A facet file (src/search/facets.rs) as {name: {values, lists}}: lists[v] holds the
 * ascending ids of the entries with value v. Runs files (kind, organisation, year) give
 * runs of consecutive pages (`starts[p]` is page p's first entry, from
 * facets/pages.json) and each run's value set; list files (theme) give each value's
 * entries as gaps.
 */
export function decodeFacets(f, n, starts) {
  const out = {};
  if (f.lists) {
    const [name] = Object.keys(f.lists);
    out[name] = {
      values: f.values[name],
      lists: f.lists[name].map((s) => {
        const gaps = readVarints(s);
        const ids = new Int32Array(gaps.length);
        let id = -1;
        for (let k = 0; k < gaps.length; k++) { id += gaps[k] + 1; ids[k] = id; }
        return ids;
      }),
    };
    return out;
  }
  const lengths = entriesOfRuns(readVarints(f.runs.pages), starts);
  for (const name of Object.keys(f.values)) {
    const nums = readVarints(f.sets[name]);
    const sets = [];
    for (let k = 0; k < nums.length;) {
      const c = nums[k++];
      sets.push(nums.subarray(k, k + c));
      k += c;
    }
    const runs = readVarints(f.runs[name]);
    const sizes = new Int32Array(f.values[name].length);
    runs.forEach((s, r) => { for (const v of sets[s]) sizes[v] += lengths[r]; });
    const lists = Array.from(sizes, (size) => new Int32Array(size));
    const fill = new Int32Array(sizes.length);
    let id = 0;
    runs.forEach((s, r) => {
      const len = lengths[r];
      for (const v of sets[s]) for (let j = 0; j < len; j++) lists[v][fill[v]++] = id + j;
      id += len;
    });
    if (id > n) throw new Error('search index: facet runs cover more entries than the index has');
    // Runs files hold a page's facets (the same for all its entries): counted per page.
    out[name] = { values: f.values[name], lists, labels: f.labels && f.labels[name], perPage: true };
  }
  return out;
}

/** The number of entries of each run of pages. */
function entriesOfRuns(pagesPerRun, starts) {
  const out = new Int32Array(pagesPerRun.length);
  let page = 0;
  pagesPerRun.forEach((len, r) => {
    if (page + len >= starts.length) throw new Error('search index: facet runs cover more pages than the index has');
    out[r] = starts[page + len] - starts[page];
    page += len;
  });
  return out;
}

// ---------------------------------------------------------------- the engine

export class SearchEngine {
  /** @param {(path: string) => Promise<any>} load  resolves a path relative to the index */
  constructor(load) {
    this.load = load;
    this.cache = new Map();
    this.manifest = null;
  }

  /** Load a file once; concurrent callers share the promise. */
  file(path) {
    let p = this.cache.get(path);
    if (!p) {
      p = this.load(path);
      this.cache.set(path, p);
      p.catch(() => this.cache.delete(path));
    }
    return p;
  }

  async init() {
    if (!this.manifest) {
      const m = await this.file('manifest.json');
      if (m.format !== 'dossier-search' || m.version !== FORMAT_VERSION) {
        throw new Error(`search index version ${m.version} is not supported (expected ${FORMAT_VERSION}); rebuild the site`);
      }
      this.languages = m.analysis.languages.map((l) => l.code);
      await useLanguages(m.analysis.languages);
      this.manifest = m;
    }
    return this.manifest;
  }

  shardOf(kind, key) {
    return upperBound(this.manifest[kind], key) - 1;
  }

  /** The first key of each shard of `kind` (terms, pairs, words). */
  async firsts(kind) {
    return kind === 'pairs' ? this.file(this.manifest.pairs) : this.manifest[kind];
  }

  /** Shard `i` of `kind` (terms, pairs, words), parsed, from its pack (read once). */
  shard(kind, i) {
    const packs = this.manifest.packs[kind];
    const k = upperBound(packs, i) - 1;
    return this.packed(`${kind}/${k}.bin`, i - packs[k], `${kind}#${i}`);
  }

  /**
   * Item `j` of a pack file (a stored chunk or a pack of shards), parsed: the two u32
   * offsets that bound it (8 bytes of the pack's table), then its zlib bytes (docs/search.md,
   * "Index format"). Read once, under `key`.
   */
  packed(path, j, key) {
    let p = this.cache.get(key);
    if (!p) {
      p = (async () => {
        const head = await this.load.range(path, 4 * j, 4 * j + 8);
        const view = new DataView(head.buffer, head.byteOffset, 8);
        const bytes = await this.load.range(path, view.getUint32(0, true), view.getUint32(4, true));
        return JSON.parse(await inflate(bytes));
      })();
      this.cache.set(key, p);
      p.catch(() => this.cache.delete(key));
    }
    return p;
  }

  async postings(kind, key) {
    const firsts = await this.firsts(kind);
    const i = upperBound(firsts, key) - 1;
    if (i < 0) return null;
    const shard = await this.shard(kind, i);
    const p = shard[key];
    if (!p) return null;
    if (!p.decoded) {
      // Ids are varint gaps, impacts one character each (see docs/search.md).
      const gaps = readVarints(p[0]);
      const ids = new Int32Array(gaps.length);
      let id = 0;
      for (let k = 0; k < gaps.length; k++) { id += gaps[k]; ids[k] = id; }
      const impacts = new Uint8Array(p[1].length);
      for (let k = 0; k < impacts.length; k++) impacts[k] = DIGIT_VALUE[p[1].charCodeAt(k)];
      p.decoded = { ids, impacts, scale: p[2] };
    }
    return p.decoded;
  }

  /** Word-list rows [surface, term, df] whose surface starts with `prefix`. */
  async wordsWithPrefix(prefix, maxShards = 3) {
    const firsts = this.manifest.words;
    let i = Math.max(0, upperBound(firsts, prefix) - 1);
    const rows = [];
    for (let n = 0; i < firsts.length && n < maxShards; i++, n++) {
      if (n > 0 && !firsts[i].startsWith(prefix)) break;
      const shard = await this.shard('words', i);
      for (const r of shard) if (r[0].startsWith(prefix)) rows.push(r);
    }
    return rows;
  }

  /** The terms a word clause matches: [{term, weight, kind}]. Notes on `c` what was
   *  done to the word: `c.correction` (the word searched instead of a typo) or
   *  `c.split` (its two parts, found written apart). */
  async variants(c) {
    const out = [];
    for (const term of c.terms || [c.term]) {
      if (await this.postings('terms', term)) out.push({ term, weight: EXACT, kind: 'exact' });
    }
    for (const j of c.joined || []) out.push(j);
    if (c.prefix && c.surface.length >= MIN_PREFIX_LEN) {
      const seen = new Map();
      for (const [surface, term, df] of await this.wordsWithPrefix(c.surface)) {
        for (const t of term ? term.split(' ') : [surface]) {
          if (!(c.terms || [c.term]).includes(t) && !seen.has(t)) seen.set(t, df);
        }
      }
      // Most frequent completions first, but from at most PREFIX_SHARDS term shards
      // beyond the exact term's, so that a keystroke never downloads much.
      const shards = new Set([this.shardOf('terms', c.term)]);
      const ranked = [...seen].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      for (const [term] of ranked) {
        if (out.length > MAX_PREFIX_TERMS) break;
        const s = this.shardOf('terms', term);
        if (!shards.has(s)) {
          if (shards.size > PREFIX_SHARDS) continue;
          shards.add(s);
        }
        out.push({ term, weight: PREFIX, kind: 'prefix' });
      }
    }
    if (out.length > 0 || DIGIT.test(c.surface) || c.surface.length < MIN_TYPO_LEN) return out;
    // Not in the index: written apart there ("cyberattacks", "cyber attacks"), or a typo.
    const rows = await this.wordsWithPrefix(c.surface.slice(0, 2));
    const split = await this.splitVariant(c.surface, rows);
    if (split) {
      c.split = split.parts;
      out.push(split);
      return out;
    }
    const cands = new Map();
    for (const [surface, term, df] of rows) {
      if (withinOneEdit(surface, c.surface)) {
        for (const t of term ? term.split(' ') : [surface]) {
          const had = cands.get(t);
          if (!had || df > had.df) cands.set(t, { df, surface });
        }
      }
    }
    const ranked = [...cands].sort((a, b) => b[1].df - a[1].df || (a[0] < b[0] ? -1 : 1));
    for (const [term] of ranked.slice(0, MAX_TYPO_TERMS)) out.push({ term, weight: TYPO, kind: 'typo' });
    if (ranked.length) c.correction = ranked[0][1].surface;
    return out;
  }

  /**
   * A word the index has only written apart: the split into two indexed words (each of
   * MIN_SPLIT_LEN letters or more; the longest first part first) as a variant that
   * matches the pair as a phrase, or both words when the pair is not in the phrase index.
   * `rows` are the word-list rows that start as the word does (first parts are among
   * them).
   */
  async splitVariant(word, rows) {
    const surfaces = new Set(rows.map((r) => r[0]));
    for (let i = word.length - MIN_SPLIT_LEN; i >= MIN_SPLIT_LEN; i--) {
      const [left, right] = [word.slice(0, i), word.slice(i)];
      if (!surfaces.has(left) || STOP_WORDS.has(left) || STOP_WORDS.has(right)) continue;
      const [a, b] = [stem(left), stem(right)];
      const [pa, pb] = await Promise.all([this.postings('terms', a), this.postings('terms', b)]);
      if (!pa || !pb) continue;
      const pair = await this.postings('pairs', `${a} 1 ${b}`);
      return { kind: 'split', weight: SPLIT, parts: [left, right], terms: [a, b], lists: pair ? [pair] : [pa, pb] };
    }
    return null;
  }

  /**
   * Whether `term`, the stem of `surface`, is in the index, asked of the word list
   * (every indexed surface word and its terms): a word shard is about a fifth of a term
   * shard, and most joined words are not indexed (a four-word query tries three).
   * The stem and the surface start alike, so a surface stemming to `term` starts with
   * their common prefix.
   */
  async isIndexedTerm(term, surface) {
    let n = 0;
    while (n < term.length && term[n] === surface[n]) n++;
    const rows = await this.wordsWithPrefix(surface.slice(0, Math.max(n, MIN_PREFIX_LEN)));
    return rows.some(([w, t]) => (t ? t.split(' ').includes(term) : w === term));
  }

  /**
   * Two words next to each other in the query that the index also has as one word
   * ("deep fakes", "deepfakes"): the joined word becomes a variant of both, so that an
   * entry with either spelling matches both words.
   */
  async joinCompounds(query, clauses) {
    const jobs = [];
    const own = new Set(clauses.filter((c) => c.type === 'word')
      .flatMap((c) => c.terms || [c.term]).map((t) => this.shardOf('terms', t)));
    for (let k = 0; k + 1 < clauses.length; k++) {
      const [a, b] = [clauses[k], clauses[k + 1]];
      if (a.type !== 'word' || b.type !== 'word' || a.quoted || b.quoted) continue;
      if (!/^[\s-]*$/.test(query.slice(a.end, b.start)) || DIGIT.test(a.surface + b.surface)) continue;
      const term = stem(a.surface + b.surface);
      // Asked of the term's shard if the query's own words need it anyway, else of the
      // word list.
      const found = own.has(this.shardOf('terms', term))
        ? this.postings('terms', term).then(Boolean) : this.isIndexedTerm(term, a.surface + b.surface);
      jobs.push(found.then((found) => {
        if (!found) return;
        for (const c of [a, b]) (c.joined ||= []).push({ term, weight: JOINED, kind: 'joined' });
      }));
    }
    await Promise.all(jobs);
  }

  /**
   * Scores of one clause: {scores (a Float32Array over entries, 0 = no match), terms
   * (to mark in excerpts), matched, idf (of its rarest list: the clause's weight in a
   * result's coverage), required (phrases must match)}.
   */
  async clauseScores(c) {
    const n = this.manifest.entries;
    const scores = new Float32Array(n);
    const terms = [];
    if (c.type === 'word') {
      const vs = await this.variants(c);
      // A word still being typed that is too short to complete ("human ri") is left out
      // rather than emptying the results.
      if (vs.length === 0 && c.prefix && c.surface.length < MIN_PREFIX_LEN) return { ignored: true };
      const lists = await Promise.all(vs.map((v) => (v.kind === 'split' ? null : this.postings('terms', v.term))));
      let weight = 0;
      vs.forEach((v, k) => {
        if (v.kind === 'split') {
          weight = Math.max(weight, this.addAll(scores, v.lists, v.weight));
          terms.push(...v.terms);
          return;
        }
        const p = lists[k];
        if (!p) return;
        terms.push(v.term);
        const i = idf(n, p.ids.length);
        weight = Math.max(weight, i);
        const w = v.weight * i / p.scale;
        for (let j = 0; j < p.ids.length; j++) {
          const s = w * p.impacts[j];
          if (s > scores[p.ids[j]]) scores[p.ids[j]] = s;
        }
      });
      return { scores, terms, matched: terms.length > 0, idf: weight };
    }
    if (c.variants && c.variants.length) {
      // Stemmed differently per language: the best of the variants; those with a rare
      // term are checked here on their few candidates' stored text.
      const all = await Promise.all([c, ...c.variants.map((terms) => ({ ...c, terms }))]
        .map((v) => this.clauseScores({ ...v, variants: null })));
      const hit = all.filter((r) => r.matched);
      if (!hit.length) return all[0];
      for (const r of hit.filter((h) => h.verify)) {
        const cands = [];
        for (let id = 0; id < n; id++) if (r.scores[id] > 0) cands.push(id);
        const ok = await Promise.all(cands.map((id) => this.holdsPairs(id, r.verify)));
        cands.forEach((id, k) => { if (!ok[k]) r.scores[id] = 0; });
      }
      for (const r of hit.slice(1)) for (let id = 0; id < n; id++) if (r.scores[id] > hit[0].scores[id]) hit[0].scores[id] = r.scores[id];
      return { ...hit[0], terms: [...new Set(hit.flatMap((r) => r.terms))], verify: null };
    }
    // Phrase: every consecutive pair must occur; pairs beyond the index's reach (too many
    // stop words between) fall back to both words occurring.
    const keys = [];
    const loose = [];
    const { maxPairSkip: maxSkip, minPairDf } = this.manifest.analysis;
    const ts = c.terms;
    for (let k = 0; k + 1 < ts.length; k++) {
      const gap = ts[k + 1].pos - ts[k].pos;
      if (gap <= ts[k].span + maxSkip) keys.push([`${ts[k].term} ${gap} ${ts[k + 1].term}`, ts[k].term, ts[k + 1].term]);
      else loose.push(ts[k].term, ts[k + 1].term);
    }
    const none = { scores, terms: [], matched: false, required: true, idf: 0 };
    const pairLists = await Promise.all(keys.map(([key]) => this.postings('pairs', key)));
    // A pair absent from the index because one of its terms is rare (in fewer than
    // minPairDf entries): both terms must occur, and search() checks the phrase on the
    // few candidates' stored text.
    const missing = keys.filter((_, k) => !pairLists[k]);
    const rare = await Promise.all(missing.flatMap(([, a, b]) => [this.postings('terms', a), this.postings('terms', b)]));
    for (let k = 0; k < rare.length; k += 2) {
      const [pa, pb] = [rare[k], rare[k + 1]];
      if (!pa || !pb || Math.min(pa.ids.length, pb.ids.length) >= minPairDf) return none;
    }
    const lists = [
      ...pairLists.filter((p) => p),
      ...rare,
      ...await Promise.all(loose.map((t) => this.postings('terms', t))),
    ];
    if (lists.some((p) => !p)) return none;
    const weight = this.addAll(scores, lists, 1);
    for (const t of ts) terms.push(t.term);
    const verify = missing.length ? keys.map(([key]) => key) : null;
    return { scores, terms, matched: true, required: true, phrase: ts.map((t) => t.term), verify, idf: weight };
  }

  /** Adds to `scores` the summed scores of the entries in every one of `lists`; returns
   *  the highest idf among them. */
  addAll(scores, lists, weight) {
    const n = this.manifest.entries;
    const hits = new Uint8Array(n);
    const sum = new Float32Array(n);
    let best = 0;
    lists.forEach((p, k) => {
      const i = idf(n, p.ids.length);
      best = Math.max(best, i);
      const w = weight * i / p.scale;
      for (let j = 0; j < p.ids.length; j++) {
        const id = p.ids[j];
        if (hits[id] === k) { hits[id] = k + 1; sum[id] += w * p.impacts[j]; }
      }
    });
    for (let id = 0; id < n; id++) if (hits[id] === lists.length && sum[id] > scores[id]) scores[id] = sum[id];
    return best;
  }

  /** Keeps a phrase's candidates only where their stored text holds it (rare words). */
  async verifyPhrase(part) {
    const cands = [];
    for (let id = 0; id < part.scores.length; id++) if (part.scores[id] > 0) cands.push(id);
    const ok = await Promise.all(cands.map((id) => this.holdsPairs(id, part.verify)));
    cands.forEach((id, i) => { if (!ok[i]) part.scores[id] = 0; });
    part.matched = ok.some((x) => x);
  }

  /** Whether entry `id` holds every pair key in `keys` (read from its stored text). */
  async holdsPairs(id, keys) {
    const { title, section, text, lang } = await this.stored(id);
    const found = new Set();
    for (const field of [title, section, text]) pairKeys(field, this.manifest.analysis.maxPairSkip, found, lang);
    return keys.every((k) => found.has(k));
  }

  /** Entry `id`'s stored row, as an object. */
  async stored(id) {
    const { firsts } = this.manifest.stored;
    const k = upperBound(firsts, id) - 1;
    return storedRow(await this.packed(`stored/${k}.bin`, id - firsts[k], `stored#${id}`));
  }

  /**
   * One facet's data: {values, lists}, lists[v] = the ascending ids of the entries with
   * value v. Facets live in a few files (manifest.facets names each one's); loaded once.
   */
  async facet(name) {
    const path = this.manifest.facets[name];
    const decoded = this.facetFiles || (this.facetFiles = new Map());
    if (!decoded.has(path)) {
      decoded.set(path, Promise.all([this.file(path), this.pages()])
        .then(([f, pages]) => decodeFacets(f, this.manifest.entries, pages.starts)));
    }
    return (await decoded.get(path))[name];
  }

  /**
   * The pages of the index (facets/pages.json): pageOf[id], starts[page] (its first
   * entry; starts[pages] = entries) and about[page] (1 for theme and commentary pages).
   * An index without it (older writers) has one page per entry.
   */
  async pages() {
    if (!this.pageData) {
      const n = this.manifest.entries;
      this.pageData = (this.manifest.pages ? this.file(this.manifest.pages) : Promise.resolve(null)).then((f) => {
        const sizes = f ? readVarints(f.sizes) : new Int32Array(n).fill(1);
        const starts = new Int32Array(sizes.length + 1);
        const pageOf = new Int32Array(n);
        for (let p = 0; p < sizes.length; p++) {
          starts[p + 1] = starts[p] + sizes[p];
          if (starts[p + 1] > n) throw new Error('search index: facets/pages.json covers more entries than the index has');
          pageOf.fill(p, starts[p], starts[p + 1]);
        }
        const about = new Uint8Array(sizes.length);
        let page = -1;
        for (const gap of f ? readVarints(f.about) : []) { page += gap + 1; about[page] = 1; }
        return { pageOf, starts, about };
      });
    }
    return this.pageData;
  }

  /**
   * Run a query. options: {filters: {theme, kind, organisation, year: [values]},
   * offset, limit, facets: true (all) or the names of the facets to count, subresults:
   * at most this many other sections per page (default 3; each costs a download),
   * subresultRows: read the subresults of only this many leading results (default all);
   * the others get `pendingSubresults`, which readSubresults(response) reads later, so
   * the first screen of results does not wait for (or pay for) the rest}. Returns
   * {total (pages), results (one per page, best first), facets ({name: [{value, count,
   * label}]} for the facets asked for or filtered by, or null; counts are pages),
   * clauses, corrected (the query searched, when a typo was corrected, else null),
   * missing (query words that matched nothing), suggestions (indexed words nearest to
   * the missing ones, when nothing was found)}. Only those facets' files are downloaded.
   *
   * A page matches when its entries match more than half of the query's words (its
   * quoted phrases in one entry), or as many as any page does: a question finds the
   * passages that have most of its words (matchScores). A page ranks by its best entry;
   * its next best are the result's `subresults`, and `missing` on a result lists the
   * query's words the page lacks.
   */
  async search(query, options = {}) {
    const { filters = {}, offset = 0, limit = 10, subresults = MAX_SUBRESULTS, subresultRows = Infinity } = options;
    const m = await this.init();
    const langs = options.language ? [options.language] : this.languages;
    const clauses = parseQuery(query, langs).slice(0, MAX_CLAUSES);
    const active = FACETS.filter((f) => filters[f] && filters[f].length);
    // Facets filtered by are counted too: their data is needed anyway.
    const asked = options.facets === true ? FACETS : options.facets || [];
    const counted = FACETS.filter((f) => asked.includes(f) || active.includes(f));
    const empty = { total: 0, results: [], facets: null, clauses, corrected: null, missing: [], suggestions: [] };
    if (clauses.length === 0) return empty;
    // Pages and facets download while compounds are looked up.
    const loading = Promise.all([Promise.all(counted.map((f) => this.facet(f))), this.pages()]);
    await this.joinCompounds(query, clauses);
    const [all, [data, pages]] = await Promise.all([
      Promise.all(clauses.map((c) => this.clauseScores(c))),
      loading,
    ]);
    await Promise.all(all.filter((p) => p.verify).map((p) => this.verifyPhrase(p)));
    const fd = Object.fromEntries(counted.map((f, i) => [f, data[i]]));
    const missing = clauses.filter((c, k) => !all[k].ignored && !all[k].matched).map((c) => query.slice(c.start, c.end));
    const corrected = correctedQuery(query, clauses);
    const parts = all.filter((p) => !p.ignored && p.matched);
    const noMatch = async () => ({
      ...empty,
      facets: counted.length ? this.facetCounts(fd, counted, null) : null,
      corrected,
      missing,
      suggestions: await this.suggestions(clauses.filter((c, k) => !all[k].ignored && !all[k].matched)),
    });
    if (parts.length === 0 || all.some((p) => p.required && !p.matched)) return noMatch();

    const n = m.entries;
    const matched = matchScores(parts, n, pages);
    if (!matched) return noMatch();
    const { score, pageMask } = matched;

    const { state, best } = filterEntries(score, pages, active, filters, fd);
    const k = offset + limit;
    const heap = new TopK(k);
    let matches = 0;
    for (let p = 0; p < best.length; p++) if (best[p] >= 0) { matches++; heap.push(best[p], score[best[p]]); }
    const counts = counted.length ? pageCounts(state, pages, counted, active, fd) : null;
    const terms = new Set(parts.flatMap((p) => p.terms));
    const words = clauses.filter((c, j) => !all[j].ignored && all[j].matched).map((c) => query.slice(c.start, c.end));
    const results = await Promise.all(heap.sorted().slice(offset, k).map(async ([id, s], i) => {
      const p = pages.pageOf[id];
      const r = await this.result(id, s, terms);
      r.about = pages.about[p] === 1;
      r.missing = words.filter((_, j) => !(pageMask[p] & (1 << j)));
      const subs = subresultIds(id, score, state, pages, subresults).map((e) => [e, score[e]]);
      if (i < subresultRows) r.subresults = await this.subresultRows(subs, terms);
      else if (subs.length) { r.subresults = []; r.pendingSubresults = subs; } else r.subresults = [];
      return r;
    }));
    return {
      total: matches,
      results,
      terms,
      facets: counts ? this.facetCounts(fd, counted, counts) : null,
      clauses,
      corrected,
      missing,
      suggestions: [],
    };
  }

  /** Subresults [entry, score] as {url, section, breadcrumb, excerpt, score}: one stored
   *  row each. */
  subresultRows(subs, terms) {
    return Promise.all(subs.map(async ([e, score]) => {
      const x = await this.result(e, score, terms);
      return { url: x.url, section: x.section, breadcrumb: x.breadcrumb, excerpt: x.excerpt, score };
    }));
  }

  /**
   * Reads the subresults a search left pending (its `subresultRows` option) and puts them
   * on their results. Resolves to the results that changed.
   */
  async readSubresults(response) {
    const waiting = response.results.filter((r) => r.pendingSubresults);
    await Promise.all(waiting.map(async (r) => {
      const subs = r.pendingSubresults;
      r.subresults = await this.subresultRows(subs, response.terms);
      delete r.pendingSubresults;
    }));
    return waiting;
  }

  /** Up to MAX_SUGGESTIONS indexed words nearest to the missing words (two edits at
   *  most; nearest first, then most frequent). */
  async suggestions(clauses) {
    const found = new Map();
    for (const c of clauses.filter((x) => x.type === 'word' && x.surface.length >= 3 && !DIGIT.test(x.surface))) {
      for (const [surface, , df] of await this.wordsWithPrefix(c.surface.slice(0, 1))) {
        const d = editDistance(surface, c.surface, 2);
        if (d <= 2 && surface !== c.surface && !(found.get(surface)?.d <= d)) found.set(surface, { d, df });
      }
    }
    return [...found].sort((a, b) => a[1].d - b[1].d || b[1].df - a[1].df || (a[0] < b[0] ? -1 : 1))
      .slice(0, MAX_SUGGESTIONS).map(([w]) => w);
  }

  /** {facet: [{value, count, label}]} for the counted facets (all zero without counts). */
  facetCounts(fd, counted, counts) {
    const out = {};
    for (const f of counted) {
      const labels = fd[f].labels;
      out[f] = fd[f].values.map((value, i) => ({
        value: String(value),
        count: counts ? counts[f][i] : 0,
        label: facetLabel(f, value, labels && labels[i]),
      }));
    }
    return out;
  }

  async result(id, score, terms) {
    const { url, title, section, breadcrumb, text, kind, date, lang } = await this.stored(id);
    const page = url.replace(/#.*/, '');
    return {
      id,
      score,
      url,
      title,
      section,
      breadcrumb,
      kind,
      date,
      doc: { url: page, title },
      titleSegments: highlight(title, terms, lang),
      excerpt: excerpt(text, terms, 30, lang),
    };
  }
}

/**
 * Each entry's score (0 for the entries that do not match) and each page's mask of the
 * parts matched by any of its entries, or null if nothing matches. An entry matches if
 * it holds every required part (quoted phrases) and some part, on a page whose entries
 * together match more than half of the parts, or, if no page does, as many as the best
 * page does: the words of a question may be spread over a long document's passages. An
 * entry's score is its BM25 sum times the squared share (by idf) of the parts its page
 * matches, times ABOUT_WEIGHT on theme and commentary pages; so a passage that holds
 * every word still beats one that holds a few on a page that has the rest.
 */
function matchScores(parts, n, pages) {
  const { pageOf, about } = pages;
  const sum = new Float64Array(n);
  const mask = new Uint32Array(n);
  let required = 0;
  parts.forEach((p, k) => {
    const bit = 1 << k;
    if (p.required) required |= bit;
    const s = p.scores;
    for (let id = 0; id < n; id++) {
      if (s[id] > 0) { sum[id] += s[id]; mask[id] |= bit; }
    }
  });
  // Per page (hot loops at 40,000 entries: each page's figures are computed once).
  const pageMask = new Uint32Array(about.length);
  for (let id = 0; id < n; id++) pageMask[pageOf[id]] |= mask[id];
  const weights = parts.map((p) => p.idf || 1);
  const total = weights.reduce((x, y) => x + y, 0);
  const count = new Uint8Array(about.length);
  const factor = new Float64Array(about.length);
  for (let p = 0; p < about.length; p++) {
    let share = 0;
    weights.forEach((w, k) => { if (pageMask[p] & (1 << k)) share += w; });
    share /= total;
    count[p] = popcount(pageMask[p]);
    factor[p] = share * share * (about[p] ? ABOUT_WEIGHT : 1);
  }
  let most = 0;
  for (let id = 0; id < n; id++) {
    const m = mask[id];
    if (m !== 0 && (m & required) === required && count[pageOf[id]] > most) most = count[pageOf[id]];
  }
  if (most === 0) return null;
  const need = Math.min(most, parts.length <= 1 ? 1 : Math.ceil((parts.length + 1) / 2));
  const score = new Float64Array(n);
  for (let id = 0; id < n; id++) {
    const m = mask[id];
    const p = pageOf[id];
    if (m !== 0 && (m & required) === required && count[p] >= need) score[id] = sum[id] * factor[p];
  }
  return { score, pageMask };
}

function popcount(m) {
  let c = 0;
  for (; m; m &= m - 1) c++;
  return c;
}

// Entry states after filtering: NONE (no match), ALL (matches and passes every filter),
// the index of the one active filter it fails, or MANY.
const NONE = -1;
const ALL = -2;
const MANY = -3;

/**
 * Filters: OR within a facet, AND across facets. Returns each entry's state and each
 * page's best entry that passes every filter (-1 for none). Facet counts ignore the
 * facet's own filter, so other values stay selectable: a value counts the pages with
 * an entry in state ALL, plus, for an active facet, those failing only its filter.
 */
function filterEntries(score, pages, active, filters, fd) {
  const n = score.length;
  const state = new Int8Array(n).fill(NONE);
  const fails = new Uint8Array(n);
  const failed = new Int8Array(n);
  for (let id = 0; id < n; id++) if (score[id] > 0) { state[id] = ALL; fails[id] = active.length; }
  active.forEach((f, a) => {
    const { values, lists } = fd[f];
    const wanted = new Set(filters[f].map(String));
    const pass = new Uint8Array(n);
    values.forEach((v, i) => { if (wanted.has(String(v))) for (const id of lists[i]) pass[id] = 1; });
    for (let id = 0; id < n; id++) {
      if (state[id] === NONE) continue;
      if (pass[id]) fails[id]--; else failed[id] = a;
    }
  });
  const { pageOf, starts } = pages;
  const best = new Int32Array(starts.length - 1).fill(-1);
  for (let id = 0; id < n; id++) {
    if (state[id] === NONE) continue;
    // fails counts down from the number of active filters by one per filter passed.
    const f = fails[id];
    if (f === 0) {
      const p = pageOf[id];
      if (best[p] < 0 || score[id] > score[best[p]]) best[p] = id;
    } else state[id] = f === 1 ? failed[id] : MANY;
  }
  return { state, best };
}

/**
 * Per counted facet, per value, the number of pages with an entry that counts for it
 * (passes every filter, or all but this facet's own). Kind, organisation and year are a
 * page's: counted over each value's pages (a third as many as its entries); themes are
 * a section's: counted over entries.
 */
function pageCounts(state, pages, counted, active, fd) {
  const { pageOf } = pages;
  const counts = {};
  const passing = new Map();
  // Pages with an entry whose state is ALL or, for a >= 0, fails only filter a.
  const pagesPassing = (a) => {
    if (!passing.has(a)) {
      const ok = new Uint8Array(pages.about.length);
      for (let e = 0; e < state.length; e++) {
        const s = state[e];
        if (s === ALL || (a >= 0 && s === a)) ok[pageOf[e]] = 1;
      }
      passing.set(a, ok);
    }
    return passing.get(a);
  };
  for (const f of counted) {
    const a = active.indexOf(f);
    if (fd[f].perPage) {
      const ok = pagesPassing(a);
      fd[f].pageLists ||= fd[f].lists.map((list) => pagesOfEntries(list, pageOf));
      counts[f] = Int32Array.from(fd[f].pageLists, (list) => {
        let c = 0;
        for (let j = 0; j < list.length; j++) c += ok[list[j]];
        return c;
      });
      continue;
    }
    counts[f] = Int32Array.from(fd[f].lists, (list) => {
      // Ids ascend, so a page's entries are consecutive in the list.
      let c = 0;
      let last = -1;
      for (let j = 0; j < list.length; j++) {
        const s = state[list[j]];
        if ((s === ALL || (s === a && a >= 0)) && pageOf[list[j]] !== last) { c++; last = pageOf[list[j]]; }
      }
      return c;
    });
  }
  return counts;
}

/** The distinct pages of ascending entry ids (a page's entries are consecutive). */
function pagesOfEntries(list, pageOf) {
  const out = [];
  for (let j = 0; j < list.length; j++) if (j === 0 || pageOf[list[j]] !== pageOf[list[j - 1]]) out.push(pageOf[list[j]]);
  return Int32Array.from(out);
}

/** Up to `max` other entries of entry `id`'s page that pass the filters and score at
 *  least SUBRESULT_SHARE of it (each costs its stored row), best first. */
function subresultIds(id, score, state, pages, max) {
  const p = pages.pageOf[id];
  const others = [];
  for (let e = pages.starts[p]; e < pages.starts[p + 1]; e++) {
    if (e !== id && state[e] === ALL && score[e] >= SUBRESULT_SHARE * score[id]) others.push(e);
  }
  return others.sort((x, y) => score[y] - score[x] || x - y).slice(0, max);
}

/** The query with each corrected word replaced by the word searched, or null. */
function correctedQuery(query, clauses) {
  const fixed = clauses.filter((c) => c.correction).sort((a, b) => b.start - a.start);
  if (fixed.length === 0) return null;
  let q = query;
  for (const c of fixed) q = q.slice(0, c.start) + c.correction + q.slice(c.end);
  return q;
}

/** A facet value as a reader sees it: the index's label (kinds: "summary-report" is
 *  "Summary report"), else the value. */
export function facetLabel(facet, value, label) {
  if (label) return String(label);
  if (facet === 'kind') {
    const s = String(value).replace(/[-_]/g, ' ');
    return s.charAt(0).toUpperCase() + s.slice(1);
  }
  return String(value);
}

/** Optimal-string-alignment distance of a and b, or max + 1 once it exceeds max. */
export function editDistance(a, b, max) {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2 = null;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let low = i;
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur.push(d);
      low = Math.min(low, d);
    }
    if (low > max) return max + 1;
    [prev2, prev] = [prev, cur];
  }
  return prev[b.length];
}

/** Keeps the k best (score desc, then id asc) of a stream. */
class TopK {
  constructor(k) { this.k = k; this.ids = []; this.scores = []; }
  // a ranks before b?
  static better(sa, ia, sb, ib) { return sa > sb || (sa === sb && ia < ib); }
  push(id, score) {
    const { ids, scores } = this;
    if (ids.length < this.k) {
      ids.push(id); scores.push(score);
      this.up(ids.length - 1);
    } else if (this.k > 0 && TopK.better(score, id, scores[0], ids[0])) {
      ids[0] = id; scores[0] = score;
      this.down(0);
    }
  }
  // Min-heap on rank: the root is the worst kept.
  worse(i, j) { return TopK.better(this.scores[j], this.ids[j], this.scores[i], this.ids[i]); }
  swap(i, j) {
    [this.ids[i], this.ids[j]] = [this.ids[j], this.ids[i]];
    [this.scores[i], this.scores[j]] = [this.scores[j], this.scores[i]];
  }
  up(i) {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.worse(i, p)) break;
      this.swap(i, p); i = p;
    }
  }
  down(i) {
    const n = this.ids.length;
    for (;;) {
      let w = i;
      for (const c of [2 * i + 1, 2 * i + 2]) if (c < n && this.worse(c, w)) w = c;
      if (w === i) break;
      this.swap(i, w); i = w;
    }
  }
  sorted() {
    const pairs = this.ids.map((id, i) => [id, this.scores[i]]);
    return pairs.sort((a, b) => (TopK.better(a[1], a[0], b[1], b[0]) ? -1 : 1));
  }
}

// ---------------------------------------------------------------- excerpts

// Texts of the rows read (and titles), analysed once: a repeat query, or the next
// keystroke, marks the same rows' words again without folding, tokenizing and stemming
// them again (most of a warm query's time). Bounded: emptied when full.
const MAX_ANALYSED_TEXTS = 2000;
const analysedTexts = new Map();

/** Word tokens of `text`: position, offsets into the original text and term (null for
 *  a stop word). A compound covers its parts: parts inside a compound are left out. */
function analysedTokens(text, lang) {
  let byText = analysedTexts.get(lang);
  if (!byText) analysedTexts.set(lang, (byText = new Map()));
  let toks = byText.get(text);
  if (!toks) {
    const { folded, offsets } = foldWithOffsets(text);
    toks = [];
    for (const t of tokenize(folded)) {
      if (t.kind === 'part') continue;
      const term = t.kind === 'word' && isStopWord(t.text, lang) ? null : stem(t.text, lang);
      toks.push({ pos: t.pos, start: offsets[t.start], end: offsets[t.end], term });
    }
    if (byText.size >= MAX_ANALYSED_TEXTS) byText.clear();
    byText.set(text, toks);
  }
  return toks;
}

/** Which of the tokens match `terms` (1) or not (0): a flag per token rather than a new
 *  object per token (a warm query marks some 10,000 tokens). */
function matchFlags(toks, terms) {
  const hit = new Uint8Array(toks.length);
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i].term;
    if (t !== null && terms.has(t)) hit[i] = 1;
  }
  return hit;
}

function segments(text, from, to, toks, hit) {
  const segs = [];
  let at = from;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (!hit[i] || t.start < at || t.end > to) continue;
    if (t.start > at) segs.push({ text: text.slice(at, t.start), hit: false });
    segs.push({ text: text.slice(t.start, t.end), hit: true });
    at = t.end;
  }
  if (at < to) segs.push({ text: text.slice(at, to), hit: false });
  return segs.map((s) => ({ text: s.text.replace(/\s+/g, ' '), hit: s.hit })).filter((s) => s.text);
}

/** The whole (short) text with matched words marked. */
export function highlight(text, terms, lang = 'en') {
  const toks = analysedTokens(text, lang);
  return segments(text, 0, text.length, toks, matchFlags(toks, terms));
}

/**
 * About `words` words of `text` around the densest cluster of matched terms, as
 * segments [{text, hit}] (plain text: escape before putting into HTML).
 */
export function excerpt(text, terms, words = 30, lang = 'en') {
  const toks = analysedTokens(text, lang);
  if (toks.length === 0) return [];
  const hit = matchFlags(toks, terms);
  // Window of `words` positions with the most distinct matched terms, then most hits.
  let best = 0;
  let bestKey = -1;
  const hits = toks.filter((_, i) => hit[i]);
  for (let i = 0; i < hits.length; i++) {
    const startPos = Math.max(0, hits[i].pos - 3);
    const distinct = new Set();
    let n = 0;
    for (let j = i; j < hits.length && hits[j].pos < startPos + words; j++) { distinct.add(hits[j].term); n++; }
    const key = distinct.size * 1000 + n;
    if (key > bestKey) { bestKey = key; best = startPos; }
  }
  let first = toks[0];
  let last = toks[toks.length - 1];
  const inWindow = toks.filter((t) => t.pos >= best && t.pos < best + words);
  if (inWindow.length) [first, last] = [inWindow[0], inWindow[inWindow.length - 1]];
  const segs = segments(text, first.start, last.end, toks, hit);
  if (first.start > 0 && segs.length) segs[0] = { ...segs[0], text: `… ${segs[0].text}` };
  if (last !== toks[toks.length - 1] && segs.length) {
    const l = segs.length - 1;
    segs[l] = { ...segs[l], text: `${segs[l].text} …` };
  }
  return segs;
}

// ---------------------------------------------------------------- loaders

/**
 * A loader for browsers: paths relative to the index folder's URL; `range` reads bytes
 * [start, end) with an HTTP Range request, or slices the whole file a server that
 * ignores Range sends (kept for the next ranges).
 */
export function fetchLoader(baseUrl) {
  const load = async (path) => {
    const res = await fetch(new URL(path, baseUrl));
    if (!res.ok) throw new Error(`search index: ${path}: HTTP ${res.status}`);
    return res.json();
  };
  const whole = new Map();
  load.range = async (path, start, end) => {
    if (whole.has(path)) return (await whole.get(path)).subarray(start, end);
    const res = await fetch(new URL(path, baseUrl), { headers: { Range: `bytes=${start}-${end - 1}` } });
    if (res.status === 206) return new Uint8Array(await res.arrayBuffer());
    if (!res.ok) throw new Error(`search index: ${path}: HTTP ${res.status}`);
    const all = res.arrayBuffer().then((b) => new Uint8Array(b));
    whole.set(path, all);
    return (await all).subarray(start, end);
  };
  return load;
}
