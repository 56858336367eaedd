// The Forum talk's socket (ws/forum/<talk>/, usine/forum/consumers.py) shared by the parts of a
// page. The server pushes states about once a second ("questions": the approved questions the
// audience sees, whole or what changed since the version before; "queue": the moderators'
// lists) and each live caption ("caption"); "me"
// tells, on each connection, who this page is and which questions it asked and voted for.
//
//   const talk = new TalkSocket("/ws/forum/3/", text);
//   talk.on("questions", (snapshot, version) => …);
//   talk.onStatus((message) => …);      // a translated status line
//   talk.connect();
//   await talk.request("question.ask", { text: "…" });   // the ack's payload, or throws
import { FrameSocket } from "../socket.js";

export class TalkSocket {
  constructor(path, text) {
    this.path = path;
    this.text = text;
    this.listeners = new Map(); // action → [handlers]
    this.statusListeners = [];
    this.socket = null;
  }

  on(action, handler) {
    if (!this.listeners.has(action)) this.listeners.set(action, []);
    this.listeners.get(action).push(handler);
    return this;
  }

  onStatus(handler) {
    this.statusListeners.push(handler);
  }

  connect() {
    this.socket = new FrameSocket(this.path, {
      onStatus: (status) => {
        const message = this.text[`status_${status}`] || "";
        for (const handler of this.statusListeners) handler(message, status);
      },
    });
    for (const action of this.listeners.keys()) {
      this.socket.on(action, (payload, id) => {
        for (const handler of this.listeners.get(action)) handler(payload, id);
      });
    }
  }

  request(action, payload = {}) {
    if (!this.socket) return Promise.reject(new Error("offline"));
    return this.socket.request(action, payload);
  }

  // A refused request's message, translated by the server (or ours when it never answered).
  failure(error) {
    if (error && (error.code === "offline" || error.code === "timeout")) {
      return this.text.offline;
    }
    return (error && error.message) || this.text.offline;
  }
}
