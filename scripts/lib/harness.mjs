// What the headless-Chromium tests share: a temporary work folder with a deadline and a
// cleanup that stops every child (waiting for it, as Chromium writes its profile until
// it exits), a static server for a built site, and Chromium driven over the DevTools
// protocol through --remote-debugging-pipe (fd 3: commands in, fd 4: events out), so no
// npm packages are needed.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, resolve as resolvePath, sep } from "node:path";
import { gzipSync } from "node:zlib";

const chromiumBin = process.env.CHROMIUM || "/usr/bin/chromium";

/// A test run named `name`: `work` is its temporary folder; `fail(message)` prints the
/// message and the problems gathered so far, cleans up and exits 1.
export function harness(name, { timeoutMs = 120_000 } = {}) {
  const work = mkdtempSync(join(tmpdir(), `dossier-${name.replaceAll(" ", "-")}-`));
  const children = [];
  // In-process servers, closed at cleanup.
  const closers = [];
  // Children stopped with SIGTERM first (killed after 10 s if they hang).
  const graceful = new Set();
  const problems = [];
  let deadline = null;

  async function cleanup() {
    clearTimeout(deadline);
    for (const close of closers) close();
    await Promise.all(children.map((c) => new Promise((resolve) => {
      if (c.exitCode !== null || c.signalCode !== null) return resolve();
      c.once("exit", resolve);
      if (graceful.has(c)) {
        const hard = setTimeout(() => { try { c.kill("SIGKILL"); } catch { resolve(); } }, 10_000);
        c.once("exit", () => clearTimeout(hard));
        try { c.kill("SIGTERM"); } catch { resolve(); }
        return;
      }
      try { c.kill("SIGKILL"); } catch { resolve(); }
    })));
    try {
      rmSync(work, { recursive: true, force: true, maxRetries: 5 });
    } catch (e) {
      console.error(`${name}: could not remove ${work}: ${e.message}`);
    }
  }

  async function fail(message) {
    console.error(`${name}: ${message}`);
    for (const p of problems) console.error(`  ${p}`);
    await cleanup();
    process.exit(1);
  }

  deadline = setTimeout(() => fail(`timed out after ${timeoutMs / 1000} s`), timeoutMs);
  return { work, children, closers, graceful, problems, fail, cleanup };
}

/// Serve `run.work` over HTTP on a free loopback port, as static hosts (GitHub Pages,
/// Netlify, Cloudflare Pages) do: gzip for text, single byte ranges (the search engine
/// reads its packs by range), `dir` -> `dir/` redirects, `index.html` for folders. Every
/// answer of 400 or more is added to `run.problems`. Gives the port.
export function serveStatic(run) {
  const types = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8", ".csv": "text/csv; charset=utf-8", ".bib": "text/plain; charset=utf-8",
    ".ndjson": "application/x-ndjson", ".png": "image/png", ".pdf": "application/pdf",
  };
  const root = resolvePath(run.work);
  const answer = (res, status, headers, body, url) => {
    if (status >= 400) run.problems.push(`server answered ${status} for ${url}`);
    res.writeHead(status, headers);
    res.end(body);
  };
  const server = createServer((req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      return answer(res, 400, {}, "bad request", req.url);
    }
    let file = resolvePath(root, "." + path);
    if (file !== root && !file.startsWith(root + sep)) return answer(res, 403, {}, "forbidden", req.url);
    let info = statSync(file, { throwIfNoEntry: false });
    if (info && info.isDirectory()) {
      if (!path.endsWith("/")) return answer(res, 301, { Location: path + "/" }, "", req.url);
      file = join(file, "index.html");
      info = statSync(file, { throwIfNoEntry: false });
    }
    if (!info || !info.isFile()) return answer(res, 404, { "Content-Type": "text/plain" }, "not found", req.url);
    const bytes = readFileSync(file);
    const type = types[extname(file)] || "application/octet-stream";
    const headers = { "Content-Type": type, "Accept-Ranges": "bytes", "Cache-Control": "no-cache" };
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range || "");
    if (range && (range[1] || range[2])) {
      const len = bytes.length;
      let start = range[1] ? Number(range[1]) : Math.max(0, len - Number(range[2]));
      let end = range[1] && range[2] ? Math.min(Number(range[2]), len - 1) : len - 1;
      if (start >= len || start > end) return answer(res, 416, { "Content-Range": `bytes */${len}` }, "", req.url);
      return answer(res, 206, { ...headers, "Content-Range": `bytes ${start}-${end}/${len}` }, bytes.subarray(start, end + 1), req.url);
    }
    const textual = /^(text\/|application\/(json|xml|x-ndjson)|image\/svg)/.test(type);
    if (textual && /\bgzip\b/.test(req.headers["accept-encoding"] || "")) {
      return answer(res, 200, { ...headers, "Content-Encoding": "gzip", Vary: "Accept-Encoding" }, gzipSync(bytes), req.url);
    }
    return answer(res, 200, headers, bytes, req.url);
  });
  run.closers.push(() => { server.closeAllConnections(); server.close(); });
  server.unref();
  return new Promise((resolve, reject) => {
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server.address().port));
  });
}

/// Start Chromium; gives `send(method, params, sessionId)` (a promise of the result) and
/// `on(listener)` for protocol events.
export function launchChromium(run) {
  const chrome = spawn(chromiumBin, [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--disable-default-apps", "--mute-audio",
    `--user-data-dir=${join(run.work, "profile")}`, "--remote-debugging-pipe", "about:blank",
  ], { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"] });
  run.children.push(chrome);
  chrome.on("error", (e) => run.fail(`cannot start ${chromiumBin}: ${e.message}`));
  const out = chrome.stdio[3];
  let nextId = 1;
  const pending = new Map();
  const listeners = [];
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
      } else if (msg.method) {
        for (const l of listeners) l(msg);
      }
    }
  });
  const send = (method, params = {}, sessionId) => new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    out.write(JSON.stringify({ id, method, params, sessionId }) + "\0");
  });
  return { send, on: (f) => listeners.push(f) };
}

/// A new page: gives its DevTools session id.
export async function newPage(cdp) {
  const { targetId } = await cdp.send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await cdp.send("Target.attachToTarget", { targetId, flatten: true });
  return sessionId;
}

/// Record in `run.problems` every console error, uncaught exception, failed request and
/// HTTP error of the page `sessionId`, each prefixed with `where()`.
export function watchProblems(run, cdp, sessionId, where) {
  cdp.on((msg) => {
    if (msg.sessionId !== sessionId) return;
    const p = msg.params || {};
    switch (msg.method) {
      case "Runtime.consoleAPICalled":
        if (p.type === "error" || p.type === "assert")
          run.problems.push(`${where()}: console.${p.type}: ${p.args.map((a) => a.value ?? a.description).join(" ")}`);
        break;
      case "Runtime.exceptionThrown":
        run.problems.push(`${where()}: uncaught ${p.exceptionDetails.exception?.description ?? p.exceptionDetails.text}`);
        break;
      case "Log.entryAdded":
        if (p.entry.level === "error") run.problems.push(`${where()}: ${p.entry.text} ${p.entry.url ?? ""}`);
        break;
      case "Network.loadingFailed":
        run.problems.push(`${where()}: request failed: ${p.errorText}`);
        break;
      case "Network.responseReceived":
        if (p.response.status >= 400) run.problems.push(`${where()}: ${p.response.status} for ${p.response.url}`);
        break;
    }
  });
}
