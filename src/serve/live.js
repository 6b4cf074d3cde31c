(() => {
  // dossier serve: live reload (injected by the preview server only).
  const key = "dossier-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    const y = Number(saved);
    const restore = () => window.scrollTo(0, y);
    if (document.readyState === "complete") restore(); else addEventListener("load", restore);
  }
  const hide = () => { const o = document.getElementById("dossier-overlay"); if (o) o.remove(); };
  const show = (err) => {
    hide();
    const o = document.createElement("div");
    o.id = "dossier-overlay";
    o.setAttribute("role", "alert");
    o.style.cssText = "position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,20,.92);color:#fff;font:14px/1.5 monospace;padding:2em;overflow:auto;white-space:pre-wrap";
    const h = document.createElement("strong");
    h.textContent = "Build failed: " + err.file + (err.line ? ":" + err.line : "");
    const m = document.createElement("div");
    m.textContent = err.message;
    o.append(h, m);
    document.body.append(o);
  };
  const es = new EventSource("/__dossier/events");
  es.addEventListener("reload", () => { sessionStorage.setItem(key, String(window.scrollY)); location.reload(); });
  es.addEventListener("css", async (e) => {
    hide();
    const links = document.querySelectorAll('link[rel="stylesheet"]');
    let renamed = [];
    try { renamed = JSON.parse(e.data); } catch (_) { renamed = []; }
    if (renamed.length) {
      // [old file name, new file name]: the page itself is being rewritten.
      links.forEach((l) => {
        const href = l.getAttribute("href");
        const hit = renamed.find(([from]) => href.endsWith(from));
        if (hit) l.setAttribute("href", href.slice(0, href.length - hit[0].length) + hit[1]);
      });
      return;
    }
    const text = await (await fetch(location.href, { cache: "no-store" })).text();
    const fresh = new DOMParser().parseFromString(text, "text/html").querySelectorAll('link[rel="stylesheet"]');
    links.forEach((l, i) => {
      if (fresh[i]) l.setAttribute("href", fresh[i].getAttribute("href"));
    });
  });
  es.addEventListener("build-error", (e) => show(JSON.parse(e.data)));
  es.addEventListener("ok", hide);
  window.__dossierLive = es;
})();
