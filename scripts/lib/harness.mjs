// What the headless-Chromium tests share: a temporary work folder with a deadline and a
// cleanup that stops every child (waiting for it, as Chromium writes its profile until
// it exits), a static server for a built site, and Chromium driven over the DevTools
// protocol through --remote-debugging-pipe (fd 3: commands in, fd 4: events out), so no
// npm packages are needed.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const chromiumBin = process.env.CHROMIUM || "/usr/bin/chromium";

/// A test run named `name`: `work` is its temporary folder; `fail(message)` prints the
/// message and the problems gathered so far, cleans up and exits 1.
export function harness(name, { timeoutMs = 120_000 } = {}) {
  const work = mkdtempSync(join(tmpdir(), `dossier-${name.replaceAll(" ", "-")}-`));
  const children = [];
  // Children stopped with SIGTERM first (killed after 10 s if they hang).
  const graceful = new Set();
  const problems = [];
  let deadline = null;

  async function cleanup() {
    clearTimeout(deadline);
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
  return { work, children, graceful, problems, fail, cleanup };
}

/// Serve `run.work` over HTTP on a free loopback port (Python's http.server); every
/// answer of 400 or more is added to `run.problems`. Gives the port.
export function serveStatic(run) {
  return new Promise((resolve, reject) => {
    const server = spawn("python3", ["-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", run.work], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    run.children.push(server);
    server.on("error", reject);
    server.stdout.on("data", (d) => {
      const m = /port (\d+)/.exec(d.toString());
      if (m) resolve(Number(m[1]));
    });
    server.stderr.on("data", (d) => {
      for (const line of d.toString().split("\n")) {
        const m = /"(GET|HEAD) (\S+) [^"]*" (\d{3})/.exec(line);
        if (m && Number(m[3]) >= 400) run.problems.push(`server answered ${m[3]} for ${m[2]}`);
      }
    });
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
