// Ticks for the studio's screen composition. In a worker: a page in the background (the speaker
// showing their slides in another window) has its timers slowed to once a second, a worker's not.
const FRAME_MS = 40; // 25 images per second
setInterval(() => postMessage(0), FRAME_MS);
