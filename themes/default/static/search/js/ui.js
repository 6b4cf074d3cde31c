// dossier search UI: the header search box (a combobox with results as you type) and the
// search page (results, facets, query in the URL). No dependencies, no third-party
// requests; every URL is relative to the site root, which comes from the element's
// data-site-root attribute (or, failing that, from this script's own URL:
// <root>/search/js/ui.js), so the site works under any sub-path.

import { SearchEngine, escapeHTML, fetchLoader } from './engine.js';
import {
  facetValueLabel, groupResults, optionCount, renderChipsHTML, renderEmptyHTML, renderFacetHTML,
  renderGroupHTML, renderOptionsHTML, renderSubresultsHTML,
} from './render.js';

const FACETS = ['theme', 'kind', 'organisation', 'year'];
const BOX_RESULTS = 8;
// The dropdown shows where on the page its first results also match (two sections each,
// as breadcrumbs): each section is a stored row to download, so only for the first few.
const BOX_SUBRESULTS = 2;
const BOX_SUBRESULT_ROWS = 3;
const PAGE_RESULTS = 10;
const DELAY_MS = 40;
// Filters sit beside the results from this width; below it they fold into a disclosure.
const WIDE = '(min-width: 56rem)';

const engines = new Map();

function siteRoot(el) {
  const attr = el.getAttribute('data-site-root');
  if (attr !== null) return new URL(attr || './', document.baseURI).href;
  return new URL('../../', import.meta.url).href;
}

function engineFor(root) {
  if (!engines.has(root)) engines.set(root, new SearchEngine(fetchLoader(new URL('search/', root))));
  return engines.get(root);
}

function debounce(fn, ms) {
  let t;
  return (...args) => { clearTimeout(t); t = setTimeout(() => fn(...args), ms); };
}

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

/** Header box: role=combobox input controlling a listbox of results. */
class SearchBox {
  constructor(form, n) {
    this.form = form;
    this.root = siteRoot(form);
    this.input = form.querySelector('input[name="q"]');
    this.list = form.querySelector('[role="listbox"]');
    this.status = form.querySelector('[data-search-status]');
    this.prefix = `search-box-${n}`;
    this.list.id ||= `${this.prefix}-list`;
    this.input.setAttribute('aria-controls', this.list.id);
    this.active = -1;
    this.seq = 0;
    const run = debounce(() => this.run(), DELAY_MS);
    this.input.addEventListener('input', run);
    this.input.addEventListener('focus', () => { if (this.input.value.trim()) run(); });
    this.input.addEventListener('keydown', (e) => this.key(e));
    document.addEventListener('click', (e) => { if (!form.contains(e.target)) this.close(); });
    // Options hold no links (a listbox option is one thing to a screen reader): a click
    // on one follows its data-href.
    this.list.addEventListener('mousedown', (e) => e.preventDefault()); // keep the input focused
    this.list.addEventListener('click', (e) => {
      const opt = e.target instanceof Element && e.target.closest('[role="option"]');
      if (opt) this.follow(opt, e.ctrlKey || e.metaKey);
    });
  }

  options() { return [...this.list.querySelectorAll('[role="option"]')]; }

  async run() {
    const q = this.input.value;
    const seq = ++this.seq;
    if (!q.trim()) { this.close(); return; }
    let r;
    try {
      r = await engineFor(this.root).search(q, { limit: BOX_RESULTS, subresults: BOX_SUBRESULTS, subresultRows: BOX_SUBRESULT_ROWS });
    } catch (err) {
      if (seq === this.seq) this.say(`Search is unavailable: ${err.message}`);
      return;
    }
    if (seq !== this.seq) return; // a newer query is on its way
    const all = `${this.root}search/?q=${encodeURIComponent(q)}`;
    let html = '';
    let n = 0;
    for (const g of groupResults(r.results)) {
      html += renderOptionsHTML(g, this.root, this.prefix, n);
      n += optionCount(g);
    }
    this.list.innerHTML = html +
      `<li role="option" id="${this.prefix}-opt-all" aria-selected="false" class="search-all" data-href="${escapeHTML(all)}">` +
      `${r.total ? `All ${plural(r.total, 'result', 'results')}` : `No results for “${escapeHTML(q.trim())}”`} on the search page</li>`;
    this.active = -1;
    this.input.removeAttribute('aria-activedescendant');
    this.list.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
    this.say(r.total ? plural(r.total, 'result', 'results') : 'No results');
  }

