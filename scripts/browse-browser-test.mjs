// Browse browser test (issue 18): serves a built digest (a generated one of thousands of
// documents) under /digest/ and, in headless Chromium at 1366×900 and 390×844, checks
// that the documents index, a term page and the themes index never scroll sideways,
// that the filter box narrows the listing as one types, that the heat map's last year
// can be reached by scrolling inside its box with the theme column still in view, and
// that nothing fails to load. With SCREENSHOTS=DIR it also saves screenshots of the
// documents index and a term page, light and dark, at both sizes.
//
//   node scripts/browse-browser-test.mjs PUBLIC_DIR [TERM_PAGE]
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { harness, launchChromium, newPage, serveStatic, watchProblems } from "./lib/harness.mjs";

const publicDir = process.argv[2];
const termPage = process.argv[3] || "organisations/osce/";
if (!publicDir) {
  console.error("usage: node scripts/browse-browser-test.mjs PUBLIC_DIR [TERM_PAGE]");
  process.exit(2);
}
const MOUNT = "digest";
const shots = process.env.SCREENSHOTS;

const run = harness("browse browser test", { timeoutMs: 180_000 });
const { problems, cleanup } = run;
cpSync(publicDir, join(run.work, MOUNT), { recursive: true });
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

const evaluate = async (expression) => {
  const { result, exceptionDetails } = await cdp.send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true }, sessionId);
  if (exceptionDetails) throw new Error(`${current}: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
  return result.value;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function open(rel) {
  current = `/${MOUNT}/${rel}`;
  const load = new Promise((r) => (loaded = r));
  await cdp.send("Page.navigate", { url: `http://127.0.0.1:${port}${current}` }, sessionId);
  await load;
  await sleep(150);
}
const check = (ok, message) => { if (!ok) problems.push(`${current}: ${message}`); };

const viewports = [
  { name: "desktop", width: 1366, height: 900, mobile: false },
  { name: "phone", width: 390, height: 844, mobile: true },
];
let checks = 0;
for (const vp of viewports) {
  await cdp.send("Emulation.setDeviceMetricsOverride", {
    width: vp.width, height: vp.height, deviceScaleFactor: 1, mobile: vp.mobile,
  }, sessionId);
  for (const rel of ["documents/", termPage, "themes/"]) {
    for (const scheme of shots ? ["light", "dark"] : ["light"]) {
      await cdp.send("Emulation.setEmulatedMedia", { features: [{ name: "prefers-color-scheme", value: scheme }] }, sessionId);
      await open(rel);
      const wide = await evaluate(`({ page: document.documentElement.scrollWidth, view: window.innerWidth })`);
      check(wide.page <= wide.view, `${vp.name}: the page scrolls sideways (${wide.page} px wide in ${wide.view} px)`);
      checks++;
      if (shots) {
        mkdirSync(shots, { recursive: true });
        if (rel === "themes/") await evaluate(`document.querySelector('.matrix-section')?.scrollIntoView()`);
        const { data } = await cdp.send("Page.captureScreenshot", { format: "png" }, sessionId);
        const page = rel === "documents/" ? "documents" : rel === "themes/" ? "themes" : "term";
        const name = `${page}-${vp.name}-${scheme}.png`;
        writeFileSync(join(shots, name), Buffer.from(data, "base64"));
      }
    }
    if (rel !== "themes/") {
      // The filter box appears with JavaScript and narrows the listing as one types.
      const before = await evaluate(`[...document.querySelectorAll('.doc-item')].filter(e => !e.hidden).length`);
      const word = await evaluate(`document.querySelector('.doc-item-title a').textContent.split(/\\s+/).sort((a, b) => b.length - a.length)[0]`);
      const after = await evaluate(`(async () => {
        const form = document.querySelector('[data-listing-filter]');
        if (!form || form.hidden) return -1;
        const input = form.querySelector('input');
        input.value = ${JSON.stringify(word)};
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await new Promise(r => setTimeout(r, 300));
        return [...document.querySelectorAll('.doc-item')].filter(e => !e.hidden).length;
      })()`);
      check(after > 0 && after < before, `${vp.name}: the filter box did not narrow the listing ("${word}": ${before} -> ${after})`);
      const status = await evaluate(`document.querySelector('[data-filter-status]').textContent`);
      check(/ of \d+ on this page/.test(status), `${vp.name}: no filter status ("${status}")`);
      checks++;
    } else {
      // The heat map scrolls inside its box, the theme column stays in view, and the
      // last year is reachable.
      const m = await evaluate(`(async () => {
        const box = document.querySelector('.matrix-scroll');
        if (!box) return null;
        const cols = box.querySelectorAll('thead th');
        const last = cols[cols.length - 1];
        box.scrollLeft = box.scrollWidth;
        await new Promise(r => setTimeout(r, 100));
        const b = box.getBoundingClientRect();
        const l = last.getBoundingClientRect();
        const row = box.querySelector('tbody th[scope=row]').getBoundingClientRect();
        const cell = box.querySelector('tbody td a');
        return {
          scrolls: box.scrollWidth > box.clientWidth, scrollLeft: box.scrollLeft,
          lastIn: l.left >= b.left - 1 && l.right <= b.right + 1, lastLabel: last.textContent,
          themeIn: row.left >= b.left - 1 && row.left <= b.left + 2,
          cellLink: !!cell,
        };
      })()`);
      if (!m) {
        check(false, `${vp.name}: no heat map`);
      } else {
        check(m.lastIn, `${vp.name}: the heat map's last column (${m.lastLabel}) is not reachable inside its box`);
        check(!m.scrolls || m.scrollLeft > 0, `${vp.name}: the heat map box does not scroll`);
        check(m.themeIn, `${vp.name}: the theme column scrolled out of view`);
        check(m.cellLink, `${vp.name}: heat map cells are not links`);
        if (vp.mobile) check(m.scrolls, `${vp.name}: expected the heat map to scroll inside its box at ${vp.width} px`);
      }
      checks++;
    }
  }
}
await sleep(200);
await cleanup();
for (const p of problems) console.error(`  ${p}`);
console.log(`browse browser: ${checks} checks, ${problems.length} problems`);
process.exit(problems.length ? 1 : 0);
