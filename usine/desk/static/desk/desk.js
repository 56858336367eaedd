// The desk's pages keep their live part (who is here, questions, answers) up to date without a
// reload: every few seconds they read a small JSON version of it (views.*_state, live.py) and
// fetch the page again only when it moved; forms outside that part keep what is being typed. An
// answer being written inside it (focused or not empty) pauses the refresh. When the desk's
// camera starts or stops, the page is loaded again.
const PERIOD_MS = 8000;

function start(live) {
  let version = live.dataset.deskVersion;
  let busy = false;

  const writing = () =>
    [...live.querySelectorAll("textarea")].some((field) => field.value.trim() || field === document.activeElement);

  async function current() {
    const response = await fetch(live.dataset.deskState, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok) return null;
    return (await response.json()).version ?? null;
  }

  async function refresh() {
    if (busy || document.hidden || writing()) return;
    busy = true;
    try {
      const fresh = await current();
      if (!fresh || fresh === version) return;
      const response = await fetch(location.href, { credentials: "same-origin", headers: { Accept: "text/html" } });
      if (!response.ok || writing()) return;
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const part = page.querySelector("[data-desk-live]");
      if (!part) return;
      // The desk's camera started or stopped: the video lives outside this part, so the whole
      // page is drawn again (a host's page whose camera stopped then leads to the questions).
      if ((part.dataset.deskCamera ?? "") !== (live.dataset.deskCamera ?? "")) {
        location.reload();
        return;
      }
      if (part.innerHTML !== live.innerHTML) live.innerHTML = part.innerHTML;
      version = part.dataset.deskVersion || fresh;
    } catch {
      // Offline for a moment: the next round tries again.
    } finally {
      busy = false;
    }
  }
  setInterval(refresh, PERIOD_MS);
}

const live = document.querySelector("[data-desk-live][data-desk-state]");
if (live) start(live);