  /** Go to an option's page (a new tab with Ctrl or Cmd, as a link would). */
  follow(opt, newTab = false) {
    const href = opt && opt.dataset.href;
    if (!href) return;
    if (newTab) window.open(href, '_blank', 'noopener');
    else window.location.href = href;
  }

  say(text) { if (this.status) this.status.textContent = text; }

  close() {
    this.list.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
    this.active = -1;
  }

  move(delta) {
    const opts = this.options();
    if (!opts.length) return;
    if (this.list.hidden) { this.list.hidden = false; this.input.setAttribute('aria-expanded', 'true'); }
    // -1 is the input itself: moving past either end returns there.
    let next = this.active + delta;
    if (next < -1) next = opts.length - 1;
    if (next >= opts.length) next = -1;
    this.active = next;
    opts.forEach((o, i) => o.setAttribute('aria-selected', String(i === this.active)));
    if (this.active >= 0) {
      this.input.setAttribute('aria-activedescendant', opts[this.active].id);
      opts[this.active].scrollIntoView({ block: 'nearest' });
    } else {
      this.input.removeAttribute('aria-activedescendant');
    }
  }

  key(e) {
    if (e.key === 'ArrowDown') { e.preventDefault(); this.move(1); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); this.move(-1); }
    else if (e.key === 'Enter' && this.active >= 0 && !this.list.hidden) {
      e.preventDefault();
      this.follow(this.options()[this.active], e.ctrlKey || e.metaKey);
    } else if (e.key === 'Escape') {
      if (!this.list.hidden) { e.preventDefault(); this.close(); }
      else { this.input.value = ''; this.input.blur(); }
    }
  }
}

/** Reads {q, filters} from a URL's query string. */
export function readParams(search) {
  const p = new URLSearchParams(search);
  const filters = {};
  for (const f of FACETS) filters[f] = p.getAll(f);
  return { q: p.get('q') || '', filters };
}

/** The query string for {q, filters}: search/?q=...&theme=... */
export function writeParams({ q, filters }) {
  const p = new URLSearchParams();
  if (q) p.set('q', q);
  for (const f of FACETS) for (const v of filters[f] || []) p.append(f, v);
  const s = p.toString();
  return s ? `?${s}` : '?';
}

