/* Follows a scheduler run without reloading the page (organizer's run page).
 *
 * Markup: <div data-run-progress data-url="…/avancement"><progress …></progress>
 *         <p aria-live="polite" data-progress-text>…</p></div>
 * Polls the JSON endpoint every second like media/progress.js; when the run is done or failed,
 * it announces it and reloads the page, which then shows the result.
 */
(function () {
  "use strict";

  var DONE = { done: true, failed: true };

  function follow(box) {
    var url = box.getAttribute("data-url");
    var bar = box.querySelector("progress");
    var text = box.querySelector("[data-progress-text]");
    var busy = false;
    var timer = window.setInterval(poll, 1000);

    function poll() {
      if (busy) return;
      busy = true;
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (data) {
          if (bar) bar.value = data.progress;
          var line = data.status_label + " — " + data.progress + " %";
          if (text.textContent !== line) text.textContent = line;
          if (DONE[data.status]) {
            window.clearInterval(timer);
            window.setTimeout(function () { window.location.reload(); }, 500);
          }
        })
        .catch(function () { /* a dropped request must not stop the follow-up */ })
        .finally(function () { busy = false; });
    }
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-run-progress]"), follow);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
