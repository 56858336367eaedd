// Remembers where the camera was (overview pose or walker) for this tab, so that coming back
// from a building puts the visitor where they left the town.
const KEY = "usine.town.view";

export function createMemory({ storage, edition }) {
  let timer = 0;
  let lastSaved = 0;
  let latest = null;

  function write() {
    clearTimeout(timer);
    timer = 0;
    if (!latest) return;
    try {
      storage?.setItem(KEY, JSON.stringify({ edition, ...latest() }));
      lastSaved = performance.now();
    } catch {
      // Storage full or refused: the town then opens on its default view, nothing else breaks.
    }
  }

  return {
    load() {
      try {
        const view = JSON.parse(storage?.getItem(KEY) || "null");
        return view && view.edition === edition ? view : null;
      } catch {
        return null;
      }
    },
    /** `snapshot` returns the view to keep; saved at most twice a second, and at the end. */
    track(snapshot) {
      latest = snapshot;
    },
    changed() {
      if (performance.now() - lastSaved > 500) write();
      else if (!timer) timer = setTimeout(write, 500);
    },
    flush: write,
  };
}