/** The search page: query and filters live in the URL, so results can be shared. */
class SearchPage {
  constructor(el) {
    this.el = el;
    this.root = siteRoot(el);
    this.input = el.querySelector('input[name="q"]');
    this.results = el.querySelector('[data-search-results]');
    this.facets = el.querySelector('[data-search-facets]');
    this.filters = el.querySelector('[data-search-filters]');
    this.chips = el.querySelector('[data-search-chips]');
    this.note = el.querySelector('[data-search-note]');
    this.empty = el.querySelector('[data-search-empty]');
    this.status = el.querySelector('[data-search-status]');
    this.more = el.querySelector('[data-search-more]');
    this.seq = 0;
    this.hits = [];
    this.labels = {};
    this.state = readParams(window.location.search);
    this.input.value = this.state.q;
    this.foldFilters();
    const typed = debounce(() => this.update({ ...this.state, q: this.input.value }, false), DELAY_MS);
    this.input.addEventListener('input', typed);
    el.querySelector('form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.update({ ...this.state, q: this.input.value }, true);
    });
    this.facets.addEventListener('change', (e) => {
      const box = e.target;
      if (!(box instanceof HTMLInputElement)) return;
      const vals = new Set(this.state.filters[box.name] || []);
      if (box.checked) vals.add(box.value); else vals.delete(box.value);
      this.setFilter(box.name, [...vals]);
    });
    // A chip removes its filter; "Clear all" (in the chips or the no-results note) all.
    el.addEventListener('click', (e) => {
      const b = e.target instanceof Element && e.target.closest('button');
      if (!b) return;
      if (b.matches('[data-clear]')) {
        this.update({ ...this.state, filters: readParams('').filters }, true);
        this.input.focus();
      } else if (b.matches('.search-chip')) {
        this.setFilter(b.dataset.facet, (this.state.filters[b.dataset.facet] || []).filter((v) => v !== b.dataset.value));
        this.input.focus();
      }
    });
    this.more.addEventListener('click', () => this.run(this.hits.length));
    // Opening the theme facet loads its counts ('toggle' does not bubble: capture it).
    this.facets.addEventListener('toggle', (e) => {
      const d = e.target;
      if (!(d instanceof HTMLDetailsElement) || d.dataset.facet !== 'theme') return;
      if (d.open && !this.themeOpen) { this.themeOpen = true; this.run(0); }
      else if (!d.open) this.themeOpen = false;
    }, true);
    window.addEventListener('popstate', () => {
      this.state = readParams(window.location.search);
      this.input.value = this.state.q;
      this.run(0);
    });
    this.run(0);
  }

  /** Filters beside the results on a wide screen (always open), folded on a phone. */
  foldFilters() {
    if (!this.filters || !window.matchMedia) return;
    const wide = window.matchMedia(WIDE);
    const apply = () => { this.filters.open = wide.matches; };
    apply();
    wide.addEventListener('change', apply);
  }

  setFilter(name, values) {
    this.update({ ...this.state, filters: { ...this.state.filters, [name]: values } }, true);
  }

  /** New state: pushed to history on a deliberate change, replaced while typing. */
  update(state, push) {
    const changed = writeParams(state) !== window.location.search;
    this.state = state;
    if (changed) {
      const url = writeParams(state);
      if (push || !this.typing) history.pushState(null, '', url);
      else history.replaceState(null, '', url);
    }
    this.typing = !push;
    this.run(0);
  }

  searchURL(q) { return `${this.root}search/${writeParams({ q, filters: this.state.filters })}`; }

  async run(offset) {
    const seq = ++this.seq;
    const { q, filters } = this.state;
    document.title = q ? `${q} – Search` : 'Search';
    this.chips.innerHTML = renderChipsHTML(filters, this.labels);
    this.countFilters();
    if (!q.trim()) {
      this.show({ items: '', status: 'Type to search every document, theme and commentary.' });
      this.facets.innerHTML = '';
      this.hits = [];
      return;
    }
    let r;
    // Results first; facet counts (a further download) follow, unless filters are on,
    // which need their facets' data anyway. Theme counts are the biggest facet file, so
    // they are counted only once the theme facet is opened (or filtered by).
    const shown = this.shownFacets();
    const filtered = FACETS.some((f) => filters[f].length);
    const withFacets = filtered || this.facetsLoaded;
    // The cards first; their further sections' excerpts (a stored row each, a third of
    // a first query's bytes) arrive next, into space reserved for them.
    const engine = engineFor(this.root);
    try {
      r = await engine.search(q, { filters, offset, limit: PAGE_RESULTS, facets: withFacets ? shown : [], subresultRows: 0 });
    } catch (err) {
      if (seq === this.seq) this.status.textContent = `Search is unavailable: ${err.message}`;
      return;
    }
    if (seq !== this.seq) return;
    const before = offset ? groupResults(this.hits).length : 0;
    this.hits = offset ? [...this.hits, ...r.results] : r.results;
    const items = groupResults(this.hits).map((g) => renderGroupHTML(g, this.root)).join('');
    this.show({
      items,
      status: r.total ? `Showing ${this.hits.length} of ${plural(r.total, 'result', 'results')}` : 'No results',
      note: this.noteHTML(r),
      empty: r.total ? '' : renderEmptyHTML({
        q: q.trim(), suggestions: r.suggestions || [], missing: [], filtered,
        searchURL: (w) => this.searchURL(w),
      }),
      more: this.hits.length < r.total,
    });
    this.fillSubresults(engine, r);
    // Nothing to narrow: no filters beside an empty page (unless some are on, to untick).
    this.el.toggleAttribute('data-nothing', !r.total && !filtered);
    // "More results": focus the first new card, so a keyboard user reads on from there.
    // (When every new section joined a card already shown, the focus stays on the button.)
    if (offset) {
      const next = this.results.querySelectorAll(':scope > li > a.search-result')[before];
      if (next) next.focus(); else if (!this.more.hidden) this.more.focus();
    }
    if (withFacets) this.showFacets(r.facets);
    else {
      engineFor(this.root).search(q, { filters, limit: 0, facets: shown }).then((f) => {
        if (seq !== this.seq || !f.facets) return;
        this.facetsLoaded = true;
        this.showFacets(f.facets);
      }).catch(() => {});
    }
  }

  /** Reads the subresults `r` left pending, then fills every card whose sections are
   *  now read (a newer query's cards are other objects, left alone). */
  async fillSubresults(engine, r) {
    if (!r.results.some((x) => x.pendingSubresults)) return;
    try { await engine.readSubresults(r); } catch { return; }
    const items = this.results.querySelectorAll(':scope > li.search-hit');
    groupResults(this.hits).forEach((g, i) => {
      const slot = items[i] && items[i].querySelector(':scope > .search-subresults-pending');
      if (slot && !g.pending && r.results.includes(g.top)) slot.outerHTML = renderSubresultsHTML(g, this.root);
    });
  }

  /** A typo corrected, or words that matched nothing while the rest did. */
  noteHTML(r) {
    if (r.corrected) {
      return `Showing results for <strong>${escapeHTML(r.corrected)}</strong>` +
        `, as nothing matches “${escapeHTML(this.state.q.trim())}”.`;
    }
    if (r.missing && r.missing.length && r.total) {
      return `Not found: ${r.missing.map((w) => `<s>${escapeHTML(w)}</s>`).join(', ')}. Showing pages with the other words.`;
    }
    return '';
  }

  show({ items, status, note = '', empty = '', more = false }) {
    this.results.innerHTML = items;
    this.status.textContent = status;
    this.note.innerHTML = note;
    this.note.hidden = !note;
    this.empty.innerHTML = empty;
    this.empty.hidden = !empty;
    this.more.hidden = !more;
  }

  /** The facets whose counts are shown: all but theme until the theme facet is opened. */
  shownFacets() {
    if (this.state.filters.theme.length) this.themeOpen = true;
    return FACETS.filter((f) => f !== 'theme' || this.themeOpen);
  }

  showFacets(facets) {
    // Remember readable names, so the chips can use them.
    for (const [name, values] of Object.entries(facets || {})) {
      this.labels[name] = Object.fromEntries((values || []).map((v) => [v.value, facetValueLabel(name, v)]));
    }
    this.facets.innerHTML = renderFacetHTML(facets || {}, this.state.filters, { theme: this.themeOpen });
    this.chips.innerHTML = renderChipsHTML(this.state.filters, this.labels);
  }

  /** The phone's "Filter" button says how many filters are on. */
  countFilters() {
    const summary = this.filters && this.filters.querySelector('summary');
    if (!summary) return;
    const n = FACETS.reduce((k, f) => k + (this.state.filters[f] || []).length, 0);
    summary.textContent = n ? `Filter (${n} on)` : 'Filter';
  }
}

function isTyping(el) {
  return el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
}

function init() {
  document.querySelectorAll('form[data-search-box]').forEach((f, i) => new SearchBox(f, i));
  const page = document.querySelector('[data-search-page]');
  if (page) new SearchPage(page);
  document.addEventListener('keydown', (e) => {
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
    const input = document.querySelector('[data-search-page] input[name="q"]') ||
      document.querySelector('form[data-search-box] input[name="q"]');
    if (input) { e.preventDefault(); input.focus(); input.select(); }
  });
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
}
