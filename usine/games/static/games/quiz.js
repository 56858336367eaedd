/* The building quiz without leaving the page: the answers go to the same address as without
 * JavaScript (with the pupil's token when the page has one, see {% quiz_token %}), the
 * correction is drawn under the questions and gets the focus so that it is read out. When
 * anything goes wrong the form is sent the ordinary way. */
(function () {
  "use strict";
  var form = document.getElementById("quiz-form");
  var result = document.getElementById("quiz-result");
  if (!form || !result || !window.fetch) return;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        result.innerHTML = data.html;
        // A pupil's stamp: the session bar shows the passport at once (session-bar.js).
        if (data.passport) {
          document.dispatchEvent(new CustomEvent("usine:passport", { detail: data.passport }));
        }
        var outcome = result.querySelector("#quiz-outcome");
        if (outcome) outcome.focus();
        button.disabled = false;
      })
      .catch(function () {
        form.submit();
      });
  });
})();
