/* Keeps the live exchange's state up to date on the teacher's console.
 *
 * Markup: <div data-exchange-state data-url="…/echange/etat" aria-live="polite">…</div>;
 * the JSON endpoint answers {html, link, …}: the block is drawn again when it changed, and the
 * live region reads the change out; `link` is the way into the exchange (or when it will show),
 * drawn again in [data-exchange-link].
 */
(function () {
  "use strict";

  function follow(box) {
    var url = box.getAttribute("data-url");
    var last = null;
    var link = document.querySelector("[data-exchange-link]");
    // From what the page was drawn with: a change before the first poll is drawn too.
    var lastLink = link ? link.innerHTML.trim() : null;
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
          // The button into the exchange shows when its time comes (no reload needed).
          if (link && typeof data.link === "string") {
            if (data.link !== lastLink) link.innerHTML = data.link;
            lastLink = data.link;
          }
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
