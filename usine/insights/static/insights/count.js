// Counts this visit for the fair's anonymous figures (the privacy page says what is counted):
// the page or building once on load (unless the server counted it: data-counted), each testimonial's share played once, when the page is
// left; a Forum talk's player when it starts, then the time it played each time the page is
// hidden or left. No cookie, no identifier; the server keeps no address.
(() => {
  const script = document.currentScript;
  if (!script || !window.fetch) return;
  const { url, kind, page, building, counted } = script.dataset;

  function send(data) {
    fetch(url, {
      method: "POST",
      body: JSON.stringify({ ...data, width: window.innerWidth }),
      headers: { "Content-Type": "application/json" },
      credentials: "same-origin",
      keepalive: true,
    }).catch(() => {});
  }

  // A page with a session counted its own visit as the server rendered it.
  if (counted === undefined) send(kind === "building" ? { kind, building } : { kind: "page", page });

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

  // Forum talks (live or replay): the seconds the video actually played, by the clock (a live
  // stream's own timeline restarts when the viewer changes quality).
  const forum = new Map();
  function forumState(video) {
    if (!forum.has(video)) forum.set(video, { since: null, seconds: 0, started: false });
    return forum.get(video);
  }
  function forumSend(video, seconds) {
    send({ kind: "forum", talk: video.dataset.forumTalk, replay: "forumReplay" in video.dataset, seconds });
  }
  function forumPause(video) {
    const state = forumState(video);
    if (state.since !== null) state.seconds += (performance.now() - state.since) / 1000;
    state.since = null;
  }
  document.addEventListener("playing", (event) => {
    const video = event.target;
    if (!video.matches?.("video[data-forum-talk]")) return;
    const state = forumState(video);
    if (!state.started) {
      state.started = true;
      forumSend(video, 0);
    }
    state.since = performance.now();
  }, true);
  for (const name of ["pause", "waiting", "ended", "emptied"]) {
    document.addEventListener(name, (event) => {
      if (event.target.matches?.("video[data-forum-talk]")) forumPause(event.target);
    }, true);
  }
  function reportForum() {
    forum.forEach((state, video) => {
      const playing = state.since !== null;
      forumPause(video);
      if (playing) state.since = performance.now(); // still playing, in a hidden tab
      const seconds = Math.round(state.seconds);
      if (seconds < 1) return;
      state.seconds -= seconds;
      forumSend(video, seconds);
    });
  }

  function leaving() {
    reportTestimonials();
    reportForum();
  }
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") leaving();
  });
  window.addEventListener("pagehide", leaving);
  document.addEventListener("ended", (event) => {
    if (event.target.matches?.("video[data-testimonial]")) reportTestimonials();
  }, true);
})();
