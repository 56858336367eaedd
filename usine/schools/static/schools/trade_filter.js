// The class form's trade filter: hides the trades that do not match what is typed. Without
// JavaScript the grouped checkboxes work as they are; the box stays hidden.
(function () {
  "use strict";
  const box = document.querySelector("[data-trade-filter]");
  if (!box) return;
  const input = box.querySelector("input");
  const status = box.querySelector("[role=status]");
  const items = Array.from(document.querySelectorAll("[data-trade]"));
  const families = Array.from(document.querySelectorAll("[data-trade-family]"));

  // Lower case without accents, as the server folds the searched text (exhibits/trades.py).
  const fold = (text) => text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();

  function apply() {
    const words = fold(input.value).split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const item of items) {
      const checked = item.querySelector("input").checked;
      const match = words.every((word) => item.dataset.search.includes(word));
      item.hidden = !(match || checked);
      if (match) shown += 1;
    }
    for (const family of families) {
      family.hidden = !family.querySelector("[data-trade]:not([hidden])");
    }
    if (!words.length) status.textContent = "";
    else if (shown === 0) status.textContent = box.dataset.none;
    else if (shown === 1) status.textContent = box.dataset.one;
    else status.textContent = box.dataset.many.replace("{n}", String(shown));
  }

  input.addEventListener("input", apply);
  // Enter in the search box filters; it does not send the form half filled.
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") event.preventDefault();
  });
  box.hidden = false;
})();
