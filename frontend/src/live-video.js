// The live exchange's video, in the browser: janus.js (npm "janus-gateway", the client of the
// Janus 1.1 server) talking to Janus's VideoRoom over WebSocket.
//
// The page gives, in a JSON script #live-video-config, only what the viewer's role allows (see
// usine/live/video.py): everyone gets a short-lived Janus token, the room and its pin and
// subscribes to the publishers; only a publishing role (the professional, the teacher) gets a
// publisher token. A page without it never asks for the camera or microphone.
// Texts come translated in #live-video-messages.
import Janus from "janus-gateway";
import adapter from "webrtc-adapter";

const PLUGIN = "janus.plugin.videoroom";
const POLL_WAITING_MS = 3000; // how often to look for publishers while there is no video
const POLL_WATCHING_MS = 8000; // …and once there is some (a teacher may start their camera later)
const RETRY_MAX_MS = 30000;

function readJSON(id) {
  const element = document.getElementById(id);
  return element ? JSON.parse(element.textContent) : null;
}

class LiveVideo {
  constructor(root, config, messages) {
    this.root = root;
    this.config = config;
    this.messages = messages;
    this.status = root.querySelector("[data-live-video-status]");
    this.remote = root.querySelector("[data-live-video-remote]");
    this.local = root.querySelector("[data-live-video-local]");
    this.publishButton = root.querySelector("[data-live-video-publish]");
    this.soundButton = root.querySelector("[data-live-video-sound]");
    this.janus = null;
    this.lister = null;
    this.publisher = null;
    this.ownFeed = null;
    this.publishing = false;
    this.feeds = new Map(); // feed id → {handle, video, stream}
    this.muted = true;
    this.retries = 0;
    this.pollTimer = null;
  }

  start() {
    this.say("connecting");
    this.soundButton?.addEventListener("click", () => this.toggleSound());
    this.publishButton?.addEventListener("click", () => this.togglePublishing());
    Janus.init({
      debug: false,
      dependencies: Janus.useDefaultDependencies({ adapter }),
      callback: () => {
        if (!Janus.isWebrtcSupported()) {
          this.say("noWebrtc");
          return;
        }
        this.connect();
      },
    });
  }

  say(key) {
    this.root.dataset.state = key;
    if (this.status) this.status.textContent = this.messages[key] || "";
  }

  connect() {
    this.janus = new Janus({
      server: this.config.server,
      token: this.config.token,
      iceServers: this.config.iceServers,
      success: () => {
        this.retries = 0;
        this.attachLister();
        if (this.config.canPublish && this.config.publishOnLoad) this.startPublishing();
      },
      error: () => this.retry(),
    });
  }

  // Reconnects with exponential backoff and jitter, so that a class does not hammer Janus at once.
  retry() {
    this.say(this.retries === 0 ? "reconnecting" : "unavailable");
    this.teardown();
    const delay = Math.min(RETRY_MAX_MS, 1000 * 2 ** this.retries) * (0.5 + Math.random() / 2);
    this.retries += 1;
    window.setTimeout(() => this.connect(), delay);
  }

  teardown() {
    window.clearTimeout(this.pollTimer);
    for (const feed of this.feeds.values()) feed.video.closest("figure")?.remove();
    this.feeds.clear();
    this.lister = null;
    this.publisher = null;
    this.ownFeed = null;
    if (this.publishing) this.showLocal(null);
    this.publishing = false;
    const janus = this.janus;
    this.janus = null;
    if (janus) {
      try {
        janus.destroy({ cleanupHandles: true, notifyDestroyed: false });
      } catch (error) {
        // the connection is already gone
      }
    }
  }

  // One handle that only lists the room's publishers; subscribing needs their feed ids.
  attachLister() {
    this.janus.attach({
      plugin: PLUGIN,
      success: (handle) => {
        this.lister = handle;
        this.poll();
      },
      error: () => this.retry(),
    });
  }

  poll() {
    if (!this.lister) return;
    this.lister.send({
      message: { request: "listparticipants", room: this.config.room },
      success: (answer) => {
        const publishers = (answer?.participants || []).filter(
          (p) => p.publisher && p.id !== this.ownFeed,
        );
        const present = new Set(publishers.map((p) => p.id));
        for (const id of [...this.feeds.keys()]) if (!present.has(id)) this.unsubscribe(id);
        for (const p of publishers) if (!this.feeds.has(p.id)) this.subscribe(p.id, p.display);
        if (this.feeds.size === 0 && !this.publishing) this.say("waiting");
        this.pollTimer = window.setTimeout(
          () => this.poll(),
          this.feeds.size ? POLL_WATCHING_MS : POLL_WAITING_MS,
        );
      },
      error: () => this.retry(),
    });
  }

