// The speaker's studio: camera and microphone (and a shared screen composed with the camera)
// published into the stage's Janus room, a preview, and where the speaker stands: camera off,
// backstage (the organizers see them), on air (the public does), the talk over.
//
// Only a talk's speaker gets a publisher token (usine/live/video.py's rules); they publish under
// an id of their own in the talk (feedBase + a random part: a reconnecting tab never collides
// with its ghost), by which the server forwards the right feeds to the stage's packager. When
// the connection to Janus is lost, the page connects again and publishes the same camera again
// by itself: the server puts the new feed on air in place of the lost one.
import Janus from "janus-gateway";
import adapter from "webrtc-adapter";
import { ScreenComposer } from "./ScreenComposer.js";

const PLUGIN = "janus.plugin.videoroom";
const ID_TAKEN = 436; // VideoRoom: a publisher with this id is already in the room
const STATE_POLL_MS = 3000;
const CAMERA = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 25 } };

export class Studio {
  constructor(root, config, messages) {
    this.root = root;
    this.config = config;
    this.messages = messages;
    this.status = root.querySelector("[data-studio-status]");
    this.preview = root.querySelector("[data-studio-preview]");
    this.publishButton = root.querySelector("[data-studio-publish]");
    this.screenButton = root.querySelector("[data-studio-screen]");
    this.janus = null;
    this.handle = null;
    this.camera = null; // the camera and microphone's MediaStream
    this.composer = null;
    this.publishing = false; // the camera is meant to be on
    this.resume = false; // …and goes back on once Janus answers again
    this.connected = false; // …and Janus receives it
    this.talkState = document.querySelector("[data-talk-state]")?.dataset.talkState || "";
    this.problem = "";
  }

  start() {
    this.publishButton?.addEventListener("click", () =>
      this.publishing ? this.stopPublishing() : this.startPublishing(),
    );
    this.screenButton?.addEventListener("click", () =>
      this.composer ? this.stopScreen() : this.shareScreen(),
    );
    this.pollState();
    Janus.init({
      debug: false,
      dependencies: Janus.useDefaultDependencies({ adapter }),
      callback: () => {
        if (!Janus.isWebrtcSupported()) return this.fail("noWebrtc");
        this.connect();
      },
    });
  }

  connect() {
    this.janus = new Janus({
      server: this.config.server,
      token: this.config.token,
      iceServers: this.config.iceServers,
      success: () => {
        this.problem = "";
        this.show();
        if (this.resume && this.camera) this.publish();
        this.resume = false;
      },
      error: () => {
        this.connected = false;
        this.handle = null;
        this.fail("reconnecting");
        window.setTimeout(() => this.connect(), 3000);
        if (this.publishing) this.resume = true;
        this.updateButtons();
      },
    });
  }

  // The talk's state as the server knows it, for the "on air" sign.
  async pollState() {
    try {
      const response = await fetch(this.config.stateUrl, { credentials: "same-origin" });
      if (response.ok) {
        const state = await response.json();
        this.talkState = state.state;
        const label = document.querySelector("[data-talk-state]");
        if (label) {
          label.dataset.talkState = state.state;
          label.textContent = state.stateLabel;
        }
        this.show();
      }
    } catch (error) {
      // the next poll tries again
    }
    window.setTimeout(() => this.pollState(), STATE_POLL_MS);
  }

  show() {
    let key = "off";
    if (this.problem) key = this.problem;
    else if (this.publishing && !this.connected) key = "connecting";
    else if (this.connected && this.talkState === "live") key = "onAir";
    else if (this.connected && this.talkState === "ended") key = "ended";
    else if (this.connected) key = "backstage";
    this.root.dataset.state = key;
    if (this.status) this.status.textContent = this.messages[key] || "";
  }

  fail(key) {
    this.problem = key;
    this.show();
  }

  async startPublishing() {
    if (!this.janus || !this.config.publisherToken) return;
    this.problem = "";
    try {
      this.camera = await navigator.mediaDevices.getUserMedia({ audio: true, video: this.cameraSize() });
    } catch (error) {
      return this.fail("cameraDenied");
    }
    this.setPreview(this.camera);
    this.publish();
  }

