// End-to-end search test: serves a built site under a sub-path (/digest/) and drives
// headless Chromium over the DevTools protocol (--remote-debugging-pipe, no packages):
// presses "/" and types a query in the header box, checks the expected results appear,
// picks one with the keyboard and checks it lands on the right passage (URL fragment and
// the element it names), then opens the search page with a filter in the URL and checks
// the filtered results and facets. Fails on any console error, uncaught exception,
// failed request or HTTP error.
//
//   node scripts/search-e2e.mjs PUBLIC_DIR   (the seeds digest with content/themes)
import { cpSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FileSystemConfigLoader, HtmlValidate } from "html-validate";
import { harness, launchChromium, newPage, serveStatic, watchProblems } from "./lib/harness.mjs";

// The markup the scripts write is checked like the pages: html-validate with the
// repository's .htmlvalidate.json (found from this path).
const REPO = fileURLToPath(new URL("..", import.meta.url));
const htmlValidate = new HtmlValidate(new FileSystemConfigLoader());
async function validateRendered(html, what) {
  // outerHTML writes boolean attributes as open="": the serializer's style, not ours.
  const report = await htmlValidate.validateString(html, join(REPO, "rendered-search.html"),
    { rules: { "attribute-boolean-style": "off", "attribute-empty-style": "off" } });
  for (const r of report.results) for (const m of r.messages) problems.push(`${step}: ${what}: ${m.ruleId}: ${m.message} (${m.selector})`);
}

const publicDir = process.argv[2];
if (!publicDir) {
  console.error("usage: node scripts/search-e2e.mjs PUBLIC_DIR");
  process.exit(2);
}
const MOUNT = "digest";
// What the seeds digest must answer (checked by hand against the documents).
const QUERY = "christchurch";
const DOC = "documents/a-human-rights-centred-approach-to-technology-and-security/";
// The paragraph of the long "Technology for Security" section that names the Call: long
// sections are searched window by window, each linked to its first paragraph.
const PASSAGE = "p-global-companies-face-tensions";

const run = harness("search e2e");
const { problems, fail, cleanup } = run;
cpSync(publicDir, join(run.work, MOUNT), { recursive: true });

