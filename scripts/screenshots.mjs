// Screenshots for a designer's review: every kind of page at 1366 px and 390 px, light
// and dark, the search page with a query, the header box's dropdown open, and a document
// page printed to PDF. Serves the built site under a sub-path (/digest/) and drives
// headless Chromium over the DevTools protocol (no packages).
//
//   node scripts/screenshots.mjs PUBLIC_DIR OUT_DIR [QUERY]
import { cpSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { harness, launchChromium, newPage, serveStatic, watchProblems } from "./lib/harness.mjs";

const [publicDir, outDir, query = "human rights"] = process.argv.slice(2);
if (!publicDir || !outDir) {
  console.error("usage: node scripts/screenshots.mjs PUBLIC_DIR OUT_DIR [QUERY]");
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
const MOUNT = "digest";
const run = harness("screenshots", { timeoutMs: 600_000 });
cpSync(publicDir, join(run.work, MOUNT), { recursive: true });
const port = await serveStatic(run);
const base = `http://127.0.0.1:${port}/${MOUNT}/`;
const cdp = launchChromium(run);
const sessionId = await newPage(cdp);
const send = (method, params) => cdp.send(method, params, sessionId);
let where = "start";
watchProblems(run, cdp, sessionId, () => where);
for (const domain of ["Runtime", "Network", "Page"]) await send(`${domain}.enable`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let loaded = null;
cdp.on((msg) => { if (msg.sessionId === sessionId && msg.method === "Page.loadEventFired" && loaded) loaded(); });
async function navigate(url) {
  const load = new Promise((r) => (loaded = r));
  await send("Page.navigate", { url });
  await load;
  await sleep(400);
}
const evaluate = async (expression) => (await send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true })).result.value;

const firstDir = (dir) => readdirSync(join(publicDir, dir), { withFileTypes: true }).find((d) => d.isDirectory())?.name;
const doc = firstDir("documents");
const theme = readdirSync(join(publicDir, "themes"), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()[0];
const q = encodeURIComponent(query);
const pages = {
  home: "",
  document: `documents/${doc}/`,
  documents: "documents/",
  theme: `themes/${theme}/`,
  themes: "themes/",
  commentary: "commentary/",
  browse: "browse/",
  search: `search/?q=${q}`,
  "search-filtered": `search/?q=${q}&kind=${encodeURIComponent("summary-report")}`,
  "search-none": "search/?q=xqzzyv",
};

for (const [width, height, mobile] of [[1366, 900, false], [390, 844, true]]) {
  await send("Emulation.setDeviceMetricsOverride", { width, height, deviceScaleFactor: 1, mobile });
  for (const scheme of ["light", "dark"]) {
    await send("Emulation.setEmulatedMedia", { features: [{ name: "prefers-color-scheme", value: scheme }] });
    for (const [name, path] of Object.entries(pages)) {
      where = `${name} ${width} ${scheme}`;
      await navigate(base + path);
      // Parts further down a page, each scrolled into view: the heat map of the themes
      // index, and a document's related documents.
      const below = { themes: ["heatmap", ".matrix-section"], document: ["related", "#related-title"] };
      if (below[name]) {
        const [shotName, selector] = below[name];
        await evaluate(`document.querySelector(${JSON.stringify(selector)})?.scrollIntoView()`);
        await sleep(100);
        const part = await send("Page.captureScreenshot", { format: "png" });
        writeFileSync(join(outDir, `${shotName}-${width}-${scheme}.png`), Buffer.from(part.data, "base64"));
        await evaluate("scrollTo(0, 0)");
      }
      const shot = await send("Page.captureScreenshot", { format: "png" });
      writeFileSync(join(outDir, `${name}-${width}-${scheme}.png`), Buffer.from(shot.data, "base64"));
    }
    // The header box with its dropdown open.
    where = `dropdown ${width} ${scheme}`;
    await navigate(base + `documents/${doc}/`);
    await evaluate(`document.getElementById('search-box-q').focus()`);
    await send("Input.insertText", { text: query });
    await sleep(800);
    await send("Input.dispatchKeyEvent", { type: "keyDown", key: "ArrowDown", code: "ArrowDown", windowsVirtualKeyCode: 40 });
    await sleep(200);
    const shot = await send("Page.captureScreenshot", { format: "png" });
    writeFileSync(join(outDir, `dropdown-${width}-${scheme}.png`), Buffer.from(shot.data, "base64"));
  }
}
where = "print";
await send("Emulation.setEmulatedMedia", { media: "", features: [{ name: "prefers-color-scheme", value: "light" }] });
await navigate(base + `documents/${doc}/`);
const pdf = await send("Page.printToPDF", { printBackground: false, preferCSSPageSize: true });
writeFileSync(join(outDir, "document-print.pdf"), Buffer.from(pdf.data, "base64"));
await send("Emulation.setEmulatedMedia", { media: "print" });
await send("Emulation.setDeviceMetricsOverride", { width: 794, height: 1123, deviceScaleFactor: 1, mobile: false });
const printShot = await send("Page.captureScreenshot", { format: "png" });
writeFileSync(join(outDir, "document-print.png"), Buffer.from(printShot.data, "base64"));

await run.cleanup();
for (const p of run.problems) console.error(`  ${p}`);
console.log(`screenshots in ${outDir}; ${run.problems.length} problems`);
