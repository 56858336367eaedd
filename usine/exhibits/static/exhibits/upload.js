/* Shows how much of a large upload has been sent (progressive enhancement of a plain form).
 *
 * Markup (exhibits/exhibitor/video_page.html):
 *   <form data-upload-progress data-sending="… {percent} %" data-checking="…" data-failed="…">
 *     <div data-upload-status hidden>
 *       <label for="…">…</label><progress max="100" value="0"></progress>
 *       <p aria-live="polite" data-upload-text></p>
 *     </div>
 *   </form>
 * The form is sent with XMLHttpRequest so that upload.onprogress can move the bar; the
 * announcement changes every 10 % (not every event) so screen readers are not flooded. When the
 * server redirects elsewhere the browser follows; otherwise the page it answers (the same page
 * with "vidéo reçue", a form error, or "send other captions") replaces this one's body and focus
 * moves to its main part.
 * Without JavaScript, or in an old browser, the form posts as usual.
 */
(function () {
  "use strict";

  if (!window.XMLHttpRequest || !window.FormData || !window.DOMParser) return;

  function send(form) {
    var box = form.querySelector("[data-upload-status]");
    var bar = box.querySelector("progress");
    var text = box.querySelector("[data-upload-text]");
    var button = form.querySelector("[type=submit]");
    var lastStep = -1;
    var xhr = new XMLHttpRequest();

    function say(message) { text.textContent = message; }

    xhr.upload.onprogress = function (event) {
      if (!event.lengthComputable) return;
      var percent = Math.floor((event.loaded / event.total) * 100);
      bar.value = percent;
      var step = Math.floor(percent / 10);
      if (step !== lastStep) {
        lastStep = step;
        say(form.getAttribute("data-sending").replace("{percent}", percent));
      }
    };
    xhr.upload.onload = function () {
      bar.value = 100;
      say(form.getAttribute("data-checking"));
    };
    xhr.onload = function () {
      var target = new URL(form.action, window.location.href).href;
      if (xhr.responseURL && xhr.responseURL !== target) {
        window.location.assign(xhr.responseURL);
        return;
      }
      var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
      if (!page.querySelector("main")) { fail(); return; }
      // The whole body: the answer's messages ("vidéo reçue") sit above <main>. Its scripts do
      // not run again; those of this page listen on document and stay.
      document.title = page.title;
      document.body.innerHTML = page.body.innerHTML;
      document.querySelector("main").focus();
      document.dispatchEvent(new CustomEvent("usine:page-updated"));
    };
    xhr.onerror = fail;
    xhr.onabort = fail;

    function fail() {
      button.disabled = false;
      say(form.getAttribute("data-failed"));
    }

    box.hidden = false;
    bar.value = 0;
    button.disabled = true;
    say(form.getAttribute("data-sending").replace("{percent}", 0));
    xhr.open("POST", form.action);
    xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    xhr.send(new FormData(form));
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-upload-progress]")) return;
    event.preventDefault();
    send(form);
  });
})();