  subscribe(feedId, display) {
    const figure = document.createElement("figure");
    figure.className = "live-video__feed";
    const video = document.createElement("video");
    video.autoplay = true;
    video.playsInline = true;
    video.muted = this.muted;
    video.dataset.feed = String(feedId);
    const caption = document.createElement("figcaption");
    caption.textContent = display || "";
    figure.append(video, caption);
    this.remote.append(figure);
    const feed = { handle: null, video, stream: new MediaStream() };
    this.feeds.set(feedId, feed);
    this.janus.attach({
      plugin: PLUGIN,
      success: (handle) => {
        feed.handle = handle;
        handle.send({
          message: {
            request: "join",
            ptype: "subscriber",
            room: this.config.room,
            pin: this.config.pin,
            streams: [{ feed: feedId }],
          },
        });
      },
      error: () => this.unsubscribe(feedId),
      onmessage: (message, jsep) => {
        if (message.error) {
          this.unsubscribe(feedId);
          return;
        }
        if (!jsep) return;
        // Receive only: the answer captures nothing (no camera, no microphone).
        feed.handle.createAnswer({
          jsep,
          tracks: [{ type: "data" }],
          success: (answer) =>
            feed.handle.send({ message: { request: "start", room: this.config.room }, jsep: answer }),
          error: () => this.unsubscribe(feedId),
        });
      },
      onremotetrack: (track, mid, on) => {
        if (on) {
          feed.stream.getTracks().filter((t) => t.kind === track.kind).forEach((t) => feed.stream.removeTrack(t));
          feed.stream.addTrack(track);
          if (video.srcObject !== feed.stream) video.srcObject = feed.stream;
          video.play().catch(() => {});
          this.say("live");
        } else {
          feed.stream.getTracks().filter((t) => t.id === track.id).forEach((t) => feed.stream.removeTrack(t));
        }
      },
      oncleanup: () => {
        feed.stream.getTracks().forEach((t) => feed.stream.removeTrack(t));
      },
    });
  }

  unsubscribe(feedId) {
    const feed = this.feeds.get(feedId);
    if (!feed) return;
    this.feeds.delete(feedId);
    feed.video.closest("figure")?.remove();
    feed.handle?.detach();
  }

  toggleSound() {
    this.muted = !this.muted;
    for (const feed of this.feeds.values()) feed.video.muted = this.muted;
    this.soundButton.textContent = this.messages[this.muted ? "unmute" : "mute"];
    this.soundButton.setAttribute("aria-pressed", String(!this.muted));
  }

  togglePublishing() {
    if (this.publishing) this.stopPublishing();
    else this.startPublishing();
  }

  startPublishing() {
    if (!this.config.canPublish || !this.config.publisherToken || !this.janus) return;
    this.publishing = true;
    this.updatePublishButton();
    if (this.publisher) {
      this.offer();
      return;
    }
    this.janus.attach({
      plugin: PLUGIN,
      success: (handle) => {
        this.publisher = handle;
        handle.send({
          message: {
            request: "join",
            ptype: "publisher",
            room: this.config.room,
            pin: this.config.pin,
            token: this.config.publisherToken,
            display: this.config.display,
          },
        });
      },
      error: () => this.publishFailed("unavailable"),
      onmessage: (message, jsep) => {
        if (message.error) {
          this.publishFailed("unavailable");
          return;
        }
        if (message.videoroom === "joined") {
          this.ownFeed = message.id;
          if (this.publishing) this.offer();
        }
        if (jsep) this.publisher.handleRemoteJsep({ jsep });
      },
      onlocaltrack: (track, on) => {
        if (track.kind !== "video") return;
        this.showLocal(on ? new MediaStream([track]) : null);
      },
      webrtcState: (up) => {
        if (up) this.say("publishing");
      },
    });
  }

  offer() {
    this.publisher.createOffer({
      tracks: [
        { type: "audio", capture: true, recv: false },
        { type: "video", capture: true, recv: false },
      ],
      success: (jsep) =>
        this.publisher.send({ message: { request: "configure", audio: true, video: true }, jsep }),
      error: () => this.publishFailed("cameraDenied"),
    });
  }

  stopPublishing() {
    this.publishing = false;
    this.updatePublishButton();
    this.publisher?.send({ message: { request: "unpublish" } });
    this.publisher?.hangup();
    this.showLocal(null);
    this.say(this.feeds.size ? "live" : "waiting");
  }

  publishFailed(key) {
    this.publishing = false;
    this.updatePublishButton();
    this.showLocal(null);
    this.say(key);
  }

  updatePublishButton() {
    if (!this.publishButton) return;
    this.publishButton.textContent = this.messages[this.publishing ? "stopCamera" : "startCamera"];
    this.publishButton.setAttribute("aria-pressed", String(this.publishing));
  }

  showLocal(stream) {
    if (!this.local) return;
    this.local.hidden = !stream;
    this.local.srcObject = stream;
    if (stream) this.local.play().catch(() => {});
  }
}

const root = document.querySelector("[data-live-video]");
const config = readJSON("live-video-config");
if (root && config) {
  const video = new LiveVideo(root, config, readJSON("live-video-messages") || {});
  window.usineLiveVideo = video; // for the browser tests and for debugging
  video.start();
}
