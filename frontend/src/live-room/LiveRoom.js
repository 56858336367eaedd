// The live room's socket (ws/live/<room>/, usine/live/consumers.py) over the shared frame socket:
// on every connection, `sync` with the last event id seen, so that nothing is lost or shown
// twice.
//
//   const room = new LiveRoom("/ws/live/12/", {
//     onEvent: (event, seq) => …,          // {kind: "question.approved", question: {…}}, 7
//     onStatus: (status) => …,             // "connecting" | "open" | "closed" | "gone"
//     onSynced: ({replayed}) => …,         // after each connection's replay of missed events
//     onDismissed: (message) => …,         // a replaced professional: why the room closes
//   });
//   await room.request("question.ask", {text: "Combien vous gagnez ?"});  // ack payload
//
// A refused request rejects with an Error carrying `code` and the server's French `message`.
import { FrameSocket } from "../socket.js";

const SYNC_ID = "sync";

export class LiveRoom {
  constructor(
    path,
    { onEvent = () => {}, onStatus = () => {}, onSynced = () => {}, onDismissed = () => {} } = {},
  ) {
    this.lastSeq = 0; // the highest event id handled
    this.onEvent = onEvent;
    this.socket = new FrameSocket(path, {
      onStatus,
      // First frame on every connection: what happened since the last event we handled.
      onOpen: () => this.socket.send("sync", SYNC_ID, { last: this.lastSeq }),
    });
    this.socket.on("event", (payload, seq) => this.receiveEvent(payload, seq));
    this.socket.on("ack", (payload, id) => {
      if (id === SYNC_ID) onSynced(payload);
    });
    this.socket.on("dismissed", (payload) => onDismissed(String(payload.message || "")));
  }

  receiveEvent(payload, seq) {
    // Events come in order; one at or below lastSeq was handled already (a replay that crossed
    // a live event): skip it rather than show it twice.
    if (typeof seq !== "number" || seq <= this.lastSeq) return;
    this.lastSeq = seq;
    this.onEvent(payload, seq);
  }

  request(action, payload = {}) {
    return this.socket.request(action, payload);
  }

  close() {
    this.socket.close();
  }
}
