// The building page's video players (see video.js).
import { prepareVideo } from "./video.js";

document.querySelectorAll("video[data-hls]").forEach(prepareVideo);

// A Forum replay's chapters (the questions answered on air): each button plays from its time.
document.querySelectorAll("[data-chapters]").forEach((list) => {
  const video = document.getElementById(list.dataset.chapters);
  list.addEventListener("click", (event) => {
    const button = event.target.closest("[data-seek]");
    if (!button || !video) return;
    video.currentTime = Number(button.dataset.seek);
    video.play().catch(() => {});
  });
});
