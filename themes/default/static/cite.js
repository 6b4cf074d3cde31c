// Document pages: old passage links (`#p-44`, anchors of edited passages) are sent to the
// passage they now mean, through the table the page carries (#anchor-aliases); and each
// passage's ¶ link gets a "Cite" button showing the document's references (from the
// "Cite this document" box, readable without JavaScript) pointing at that passage.
(() => {
  "use strict";
  const table = document.getElementById("anchor-aliases");
  let aliases = {};
  try {
    aliases = table ? JSON.parse(table.textContent) : {};
  } catch {
    aliases = {};
  }
  function follow() {
    let id = location.hash.slice(1);
    try {
      id = decodeURIComponent(id);
    } catch {
      return;
    }
    if (!id || document.getElementById(id)) return;
    const to = Object.prototype.hasOwnProperty.call(aliases, id) ? aliases[id] : null;
    if (to && document.getElementById(to)) location.replace("#" + encodeURIComponent(to));
  }
  follow();
  addEventListener("hashchange", follow);

  const box = document.querySelector(".cite-body[data-url]");
  if (!box) return;
  const base = box.dataset.url;
  const refs = [...box.querySelectorAll(".cite-ref")];
  let open = null;

  function close() {
    if (!open) return;
    open.button.setAttribute("aria-expanded", "false");
    open.pop.remove();
    open = null;
  }

  function show(button) {
    const link = button.previousElementSibling;
    const id = link.getAttribute("href").slice(1);
    const url = base + "#" + id;
    const pop = document.createElement("span");
    pop.className = "passage-pop";
    pop.setAttribute("role", "group");
    pop.setAttribute("aria-label", "Cite this passage");
    for (const ref of refs) {
      const label = document.createElement("span");
      label.className = "cite-label";
      label.textContent = ref.dataset.style === "apa" ? "APA" : "Chicago";
      const copy = ref.cloneNode(true);
      copy.removeAttribute("data-style");
      const walker = document.createTreeWalker(copy, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (n.data.includes(base)) n.data = n.data.replace(base, url);
      }
      const p = document.createElement("span");
      p.className = "cite-ref";
      p.append(...copy.childNodes);
      pop.append(label, p);
    }
    const label = document.createElement("span");
    label.className = "cite-label";
    label.textContent = "Link";
    const link2 = document.createElement("a");
    link2.href = "#" + id;
    link2.className = "passage-url";
    link2.textContent = url;
    pop.append(label, link2);
    button.after(pop);
    button.setAttribute("aria-expanded", "true");
    open = { button, pop };
  }

  for (const link of document.querySelectorAll(".doc-body .passage-link")) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "passage-cite";
    b.textContent = "Cite";
    b.setAttribute("aria-expanded", "false");
    b.setAttribute("aria-label", "Cite this passage");
    link.after(b);
  }
  document.addEventListener("click", (e) => {
    const b = e.target.closest(".passage-cite");
    if (b) {
      const again = open && open.button === b;
      close();
      if (!again) show(b);
    } else if (open && !e.target.closest(".passage-pop")) {
      close();
    }
  });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && open) {
      const b = open.button;
      close();
      b.focus();
    }
  });
})();
