// The building page's video players (see video.js).
import { prepareVideo } from "./video.js";

document.querySelectorAll("video[data-hls]").forEach(prepareVideo);
