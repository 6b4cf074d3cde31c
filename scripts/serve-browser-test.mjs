// Live-reload browser test: runs `dossier serve` on a copy of the repository's digest,
// opens the home page in headless Chromium (DevTools protocol over a pipe, no npm
// packages), then edits a document and checks the page reloads; writes a broken document
// and checks the error overlay appears with the file's name; fixes it and checks the
// overlay goes.
//
//   node scripts/serve-browser-test.mjs PATH_TO_DOSSIER_BINARY
import { spawn } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const bin = process.argv[2];
const chromiumBin = process.env.CHROMIUM || "/usr/bin/chromium";
const work = mkdtempSync(join(tmpdir(), "dossier-serve-browser-"));
const site = join(work, "site");
cpSync("seeds", join(site, "seeds"), { recursive: true });
cpSync("content", join(site, "content"), { recursive: true });
const children = [];
const deadline = setTimeout(() => fail("timed out after 120 s"), 120_000);

async function fail(message) {
  console.error(`serve browser test: ${message}`);
  await cleanup();
  process.exit(1);
}

async function cleanup() {
  clearTimeout(deadline);
  await Promise.all(children.map((c) => new Promise((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) return resolve();
    c.once("exit", resolve);
    // A clean stop (the server removes its scratch folder); killed if it hangs.
    const hard = setTimeout(() => { try { c.kill("SIGKILL"); } catch { resolve(); } }, 10_000);
    c.once("exit", () => clearTimeout(hard));
    try { c.kill("SIGTERM"); } catch { resolve(); }
  })));
  rmSync(work, { recursive: true, force: true, maxRetries: 5 });
}

function serve() {
  return new Promise((resolve, reject) => {
    const server = spawn(bin, ["--root", site, "serve", "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
    children.push(server);
    server.on("error", reject);
    server.stdout.on("data", (d) => {
      const m = /serving (\S+)/.exec(d.toString());
      if (m) resolve(m[1]);
    });
  });
}

function launch() {
  const chrome = spawn(chromiumBin, [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--disable-default-apps", "--mute-audio",
    `--user-data-dir=${join(work, "profile")}`, "--remote-debugging-pipe", "about:blank",
  ], { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"] });
  children.push(chrome);
  chrome.on("error", (e) => fail(`cannot start ${chromiumBin}: ${e.message}`));
  const out = chrome.stdio[3];
  let nextId = 1;
  const pending = new Map();
  let buffer = Buffer.alloc(0);
  chrome.stdio[4].on("data", (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    let end;
    while ((end = buffer.indexOf(0)) !== -1) {
      const msg = JSON.parse(buffer.subarray(0, end).toString());
      buffer = buffer.subarray(end + 1);
      if (msg.id && pending.has(msg.id)) {
        const { resolve, reject } = pending.get(msg.id);
        pending.delete(msg.id);
        msg.error ? reject(new Error(JSON.stringify(msg.error))) : resolve(msg.result);
      }
    }
  });
  return (method, params = {}, sessionId) => new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    out.write(JSON.stringify({ id, method, params, sessionId }) + "\0");
  });
}

const url = await serve();
const send = launch();
const { targetId } = await send("Target.createTarget", { url: "about:blank" });
const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
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
const broken = join(docs, "broken-by-test.md");
writeFileSync(broken, "---\ntitle: [unclosed\n---\nbody\n");
await until("the error overlay", "(document.getElementById('dossier-overlay')||{}).textContent?.includes('broken-by-test.md:2')");
rmSync(broken);
await until("the overlay clearing after the fix", "!document.getElementById('dossier-overlay') && document.readyState === 'complete'");
console.log("serve browser test: reload after edit, overlay for a broken file, cleared after the fix: ok");
await cleanup();
process.exit(0);
