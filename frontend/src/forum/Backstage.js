// The backstage's packager line: what the stage's packager receives, polled from the server.
const POLL_MS = 3000;

export class Backstage {
  constructor(facts, messages) {
    this.facts = facts;
    this.messages = messages;
    this.line = facts.querySelector("[data-packager]");
  }

  start() {
    this.poll();
  }

  async poll() {
    try {
      const response = await fetch(this.facts.dataset.studioStateUrl, { credentials: "same-origin" });
      if (response.ok) this.show(await response.json());
    } catch (error) {
      // the next poll tries again
    }
    window.setTimeout(() => this.poll(), POLL_MS);
  }

  show(state) {
    let key = "packagerIdle";
    if (state.receiving) key = "packagerReceiving";
    else if (state.state === "live") key = "packagerWaiting";
    this.facts.dataset.packagerState = key;
    this.line.textContent = (this.messages[key] || "")
      .replace("{segments}", String(state.segments))
      .replace("{age}", String(Math.round(state.lastSegmentAge ?? 0)));
  }
}
