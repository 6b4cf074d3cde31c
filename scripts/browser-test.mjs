// Browser test: serves a built site under a sub-path (/digest/) and loads its pages in
// headless Chromium through the DevTools protocol (over --remote-debugging-pipe, so no
// extra packages are needed). Fails on any console error, uncaught exception, failed
// request, HTTP error status or stylesheet that did not load.
//
//   node scripts/browser-test.mjs PUBLIC_DIR
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const publicDir = process.argv[2];
if (!publicDir) {
  console.error("usage: node scripts/browser-test.mjs PUBLIC_DIR");
  process.exit(2);
}
const chromiumBin = process.env.CHROMIUM || "/usr/bin/chromium";
const MOUNT = "digest";

const work = mkdtempSync(join(tmpdir(), "dossier-browser-"));
cpSync(publicDir, join(work, MOUNT), { recursive: true });
const problems = [];
const children = [];
const deadline = setTimeout(() => fail("timed out after 120 s"), 120_000);

async function fail(message) {
  console.error(`browser test: ${message}`);
  await cleanup();
  process.exit(1);
}

// Stop what we started (waiting for it to exit, as Chromium writes its profile until
// then), and remove the temporary folder.
async function cleanup() {
  clearTimeout(deadline);
  await Promise.all(children.map((c) => new Promise((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) return resolve();
    c.once("exit", resolve);
    try { c.kill("SIGKILL"); } catch { resolve(); }
  })));
  try {
    rmSync(work, { recursive: true, force: true, maxRetries: 5 });
  } catch (e) {
    console.error(`browser test: could not remove ${work}: ${e.message}`);
  }
}

// 1. Serve the parent folder, so the site lives at /digest/.
function serve() {
  return new Promise((resolve, reject) => {
    const server = spawn("python3", ["-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", work], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(server);
    server.on("error", reject);
    server.stdout.on("data", (d) => {
      const m = /port (\d+)/.exec(d.toString());
      if (m) resolve(Number(m[1]));
    });
    // Every request the browser makes must succeed.
    server.stderr.on("data", (d) => {
      for (const line of d.toString().split("\n")) {
        const m = /"(GET|HEAD) (\S+) [^"]*" (\d{3})/.exec(line);
        if (m && Number(m[3]) >= 400) problems.push(`server answered ${m[3]} for ${m[2]}`);
      }
    });
  });
}

// 2. Chromium, driven over the DevTools pipe (fd 3: commands in, fd 4: events out).
function launch() {
  const profile = join(work, "profile");
  const chrome = spawn(chromiumBin, [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--disable-default-apps", "--mute-audio",
    `--user-data-dir=${profile}`, "--remote-debugging-pipe", "about:blank",
  ], { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"] });
  children.push(chrome);
  chrome.on("error", (e) => fail(`cannot start ${chromiumBin}: ${e.message}`));
  const out = chrome.stdio[3];
  const inp = chrome.stdio[4];
  let nextId = 1;
  const pending = new Map();
  const listeners = [];
  let buffer = Buffer.alloc(0);
  inp.on("data", (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    let end;
    while ((end = buffer.indexOf(0)) !== -1) {
      const msg = JSON.parse(buffer.subarray(0, end).toString());
      buffer = buffer.subarray(end + 1);
      if (msg.id && pending.has(msg.id)) {
        const { resolve, reject } = pending.get(msg.id);
        pending.delete(msg.id);
        msg.error ? reject(new Error(JSON.stringify(msg.error))) : resolve(msg.result);
      } else if (msg.method) {
        for (const l of listeners) l(msg);
      }
    }
  });
  const send = (method, params = {}, sessionId) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      out.write(JSON.stringify({ id, method, params, sessionId }) + "\0");
    });
  return { send, on: (f) => listeners.push(f) };
}

function sitePages() {
  const pages = ["", "documents/", "themes/", "commentary/", "search/"];
  const docs = join(publicDir, "documents");
  for (const name of readdirSync(docs)) {
    if (statSync(join(docs, name)).isDirectory()) pages.push(`documents/${name}/`);
  }
  return pages;
}

const port = await serve();
const cdp = launch();
const { targetId } = await cdp.send("Target.createTarget", { url: "about:blank" });
const { sessionId } = await cdp.send("Target.attachToTarget", { targetId, flatten: true });
let current = "";
let loaded = null;
cdp.on((msg) => {
  if (msg.sessionId !== sessionId) return;
  const p = msg.params || {};
  switch (msg.method) {
    case "Runtime.consoleAPICalled":
      if (p.type === "error" || p.type === "assert")
        problems.push(`${current}: console.${p.type}: ${p.args.map((a) => a.value ?? a.description).join(" ")}`);
      break;
    case "Runtime.exceptionThrown":
      problems.push(`${current}: uncaught ${p.exceptionDetails.exception?.description ?? p.exceptionDetails.text}`);
      break;
    case "Log.entryAdded":
      if (p.entry.level === "error") problems.push(`${current}: ${p.entry.text} ${p.entry.url ?? ""}`);
      break;
    case "Network.loadingFailed":
      problems.push(`${current}: request failed: ${p.errorText}`);
      break;
    case "Network.responseReceived":
      if (p.response.status >= 400) problems.push(`${current}: ${p.response.status} for ${p.response.url}`);
      break;
    case "Page.loadEventFired":
      if (loaded) loaded();
      break;
  }
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
// Give the server's log a moment to arrive.
await new Promise((r) => setTimeout(r, 200));
await cleanup();
for (const p of problems) console.error(`  ${p}`);
console.log(`browser: ${passed} passed, ${pages.length - passed} failed`);
process.exit(problems.length ? 1 : 0);
