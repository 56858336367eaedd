// Counts this visit for the fair's anonymous figures (the privacy page says what is counted):
// the page or building once on load, each testimonial's share played once, when the page is
// left. No cookie, no identifier; the server keeps no address.
(() => {
  const script = document.currentScript;
  if (!script || !window.fetch) return;
  const { url, kind, page, building } = script.dataset;

  function send(data) {
    fetch(url, {
      method: "POST",
      body: JSON.stringify({ ...data, width: window.innerWidth }),
      headers: { "Content-Type": "application/json" },
      credentials: "same-origin",
      keepalive: true,
    }).catch(() => {});
  }

  send(kind === "building" ? { kind, building } : { kind: "page", page });

  const sent = new WeakSet();
  function playedShare(video) {
    if (!video.duration || !isFinite(video.duration)) return 0;
    let seconds = 0;
    for (let i = 0; i < video.played.length; i += 1) {
      seconds += video.played.end(i) - video.played.start(i);
    }
    return Math.min(100, Math.round((100 * seconds) / video.duration));
  }
  function reportTestimonials() {
    document.querySelectorAll("video[data-testimonial]").forEach((video) => {
      if (sent.has(video) || video.played.length === 0) return;
      sent.add(video);
      send({ kind: "testimonial", testimonial: Number(video.dataset.testimonial), share: playedShare(video) });
    });
  }
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") reportTestimonials();
  });
  window.addEventListener("pagehide", reportTestimonials);
  document.addEventListener("ended", (event) => {
    if (event.target.matches?.("video[data-testimonial]")) reportTestimonials();
  }, true);
})();