const port = await serveStatic(run);
const base = `http://127.0.0.1:${port}/${MOUNT}/`;
const cdp = launchChromium(run);
const sessionId = await newPage(cdp);
const send = (method, params) => cdp.send(method, params, sessionId);
let step = "start";
let loaded = null;
watchProblems(run, cdp, sessionId, () => step);
cdp.on((msg) => {
  if (msg.sessionId !== sessionId) return;
  const p = msg.params || {};
  if (msg.method === "Network.responseReceived" && !p.response.url.startsWith(`http://127.0.0.1:${port}/`) && !p.response.url.startsWith("data:"))
    problems.push(`${step}: third-party request ${p.response.url}`);
  if (msg.method === "Page.loadEventFired" && loaded) loaded();
});
for (const domain of ["Runtime", "Log", "Network", "Page"]) await send(`${domain}.enable`);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function evaluate(expression) {
  const { result, exceptionDetails } = await send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true });
  if (exceptionDetails) throw new Error(`${step}: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
  return result.value;
}
/** Evaluate `expression` until it gives a truthy value (or fail after `ms`). */
async function until(expression, what, ms = 10_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await evaluate(expression);
    if (v) return v;
    if (Date.now() > end) return fail(`${step}: ${what}`);
    await sleep(50);
  }
}
async function navigate(url) {
  const load = new Promise((r) => (loaded = r));
  await send("Page.navigate", { url });
  await load;
}
async function key(k, code, keyCode, text) {
  await send("Input.dispatchKeyEvent", { type: "keyDown", key: k, code, windowsVirtualKeyCode: keyCode, text });
  await send("Input.dispatchKeyEvent", { type: "keyUp", key: k, code, windowsVirtualKeyCode: keyCode });
}
const check = (ok, message) => { if (!ok) problems.push(`${step}: ${message}`); };
let checks = 0;

// 1. Header box on the home page: "/" focuses it, typing shows results as you type.
step = "header box";
await navigate(base);
await key("/", "Slash", 191, "/");
check(await evaluate(`document.activeElement?.id === 'search-box-q'`), `"/" did not focus the search box`);
await send("Input.insertText", { text: QUERY });
const options = await until(`(() => {
  const list = document.getElementById('search-box-list');
  const opts = [...list.querySelectorAll('[role=option]:not(.search-all)')];
  return !list.hidden && opts.length ? opts.map((o) => ({ href: new URL(o.dataset.href, location.href).href, html: o.innerHTML,
    links: o.querySelectorAll('a').length, labels: o.querySelectorAll('[aria-label]').length, sub: o.classList.contains('search-option-sub') })) : null;
})()`, `no results for "${QUERY}" in the header box`);
checks++;
check(await evaluate(`document.getElementById('search-box-q').getAttribute('aria-expanded')`) === "true", "aria-expanded is not true");
// Sources first: the theme page about the Call ranks below the documents that name it.
check(options[0].href === `${base}${DOC}#${PASSAGE}`, `first result is ${options[0].href}, expected the OSCE report's passage`);
const target = options.findIndex((o) => o.href === `${base}${DOC}#${PASSAGE}`);
check(target >= 0, `no result links to ${DOC}#${PASSAGE}: ${options.map((o) => o.href).join(", ")}`);
check(options.every((o) => o.sub || /<mark>christchurch<\/mark>/i.test(o.html)), "not every result highlights the query");
check(options.every((o) => o.links === 0 && o.labels === 0), "an option holds a link or an aria-label");
const status = await evaluate(`document.querySelector('form[data-search-box] [data-search-status]').textContent`);
check(/^\d+ results?$/.test(status), `live region says "${status}"`);

// 2. Arrow keys move to that result, Enter follows it to the right passage.
step = "follow a result";
if (target >= 0) {
  for (let i = 0; i <= target; i++) await key("ArrowDown", "ArrowDown", 40);
  const active = await evaluate(`document.getElementById('search-box-q').getAttribute('aria-activedescendant')`);
  check(active === `search-box-0-opt-${target}`, `aria-activedescendant is ${active}`);
  const load = new Promise((r) => (loaded = r));
  await key("Enter", "Enter", 13, "\r");
  await load;
  const where = await evaluate(`({ path: location.pathname, hash: location.hash,
    heading: document.getElementById(location.hash.slice(1))?.textContent ?? null,
    text: document.querySelector('main')?.textContent ?? '' })`);
  check(where.path === `/${MOUNT}/${DOC}`, `landed on ${where.path}`);
  check(where.hash === `#${PASSAGE}`, `fragment is ${where.hash}`);
  // The window starts at that paragraph; the Call is named in the next.
  check(where.heading !== null && /Global companies also face tensions/.test(where.heading), `no element for ${where.hash} (${where.heading})`);
  check(/ChristChurch|Christchurch/.test(where.text), "the page does not mention the query");
  checks++;
}

// 3. The search page with a filter in the URL: only theme pages, facet box checked.
step = "search page";
await navigate(`${base}search/?q=${QUERY}&kind=theme`);
const page = await until(`(() => {
  const links = [...document.querySelectorAll('[data-search-results] a.search-result')];
  const box = document.querySelector('[data-search-facets] input[name=kind][value=theme]');
  return links.length && box ? { hrefs: links.map((a) => a.href), checked: box.checked,
    q: document.getElementById('search-page-q').value,
    status: document.querySelector('[data-search-page] [data-search-status]')?.textContent ?? '' } : null;
})()`, "no filtered results on the search page");
checks++;
check(page.q === QUERY, `the box holds "${page.q}"`);
check(page.checked, "the kind=theme filter is not checked");
check(page.hrefs.length === 2 && page.hrefs.every((h) => h.startsWith(`${base}themes/`)),
  `expected the two theme pages, got ${page.hrefs.join(", ")}`);
check(page.hrefs[0] === `${base}themes/christchurch-call/`, `first is ${page.hrefs[0]}`);
// Unticking the filter shows the documents too and updates the URL.
await evaluate(`document.querySelector('[data-search-facets] input[name=kind][value=theme]').click()`);
const unfiltered = await until(`(() => {
  const links = [...document.querySelectorAll('[data-search-results] a.search-result')];
  return !location.search.includes('kind=') && links.length > 2 ? links.map((a) => a.href) : null;
})()`, "unticking the filter did not widen the results");
check(unfiltered.includes(`${base}${DOC}#${PASSAGE}`), `unfiltered results lack the passage: ${unfiltered.join(", ")}`);
checks++;

// 4. The theme facet's counts are downloaded only when it is opened.
step = "theme facet";
const themeFile = () => evaluate(`performance.getEntriesByType('resource').some((r) => r.name.endsWith('/search/facets/theme.json'))`);
await navigate(`${base}search/?q=${QUERY}`);
await until(`document.querySelector('[data-search-facets] details[data-facet=theme]') && document.querySelector('[data-search-facets] input[name=kind]')`,
  "no facets on the search page");
check(!(await themeFile()), "facets/theme.json was downloaded before the theme facet was opened");
await evaluate(`document.querySelector('[data-search-facets] details[data-facet=theme] summary').click()`);
const themes = await until(`(() => {
  const boxes = [...document.querySelectorAll('[data-search-facets] details[data-facet=theme][open] input[name=theme]')];
  return boxes.length ? boxes.map((b) => b.value) : null;
})()`, "opening the theme facet showed no themes");
check(themes.includes("Christchurch Call"), `themes: ${themes.join(", ")}`);
check(await themeFile(), "facets/theme.json was not downloaded");
checks++;

// 5. Layout: the page as a reader sees it, on a slow network (results arrive after the
// first paint), at desktop and phone sizes.
step = "layout";
await send("Page.addScriptToEvaluateOnNewDocument", { source: `window.__shift = 0;
  new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value; })
    .observe({ type: 'layout-shift', buffered: true });` });
await send("Network.emulateNetworkConditions", { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 100_000 });
const LAYOUT = `(() => {
  const card = document.querySelector('[data-search-results] > li > a.search-result');
  if (!card) return null;
  const box = (el) => { const r = el.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width }; };
  const part = (cls) => { const el = card.querySelector(cls); return el && { ...box(el), display: getComputedStyle(el).display }; };
  // (Pages from before the Filter disclosure have only the facets box.)
  const filters = document.querySelector('[data-search-filters]') || document.querySelector('[data-search-facets]');
  return { width: innerWidth, height: innerHeight, results: box(document.querySelector('[data-search-results]')),
    filters: box(filters), filtersOpen: filters.open ?? true, title: part('.search-result-title'), meta: part('.search-result-meta'),
    excerpt: part('.search-result-excerpt'), shift: window.__shift };
})()`;
for (const [width, height] of [[1366, 900], [390, 844]]) {
  step = `layout ${width}x${height}`;
  await send("Emulation.setDeviceMetricsOverride", { width, height, deviceScaleFactor: 1, mobile: width < 500 });
  await navigate(`${base}search/?q=human%20rights`);
  await until(LAYOUT, "no results on the search page");
  // The cards' further sections come after the cards, into blanks: the shift is measured
  // once they are in.
  await until(`!document.querySelector('.search-subresults-pending') && document.querySelectorAll('a.search-subresult').length`,
    "the sections under the cards never arrived", 20_000);
  await sleep(1500); // facet counts and anything else that arrives late; then measure
  const l = await evaluate(LAYOUT);
  const shift = l.shift;
  checks++;
  for (const k of ["title", "meta", "excerpt"]) check(l[k] && l[k].display === "block", `the result's ${k} is not a block of its own`);
  if (l.title && l.meta && l.excerpt) {
    check(l.title.bottom <= l.meta.top + 1 && l.meta.bottom <= l.excerpt.top + 1, "title, meta and excerpt are not stacked one under another");
  }
  check(shift < 0.1, `layout shift while results loaded: ${shift.toFixed(3)} (must stay under 0.1)`);
  // A card's further sections arrive after it, into blanks (render.js) that must be as
  // tall as the sections, or the cards below would move: one blank beside a real one.
  const heights = await evaluate(`(async () => {
    const { renderSubresultsHTML } = await import(new URL('search/js/render.js', document.baseURI.replace(/search\\/.*$/, '')).href);
    const real = document.querySelector('[data-search-results] .search-subresults:not(.search-subresults-pending) > li');
    if (!real) return null;
    const holder = document.createElement('div');
    holder.innerHTML = renderSubresultsHTML({ pending: 1, subs: [] }, '');
    real.parentElement.after(holder.firstElementChild);
    const blank = real.parentElement.nextElementSibling;
    const h = [real.getBoundingClientRect().height, blank.firstElementChild.getBoundingClientRect().height];
    blank.remove();
    return h;
  })()`);
  check(heights && Math.abs(heights[0] - heights[1]) < 0.5, `a blank section is ${heights?.[1]} px tall, a section ${heights?.[0]} px`);
  console.log(`  ${width}x${height}: results column ${Math.round(l.results.width)} px, first result's title ends at ${Math.round(l.title?.bottom ?? -1)} px, layout shift ${shift.toFixed(3)}, section ${heights?.[0]} px, blank ${heights?.[1]} px`);
  if (width >= 1000) {
    check(l.results.width >= width / 2, `the results column is ${Math.round(l.results.width)} px of ${width}`);
    check(l.filtersOpen && l.filters.right <= l.results.left, "the filters are not open beside the results");
  } else {
    check(l.title.bottom <= height, `the first result ends at ${Math.round(l.title.bottom)} px, below the first screen (${height} px)`);
    check(!l.filtersOpen, "the filters are not folded on a phone");
  }
}
await send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

// The whole card is one link with a visible focus ring; "More results" brings the next
// ten and moves the focus to the first new card.
step = "focus and more";
await send("Emulation.setDeviceMetricsOverride", { width: 1366, height: 900, deviceScaleFactor: 1, mobile: false });
await navigate(`${base}search/?q=security`);
await until(`document.querySelector('[data-search-results] a.search-result')`, "no results");
const ring = await evaluate(`(() => {
  const a = document.querySelector('[data-search-results] a.search-result');
  a.focus();
  const cs = getComputedStyle(a);
  return { style: cs.outlineStyle, width: parseFloat(cs.outlineWidth), visible: a.matches(':focus-visible'),
    blocks: ['.search-result-title', '.search-result-excerpt'].every((c) => a.querySelector(c)) };
})()`);
check(ring.visible && ring.style !== "none" && ring.width >= 2, `a focused card shows no focus ring (${ring.style} ${ring.width}px)`);
check(ring.blocks, "the card's title and excerpt are not inside its one link");
const before = await evaluate(`document.querySelectorAll('[data-search-results] a.search-result, [data-search-results] a.search-subresult').length`);
// Results are pages (a page's sections are grouped under it): the next "ten" may be fewer.
const total = Number((await evaluate(`document.querySelector('[data-search-page] [data-search-status]').textContent`)).match(/^Showing 10 of (\d+)/)?.[1]);
check(total > 10, `"security" should find more than ten pages (${total})`);
const shown = Math.min(20, total);
await evaluate(`document.querySelector('[data-search-more]').click()`);
const more = await until(`(() => {
  const status = document.querySelector('[data-search-page] [data-search-status]').textContent;
  return status.startsWith('Showing ${shown} of') && { status, active: document.activeElement?.className,
    links: document.querySelectorAll('[data-search-results] a.search-result, [data-search-results] a.search-subresult').length };
})()`, "More results did not show the next ten");
check(more.active === "search-result", `after More results the focus is on "${more.active}"`);
check(more.links > before, `More results added no links (${before} -> ${more.links})`);
checks++;

// 6. The header dropdown stays on screen at every width, and its highlight is legible in
// dark mode (AA, 4.5:1).
const luminance = (rgb) => {
  const [r, g, b] = rgb.match(/[\d.]+/g).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
for (const [width, scheme] of [[1366, "light"], [1024, "dark"], [800, "light"], [600, "dark"], [390, "dark"], [320, "light"]]) {
  step = `dropdown ${width} ${scheme}`;
  await send("Emulation.setDeviceMetricsOverride", { width, height: 800, deviceScaleFactor: 1, mobile: width < 500 });
  await send("Emulation.setEmulatedMedia", { features: [{ name: "prefers-color-scheme", value: scheme }] });
  await navigate(`${base}${DOC}`);
  await evaluate(`document.getElementById('search-box-q').focus()`);
  await send("Input.insertText", { text: QUERY });
  const d = await until(`(() => {
    const list = document.getElementById('search-box-list');
    const mark = list.querySelector('mark');
    if (list.hidden || !mark) return null;
    const r = list.getBoundingClientRect();
    return { left: r.left, right: r.right, width: innerWidth, bg: getComputedStyle(mark).backgroundColor, fg: getComputedStyle(mark).color };
  })()`, "the dropdown did not open");
  checks++;
  if (width === 1366) await validateRendered(await evaluate(`document.querySelector('form[data-search-box]').outerHTML`), "the header box as rendered");
  check(d.left >= 0 && d.right <= d.width, `the dropdown spans ${Math.round(d.left)}..${Math.round(d.right)} px of ${d.width}`);
  const ratio = contrast(d.fg, d.bg);
  check(ratio >= 4.5, `highlighted words are ${d.fg} on ${d.bg}: ${ratio.toFixed(2)}:1`);
}
await send("Emulation.setEmulatedMedia", { features: [] });

// 7. A filter shows as a chip with a readable name; removing the chip removes the filter.
step = "chips";
await send("Emulation.setDeviceMetricsOverride", { width: 1366, height: 900, deviceScaleFactor: 1, mobile: false });
await navigate(`${base}search/?q=human%20rights&kind=summary-report`);
const chip = await until(`(() => { const c = document.querySelector('[data-search-chips] .search-chip');
  return c && document.querySelector('[data-search-facets] input[value="summary-report"]') && { text: c.textContent, label: c.getAttribute('aria-label'), facet: document.querySelector('[data-search-facets] input[value="summary-report"]')?.parentElement.textContent }; })()`,
  "no chip for the filter in the URL");
check(/Summary report/.test(chip.text) && !/summary-report/.test(chip.text), `the chip says "${chip.text}"`);
check(/Summary report/.test(chip.facet ?? ""), `the facet value reads "${chip.facet}"`);
await validateRendered(await evaluate(`document.querySelector('[data-search-page]').outerHTML`), "the search page as rendered");
await evaluate(`document.querySelector('[data-search-chips] .search-chip').click()`);
await until(`!location.search.includes('kind=') && !document.querySelector('[data-search-chips] .search-chip')`, "removing the chip kept the filter");
checks++;

await sleep(200);
await cleanup();
for (const p of problems) console.error(`  ${p}`);
console.log(`search e2e: ${checks} steps, ${problems.length} problems`);
process.exit(problems.length ? 1 : 0);
