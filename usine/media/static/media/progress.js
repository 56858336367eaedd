/* Follows a video's transcoding without reloading the page.
 *
 * Markup (usine/media/templates/media/_progress.html):
 *   <div data-video-progress data-url="/api/videos/7/progress" [data-reload]>
 *     <progress max="100" value="0"></progress>
 *     <p aria-live="polite" data-progress-text>…</p>
 *   </div>
 * Polls the JSON endpoint every second, moves the bar, and announces the state politely (on a
 * status change and every 25 %, not every second, so screen readers are not flooded). When the
 * video is ready or failed it stops, shows the outcome, and reloads the page if data-reload is set.
 */
(function () {
  "use strict";

  var DONE = { ready: true, failed: true };

  function follow(box) {
    var url = box.getAttribute("data-url");
    var bar = box.querySelector("progress");
    var text = box.querySelector("[data-progress-text]");
    var lastStatus = null;
    var lastStep = -1;
    var busy = false;
    var timer = window.setInterval(poll, 1000);

    function say(data) {
      var step = Math.floor(data.progress / 25);
      if (data.status === lastStatus && step === lastStep) return;
      lastStatus = data.status;
      lastStep = step;
      if (data.status === "failed") {
        text.textContent = data.status_label + " : " + data.error;
      } else if (data.status === "ready") {
        text.textContent = data.status_label;
      } else {
        text.textContent = data.status_label + " — " + data.progress + " %";
      }
    }

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
          say(data);
          if (DONE[data.status]) {
            window.clearInterval(timer);
            box.setAttribute("data-status", data.status);
            if (box.hasAttribute("data-reload")) window.setTimeout(function () { window.location.reload(); }, 1500);
          }
        })
        .catch(function () {
          /* A dropped request on a school network must not stop the follow-up: try again. */
        })
        .finally(function () { busy = false; });
    }
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-video-progress]"), function (box) {
      if (box.hasAttribute("data-followed")) return;
      box.setAttribute("data-followed", "");
      follow(box);
    });
  }

  // A page part replaced in place (exhibits/upload.js) may bring new videos to follow.
  document.addEventListener("usine:page-updated", start);

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
