/* Keeps the live exchange's state up to date on the teacher's console.
 *
 * Markup: <div data-exchange-state data-url="…/echange/etat" aria-live="polite">…</div>;
 * the JSON endpoint answers {html, …}: the block is drawn again when it changed, and the live
 * region reads the change out.
 */
(function () {
  "use strict";

  function follow(box) {
    var url = box.getAttribute("data-url");
    var last = null;
    var busy = false;
    window.setInterval(function () {
      if (busy) return;
      busy = true;
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (data) {
          if (last !== null && data.html !== last) box.innerHTML = data.html;
          last = data.html;
        })
        .catch(function () { /* the next poll tries again */ })
        .finally(function () { busy = false; });
    }, 5000);
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-exchange-state]"), follow);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
