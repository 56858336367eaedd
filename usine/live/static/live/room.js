// The live room's WebSocket client: frames [action, id, payload], reconnect with backoff and
// jitter, and `sync` with the last event id seen so that nothing is lost or shown twice.
//
//   const room = new LiveRoom("/ws/live/12/", {
//     onEvent: (event, seq) => …,          // {kind: "question.approved", question: {…}}, 7
//     onStatus: (status) => …,             // "connecting" | "open" | "closed" | "gone"
//   });
//   await room.request("question.ask", {text: "Combien vous gagnez ?"});  // ack payload
//
// A refused request rejects with an Error carrying `code` and the server's French `message`.

const CLOSE_NOT_FOUND = 4404;
const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 15000;
const REQUEST_TIMEOUT_MS = 10000;

export class LiveRoom {
  constructor(path, { onEvent = () => {}, onStatus = () => {} } = {}) {
    this.url = new URL(path, window.location.href);
    this.url.protocol = this.url.protocol === "https:" ? "wss:" : "ws:";
    this.onEvent = onEvent;
    this.onStatus = onStatus;
    this.lastSeq = 0; // the highest event id handled
    this.nextId = 1;
    this.pending = new Map(); // request id → {resolve, reject, timer}
    this.attempt = 0;
    this.stopped = false;
    this.connect();
  }

  connect() {
    if (this.stopped) return;
    this.onStatus("connecting");
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener("open", () => {
      this.attempt = 0;
      this.onStatus("open");
      // First frame on every connection: what happened since the last event we handled.
      socket.send(JSON.stringify(["sync", "sync", { last: this.lastSeq }]));
    });
    socket.addEventListener("message", (message) => this.receive(message.data));
    socket.addEventListener("close", (event) => {
      this.failPending();
      if (event.code === CLOSE_NOT_FOUND) {
        // Not a member of this room (or no such room): retrying would not help.
        this.stopped = true;
        this.onStatus("gone");
        return;
      }
      this.onStatus("closed");
      this.scheduleReconnect();
    });
  }

  scheduleReconnect() {
    if (this.stopped) return;
    // Exponential backoff with full jitter: a class whose Wi-Fi drops does not come back
    // as thirty sockets in the same millisecond.
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** this.attempt);
    this.attempt += 1;
    const delay = BACKOFF_MIN_MS / 2 + Math.random() * ceiling;
    window.setTimeout(() => this.connect(), delay);
  }

  receive(text) {
    let frame;
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    if (!Array.isArray(frame) || frame.length !== 3) return;
    const [kind, id, payload] = frame;
    if (kind === "event") {
      // Events come in order; one at or below lastSeq was handled already (a replay that
      // crossed a live event): skip it rather than show it twice.
      if (typeof id !== "number" || id <= this.lastSeq) return;
      this.lastSeq = id;
      this.onEvent(payload, id);
      return;
    }
    const waiting = this.pending.get(id);
    if (!waiting) return;
    this.pending.delete(id);
    window.clearTimeout(waiting.timer);
    if (kind === "ack") {
      waiting.resolve(payload);
    } else {
      const error = new Error(payload.message || payload.code);
      error.code = payload.code;
      error.details = payload;
      waiting.reject(error);
    }
  }

  request(action, payload = {}) {
    return new Promise((resolve, reject) => {
      if (!this.socket || this.socket.readyState !== WebSocket.OPEN) {
        const error = new Error("offline");
        error.code = "offline";
        reject(error);
        return;
      }
      const id = this.nextId++;
      const timer = window.setTimeout(() => {
        this.pending.delete(id);
        const error = new Error("timeout");
        error.code = "timeout";
        reject(error);
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      this.socket.send(JSON.stringify([action, id, payload]));
    });
  }

  failPending() {
    for (const [id, waiting] of this.pending) {
      window.clearTimeout(waiting.timer);
      const error = new Error("offline");
      error.code = "offline";
      waiting.reject(error);
      this.pending.delete(id);
    }
  }

  close() {
    this.stopped = true;
    if (this.socket) this.socket.close(1000);
  }
}
