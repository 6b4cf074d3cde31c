// dossier search UI: the header search box (a combobox with results as you type) and the
// search page (results, facets, query in the URL). No dependencies, no third-party
// requests; every URL is relative to the site root, which comes from the element's
// data-site-root attribute (or, failing that, from this script's own URL:
// <root>/search/js/ui.js), so the site works under any sub-path.

import { SearchEngine, escapeHTML, fetchLoader } from './engine.js';
import { renderResultHTML, renderFacetHTML } from './render.js';

const FACETS = ['theme', 'kind', 'organisation', 'year'];
const BOX_RESULTS = 8;
const PAGE_RESULTS = 10;
const DELAY_MS = 40;

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
  }

  options() { return [...this.list.querySelectorAll('[role="option"]')]; }

  async run() {
    const q = this.input.value;
    const seq = ++this.seq;
    if (!q.trim()) { this.close(); return; }
    let r;
    try {
      r = await engineFor(this.root).search(q, { limit: BOX_RESULTS });
    } catch (err) {
      if (seq === this.seq) this.say(`Search is unavailable: ${err.message}`);
      return;
    }
    if (seq !== this.seq) return; // a newer query is on its way
    const all = `${this.root}search/?q=${encodeURIComponent(q)}`;
    this.list.innerHTML = r.results.map((x, i) =>
      `<li role="option" id="${this.prefix}-opt-${i}" aria-selected="false">${renderResultHTML(x, this.root)}</li>`).join('') +
      `<li role="option" id="${this.prefix}-opt-all" aria-selected="false" class="search-all"><a href="${escapeHTML(all)}">` +
      `${r.total ? `All ${plural(r.total, 'result', 'results')}` : 'No results'} on the search page</a></li>`;
    this.active = -1;
    this.input.removeAttribute('aria-activedescendant');
    this.list.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
    this.say(r.total ? plural(r.total, 'result', 'results') : 'No results');
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
      const a = this.options()[this.active].querySelector('a');
      if (a) { e.preventDefault(); window.location.href = a.href; }
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
    this.status = el.querySelector('[data-search-status]');
    this.more = el.querySelector('[data-search-more]');
    this.seq = 0;
    this.shown = 0;
    this.state = readParams(window.location.search);
    this.input.value = this.state.q;
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
      this.update({ ...this.state, filters: { ...this.state.filters, [box.name]: [...vals] } }, true);
    });
    this.more.addEventListener('click', () => this.run(this.shown));
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

  async run(offset) {
    const seq = ++this.seq;
    const { q, filters } = this.state;
    document.title = q ? `${q} – Search` : 'Search';
    if (!q.trim()) {
      this.results.innerHTML = '';
      this.facets.innerHTML = '';
      this.more.hidden = true;
      this.status.textContent = 'Type to search every document.';
      return;
    }
    let r;
    // Results first; facet counts (a further download) follow, unless filters are on,
    // which need their facets' data anyway. Theme counts are the biggest facet file, so
    // they are counted only once the theme facet is opened (or filtered by).
    const shown = this.shownFacets();
    const withFacets = FACETS.some((f) => filters[f].length) || this.facetsLoaded;
    try {
      r = await engineFor(this.root).search(q, { filters, offset, limit: PAGE_RESULTS, facets: withFacets ? shown : [] });
    } catch (err) {
      if (seq === this.seq) this.status.textContent = `Search is unavailable: ${err.message}`;
      return;
    }
    if (seq !== this.seq) return;
    const items = r.results.map((x) => `<li>${renderResultHTML(x, this.root)}</li>`).join('');
    if (offset === 0) this.results.innerHTML = items; else this.results.insertAdjacentHTML('beforeend', items);
    this.shown = offset + r.results.length;
    if (withFacets) this.showFacets(r.facets);
    else {
      engineFor(this.root).search(q, { filters, limit: 0, facets: shown }).then((f) => {
        if (seq !== this.seq || !f.facets) return;
        this.facetsLoaded = true;
        this.showFacets(f.facets);
      }).catch(() => {});
    }
    this.more.hidden = this.shown >= r.total;
    this.status.textContent = r.total ? `${plural(r.total, 'result', 'results')}` : 'No results';
  }

  /** The facets whose counts are shown: all but theme until the theme facet is opened. */
  shownFacets() {
    if (this.state.filters.theme.length) this.themeOpen = true;
    return FACETS.filter((f) => f !== 'theme' || this.themeOpen);
  }

  showFacets(facets) {
    this.facets.innerHTML = renderFacetHTML(facets || {}, this.state.filters, { theme: this.themeOpen });
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
