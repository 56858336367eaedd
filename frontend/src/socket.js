// The browser side of the fair's socket protocol (usine/sockets.py), used by every page that
// opens a socket: the live room, the pupil's session bar, the teacher's console.
//
// Frames are JSON arrays [action, id, payload]. The socket reconnects with exponential backoff
// and full jitter (a class whose Wi-Fi drops does not come back as thirty sockets in the same
// millisecond), hands each frame the server pushes to the handler of its action, and matches
// the answers (["ack", id, {…}] or ["error", id, {code, message}]) to the requests.
//
//   const socket = new FrameSocket("/ws/classe/12/", {
//     onOpen: () => …,           // each time a connection opens
//     onClose: (event) => …,     // each time one closes (socket.close() in it: no reconnection)
//     onStatus: (status) => …,   // "connecting" | "open" | "closed" | "gone"
//   });
//   socket.on("clock", (payload, id) => …);
//   const reply = await socket.request("here", { building: "port" }); // the ack's payload
//
// A refused request rejects with an Error carrying `code`, the server's translated `message` and
// the error frame's payload as `details`; "offline" and "timeout" when the server never answered.
// A close with CLOSE_NOT_FOUND, CLOSE_RELEASED or CLOSE_DISMISSED is final ("gone"): retrying
// would not help.

export const CLOSE_NOT_FOUND = 4404; // no such socket for this visitor
export const CLOSE_RELEASED = 4409; // the teacher freed the pupil's pseudonym
export const CLOSE_DISMISSED = 4410; // another professional now leads the live exchange
const FINAL_CLOSE_CODES = new Set([CLOSE_NOT_FOUND, CLOSE_RELEASED, CLOSE_DISMISSED]);
const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 15000;
const REQUEST_TIMEOUT_MS = 10000;

export function encode(action, id, payload = {}) {
  return JSON.stringify([action, id, payload]);
}

// {action, id, payload} of a server frame, or null for anything else.
export function decode(text) {
  let frame;
  try {
    frame = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(frame) || frame.length !== 3) return null;
  const [action, id, payload] = frame;
  if (typeof action !== "string" || typeof payload !== "object" || !payload) return null;
  if (Array.isArray(payload)) return null;
  return { action, id, payload };
}

function failure(code, message = code, details = { code }) {
  const error = new Error(message);
  error.code = code;
  error.details = details;
  return error;
}

export class FrameSocket {
  constructor(path, { onOpen = () => {}, onClose = () => {}, onStatus = () => {} } = {}) {
    this.url = new URL(path, window.location.href);
    this.url.protocol = this.url.protocol === "https:" ? "wss:" : "ws:";
    this.onOpen = onOpen;
    this.onClose = onClose;
    this.onStatus = onStatus;
    this.handlers = new Map(); // action → (payload, id) => …
    this.pending = new Map(); // request id → {resolve, reject, timer}
    this.nextId = 1;
    this.attempt = 0;
    this.stopped = false;
    this.socket = null;
    this.connect();
  }

  get isOpen() {
    return Boolean(this.socket) && this.socket.readyState === WebSocket.OPEN;
  }

  on(action, handler) {
    this.handlers.set(action, handler);
    return this;
  }

  connect() {
    if (this.stopped) return;
    this.onStatus("connecting");
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener("open", () => {
      this.attempt = 0;
      this.onStatus("open");
      this.onOpen();
    });
    socket.addEventListener("message", (message) => this.receive(message.data));
    socket.addEventListener("close", (event) => {
      this.failPending();
      if (FINAL_CLOSE_CODES.has(event.code)) {
        this.stopped = true;
        this.onStatus("gone");
      } else {
        this.onStatus("closed");
      }
      this.onClose(event);
      this.scheduleReconnect();
    });
  }

  scheduleReconnect() {
    if (this.stopped) return;
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** this.attempt);
    this.attempt += 1;
    const delay = BACKOFF_MIN_MS / 2 + Math.random() * ceiling;
    window.setTimeout(() => this.connect(), delay);
  }

  receive(text) {
    const frame = decode(text);
    if (!frame) return;
    const { action, id, payload } = frame;
    const waiting = (action === "ack" || action === "error") && this.pending.get(id);
    if (waiting) {
      this.pending.delete(id);
      window.clearTimeout(waiting.timer);
      if (action === "ack") waiting.resolve(payload);
      else waiting.reject(failure(payload.code, payload.message || payload.code, payload));
      return;
    }
    this.handlers.get(action)?.(payload, id);
  }

  // Sends a frame as it is (false when there is no open connection to send it on).
  send(action, id, payload = {}) {
    if (!this.isOpen) return false;
    this.socket.send(encode(action, id, payload));
    return true;
  }

  // Sends a frame with a fresh id; resolves with the ack's payload, rejects with the error.
  request(action, payload = {}) {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      if (!this.send(action, id, payload)) {
        reject(failure("offline"));
        return;
      }
      const timer = window.setTimeout(() => {
        this.pending.delete(id);
        reject(failure("timeout"));
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
    });
  }

  failPending() {
    for (const [id, waiting] of this.pending) {
      window.clearTimeout(waiting.timer);
      this.pending.delete(id);
      waiting.reject(failure("offline"));
    }
  }

  close() {
    this.stopped = true;
    if (this.socket && this.socket.readyState <= WebSocket.OPEN) this.socket.close(1000);
  }
}
