// Browser test: serves a built site under a sub-path (/digest/) and loads its pages in
// headless Chromium through the DevTools protocol (over --remote-debugging-pipe, so no
// extra packages are needed). Fails on any console error, uncaught exception, failed
// request, HTTP error status or stylesheet that did not load.
//
//   node scripts/browser-test.mjs PUBLIC_DIR
import { cpSync, existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { harness, launchChromium, newPage, serveStatic, watchProblems } from "./lib/harness.mjs";

const publicDir = process.argv[2];
if (!publicDir) {
  console.error("usage: node scripts/browser-test.mjs PUBLIC_DIR");
  process.exit(2);
}
const MOUNT = "digest";

const run = harness("browser test");
const { problems, cleanup } = run;
// Serve the parent folder, so the site lives at /digest/.
cpSync(publicDir, join(run.work, MOUNT), { recursive: true });

/// The frozen `positions:` of each document in dossier.lock (YAML written by dossier:
/// two-space indents, one anchor per `- ` line).
function legacyAnchors(path) {
  if (!existsSync(path)) return [];
  const out = [];
  let doc = null;
  let inPositions = false;
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const d = /^  ([a-z0-9_-]+):$/.exec(line);
    if (d) { doc = [d[1], []]; out.push(doc); inPositions = false; continue; }
    if (/^    positions:$/.test(line)) { inPositions = true; continue; }
    if (/^    [a-z]/.test(line) || /^[a-z]/.test(line)) { inPositions = false; if (/^[a-z]/.test(line) && line !== "documents:") doc = null; continue; }
    const item = /^    - (\S+)$/.exec(line);
    if (item && inPositions && doc) doc[1].push(item[1]);
  }
  return out.filter(([, p]) => p.length);
}

function sitePages() {
  const pages = ["", "documents/", "documents/by-title.html", "themes/", "commentary/", "search/",
    "browse/", "organisations/", "organisations/by-count/", "organisations/osce/", "kinds/", "years/", "authors/", "languages/"];
  const docs = join(publicDir, "documents");
  for (const name of readdirSync(docs)) {
    if (statSync(join(docs, name)).isDirectory()) pages.push(`documents/${name}/`);
  }
  return pages;
}

const port = await serveStatic(run);
const cdp = launchChromium(run);
const sessionId = await newPage(cdp);
let current = "";
let loaded = null;
watchProblems(run, cdp, sessionId, () => current);
cdp.on((msg) => {
  if (msg.sessionId === sessionId && msg.method === "Page.loadEventFired" && loaded) loaded();
});
for (const domain of ["Runtime", "Log", "Network", "Page"]) await cdp.send(`${domain}.enable`, {}, sessionId);

const pages = sitePages();
let passed = 0;
for (const rel of pages) {
  current = `/${MOUNT}/${rel}`;
  const before = problems.length;
  const load = new Promise((r) => (loaded = r));
  await cdp.send("Page.navigate", { url: `http://127.0.0.1:${port}${current}` }, sessionId);
  await load;
  await new Promise((r) => setTimeout(r, 150));
  // Every stylesheet must have loaded and parsed, and the page must have a main landmark.
  const { result } = await cdp.send("Runtime.evaluate", {
    expression: `JSON.stringify({
      sheets: [...document.styleSheets].map(s => { try { return s.cssRules.length } catch (e) { return -1 } }),
      main: !!document.querySelector('main#main'),
      lang: document.documentElement.lang,
    })`,
    returnByValue: true,
  }, sessionId);
  const info = JSON.parse(result.value);
  if (info.sheets.length < 1 || info.sheets.some((n) => n <= 0)) problems.push(`${current}: stylesheets not applied ${JSON.stringify(info.sheets)}`);
  if (!info.main) problems.push(`${current}: no <main id="main">`);
  if (!info.lang) problems.push(`${current}: no <html lang>`);
  if (problems.length === before) passed++;
}

// Old position anchors (`#p-N`) must still land on the passage they named when they were
// published: dossier.lock (beside public/) froze which passage that was.
const legacy = legacyAnchors(join(publicDir, "..", "dossier.lock"));
let legacyChecked = 0;
for (const [slug, positions] of legacy) {
  // A few per document: the first, one in the middle and the last.
  for (const n of [1, Math.ceil(positions.length / 2), positions.length]) {
    const want = positions[n - 1];
    current = `/${MOUNT}/documents/${slug}/#p-${n}`;
    const load = new Promise((r) => (loaded = r));
    await cdp.send("Page.navigate", { url: `http://127.0.0.1:${port}/${MOUNT}/documents/${slug}/` }, sessionId);
    await load;
    await cdp.send("Page.navigate", { url: `http://127.0.0.1:${port}${current}` }, sessionId);
    await new Promise((r) => setTimeout(r, 250));
    const { result } = await cdp.send("Runtime.evaluate", {
      expression: `(() => { const t = document.querySelector(':target'); const r = t && t.getBoundingClientRect();
        return JSON.stringify({ hash: decodeURIComponent(location.hash.slice(1)), target: t && t.id, top: r && r.top, h: innerHeight }); })()`,
      returnByValue: true,
    }, sessionId);
    const got = JSON.parse(result.value);
    legacyChecked++;
    if (got.hash !== want || got.target !== want) problems.push(`${current}: landed on ${JSON.stringify(got)}, expected #${want}`);
    else if (!(got.top >= -2 && got.top < got.h)) problems.push(`${current}: passage #${want} not scrolled into view (${got.top})`);
  }
}
if (legacy.length && legacyChecked === 0) problems.push("no old anchors checked");

// Give the server's log a moment to arrive.
await new Promise((r) => setTimeout(r, 200));
await cleanup();
for (const p of problems) console.error(`  ${p}`);
console.log(`browser: ${passed} passed, ${pages.length - passed} failed; ${legacyChecked} old #p-N links followed`);
process.exit(problems.length ? 1 : 0);
