// The desk's pages refresh their live part (who is here, questions, answers) every few seconds,
// so an answer or a new question shows without reloading; forms outside that part keep what is
// being typed. An answer being written inside it (focused or not empty) pauses the refresh.
const PERIOD_MS = 8000;

function start(live) {
  let busy = false;
  async function refresh() {
    const writing = [...live.querySelectorAll("textarea")].some(
      (field) => field.value.trim() || field === document.activeElement,
    );
    if (busy || document.hidden || writing) return;
    busy = true;
    try {
      const response = await fetch(location.href, { credentials: "same-origin", headers: { Accept: "text/html" } });
      if (!response.ok) return;
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = page.querySelector("[data-desk-live]");
      if (fresh && fresh.innerHTML !== live.innerHTML) live.innerHTML = fresh.innerHTML;
    } catch {
      // Offline for a moment: the next round tries again.
    } finally {
      busy = false;
    }
  }
  setInterval(refresh, PERIOD_MS);
}

const live = document.querySelector("[data-desk-live]");
if (live) start(live);
