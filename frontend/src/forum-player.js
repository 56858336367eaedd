// The Forum talk's live player: hls.js close to the live edge (natively on iPhones), with the
// choices a school network needs — automatic quality, the 360p rendition alone, or sound alone —
// and a low-latency choice. The page names the live playlists only; the replay page plays the
// closed replay through player.js. Choices are remembered on this browser for the day's talks.
const NATIVE_HLS = "application/vnd.apple.mpegurl";
const STORE = "usine.forum.player";
// hls.js plays `liveSyncDuration` seconds behind the newest segment's end, which is itself
// ≈ 2.5 s behind the speaker (one 2 s segment and the packaging): 5 keeps ≈ 7.5 s behind and
// rides out a slow school line (2.5 segments buffered); 2 is ≈ 4.5 s behind, with more stalls.
// Past `liveMaxLatencyDuration` the player jumps forward again; after a stall short of it, it
// plays a tenth faster until it is back at its delay. bench/forum_stream.py adds the standard
// value to the latency it measures.
const DELAYS = {
  standard: { liveSyncDuration: 5, liveMaxLatencyDuration: 10, maxLiveSyncPlaybackRate: 1.1 },
  low: { liveSyncDuration: 2, liveMaxLatencyDuration: 5, maxLiveSyncPlaybackRate: 1.1 },
};

function remembered() {
  try {
    return JSON.parse(localStorage.getItem(STORE)) || {};
  } catch {
    return {};
  }
}

function remember(choice) {
  try {
    localStorage.setItem(STORE, JSON.stringify(choice));
  } catch {
    // Private browsing: the choice lasts for this page only.
  }
}

class ForumPlayer {
  constructor(root) {
    this.root = root;
    this.video = root.querySelector("video");
    this.status = root.querySelector("[data-player-status]");
    this.sources = { auto: root.dataset.live, low: root.dataset.low, audio: root.dataset.audio };
    const saved = remembered();
    this.quality = this.sources[saved.quality] ? saved.quality : "auto";
    this.delay = DELAYS[saved.delay] ? saved.delay : "standard";
    this.hls = null;
    this.Hls = null;
  }

  async start() {
    for (const input of this.root.querySelectorAll("input[name=quality], input[name=delay]")) {
      input.checked = input.value === (input.name === "quality" ? this.quality : this.delay);
      input.addEventListener("change", () => this.choose(input.name, input.value));
    }
    this.root.querySelector("[data-class-screen]")?.addEventListener("click", () => this.classScreen());
    document.addEventListener("fullscreenchange", () => this.fullscreenChanged());
    this.video.addEventListener("ended", () => this.say(this.root.dataset.endedMessage));
    this.video.addEventListener("playing", () => this.say(""));
    // hls.js wherever Media Source Extensions exist (Chromium now also plays HLS itself, but
    // without the live-edge and quality choices); the browser's own player on iPhones.
    const { default: Hls } = await import("hls.js/light");
    if (Hls.isSupported()) {
      this.Hls = Hls;
    } else if (!this.video.canPlayType(NATIVE_HLS)) {
      this.say(this.root.dataset.errorMessage);
      return;
    }
    this.load();
  }

  say(text) {
    if (this.status) this.status.textContent = text || "";
  }

  choose(name, value) {
    if (name === "quality") this.quality = value;
    else this.delay = value;
    remember({ quality: this.quality, delay: this.delay });
    this.root.dataset.quality = this.quality;
    const wasPlaying = !this.video.paused;
    this.load(wasPlaying);
    if (wasPlaying) this.video.play().catch(() => {});
  }

  // Nothing is downloaded before the visitor presses play (a class shares one school line).
  load(now = false) {
    const source = this.sources[this.quality];
    this.root.dataset.quality = this.quality;
    this.root.classList.toggle("talk-player--audio", this.quality === "audio");
    if (this.hls) {
      this.hls.destroy();
      this.hls = null;
    }
    if (!this.Hls) {
      this.video.preload = "none";
      this.video.src = source;
      return;
    }
    const hls = new this.Hls({
      ...DELAYS[this.delay],
      autoStartLoad: now,
      lowLatencyMode: false,
      enableWebVTT: false,
      enableCEA708Captions: false,
      capLevelToPlayerSize: !this.root.classList.contains("talk-player--class"),
      // A school line shared by a class: start low, climb when the measured rate allows.
      startLevel: -1,
      testBandwidth: true,
      manifestLoadingMaxRetry: 6,
      levelLoadingMaxRetry: 6,
    });
    let recoveries = 0;
    hls.on(this.Hls.Events.ERROR, (_event, data) => {
      if (!data.fatal) return;
      if (data.details === this.Hls.ErrorDetails.MANIFEST_LOAD_ERROR) {
        // On air, but the speaker's feed has not reached us yet: ask again, a little later
        // each time (a 404 from the front server costs nothing).
        this.say(this.root.dataset.waitingMessage);
        recoveries += 1;
        const wait = Math.min(10, 2 + recoveries) * 1000;
        setTimeout(() => this.hls === hls && hls.loadSource(source), wait);
      } else if (recoveries < 5 && data.type === this.Hls.ErrorTypes.MEDIA_ERROR) {
        recoveries += 1;
        hls.recoverMediaError();
      } else if (recoveries < 5 && data.type === this.Hls.ErrorTypes.NETWORK_ERROR) {
        // The speaker's feed dropped or the line hiccuped: try again shortly, at the live edge.
        recoveries += 1;
        this.say(this.root.dataset.waitingMessage);
        setTimeout(() => hls.startLoad(-1), 2000);
      } else {
        hls.destroy();
        this.say(this.root.dataset.errorMessage);
      }
    });
    // Pressed play while the playlist was not there yet: load as soon as it is.
    hls.on(this.Hls.Events.MANIFEST_PARSED, () => {
      if (!this.video.paused) hls.startLoad(-1);
    });
    hls.on(this.Hls.Events.FRAG_BUFFERED, () => {
      recoveries = 0;
      this.say("");
    });
    hls.loadSource(source);
    hls.attachMedia(this.video);
    if (!now) {
      this.video.addEventListener("play", () => this.hls === hls && hls.startLoad(-1), { once: true });
    }
    this.hls = hls;
    this.video.hls = hls;
  }

  classScreen() {
    const on = !this.root.classList.contains("talk-player--class");
    if (on && this.root.requestFullscreen) {
      this.root.requestFullscreen().catch(() => this.setClassScreen(true));
    } else if (!on && document.fullscreenElement) {
      document.exitFullscreen().catch(() => {});
    }
    this.setClassScreen(on);
  }

  setClassScreen(on) {
    this.root.classList.toggle("talk-player--class", on);
    this.root.querySelector("[data-class-screen]")?.setAttribute("aria-pressed", String(on));
    if (this.hls) this.hls.capLevelToPlayerSize = !on;
  }

  fullscreenChanged() {
    if (!document.fullscreenElement && this.root.classList.contains("talk-player--class")) {
      this.setClassScreen(false);
    }
  }
}

document.querySelectorAll("[data-forum-player]").forEach((root) => {
  const player = new ForumPlayer(root);
  root.forumPlayer = player;
  player.start().catch(() => player.say(root.dataset.errorMessage));
});
