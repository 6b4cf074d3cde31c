// The filter box of a listing page (documents index, term pages): narrows the documents
// of the current page as one types, hiding year or letter groups left empty. Without
// JavaScript the box stays hidden and the page is a plain list.
(() => {
  const form = document.querySelector("[data-listing-filter]");
  if (!form) return;
  const input = form.querySelector("input");
  const status = form.querySelector("[data-filter-status]");
  const empty = document.querySelector("[data-filter-empty]");
  const fold = (s) => s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const groups = [...document.querySelectorAll("[data-group]")].map((g) => ({
    el: g,
    items: [...g.querySelectorAll(".doc-item")].map((el) => ({ el, text: fold(el.textContent) })),
  }));
  const total = groups.reduce((n, g) => n + g.items.length, 0);
  form.hidden = false;
  form.addEventListener("submit", (e) => e.preventDefault());
  let timer = 0;
  const apply = () => {
    const words = fold(input.value).split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const g of groups) {
      let here = 0;
      for (const it of g.items) {
        const ok = words.every((w) => it.text.includes(w));
        it.el.hidden = !ok;
        if (ok) here++;
      }
      g.el.hidden = here === 0;
      shown += here;
    }
    if (empty) empty.hidden = shown > 0;
    status.textContent = words.length ? `${shown} of ${total} on this page` : "";
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(apply, 60);
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && input.value) {
      input.value = "";
      apply();
    }
  });
})();
