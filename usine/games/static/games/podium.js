/* Keeps a podium of the class challenge live: <div data-podium data-url="…/podium.json?…"
 * data-version="…" [data-top="3"]>. In a [data-podium-panel] (the town's and the text view's
 * box), the panel's form [data-podium-filters] switches at once between the week, one day and
 * one level; without this script it opens the challenge's page instead.
 *
 * The box asks every POLL_MS with the version it shows (`v`); the answer is {version}, plus
 * {html} only when the standings moved: the box is drawn again then and its live region reads
 * it out. */
(function () {
  "use strict";
  var POLL_MS = 15000;
  var box = document.querySelector("[data-podium]");
  if (!box) return;
  var panel = box.closest("[data-podium-panel]");
  var form = panel ? panel.querySelector("[data-podium-filters]") : null;
  var version = box.getAttribute("data-version") || "";
  var pending = null; // the request in flight, aborted when the choice changes

  function address() {
    var url = new URL(box.getAttribute("data-url"), window.location.href);
    if (form) {
      new FormData(form).forEach(function (value, name) {
        if (value) url.searchParams.set(name, value);
        else url.searchParams.delete(name);
      });
    }
    if (box.dataset.top) url.searchParams.set("top", box.dataset.top);
    if (version) url.searchParams.set("v", version);
    return url.toString();
  }

  function load() {
    if (pending) pending.abort();
    var controller = new AbortController();
    pending = controller;
    box.setAttribute("aria-busy", "true");
    fetch(address(), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      signal: controller.signal,
    })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        if (typeof data.html === "string") box.innerHTML = data.html;
        version = data.version || "";
        box.setAttribute("data-version", version);
      })
      .catch(function () { /* offline a moment, or replaced by a newer choice: the next poll */ })
      .finally(function () {
        if (pending === controller) {
          pending = null;
          box.removeAttribute("aria-busy");
        }
      });
  }

  if (form) {
    var choose = function (event) {
      if (event.type === "submit") event.preventDefault();
      version = ""; // another ranking: draw it whatever the version
      load();
    };
    form.addEventListener("change", choose);
    form.addEventListener("submit", choose);
  }
  if (!version) load(); // a box the page could not draw (the 3D town, cached for everyone)
  window.setInterval(function () {
    if (!document.hidden && !pending) load();
  }, POLL_MS);
})();