  // A round table's camera sends the size of its tile in the composed picture.
  cameraSize() {
    const size = this.config.camera;
    if (!size) return CAMERA;
    return { ...CAMERA, width: { ideal: size.width }, height: { ideal: size.height } };
  }

  publish() {
    this.publishing = true;
    this.updateButtons();
    this.show();
    this.janus.attach({
      plugin: PLUGIN,
      success: (handle) => {
        this.handle = handle;
        this.join();
      },
      error: () => this.fail("unavailable"),
      onmessage: (message, jsep) => this.onMessage(message, jsep),
      webrtcState: (up) => {
        this.connected = up;
        this.show();
      },
    });
  }

  join() {
    const id = this.config.feedBase + 1 + Math.floor(Math.random() * (this.config.feedSpan - 1));
    this.handle.send({
      message: {
        request: "join",
        ptype: "publisher",
        room: this.config.room,
        pin: this.config.pin,
        token: this.config.publisherToken,
        display: this.config.display,
        id,
      },
    });
  }

  onMessage(message, jsep) {
    if (message.error_code === ID_TAKEN) return this.join();
    if (message.error) return this.fail("unavailable");
    if (message.videoroom === "joined") this.offer();
    if (jsep) this.handle.handleRemoteJsep({ jsep });
  }

  offer() {
    const audio = this.camera.getAudioTracks()[0];
    const video = this.composer ? this.composer.track : this.camera.getVideoTracks()[0];
    const tracks = [];
    if (audio) tracks.push({ type: "audio", capture: audio, recv: false });
    if (video) tracks.push({ type: "video", capture: video, recv: false });
    this.handle.createOffer({
      tracks,
      success: (jsep) =>
        this.handle.send({ message: { request: "configure", audio: true, video: true }, jsep }),
      error: () => this.fail("unavailable"),
    });
  }

  stopPublishing() {
    this.stopScreen();
    this.publishing = false;
    this.resume = false;
    this.connected = false;
    this.handle?.send({ message: { request: "leave" } });
    this.handle?.detach();
    this.handle = null;
    this.camera?.getTracks().forEach((t) => t.stop());
    this.camera = null;
    this.setPreview(null);
    this.updateButtons();
    this.show();
  }

  async shareScreen() {
    if (!this.publishing || !navigator.mediaDevices.getDisplayMedia) return;
    let screen;
    try {
      screen = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    } catch (error) {
      if (this.status) this.status.textContent = this.messages.screenDenied;
      return;
    }
    this.composer = new ScreenComposer(screen, this.camera.getVideoTracks()[0]);
    const track = this.composer.start();
    // The browser's own "stop sharing" button ends the screen's track.
    screen.getVideoTracks()[0].addEventListener("ended", () => this.stopScreen());
    this.setPreview(new MediaStream([track]));
    await this.sendVideo(track);
    this.updateButtons();
  }

  async stopScreen() {
    if (!this.composer) return;
    const composer = this.composer;
    this.composer = null;
    const camera = this.camera?.getVideoTracks()[0];
    if (camera) {
      await this.sendVideo(camera);
      this.setPreview(this.camera);
    }
    composer.stop();
    this.updateButtons();
  }

  // The one video sent changes source without a new negotiation.
  async sendVideo(track) {
    const pc = this.handle?.webrtcStuff?.pc;
    const sender = pc?.getSenders().find((s) => s.track?.kind === "video");
    if (sender) await sender.replaceTrack(track);
  }

  setPreview(stream) {
    if (!this.preview) return;
    this.preview.srcObject = stream;
    if (stream) this.preview.play().catch(() => {});
  }

  updateButtons() {
    if (this.publishButton) {
      this.publishButton.textContent = this.messages[this.publishing ? "stopCamera" : "startCamera"];
      this.publishButton.setAttribute("aria-pressed", String(this.publishing));
    }
    if (this.screenButton) {
      this.screenButton.disabled = !this.publishing || !navigator.mediaDevices?.getDisplayMedia;
      this.screenButton.textContent = this.messages[this.composer ? "stopScreen" : "shareScreen"];
      this.screenButton.setAttribute("aria-pressed", String(Boolean(this.composer)));
    }
  }
}
