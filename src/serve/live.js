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
  es.addEventListener("css", async () => {
    hide();
    const text = await (await fetch(location.href, { cache: "no-store" })).text();
    const fresh = new DOMParser().parseFromString(text, "text/html").querySelectorAll('link[rel="stylesheet"]');
    document.querySelectorAll('link[rel="stylesheet"]').forEach((l, i) => {
      if (fresh[i]) l.setAttribute("href", fresh[i].getAttribute("href"));
    });
  });
  es.addEventListener("build-error", (e) => show(JSON.parse(e.data)));
  es.addEventListener("ok", hide);
  window.__dossierLive = es;
})();
