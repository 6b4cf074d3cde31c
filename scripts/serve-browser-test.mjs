// Live-reload browser test: runs `dossier serve` on a copy of the repository's digest,
// opens the home page in headless Chromium (DevTools protocol over a pipe, no npm
// packages), then edits a document and checks the page reloads; edits the stylesheet and
// checks it is swapped without a reload; writes a broken document
// and checks the error overlay appears with the file's name; fixes it and checks the
// overlay goes.
//
//   node scripts/serve-browser-test.mjs PATH_TO_DOSSIER_BINARY
import { spawn } from "node:child_process";
import { appendFileSync, cpSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { harness, launchChromium, newPage } from "./lib/harness.mjs";

const bin = process.argv[2];
const run = harness("serve browser test");
const { fail, cleanup } = run;
const site = join(run.work, "site");
cpSync("seeds", join(site, "seeds"), { recursive: true });
cpSync("content", join(site, "content"), { recursive: true });
// A site-level stylesheet override (the default one, for now), edited below.
const style = join(site, "static", "style.css");
cpSync(join("themes", "default", "static", "style.css"), style);

function serve() {
  return new Promise((resolve, reject) => {
    const server = spawn(bin, ["--root", site, "serve", "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
    run.children.push(server);
    // Stopped cleanly, so it finishes writing the output.
    run.graceful.add(server);
    server.on("error", reject);
    server.stdout.on("data", (d) => {
      const m = /serving (\S+)/.exec(d.toString());
      if (m) resolve(m[1]);
    });
  });
}

const url = await serve();
const { send } = launchChromium(run);
const sessionId = await newPage({ send });
await send("Page.enable", {}, sessionId);
const evaluate = async (expression) => {
  try {
    const { result } = await send("Runtime.evaluate", { expression, returnByValue: true }, sessionId);
    return result.value;
  } catch { return undefined; }
};
const until = async (what, expression) => {
  for (let i = 0; i < 150; i++) {
    if (await evaluate(expression)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  await fail(`${what} did not happen within 15 s`);
};

await send("Page.navigate", { url }, sessionId);
await until("the page loading with its event stream", "document.readyState === 'complete' && window.__dossierLive && window.__dossierLive.readyState === 1");
await evaluate("window.__marker = 1");
const docs = join(site, "content", "documents");
const doc = join(docs, readdirSync(docs).filter((n) => n.endsWith(".md")).sort()[0]);
appendFileSync(doc, "\nA paragraph added by the live-reload browser test.\n");
await until("a reload after an edit", "window.__marker === undefined && document.readyState === 'complete' && window.__dossierLive && window.__dossierLive.readyState === 1");
// A stylesheet edit is applied without reloading: the page keeps its state, its
// stylesheet link names the new file, and the new rule takes effect.
await evaluate("window.__marker = 2; window.__css = document.querySelector('link[rel=stylesheet]').getAttribute('href')");
appendFileSync(style, "\nbody { outline: 3px solid rgb(1, 2, 3) }\n");
await until("the new stylesheet applied without a reload", "window.__marker === 2 && document.querySelector('link[rel=stylesheet]').getAttribute('href') !== window.__css && getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)'");
const broken = join(docs, "broken-by-test.md");
writeFileSync(broken, "---\ntitle: [unclosed\n---\nbody\n");
await until("the error overlay", "(document.getElementById('dossier-overlay')||{}).textContent?.includes('broken-by-test.md:2')");
rmSync(broken);
await until("the overlay clearing after the fix", "!document.getElementById('dossier-overlay') && document.readyState === 'complete'");
console.log("serve browser test: reload after edit, stylesheet swapped without reload, overlay for a broken file, cleared after the fix: ok");
await cleanup();
process.exit(0);
