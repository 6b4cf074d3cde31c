// HTML for search results and facets, as strings built only from escaped text, so that
// nothing in the index (titles, text, facet values) can inject markup. Used by ui.js;
// pure functions, so the Node tests check them directly.
//
// Results come from SearchEngine.search. Newer engines add `kind`, `date`, `doc`,
// `about` and `subresults` to a result and `label` to a facet value; every one of them is
// optional here, with a fallback worked out from the result's URL and the slug.

import { escapeHTML, segmentsToHTML } from './engine.js';

/** A site-relative link, or "#" for anything that is not (schemes, //host). */
export function safeHref(url, root) {
  if (/^[\s\x00-\x1f]*([a-z][a-z0-9+.-]*:|\/\/|\\)/i.test(url)) return '#';
  return root + url.replace(/^\/+/, '');
}

/** A slug as words a reader expects: `summary-report` -> "Summary report". */
export function labelFromSlug(value) {
  const s = String(value);
  if (!/^[a-z0-9]+(?:[-_][a-z0-9]+)+$|^[a-z]+$/.test(s)) return s; // already a name
  const words = s.replace(/[-_]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

// What a page is when the engine does not say: the site's own folders.
const KIND_BY_FOLDER = { 'themes/': 'Theme', 'commentary/': 'Commentary', 'documents/': 'Document' };

/** The kind of a result, for its meta line ("Summary report", "Theme"). */
export function kindLabel(r) {
  if (r.kind) return labelFromSlug(r.kind);
  const url = String(r.url || '').replace(/^\/+/, '');
  for (const [folder, label] of Object.entries(KIND_BY_FOLDER)) if (url.startsWith(folder)) return label;
  return '';
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

/** `2019-11-08` -> "8 November 2019"; `2019-11` -> "November 2019"; `2019` -> "2019". */
export function formatDate(date) {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(String(date || ''));
  if (!m) return '';
  const [, y, mo, d] = m;
  const month = mo ? MONTHS[Number(mo) - 1] : '';
  if (mo && !month) return y;
  return [d ? String(Number(d)) : '', month, y].filter(Boolean).join(' ');
}

/** The page a result belongs to: its URL without the #fragment, and its title. */
export function docOf(r) {
  if (r.doc && r.doc.url) return { url: r.doc.url, title: r.doc.title || r.title };
  return { url: String(r.url || '').split('#')[0], title: r.title };
}

/** The breadcrumb to show under the title: the trail without the title itself. */
function crumbsOf(r, title) {
  return (r.breadcrumb || []).filter((c) => c && c !== title);
}

function crumbsHTML(crumbs) {
  if (!crumbs.length) return '';
  return `<span class="search-result-crumbs">${crumbs.map(escapeHTML).join('<span class="search-sep" aria-hidden="true"> › </span>')}</span>`;
}

function metaHTML(r) {
  const parts = [];
  const kind = kindLabel(r);
  if (kind) parts.push(`<span class="search-result-kind">${escapeHTML(kind)}</span>`);
  const date = formatDate(r.date);
  if (date) parts.push(`<time datetime="${escapeHTML(r.date)}">${escapeHTML(date)}</time>`);
  if (r.about) parts.push('<span class="search-result-about">About the sources</span>');
  if (!parts.length) return '';
  return `<span class="search-result-meta">${parts.join('<span class="search-sep" aria-hidden="true"> · </span>')}</span>`;
}

function excerptHTML(segments) {
  return segments && segments.length ? `<span class="search-result-excerpt" dir="auto">${segmentsToHTML(segments)}</span>` : '';
}

/**
 * The inside of one result card: title, meta line (kind, date), breadcrumb of the
 * section, excerpt with the matched words in <mark>: each its own block.
 */
export function resultBodyHTML(r) {
  const { title } = docOf(r);
  const titleHTML = r.titleSegments && (!r.doc || r.doc.title === r.title)
    ? segmentsToHTML(r.titleSegments) : escapeHTML(title);
  return `<span class="search-result-title" dir="auto">${titleHTML}</span>` + metaHTML(r) +
    crumbsHTML(crumbsOf(r, title)) + excerptHTML(r.excerpt);
}

/** One result as an <a>, the whole card one link. */
export function renderResultHTML(r, root, id = '') {
  return `<a class="search-result" href="${escapeHTML(safeHref(r.url, root))}"${id ? ` id="${escapeHTML(id)}"` : ''}>` +
    `${resultBodyHTML(r)}</a>`;
}

/** A further matching section of the same page: its breadcrumb and excerpt, one link. */
export function renderSubresultHTML(s, root, title) {
  const crumbs = crumbsOf(s, title);
  const where = crumbs.length ? crumbs : [s.section || 'Section'];
  return `<a class="search-subresult" href="${escapeHTML(safeHref(s.url, root))}">` +
    `${crumbsHTML(where)}${excerptHTML(s.excerpt)}</a>`;
}

/**
 * Results grouped by the page they belong to, in rank order (a group sits where its best
 * section ranks). With the engine's `subresults`, those are the group's further
 * sections; without them, the results of the same page are gathered under the first.
 * Gives [{doc, top, subs, pending}]: `pending` counts the further sections whose rows
 * the engine has not read yet (readSubresults).
 */
export function groupResults(results) {
  const groups = [];
  const byDoc = new Map();
  for (const r of results) {
    const doc = docOf(r);
    const g = byDoc.get(doc.url);
    if (g) { g.subs.push(r); continue; }
    const group = { doc, top: r, subs: [...(r.subresults || [])], pending: (r.pendingSubresults || []).length };
    byDoc.set(doc.url, group);
    groups.push(group);
  }
  return groups;
}

/** How many sub-results a card shows; the rest are counted. */
export const MAX_SUBRESULTS = 3;

/** One group as the search page's list item: the card, then its further sections. */
export function renderGroupHTML(g, root) {
  return `<li class="search-hit" data-doc="${escapeHTML(g.doc.url)}">${renderResultHTML(g.top, root)}${renderSubresultsHTML(g, root)}</li>`;
}

/**
 * A group's further sections, or, while their rows are read, as many blank rows of the
 * same height (a section's breadcrumb is one line and its excerpt two, see _search.css),
 * hidden from screen readers, so that nothing moves when they arrive.
 */
export function renderSubresultsHTML(g, root) {
  if (g.pending) {
    const blank = '<li><span class="search-subresult"><span class="search-result-crumbs">&nbsp;</span>' +
      '<span class="search-result-excerpt"> </span></span></li>';
    return `<ul class="search-subresults search-subresults-pending" aria-hidden="true">${blank.repeat(Math.min(g.pending, MAX_SUBRESULTS))}</ul>`;
  }
  const shown = g.subs.slice(0, MAX_SUBRESULTS);
  const rest = g.subs.length - shown.length;
  if (!shown.length) return '';
  let subs = '<ul class="search-subresults">' +
    shown.map((s) => `<li>${renderSubresultHTML(s, root, g.doc.title)}</li>`).join('') + '</ul>';
  if (rest > 0) {
    subs += `<a class="search-more-in" href="${escapeHTML(safeHref(g.doc.url, root))}">` +
      `${rest} more ${rest === 1 ? 'section' : 'sections'} of this page match</a>`;
  }
  return subs;
}

/**
 * The header box's options for one group: the card and its further sections, each a
 * role=option holding no link (ui.js follows data-href), so screen readers announce one
 * thing per option.
 */
export function renderOptionsHTML(g, root, idPrefix, start) {
  const opt = (cls, href, body, i) => `<li role="option" id="${escapeHTML(`${idPrefix}-opt-${i}`)}" aria-selected="false" ` +
    `class="${cls}" data-href="${escapeHTML(safeHref(href, root))}">${body}</li>`;
  let html = opt('search-option', g.top.url, resultBodyHTML(g.top), start);
  g.subs.slice(0, 2).forEach((s, k) => {
    const crumbs = crumbsOf(s, g.doc.title);
    html += opt('search-option search-option-sub', s.url,
      crumbsHTML(crumbs.length ? crumbs : [s.section || 'Section']) + excerptHTML(s.excerpt), start + 1 + k);
  });
  return html;
}

/** The number of options renderOptionsHTML gives for a group. */
export const optionCount = (g) => 1 + Math.min(g.subs.length, 2);

const FACET_LABELS = { theme: 'Theme', kind: 'Kind', organisation: 'Organisation', year: 'Year' };

/** A facet value as shown: the engine's label, else the slug made readable (kinds). */
export function facetValueLabel(name, v) {
  if (v.label) return v.label;
  return name === 'kind' ? labelFromSlug(v.value) : String(v.value);
}

/**
 * Facet checkboxes with counts; `selected` maps facet name to selected values. The theme
 * facet is a disclosure: closed (no counts downloaded) until `open.theme`, then open with
 * its values.
 */
export function renderFacetHTML(facets, selected, open = { theme: true }) {
  let html = '';
  for (const [name, label] of Object.entries(FACET_LABELS)) {
    const values = (facets[name] || []).filter((v) => v.count > 0 || (selected[name] || []).includes(v.value));
    const boxes = values.map((v) => {
      const checked = (selected[name] || []).includes(v.value) ? ' checked' : '';
      return `<label><input type="checkbox" name="${escapeHTML(name)}" value="${escapeHTML(v.value)}"${checked}> ` +
        `<span class="search-facet-value">${escapeHTML(facetValueLabel(name, v))}</span> <span class="search-facet-count">${v.count}</span></label>`;
    }).join('');
    if (name === 'theme') {
      html += `<details class="search-facet" data-facet="theme"${open.theme ? ' open' : ''}>` +
        `<summary>${escapeHTML(label)}</summary>${!open.theme ? '' : facets[name] ? boxes : '<p>Loading…</p>'}</details>`;
      continue;
    }
    if (values.length === 0) continue;
    html += `<fieldset class="search-facet"><legend>${escapeHTML(label)}</legend>${boxes}</fieldset>`;
  }
  return html;
}

/**
 * The active filters as removable chips: one button per value, named for what it does.
 * `labels` maps facet name to {value: label} where the facet counts gave one.
 */
export function renderChipsHTML(selected, labels = {}) {
  const chips = [];
  for (const [name, label] of Object.entries(FACET_LABELS)) {
    for (const value of selected[name] || []) {
      const shown = (labels[name] && labels[name][value]) || facetValueLabel(name, { value });
      chips.push(`<button type="button" class="search-chip" data-facet="${escapeHTML(name)}" data-value="${escapeHTML(value)}" ` +
        `aria-label="${escapeHTML(`Remove filter ${label}: ${shown}`)}">` +
        `<span class="search-chip-facet">${escapeHTML(label)}:</span> ${escapeHTML(shown)} <span aria-hidden="true">×</span></button>`);
    }
  }
  if (!chips.length) return '';
  const clear = chips.length > 1 ? '<button type="button" class="search-chip-clear" data-clear>Clear all filters</button>' : '';
  return chips.join('') + clear;
}

/**
 * What to say when nothing matches: why, the nearest indexed words (each a link to the
 * search for it) and, with filters on, how to drop them.
 */
export function renderEmptyHTML({ q, suggestions = [], missing = [], filtered = false, searchURL }) {
  const words = missing.length ? missing : [q];
  const what = missing.length || !/\s/.test(q) ? words.map((w) => `“${escapeHTML(w)}”`).join(', ') : `every word of “${escapeHTML(q)}”`;
  let html = `<p class="search-empty-why">No page contains ${what}${filtered ? ' with the filters chosen' : ''}.</p>`;
  if (suggestions.length) {
    html += '<p>Did you mean ' + suggestions.slice(0, 5).map((w) =>
      `<a href="${escapeHTML(searchURL(w))}">${escapeHTML(w)}</a>`).join(', ') + '?</p>';
  }
  const tips = [];
  if (filtered) tips.push('<button type="button" class="search-chip-clear" data-clear>Remove the filters</button>');
  tips.push('Check the spelling, or use fewer or more general words.');
  return html + `<p class="search-empty-tips">${tips.join(' ')}</p>`;
}
