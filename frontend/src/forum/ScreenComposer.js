// The shared screen and the camera composed into the one video the stage streams: the screen
// fills a 1280×720 picture (letterboxed), the camera sits in a corner (picture-in-picture), so
// viewers see the slides and the speaker at once in one HLS stream.
const WIDTH = 1280;
const HEIGHT = 720;
const INSET = 0.25; // the camera's share of the picture's width
const MARGIN = 16;
const FPS = 25;

function playing(stream) {
  const video = document.createElement("video");
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  video.play().catch(() => {});
  return video;
}

function fit(source, width, height) {
  const scale = Math.min(width / (source.videoWidth || width), height / (source.videoHeight || height));
  return [(source.videoWidth || width) * scale, (source.videoHeight || height) * scale];
}

export class ScreenComposer {
  constructor(screenStream, cameraTrack) {
    this.screen = playing(screenStream);
    this.camera = cameraTrack ? playing(new MediaStream([cameraTrack])) : null;
    this.canvas = document.createElement("canvas");
    this.canvas.width = WIDTH;
    this.canvas.height = HEIGHT;
    this.context = this.canvas.getContext("2d");
    this.track = this.canvas.captureStream(FPS).getVideoTracks()[0];
    this.clock = null;
    this.timer = null;
  }

  start() {
    const draw = () => this.draw();
    try {
      this.clock = new Worker(new URL("./studio-clock.js", import.meta.url));
      this.clock.onmessage = draw;
    } catch (error) {
      this.timer = window.setInterval(draw, 1000 / FPS);
    }
    return this.track;
  }

  draw() {
    const ctx = this.context;
    ctx.fillStyle = "#000";
    ctx.fillRect(0, 0, WIDTH, HEIGHT);
    if (this.screen.readyState >= 2) {
      const [w, h] = fit(this.screen, WIDTH, HEIGHT);
      ctx.drawImage(this.screen, (WIDTH - w) / 2, (HEIGHT - h) / 2, w, h);
    }
    if (this.camera && this.camera.readyState >= 2) {
      const [w, h] = fit(this.camera, WIDTH * INSET, HEIGHT * INSET);
      ctx.drawImage(this.camera, WIDTH - w - MARGIN, HEIGHT - h - MARGIN, w, h);
    }
  }

  stop() {
    this.clock?.terminate();
    window.clearInterval(this.timer);
    this.track.stop();
    this.screen.srcObject?.getTracks().forEach((t) => t.stop());
    this.screen.srcObject = null;
    if (this.camera) this.camera.srcObject = null;
  }
}
