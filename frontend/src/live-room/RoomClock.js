// The clock of the exchange ([data-live-clock]): time before it starts, time left, then over,
// on the server's time whatever this computer's clock says.
import { fill } from "./dom.js";

const two = (n) => String(n).padStart(2, "0");

function format(ms) {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(seconds / 3600);
  const rest = `${two(Math.floor((seconds % 3600) / 60))}:${two(seconds % 60)}`;
  return hours ? `${hours}:${rest}` : rest;
}

export class RoomClock {
  // skew: server time minus this browser's; startsAt, endsAt: ms since the epoch.
  constructor(element, { skew, startsAt, endsAt }, text) {
    this.element = element;
    this.skew = skew;
    this.startsAt = startsAt;
    this.endsAt = endsAt;
    this.text = text;
  }

  start() {
    this.tick();
    window.setInterval(() => this.tick(), 1000);
  }

  tick() {
    const now = Date.now() + this.skew;
    let message;
    if (now < this.startsAt) {
      message = fill(this.text.clockBefore, { time: format(this.startsAt - now) });
      this.element.dataset.phase = "before";
    } else if (now < this.endsAt) {
      message = fill(this.text.clockRunning, { time: format(this.endsAt - now) });
      this.element.dataset.phase = "running";
    } else {
      message = this.text.clockOver;
      this.element.dataset.phase = "over";
    }
    if (this.element.textContent !== message) this.element.textContent = message;
  }
}
