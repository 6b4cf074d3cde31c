// HTML for search results and facets, as strings built only from escaped text, so that
// nothing in the index (titles, text, facet values) can inject markup. Used by ui.js;
// pure functions, so the Node tests check them directly.

import { escapeHTML, segmentsToHTML } from './engine.js';

/** A site-relative link, or "#" for anything that is not (schemes, //host). */
export function safeHref(url, root) {
  if (/^[\s\x00-\x1f]*([a-z][a-z0-9+.-]*:|\/\/|\\)/i.test(url)) return '#';
  return root + url.replace(/^\/+/, '');
}

/** One result as an <a> for a list item: title, breadcrumb, excerpt. */
export function renderResultHTML(r, root, id = '') {
  const crumbs = (r.breadcrumb || []).map(escapeHTML).join(' <span aria-hidden="true">›</span> ');
  return `<a class="search-result" href="${escapeHTML(safeHref(r.url, root))}"${id ? ` id="${escapeHTML(id)}"` : ''}>` +
    `<span class="search-result-title">${segmentsToHTML(r.titleSegments || [{ text: r.title, hit: false }])}</span>` +
    `<span class="search-result-crumbs">${crumbs}</span>` +
    `<span class="search-result-excerpt">${segmentsToHTML(r.excerpt || [])}</span></a>`;
}

const FACET_LABELS = { theme: 'Theme', kind: 'Kind', organisation: 'Organisation', year: 'Year' };

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
        `${escapeHTML(v.value)} <span class="search-facet-count">(${v.count})</span></label>`;
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
