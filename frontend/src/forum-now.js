// Keeps the Forum's "live now" and "next" (forum/_on_air.html) current on a page that stays
// open: every few seconds it reads the same piece from the server (front-cached, one render a
// second for everyone) and swaps it in when it changed. Nothing else of the page is touched.
const EVERY_MS = 10_000;

export function keepForumCurrent(section, { every = EVERY_MS } = {}) {
  const url = section?.dataset.refreshUrl;
  const target = section?.querySelector("[data-forum-now]");
  if (!url || !target) return () => {};
  let stopped = false;
  let timer;
  async function refresh() {
    try {
      const response = await fetch(url, { credentials: "same-origin", cache: "no-cache" });
      if (response.ok) {
        const page = new DOMParser().parseFromString(await response.text(), "text/html");
        const fresh = page.querySelector("[data-forum-now]");
        if (fresh && fresh.innerHTML.trim() !== target.innerHTML.trim()) target.replaceChildren(...fresh.childNodes);
      }
    } catch {
      // Offline for a moment: the next round tries again.
    }
    if (!stopped) timer = setTimeout(refresh, every);
  }
  timer = setTimeout(refresh, every);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
