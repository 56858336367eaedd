// The live room's WebSocket client: frames [action, id, payload], reconnect with backoff and
// jitter, and `sync` with the last event id seen so that nothing is lost or shown twice.
//
//   const room = new LiveRoom("/ws/live/12/", {
//     onEvent: (event, seq) => …,          // {kind: "question.approved", question: {…}}, 7
//     onStatus: (status) => …,             // "connecting" | "open" | "closed" | "gone"
//     onSynced: ({replayed}) => …,         // after each connection's replay of missed events
//   });
//   await room.request("question.ask", {text: "Combien vous gagnez ?"});  // ack payload
//
// A refused request rejects with an Error carrying `code` and the server's French `message`.

const CLOSE_NOT_FOUND = 4404;
const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 15000;
const REQUEST_TIMEOUT_MS = 10000;

export class LiveRoom {
  constructor(path, { onEvent = () => {}, onStatus = () => {}, onSynced = () => {} } = {}) {
    this.url = new URL(path, window.location.href);
    this.url.protocol = this.url.protocol === "https:" ? "wss:" : "ws:";
    this.onEvent = onEvent;
    this.onStatus = onStatus;
    this.onSynced = onSynced;
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
    if (kind === "ack" && id === "sync") {
      this.onSynced(payload);
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

// --- The room's page (templates/live/room.html) ------------------------------------------------
// Builds the question lists from the room's events (the server replays, on connecting, every
// stored event this role may see) and wires the forms and buttons of the viewer's role. Every
// text comes translated from the page (#live-room-messages); `{name}` placeholders are filled
// in here.

function readJSON(id) {
  const element = document.getElementById(id);
  return element ? JSON.parse(element.textContent) : null;
}

function fill(template, values) {
  return String(template).replace(/\{(\w+)\}/g, (whole, key) =>
    key in values ? String(values[key]) : whole,
  );
}

function button(label, onClick, className = "secondary") {
  const element = document.createElement("button");
  element.type = "button";
  element.className = className;
  element.textContent = label;
  element.addEventListener("click", onClick);
  return element;
}

class RoomPage {
  constructor(root, config, text) {
    this.root = root;
    this.config = config;
    this.text = text;
    this.questions = new Map(); // id → question (payload of the events)
    this.muted = new Map(); // pupil id → until (ms since epoch, or null: to the end)
    this.upvoted = new Set(config.upvoted || []);
    this.blocked = 0;
    this.ended = Boolean(config.ended);
    this.items = new Map(); // "list:id" → <li>
    const clock = config.clock;
    // Server time minus this browser's: the clock shows the server's time, whatever this one's.
    this.skew = Date.parse(clock.now) - Date.now();
    this.startsAt = Date.parse(clock.startsAt);
    this.endsAt = Date.parse(clock.endsAt);
    this.find = (selector) => root.querySelector(selector);
    this.queue = this.find("[data-live-queue]");
    this.approved = this.find("[data-live-approved]");
  }

  start() {
    this.startClock();
    this.wireAsk();
    this.wireEnd();
    this.render();
    if (this.ended) {
      this.showEnded();
      return; // nothing more will happen in this room
    }
    this.room = new LiveRoom(this.config.socket, {
      onEvent: (event) => this.handle(event),
      onStatus: (status) => {
        if (!this.ended) this.say("[data-live-connection]", this.text[status] || "");
      },
      onSynced: () => {
        this.render();
        // Announce what arrives from now on, not the whole history replayed at first.
        for (const list of [this.queue, this.approved]) {
          list?.setAttribute("aria-live", "polite");
          list?.setAttribute("aria-relevant", "additions");
        }
      },
    });
  }

  say(selector, message) {
    const element = this.find(selector);
    if (element) element.textContent = message;
  }

  // --- Events ---

  handle(event) {
    const question = event.question;
    switch (event.kind) {
      case "question.asked":
        this.questions.set(question.id, question);
        break;
      case "question.approved": {
        // Keep what only moderators were told (pupil id, filter flag) when it was asked.
        const known = this.questions.get(question.id) || {};
        this.questions.set(question.id, { ...known, ...question, state: "approved" });
        break;
      }
      case "question.hidden": {
        const known = this.questions.get(event.question_id);
        if (known) known.state = "hidden";
        break;
      }
      case "question.upvoted": {
        const known = this.questions.get(event.question_id);
        if (known) known.upvotes = event.upvotes;
        break;
      }
      case "pupil.muted":
        this.muted.set(event.pupil.id, event.until ? Date.parse(event.until) : null);
        break;
      case "question.blocked":
        this.blocked += 1;
        break;
      case "room.ended":
        this.ended = true;
        this.showEnded();
        break;
      default:
        return;
    }
    this.render();
  }

  showEnded() {
    const banner = this.find("[data-live-ended]");
    if (banner) banner.hidden = false;
    const connection = this.find("[data-live-connection]");
    if (connection) connection.hidden = true;
    const video = this.root.querySelector("[data-live-video]");
    if (video) video.hidden = true;
    for (const control of this.root.querySelectorAll(
      "[data-live-ask-form] textarea, [data-live-ask-form] button, [data-live-end-form] button",
    )) {
      control.disabled = true;
    }
    this.render();
    if (this.room) this.room.close();
  }

  isMuted(pupilId) {
    if (!this.muted.has(pupilId)) return false;
    const until = this.muted.get(pupilId);
    return until === null || until > Date.now() + this.skew;
  }

  // --- Lists ---

  render() {
    const all = [...this.questions.values()];
    if (this.queue) {
      const pending = all.filter((q) => q.state === "pending").sort((a, b) => a.id - b.id);
      this.renderList("queue", this.queue, pending, (q, item) => this.moderationItem(q, item));
      this.find("[data-live-queue-empty]").hidden = pending.length > 0;
      const blocked = this.find("[data-live-blocked]");
      blocked.hidden = this.blocked === 0;
      blocked.textContent = fill(this.text.blocked, { count: this.blocked });
    }
    if (this.approved) {
      const approved = all
        .filter((q) => q.state === "approved")
        .sort((a, b) => b.upvotes - a.upvotes || b.id - a.id);
      this.renderList("approved", this.approved, approved, (q, item) => this.approvedItem(q, item));
      this.find("[data-live-approved-empty]").hidden = approved.length > 0;
    }
  }

  // Keyed: an item keeps its element (and the focus in it) across renders; only what changed
  // is touched, and an element is moved only if it is out of place.
  renderList(name, list, questions, build) {
    const wanted = new Set(questions.map((q) => `${name}:${q.id}`));
    for (const [key, item] of this.items) {
      if (key.startsWith(`${name}:`) && !wanted.has(key)) {
        item.remove();
        this.items.delete(key);
      }
    }
    questions.forEach((question, index) => {
      const key = `${name}:${question.id}`;
      const item = build(question, this.items.get(key));
      this.items.set(key, item);
      if (list.children[index] !== item) list.insertBefore(item, list.children[index] || null);
    });
  }

  questionBody(item, question) {
    item.dataset.questionId = String(question.id);
    let text = item.querySelector(".live-question__text");
    if (!text) {
      text = document.createElement("p");
      text.className = "live-question__text";
      item.append(text);
      const meta = document.createElement("p");
      meta.className = "live-question__meta";
      item.append(meta);
    }
    text.textContent = question.text;
    item.querySelector(".live-question__meta").textContent = fill(this.text.by, {
      pseudonym: question.pseudonym,
    });
  }

  approvedItem(question, item) {
    item = item || document.createElement("li");
    item.className = "live-question";
    this.questionBody(item, question);
    let votes = item.querySelector(".live-question__votes");
    if (!votes) {
      votes = document.createElement("p");
      votes.className = "live-question__votes";
      votes.append(document.createElement("span"));
      item.append(votes);
    }
    votes.firstElementChild.textContent = fill(this.text.votes, { count: question.upvotes });
    if (this.config.role === "pupil") {
      let vote = item.querySelector("[data-upvote]");
      if (!vote) {
        vote = button(this.text.upvote, () => this.upvote(question.id, vote));
        vote.dataset.upvote = "";
        votes.append(" ", vote);
      }
      const done = this.upvoted.has(question.id);
      vote.setAttribute("aria-pressed", String(done));
      vote.textContent = done ? this.text.upvoted : this.text.upvote;
      vote.disabled = done || this.ended;
    } else if (this.config.moderator && !item.querySelector("[data-hide]")) {
      const hide = button(this.text.hide, () => this.moderate("question.hide", question.id, item));
      hide.dataset.hide = "";
      hide.setAttribute("aria-label", fill(this.text.hideLabel, { text: question.text }));
      votes.append(" ", hide);
    }
    if (this.ended) for (const control of item.querySelectorAll("button")) control.disabled = true;
    return item;
  }

  moderationItem(question, item) {
    if (!item) {
      item = document.createElement("li");
      item.className = "live-question live-question--pending";
      this.questionBody(item, question);
      if (question.flag) {
        const flag = document.createElement("p");
        flag.className = "live-question__flag";
        flag.dataset.flag = question.flag;
        const reason = this.text.flags[question.flag] || question.flag;
        flag.textContent = fill(this.text.flagged, { reason });
        item.classList.add("live-question--flagged");
        item.append(flag);
      }
      const actions = document.createElement("p");
      actions.className = "live-question__actions";
      const approve = button(
        this.text.approve,
        () => this.moderate("question.approve", question.id, item),
        "",
      );
      approve.dataset.approve = "";
      approve.setAttribute("aria-label", fill(this.text.approveLabel, { text: question.text }));
      const hide = button(this.text.hide, () => this.moderate("question.hide", question.id, item));
      hide.dataset.hide = "";
      hide.setAttribute("aria-label", fill(this.text.hideLabel, { text: question.text }));
      const mute = button(this.text.mute, () => this.mute(question));
      mute.dataset.mute = "";
      mute.setAttribute("aria-label", fill(this.text.muteLabel, { pseudonym: question.pseudonym }));
      actions.append(approve, " ", hide, " ", mute);
      item.append(actions);
    }
    const muted = this.isMuted(question.pupil_id);
    const mute = item.querySelector("[data-mute]");
    mute.disabled = muted || this.ended;
    mute.textContent = muted ? this.text.muted : this.text.mute;
    if (this.ended) for (const control of item.querySelectorAll("button")) control.disabled = true;
    return item;
  }

  // --- Actions ---

  async moderate(action, questionId, item) {
    const feedback = "[data-live-moderation-feedback]";
    // Where the focus goes once this item leaves the list: the next item, else the heading.
    const next = item.nextElementSibling || item.previousElementSibling;
    const heading = item.closest("section")?.querySelector("h2");
    for (const control of item.querySelectorAll("button")) control.disabled = true;
    try {
      await this.room.request(action, { question_id: questionId });
      this.say(
        feedback,
        action === "question.approve" ? this.text.approvedDone : this.text.hiddenDone,
      );
      (next?.querySelector("button:not([disabled])") || heading)?.focus();
    } catch (error) {
      for (const control of item.querySelectorAll("button")) control.disabled = false;
      this.say(feedback, this.errorText(error));
    }
  }

  async mute(question) {
    const feedback = "[data-live-moderation-feedback]";
    try {
      await this.room.request("pupil.mute", { pupil_id: question.pupil_id });
      this.say(feedback, fill(this.text.mutedDone, { pseudonym: question.pseudonym }));
    } catch (error) {
      this.say(feedback, this.errorText(error));
    }
  }

  async upvote(questionId, vote) {
    vote.disabled = true;
    try {
      await this.room.request("question.upvote", { question_id: questionId });
      this.upvoted.add(questionId);
      this.say("[data-live-vote-feedback]", "");
    } catch (error) {
      if (error.code === "already_upvoted") this.upvoted.add(questionId);
      this.say("[data-live-vote-feedback]", this.errorText(error));
    }
    this.render();
  }

  errorText(error) {
    // The server's refusals come translated; what happens here (offline, timeout) from the page.
    return this.text.errors[error.code] || error.message;
  }

  // --- Forms ---

  wireAsk() {
    const form = this.find("[data-live-ask-form]");
    if (!form) return;
    const textarea = form.querySelector("textarea");
    const submit = form.querySelector("[data-live-ask-submit]");
    const counter = form.querySelector("[data-live-ask-counter]");
    const feedback = form.querySelector("[data-live-ask-feedback]");
    const max = this.config.maxLength;
    let waitUntil = 0;
    const count = () => {
      counter.textContent = fill(this.text.counter, { count: textarea.value.length, max });
    };
    textarea.addEventListener("input", count);
    count();
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const text = textarea.value.trim();
      if (!text) {
        feedback.textContent = this.text.empty;
        feedback.dataset.kind = "error";
        textarea.focus();
        return;
      }
      submit.disabled = true;
      try {
        await this.room.request("question.ask", { text });
        textarea.value = "";
        count();
        feedback.textContent = this.text.sent;
        feedback.dataset.kind = "ok";
      } catch (error) {
        feedback.textContent = this.errorText(error);
        feedback.dataset.kind = "error";
        if (error.code === "slow_mode" && error.details?.retry_after) {
          waitUntil = Date.now() + error.details.retry_after * 1000;
        }
      }
      // Slow mode: the button comes back when the server will accept the next question.
      window.setTimeout(
        () => {
          submit.disabled = this.ended;
        },
        Math.max(0, waitUntil - Date.now()),
      );
      textarea.focus();
    });
  }

  wireEnd() {
    const form = this.find("[data-live-end-form]");
    if (!form) return;
    form.addEventListener("submit", (event) => {
      if (!window.confirm(this.text.confirmEnd)) event.preventDefault();
    });
  }

  // --- Clock ---

  startClock() {
    const clock = this.find("[data-live-clock]");
    if (!clock) return;
    const two = (n) => String(n).padStart(2, "0");
    const format = (ms) => {
      const seconds = Math.max(0, Math.ceil(ms / 1000));
      const hours = Math.floor(seconds / 3600);
      const rest = `${two(Math.floor((seconds % 3600) / 60))}:${two(seconds % 60)}`;
      return hours ? `${hours}:${rest}` : rest;
    };
    const tick = () => {
      const now = Date.now() + this.skew;
      let message;
      if (now < this.startsAt) {
        message = fill(this.text.clockBefore, { time: format(this.startsAt - now) });
        clock.dataset.phase = "before";
      } else if (now < this.endsAt) {
        message = fill(this.text.clockRunning, { time: format(this.endsAt - now) });
        clock.dataset.phase = "running";
      } else {
        message = this.text.clockOver;
        clock.dataset.phase = "over";
      }
      if (clock.textContent !== message) clock.textContent = message;
    };
    tick();
    window.setInterval(tick, 1000);
  }
}

export function startRoomPage(root) {
  if (!root) return null;
  const page = new RoomPage(root, readJSON("live-room-config"), readJSON("live-room-messages"));
  page.start();
  return page;
}
