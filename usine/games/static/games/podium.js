/* Keeps the challenge's podium live: <div data-podium data-url="…/podium.json?…">; the JSON
 * answers {html}; the block is drawn again when it changed (its live region reads it out). */
(function () {
  "use strict";
  var box = document.querySelector("[data-podium]");
  if (!box) return;
  var url = box.getAttribute("data-url");
  var last = box.innerHTML;
  var busy = false;
  window.setInterval(function () {
    if (busy || document.hidden) return;
    busy = true;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        if (data.html !== last) box.innerHTML = data.html;
        last = data.html;
      })
      .catch(function () { /* the next poll tries again */ })
      .finally(function () { busy = false; });
  }, 15000);
})();
