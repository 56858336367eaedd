// Plays a <video data-hls="…/master.m3u8"> HLS stream: natively where the browser can (Safari,
// iOS), through hls.js elsewhere, loaded only when a page has such a video. Nothing plays or
// downloads segments before the visitor presses play; the <track kind="captions"> children stay the
// captions (hls.js's own subtitle handling is off). Used by the building's page (player.js) and
// the screens inside a building (interior/page.js).
const NATIVE_HLS = "application/vnd.apple.mpegurl";

function failed(video, error) {
  video.classList.add("hls-failed");
  video.dispatchEvent(new CustomEvent("hls-error", { detail: error }));
  const note = video.dataset.hlsErrorMessage;
  if (note && !video.nextElementSibling?.classList.contains("hls-error")) {
    const paragraph = document.createElement("p");
    paragraph.className = "hls-error";
    paragraph.setAttribute("role", "alert");
    paragraph.textContent = note;
    video.after(paragraph);
  }
}

async function attachHls(video, source) {
  const { default: Hls } = await import("hls.js/light");
  if (!Hls.isSupported()) {
    failed(video, new Error("Media Source Extensions unavailable"));
    return;
  }
  const hls = new Hls({ autoStartLoad: false, enableWebVTT: false, enableCEA708Captions: false, capLevelToPlayerSize: true });
  let recovered = false;
  hls.on(Hls.Events.ERROR, (_event, data) => {
    if (!data.fatal) return;
    if (data.type === Hls.ErrorTypes.MEDIA_ERROR && !recovered) {
      recovered = true;
      hls.recoverMediaError();
    } else if (data.type === Hls.ErrorTypes.NETWORK_ERROR && !recovered) {
      recovered = true;
      hls.startLoad();
    } else {
      hls.destroy();
      failed(video, data);
    }
  });
  hls.loadSource(source);
  hls.attachMedia(video);
  // Fetch segments on the visitor's first play only (school networks are shared).
  video.addEventListener("play", () => hls.startLoad(), { once: true });
  video.hls = hls;
}

/** Stops a player for good (its dialog closed): no more segments are fetched. */
export function releaseVideo(video) {
  video.pause();
  video.hls?.destroy();
  video.hls = null;
}

export function prepareVideo(video) {
  const source = video.dataset.hls;
  if (!source || video.dataset.hlsReady) return;
  video.dataset.hlsReady = "true";
  video.autoplay = false;
  video.removeAttribute("autoplay");
  if (video.canPlayType(NATIVE_HLS)) {
    video.preload = "none";
    video.src = source;
    return;
  }
  attachHls(video, source).catch((error) => failed(video, error));
}

