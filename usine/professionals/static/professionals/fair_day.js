/* Keeps the organizers' fair-day console up to date without reloading the page.
 *
 * Markup: <div data-fair-day data-url="…/etat" data-seconds="10">…</div> holds the page's body;
 * the JSON endpoint answers {alerts: [{key, message}], html, now, …}. Every few seconds the body
 * is drawn again from `html` (one template for the page and its refreshes) and each alert not
 * seen before is read out through the page's aria-live region. Focus stays where it was when the
 * focused element (a link, by its href) is drawn again. Without JavaScript the page has a
 * "Rafraîchir" link.
 */
(function () {
  "use strict";

  function message(name) {
    var node = document.querySelector('[data-message="' + name + '"]');
    return node ? node.textContent : "";
  }

  function follow(box) {
    var url = box.getAttribute("data-url");
    var seconds = parseInt(box.getAttribute("data-seconds"), 10) || 10;
    var announce = document.querySelector("[data-fair-day-announce]");
    var updated = document.querySelector("[data-fair-day-updated]");
    var auto = document.querySelector("[data-fair-day-auto]");
    var known = {};
    Array.prototype.forEach.call(box.querySelectorAll("[data-alert]"), function (node) {
      known[node.getAttribute("data-alert")] = true;
    });
    var busy = false;
    var last = null;
    if (auto) auto.hidden = false;

    function redraw(html) {
      if (html === last) return;
      last = html;
      var focused = document.activeElement;
      var href = focused && box.contains(focused) ? focused.getAttribute("href") : null;
      box.innerHTML = html;
      if (href) {
        var again = box.querySelector('a[href="' + href.replace(/"/g, '\\"') + '"]');
        if (again) again.focus();
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
          redraw(data.html);
          var fresh = [];
          var now = {};
          data.alerts.forEach(function (alert) {
            now[alert.key] = true;
            if (!known[alert.key]) fresh.push(alert.message);
          });
          known = now;
          if (fresh.length && announce) {
            announce.textContent = message("new-alert") + " " + fresh.join(" ");
          }
          if (updated) {
            var time = new Date(data.now).toLocaleTimeString(document.documentElement.lang || "fr");
            updated.textContent = message("updated").replace("{time}", time);
          }
        })
        .catch(function () {
          if (updated) updated.textContent = message("lost");
        })
        .finally(function () { busy = false; });
    }

    window.setInterval(poll, seconds * 1000);
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-fair-day]"), follow);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
